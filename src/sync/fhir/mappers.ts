import type { Appointment, Patient, Schedule, Slot, Reference as FhirReference, Extension as FhirExtension } from 'fhir/r4';
import type { IncomingInvitation } from '../../services/invitations/upsert';
import type { InvitationSource, InvitationStatus } from '../../db/invitations';
import { checkNiss } from '../../domain/niss';
import { addDays, brusselsInstant } from '../../domain/time';
import { AppointmentSchema, PatientSchema, type FhirAppointmentIn } from './schemas';
import { scheduleId, slotId, uuidv5 } from './ids';
import { CVX_SYSTEM, SERVICE_TYPE_SYSTEM, SLOT_CAPACITY_EXT, SSIN_SYSTEM, type CenterSystems } from './vocabulary';

/**
 * The mapping between VaxDesk's local records and FHIR R4 resources, shared by the online sync
 * and the file fallback (import of Bundles/NDJSON, export of a day as a transaction Bundle).
 *
 * Choices (documented here because the national profile does not fix them):
 * - The person of an invitation is either a contained Patient (`#…`, full data: NISS, names,
 *   birth date, phone) or a logical reference: `participant.actor` with the SSIN identifier and
 *   `display` "FAMILY, Given" (then the birth date is unknown). VaxDesk itself writes a literal
 *   reference to `Patient/{uuidv5(niss)}` plus the identifier and display, and PUTs that Patient.
 * - The national invitation id (printed on the letter) is `Appointment.identifier` in
 *   {@link INVITATION_SYSTEM}; the local invitation id IS the FHIR Appointment id.
 * - Dose number and planned product are Appointment extensions ({@link EXT_DOSE_NUMBER},
 *   {@link EXT_PLANNED_PRODUCT}); FHIR R4 Appointment has no element for them.
 * - The channels the invitation was sent by are `meta.tag` codes in {@link CHANNEL_SYSTEM}
 *   (sms | email | letter): tags are the FHIR place for facts about how a resource travelled,
 *   and they survive every update without a profile.
 * - Instants are written in UTC (`Z`), which is an offset as FHIR requires.
 */
export { SSIN_SYSTEM, SLOT_CAPACITY_EXT, SERVICE_TYPE_SYSTEM, CVX_SYSTEM };
/*
 * The national system's vocabulary for invitations, as central writes it and the pull reads it.
 * No national URI has been published for any of these (docs/fhir.md), so they are fixed
 * `urn:uuid:` placeholders (UUIDv5 of their purpose) that the local central system also uses: a standard scheme that names
 * no host, where the placeholders used to be `.invalid` URLs. VaxDesk's own writes use the
 * center's systems instead (vocabulary.ts); the pull accepts both.
 */
export const INVITATION_SYSTEM = `urn:uuid:${uuidv5('national:invitation-id')}`;
export const CHANNEL_SYSTEM = `urn:uuid:${uuidv5('national:invitation-channel')}`;
export const PRODUCT_SYSTEM = `urn:uuid:${uuidv5('national:vaccine-product')}`;
export const EXT_DOSE_NUMBER = `urn:uuid:${uuidv5('national:dose-number')}`;
export const EXT_PLANNED_PRODUCT = `urn:uuid:${uuidv5('national:planned-product')}`;
export const CHANNELS = ['sms', 'email', 'letter'] as const;

/** The systems an Appointment's identifier, extensions and tags are written in. */
export type AppointmentSystems = Pick<CenterSystems, 'walkinId' | 'product' | 'doseNumberExt' | 'plannedProductExt' | 'channel'>;
/** Central's own (the placeholders above): how the local central system and the bench write invitations. */
export const NATIONAL_SYSTEMS: AppointmentSystems = {
  walkinId: INVITATION_SYSTEM,
  product: PRODUCT_SYSTEM,
  doseNumberExt: EXT_DOSE_NUMBER,
  plannedProductExt: EXT_PLANNED_PRODUCT,
  channel: CHANNEL_SYSTEM,
};

const SERVICE_TYPE_IMMUNIZATION = { coding: [{ system: SERVICE_TYPE_SYSTEM, code: '57', display: 'Immunization' }] };
/** A FHIR resource VaxDesk cannot take as it is; the message names the element. */
export class MappingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MappingError';
  }
}

export interface PersonFacts {
  niss: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone?: string | null;
  /** The person's Patient id at central (read with the invitation, or got from a conditional create). */
  centralPatientId?: string | null;
}

