import { z } from 'zod';
import { method, returns } from '../method';
import { Empty, Id, LocalDate, Reason } from '../schemas';
import { GUARD_KINDS } from '../../domain/checkin';
import { MAX_QUERY_LENGTH } from '../../domain/search-query';
import type { Guard } from '../../domain/checkin';
import { OUTCOME_GUARD_KINDS, type OutcomeGuard } from '../../domain/product-match';
import type { Counts, HourCounts } from '../../domain/day-counters';

export type { Guard, OutcomeGuard };
export type InvitationStatus = 'booked' | 'cancelled' | 'arrived' | 'fulfilled' | 'noshow';
export type OutcomeKind = 'vaccinated' | 'refused' | 'deferred' | 'left';

/** One appointment as the desk shows it. The national number is masked: the desk never needs it whole. */
export interface ReceptionHit {
  invitationId: string;
  code: string;
  personId: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  nissMasked: string | null;
  day: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  centerId: string;
  otherCenter: boolean;
  walkin: boolean;
  arrival: { at: string; deskId: string; staffName: string | null } | null;
  outcome: OutcomeKind | null;
  /** The lot a recorded vaccination was taken from. */
  lotId: string | null;
}

export type SearchNotice =
  | 'notFound'
  | 'codeNotFound'
  | 'nissChecksum'
  | 'nissFormat'
  | 'nissDate'
  | 'tooShort'
  | 'unreadable'
  | 'empty';

export interface SearchResult {
  kind: 'code' | 'niss' | 'name' | 'birthDate' | 'none';
  hits: ReceptionHit[];
  /** Why there are no hits, for a clear message (translated in the UI). */
  notice: SearchNotice | null;
  /** More hits exist than were returned: the receptionist should type more. */
  more: boolean;
  /** A NISS search that matched a person without any invitation: a walk-in can start from here. */
  person: { personId: string; familyName: string; givenName: string; birthDate: string | null; nissMasked: string } | null;
}

export interface ArrivalResult {
  hit: ReceptionHit;
  arrivalId: string;
  overridden: string[];
}

export interface DeskDefaults {
  productCode: string | null;
  lotId: string | null;
}

export interface DeskLot {
  lotId: string;
  productCode: string;
  lotNumber: string;
  expiryDate: string;
  balance: number;
  usable: boolean;
}

export interface DeskOptions {
  products: { code: string; name: string; dosesPerVial: number }[];
  lots: DeskLot[];
  defaults: DeskDefaults;
}

export interface DayCountersResult {
  day: string;
  total: Counts;
  hours: HourCounts[];
  capacity: { open: boolean; published: number | null; booked: number } | null;
  closed: { at: string; by: string | null } | null;
}

export interface LeftoverRow {
  productCode: string;
  productName: string;
  lotId: string;
  lotNumber: string;
  openedVials: number;
  dosesLeft: number;
  openedAt: string | null;
  usableUntil: string | null;
  expired: boolean;
  stock: number;
}

const Override = z.strictObject({
  guards: z.array(z.enum(GUARD_KINDS)).min(1).max(GUARD_KINDS.length),
  reason: Reason,
});
const OutcomeOverride = z.strictObject({
  guards: z.array(z.enum(OUTCOME_GUARD_KINDS)).min(1).max(OUTCOME_GUARD_KINDS.length),
  reason: Reason,
});
const Query = z.string().max(MAX_QUERY_LENGTH, `Too long: a search is at most ${MAX_QUERY_LENGTH} characters.`);
const Name = z.string().trim().min(1).max(80);
const NissInput = z.string().trim().min(1).max(20);
const DayFilter = z.enum(['all', 'toCome', 'arrived', 'vaccinated', 'noshow', 'cancelled', 'walkin']);
const DaySort = z.enum(['time', 'name', 'status']);
const ProductCode = z.string().min(1).max(20).regex(/^[A-Z0-9_-]+$/, 'invalid product code');

