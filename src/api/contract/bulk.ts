import { z } from 'zod';
import { method, returns } from '../method';
import { Id, LocalDate, LocalTime, Reason } from '../schemas';
import { GUARD_KINDS } from '../../domain/checkin';
import type { ReceptionHit } from './reception';
import type { LateEntryRow } from '../../db/reports';

export type { LateEntryRow };

export interface BulkResult {
  hit: ReceptionHit;
  /** What this call recorded, in order. */
  recorded: ('arrival' | 'walkin' | 'outcome' | 'noshow')[];
  happenedAt: string;
}

const Override = z.strictObject({ guards: z.array(z.enum(GUARD_KINDS)).min(1).max(GUARD_KINDS.length), reason: Reason });
const Name = z.string().trim().min(1).max(80);
const ProductCode = z.string().min(1).max(20).regex(/^[A-Z0-9_-]+$/, 'invalid product code');
/** When it really happened, as written on the sheet (Brussels date and time). */
const When = { day: LocalDate, time: LocalTime };

export const bulkContract = {
  'bulk.record': method({
    role: 'receptionist',
    summary:
      'Enter afterwards what a paper sheet says happened to one appointment: arrived, an outcome (checking in first if needed) or a no-show, at its real time; marked as entered late by whoever types it.',
    input: z.strictObject({
      invitationId: Id,
      ...When,
      action: z.enum(['arrived', 'vaccinated', 'refused', 'deferred', 'left', 'noshow']),
      lotId: Id.optional(),
      override: Override.optional(),
      note: z.string().trim().max(500).optional(),
    }),
    result: returns<BulkResult>(),
    emits: ['arrivals', 'invitations', 'stock'],
  }),
  'bulk.walkin': method({
    role: 'receptionist',
    summary: 'Enter afterwards a walk-in written by hand on the sheet, at its real time, optionally vaccinated with a lot.',
    input: z.strictObject({
      ...When,
      niss: z.string().trim().min(1).max(20),
      familyName: Name,
      givenName: Name,
      birthDate: LocalDate,
      reason: Reason,
      doseNumber: z.number().int().min(1).max(5).default(1),
      productCode: ProductCode.optional(),
      vaccinatedLotId: Id.optional(),
      override: Override.optional(),
    }),
    result: returns<BulkResult>(),
    emits: ['arrivals', 'invitations', 'stock'],
  }),
  'bulk.entries': method({
    role: 'receptionist',
    summary: 'What was entered late for a day: the real time, when it was typed in and by whom.',
    input: z.strictObject({ day: LocalDate }),
    result: returns<LateEntryRow[]>(),
    emits: [],
  }),
} as const;