export interface MapContext {
  /** This center's local id (settings 'center'.id); it becomes IncomingInvitation.centerId. */
  centerId: string;
  /** The center's FHIR Location id; when given, an Appointment elsewhere is refused. */
  locationId?: string | null;
  /** This center's own systems: a walk-in VaxDesk created at central carries its dose and product in them. */
  own?: CenterSystems | null;
}

const ext = (r: { extension?: { url: string }[] | undefined }, url: string) => r.extension?.find((e) => e.url === url) as FhirExtension | undefined;

/** "FAMILY, Given" as VaxDesk writes a display, from the parts present (no "Ó Briain, " for an empty given name). */
export function displayOf(p: { familyName: string; givenName: string }): string {
  return [p.familyName.trim(), p.givenName.trim()].filter((x) => x.length > 0).join(', ');
}
function parseDisplay(d: string): { familyName: string; givenName: string } {
  const i = d.indexOf(', ');
  return i > 0 ? { familyName: d.slice(0, i).trim(), givenName: d.slice(i + 2).trim() } : { familyName: d.trim(), givenName: '' };
}

function personOf(a: FhirAppointmentIn, locationRef: string | null): PersonFacts {
  const actors = a.participant.map((p) => p.actor).filter((x): x is NonNullable<typeof x> => !!x && !x.reference?.startsWith('Location/'));
  if (locationRef && !a.participant.some((p) => p.actor?.reference === locationRef)) {
    throw new MappingError(`Appointment/${a.id}: not at ${locationRef}`);
  }
  for (const actor of actors) {
    if (actor.reference?.startsWith('#')) {
      const c = a.contained?.find((r) => r.resourceType === 'Patient' && `#${r.id}` === actor.reference);
      if (!c) throw new MappingError(`Appointment/${a.id}: participant ${actor.reference} is not contained`);
      const parsed = PatientSchema.safeParse(c);
      if (!parsed.success) throw new MappingError(`Appointment/${a.id}: contained Patient: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      const p = parsed.data;
      const niss = p.identifier?.find((i) => i.system === SSIN_SYSTEM)?.value;
      const name = p.name?.[0];
      if (!niss) throw new MappingError(`Appointment/${a.id}: contained Patient has no SSIN identifier`);
      if (!name?.family) throw new MappingError(`Appointment/${a.id}: contained Patient has no family name`);
      return checkPerson(a.id, {
        niss,
        familyName: name.family,
        givenName: (name.given ?? []).join(' '),
        birthDate: p.birthDate ?? null,
        phone: p.telecom?.find((t) => t.system === 'phone')?.value ?? null,
      });
    }
    if (actor.identifier?.system === SSIN_SYSTEM && actor.identifier.value) {
      if (!actor.display) throw new MappingError(`Appointment/${a.id}: the patient reference has no display name`);
      return checkPerson(a.id, { niss: actor.identifier.value, ...parseDisplay(actor.display), birthDate: null });
    }
  }
  throw new MappingError(`Appointment/${a.id}: no patient with a national number (SSIN)`);
}

function checkPerson(id: string, p: PersonFacts): PersonFacts {
  if (!/^\d{11}$/.test(p.niss) || !checkNiss(p.niss).ok) throw new MappingError(`Appointment/${id}: invalid national number ${p.niss.slice(0, 20)}`);
  if (p.familyName.length === 0 || p.familyName.length > 120 || p.givenName.length > 120) throw new MappingError(`Appointment/${id}: invalid name`);
  return p;
}

/** Central statuses VaxDesk stores; the others are not (yet) an invitation for this desk. */
function statusOf(s: FhirAppointmentIn['status']): InvitationStatus | null {
  switch (s) {
    case 'booked':
    case 'arrived':
    case 'fulfilled':
    case 'cancelled':
    case 'noshow':
      return s;
    case 'checked-in':
      return 'arrived';
    case 'entered-in-error':
      return 'cancelled';
    case 'proposed':
    case 'pending':
    case 'waitlist':
      return null;
    default:
      throw new MappingError(`unknown Appointment status ${String(s)}`);
  }
}

/**
 * Appointment → the invitation upsertInvitation() stores, or null for an Appointment that is not
 * an invitation (proposed, pending, waitlist). Accepts an unknown value: it is parsed here.
 * Throws MappingError with the element at fault.
 */
export function appointmentToInvitation(raw: unknown, ctx: MapContext, source: InvitationSource = 'central'): IncomingInvitation | null {
  const parsed = AppointmentSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const id = typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.slice(0, 64) : '?';
    throw new MappingError(`Appointment/${id}: ${i ? `${i.path.join('.')}: ${i.message}` : 'invalid'}`);
  }
  const a = parsed.data;
  const status = statusOf(a.status);
  if (status === null) return null;
  if (!a.start || !a.end) throw new MappingError(`Appointment/${a.id}: start and end are required`);
  const startAt = new Date(a.start).toISOString();
  const endAt = new Date(a.end).toISOString();
  if (endAt <= startAt) throw new MappingError(`Appointment/${a.id}: end is not after start`);
  const code = a.identifier?.find((i) => i.system === INVITATION_SYSTEM || (!!ctx.own && i.system === ctx.own.walkinId))?.value;
  if (!code || !/^[A-Za-z0-9-]{4,40}$/.test(code)) throw new MappingError(`Appointment/${a.id}: missing or invalid national invitation id`);
  const own = ctx.own ?? null;
  const dose = (ext(a, EXT_DOSE_NUMBER) ?? (own ? ext(a, own.doseNumberExt) : undefined))?.valueInteger ?? 1;
  if (!Number.isInteger(dose) || dose < 1 || dose > 9) throw new MappingError(`Appointment/${a.id}: dose number ${dose} out of range`);
  const productCode = (ext(a, EXT_PLANNED_PRODUCT) ?? (own ? ext(a, own.plannedProductExt) : undefined))?.valueCoding?.code ?? null;
  if (productCode !== null && !/^[A-Z0-9_-]{1,40}$/.test(productCode)) throw new MappingError(`Appointment/${a.id}: invalid product code`);
  const channels = [...new Set((a.meta?.tag ?? []).filter((t) => (t.system === CHANNEL_SYSTEM || (own && t.system === own.channel)) && t.code).map((t) => t.code!))];
  if (channels.some((c) => !(CHANNELS as readonly string[]).includes(c))) throw new MappingError(`Appointment/${a.id}: unknown channel`);
  return {
    id: a.id,
    code,
    person: personOf(a, ctx.locationId ? `Location/${ctx.locationId}` : null),
    centerId: ctx.centerId,
    startAt,
    endAt,
    doseNumber: dose,
    productCode,
    status,
    channels: CHANNELS.filter((c) => channels.includes(c)),
    source,
    versionId: a.meta?.versionId ?? null,
    lastUpdated: a.meta?.lastUpdated ? new Date(a.meta.lastUpdated).toISOString() : null,
  };
}

/**
 * How VaxDesk names a person to central: the Patient central holds when its id is known (read
 * with the invitation, or answered by the walk-in's conditional create), and always the SSIN and
 * display, so a server that resolves logical references finds them without that id. Without a
 * known id only the logical reference is sent: an invented `Patient/…` id would dangle.
 */
export function patientReference(p: PersonFacts): FhirReference {
  return {
    ...(p.centralPatientId ? { reference: `Patient/${p.centralPatientId}` } : {}),
    type: 'Patient',
    identifier: { system: SSIN_SYSTEM, value: p.niss },
    display: displayOf(p),
  };
}

/** The Patient a walk-in needs at central; created with If-None-Exist on its SSIN (no client id). */
export function patientResource(p: PersonFacts): Patient {
  return {
    resourceType: 'Patient',
    identifier: [{ system: SSIN_SYSTEM, value: p.niss }],
    name: [{ family: p.familyName, ...(p.givenName ? { given: [p.givenName] } : {}) }],
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.phone ? { telecom: [{ system: 'phone' as const, value: p.phone }] } : {}),
  };
}

/** The search that makes a Patient create conditional (FHIR R4 §3.1.0.8 If-None-Exist). */
export const patientCondition = (niss: string) => `identifier=${encodeURIComponent(`${SSIN_SYSTEM}|${niss}`)}`;

/** What the local side knows of an invitation, for a walk-in or an export. */
export interface InvitationFacts {
  id: string;
  code: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string[];
  person: PersonFacts;
}

/**
 * A whole Appointment from local data (walk-ins are created with it; exports PUT it). Its
 * identifier, extensions and tags are in the center's own systems: VaxDesk made the code, and
 * the national vocabulary for dose and product is not published (docs/fhir.md).
 */
export function invitationToAppointment(inv: InvitationFacts, locationId: string, own: AppointmentSystems): Appointment {
  const extension: FhirExtension[] = [{ url: own.doseNumberExt, valueInteger: inv.doseNumber }];
  if (inv.productCode) extension.push({ url: own.plannedProductExt, valueCoding: { system: own.product, code: inv.productCode } });
  const tags = inv.channels.filter((c) => (CHANNELS as readonly string[]).includes(c)).map((code) => ({ system: own.channel, code }));
  return {
    resourceType: 'Appointment',
    id: inv.id,
    ...(tags.length ? { meta: { tag: tags } } : {}),
    status: inv.status,
    identifier: [{ system: own.walkinId, value: inv.code }],
    serviceType: [SERVICE_TYPE_IMMUNIZATION],
    start: new Date(inv.startAt).toISOString(),
    end: new Date(inv.endAt).toISOString(),
    extension,
    participant: [
      { actor: { reference: `Location/${locationId}` }, status: 'accepted' },
      { actor: patientReference(inv.person), status: 'accepted' },
    ],
  };
}

/** The local undos that may step an appointment back, and only from exactly this state. */
const UNDO: Partial<Record<InvitationStatus, readonly string[]>> = { booked: ['arrived', 'noshow'], arrived: ['fulfilled'], cancelled: ['arrived'] };

/**
 * The status change VaxDesk pushes, applied to the server's current Appointment (everything
 * else the server holds is kept). Returns null when central is already there or past it: a push
 * never moves an appointment backward (booked | cancelled → arrived → fulfilled | noshow), except
 * a deliberate local undo (check-in, outcome, walk-in or day closure taken back) when central is exactly
 * one step ahead, where VaxDesk itself put it (the caller knows that: allowUndo).
 */
export function withStatus<T extends { status: string }>(current: T, wanted: InvitationStatus, allowUndo = true): T | null {
  // As in domain/invitation-merge: a cancellation only stands while nobody has acted on the
  // appointment; someone who came and was vaccinated moves it forward even over a late cancel.
  const rank: Record<string, number> = { proposed: 0, pending: 0, waitlist: 0, booked: 0, cancelled: 0, 'checked-in': 1, arrived: 1, fulfilled: 2, noshow: 2, 'entered-in-error': 3 };
  const have = rank[current.status] ?? 0;
  const want = rank[wanted] ?? 0;
  if (current.status === wanted || have === 3) return null;
  if (want > have) return { ...current, status: wanted };
  if (allowUndo && UNDO[wanted]?.includes(current.status)) return { ...current, status: wanted };
  return null;
}

export function scheduleResource(ctx: { centerId: string; locationId: string }, horizon?: { from: string; to: string }): Schedule {
  return {
    resourceType: 'Schedule',
    id: scheduleId(ctx.centerId),
    active: true,
    serviceType: [SERVICE_TYPE_IMMUNIZATION],
    actor: [{ reference: `Location/${ctx.locationId}` }],
    ...(horizon ? { planningHorizon: { start: brusselsInstant(horizon.from, '00:00').toISOString(), end: brusselsInstant(addDays(horizon.to, 1), '00:00').toISOString() } } : {}),
  };
}

/** One published slot: a Brussels date and wall-clock time, its length and how many people it takes. */
export interface SlotFacts {
  date: string;
  time: string;
  minutes: number;
  capacity: number;
}

export function slotResource(s: SlotFacts, ctx: { centerId: string }): Slot {
  const start = brusselsInstant(s.date, s.time);
  return {
    resourceType: 'Slot',
    id: slotId(ctx.centerId, s.date, s.time),
    schedule: { reference: `Schedule/${scheduleId(ctx.centerId)}` },
    serviceType: [SERVICE_TYPE_IMMUNIZATION],
    status: s.capacity > 0 ? 'free' : 'busy',
    start: start.toISOString(),
    end: new Date(start.getTime() + s.minutes * 60_000).toISOString(),
    extension: [{ url: SLOT_CAPACITY_EXT, valueInteger: s.capacity }],
  };
}

/** A slot that is no longer published: kept at central (people may hold it), never deleted. */
export function withdrawnSlot(slot: Slot): Slot {
  return { ...slot, status: 'busy-unavailable', extension: [{ url: SLOT_CAPACITY_EXT, valueInteger: 0 }] };
}

/** The capacity a Slot carries (SMART slot-capacity), 1 when absent. */
export function slotCapacity(slot: Pick<Slot, 'extension'>): number {
  const v = slot.extension?.find((e) => e.url === SLOT_CAPACITY_EXT)?.valueInteger;
  return typeof v === 'number' && v >= 0 ? v : 1;
}