export const receptionContract = {
  'invitations.search': method({
    role: 'receptionist',
    summary: 'The one search box: a scanned invitation code, a national number, part of a name or a birth date. Today first.',
    input: z.strictObject({ query: Query, limit: z.number().int().min(1).max(100).default(30) }),
    result: returns<SearchResult>(),
    emits: [],
  }),
  'invitations.get': method({
    role: 'receptionist',
    summary: 'One appointment as the desk shows it.',
    input: z.strictObject({ invitationId: Id }),
    result: returns<ReceptionHit>(),
    emits: [],
  }),
  'arrivals.checkIn': method({
    role: 'receptionist',
    summary: 'Record an arrival (time, desk, staff); guards refuse with GUARD unless overridden with a reason. Never twice.',
    input: z.strictObject({ invitationId: Id, override: Override.optional() }),
    result: returns<ArrivalResult>(),
    emits: ['arrivals', 'invitations'],
  }),
  'arrivals.undo': method({
    role: 'receptionist',
    summary: 'Take back a check-in made by mistake (before any outcome), with a reason.',
    input: z.strictObject({ invitationId: Id, reason: Reason }),
    result: returns<ReceptionHit>(),
    emits: ['arrivals', 'invitations'],
  }),
  'walkins.register': method({
    role: 'receptionist',
    summary: 'Register and check in a person without an invitation; matched by national number so nobody is created twice.',
    input: z.strictObject({
      niss: NissInput,
      familyName: Name,
      givenName: Name,
      birthDate: LocalDate,
      reason: Reason,
      doseNumber: z.number().int().min(1).max(5).default(1),
      productCode: ProductCode.optional(),
      override: Override.optional(),
    }),
    result: returns<ArrivalResult & { matchedExisting: boolean }>(),
    emits: ['arrivals', 'invitations'],
  }),
  'outcomes.record': method({
    role: 'receptionist',
    summary:
      "What happened after check-in. Vaccinated takes one dose from the lot (the desk default unless given); a lot of another product than the appointment's or the first dose's is refused with GUARD unless overridden with a reason.",
    input: z.strictObject({
      invitationId: Id,
      outcome: z.enum(['vaccinated', 'refused', 'deferred', 'left']),
      productCode: ProductCode.optional(),
      lotId: Id.optional(),
      note: z.string().trim().max(500).optional(),
      override: OutcomeOverride.optional(),
    }),
    result: returns<{ hit: ReceptionHit; outcomeId: string; lotBalance: number | null }>(),
    emits: ['arrivals', 'invitations', 'stock'],
  }),
  'outcomes.undo': method({
    role: 'receptionist',
    summary: 'Take back an outcome recorded by mistake; a vaccination puts its dose back in the lot.',
    input: z.strictObject({ invitationId: Id, reason: Reason }),
    result: returns<ReceptionHit>(),
    emits: ['arrivals', 'invitations', 'stock'],
  }),
  'desk.options': method({
    role: 'receptionist',
    summary: "Products, lots with their stock and expiry, and this session's defaults.",
    input: Empty,
    result: returns<DeskOptions>(),
    emits: [],
  }),
  'desk.setDefaults': method({
    role: 'receptionist',
    summary: 'Set the product and lot prefilled for vaccinations at this desk for this session.',
    input: z.strictObject({ productCode: ProductCode.nullable(), lotId: Id.nullable() }),
    result: returns<DeskDefaults>(),
    emits: [],
  }),
  'day.list': method({
    role: 'receptionist',
    summary: 'Every appointment of a day with its status, filtered and sorted.',
    input: z.strictObject({ day: LocalDate.optional(), filter: DayFilter.default('all'), sort: DaySort.default('time') }),
    result: returns<{ day: string; rows: ReceptionHit[] }>(),
    emits: [],
  }),
  'day.counters': method({
    role: 'receptionist',
    summary: 'Per hour: expected, arrived, vaccinated, still to come, no-shows; against the capacity.',
    input: z.strictObject({ day: LocalDate.optional() }),
    result: returns<DayCountersResult>(),
    emits: [],
  }),
  'day.close': method({
    role: 'receptionist',
    summary: 'Close today: appointments never checked in become no-shows (reversible until the next day opens).',
    input: z.strictObject({ day: LocalDate.optional() }),
    result: returns<{ day: string; noshows: number }>(),
    emits: ['invitations', 'arrivals'],
  }),
  'day.reopen': method({
    role: 'receptionist',
    summary: 'Reopen a closed day: its no-shows become booked again, as long as the next day has not opened.',
    input: z.strictObject({ day: LocalDate.optional(), reason: Reason }),
    result: returns<{ day: string; restored: number }>(),
    emits: ['invitations', 'arrivals'],
  }),
  'day.leftover': method({
    role: 'receptionist',
    summary: 'Doses left in opened vials per product and lot, and until when they are usable.',
    input: z.strictObject({ day: LocalDate.optional() }),
    result: returns<LeftoverRow[]>(),
    emits: [],
  }),
} as const;
