import type { Appointment, Immunization, Patient, Schedule, Slot, Reference as FhirReference, Extension as FhirExtension } from 'fhir/r4';
import type { IncomingInvitation } from '../../services/invitations/upsert';
import type { InvitationSource, InvitationStatus } from '../../db/invitations';
import { checkNiss } from '../../domain/niss';
import { addDays, brusselsInstant } from '../../domain/time';
import { AppointmentSchema, PatientSchema, type FhirAppointmentIn } from './schemas';
import { immunizationId, patientId, scheduleId, slotId } from './ids';

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
export const SSIN_SYSTEM = 'https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin';
export const INVITATION_SYSTEM = 'https://vaxdesk.invalid/fhir/NamingSystem/national-invitation-id';
export const CHANNEL_SYSTEM = 'https://vaxdesk.invalid/fhir/CodeSystem/invitation-channel';
export const PRODUCT_SYSTEM = 'https://vaxdesk.invalid/fhir/CodeSystem/covid-vaccine-product';
export const EXT_DOSE_NUMBER = 'https://vaxdesk.invalid/fhir/StructureDefinition/dose-number';
export const EXT_PLANNED_PRODUCT = 'https://vaxdesk.invalid/fhir/StructureDefinition/planned-product';
export const EXT_CENTER = 'https://vaxdesk.invalid/fhir/StructureDefinition/vaccination-center';
export const SLOT_CAPACITY_EXT = 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity';
export const SERVICE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-type';
export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';
export const CHANNELS = ['sms', 'email', 'letter'] as const;

const SERVICE_TYPE_IMMUNIZATION = { coding: [{ system: SERVICE_TYPE_SYSTEM, code: '57', display: 'Immunization' }] };
/** CVX codes of the 2021 COVID-19 vaccines, so a national system that only knows CVX can read the dose. */
const CVX: Record<string, { code: string; display: string }> = {
  COMIRNATY: { code: '208', display: 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose' },
  SPIKEVAX: { code: '207', display: 'COVID-19, mRNA, LNP-S, PF, 100 mcg/0.5 mL dose' },
  VAXZEVRIA: { code: '210', display: 'COVID-19 vaccine, vector-nr, rS-ChAdOx1, PF, 0.5 mL' },
  JCOVDEN: { code: '212', display: 'COVID-19 vaccine, vector-nr, rS-Ad26, PF, 0.5 mL' },
};

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
}

export interface MapContext {
  /** This center's local id (store.center.id()); it becomes IncomingInvitation.centerId. */
  centerId: string;
  /** The center's FHIR Location id; when given, an Appointment elsewhere is refused. */
  locationId?: string | null;
}

const ext = (r: { extension?: { url: string }[] | undefined }, url: string) => r.extension?.find((e) => e.url === url) as FhirExtension | undefined;

/** "FAMILY, Given" as VaxDesk writes a display; anything else is kept whole as the family name. */
export function displayOf(p: { familyName: string; givenName: string }): string {
  return `${p.familyName}, ${p.givenName}`;
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
  const code = a.identifier?.find((i) => i.system === INVITATION_SYSTEM)?.value;
  if (!code || !/^[A-Za-z0-9-]{4,40}$/.test(code)) throw new MappingError(`Appointment/${a.id}: missing or invalid national invitation id`);
  const dose = ext(a, EXT_DOSE_NUMBER)?.valueInteger ?? 1;
  if (!Number.isInteger(dose) || dose < 1 || dose > 9) throw new MappingError(`Appointment/${a.id}: dose number ${dose} out of range`);
  const productCode = ext(a, EXT_PLANNED_PRODUCT)?.valueCoding?.code ?? null;
  if (productCode !== null && !/^[A-Z0-9_-]{1,40}$/.test(productCode)) throw new MappingError(`Appointment/${a.id}: invalid product code`);
  const channels = [...new Set((a.meta?.tag ?? []).filter((t) => t.system === CHANNEL_SYSTEM && t.code).map((t) => t.code!))];
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

/** The literal + logical reference VaxDesk writes for a person. */
export function patientReference(p: PersonFacts): FhirReference {
  return { reference: `Patient/${patientId(p.niss)}`, identifier: { system: SSIN_SYSTEM, value: p.niss }, display: displayOf(p) };
}

export function patientResource(p: PersonFacts): Patient {
  return {
    resourceType: 'Patient',
    id: patientId(p.niss),
    identifier: [{ system: SSIN_SYSTEM, value: p.niss }],
    name: [{ family: p.familyName, given: p.givenName ? [p.givenName] : [] }],
    ...(p.birthDate ? { birthDate: p.birthDate } : {}),
    ...(p.phone ? { telecom: [{ system: 'phone' as const, value: p.phone }] } : {}),
  };
}

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

/** A whole Appointment from local data (walk-ins are created with it; exports PUT it). */
export function invitationToAppointment(inv: InvitationFacts, locationId: string): Appointment {
  const extension: FhirExtension[] = [{ url: EXT_DOSE_NUMBER, valueInteger: inv.doseNumber }];
  if (inv.productCode) extension.push({ url: EXT_PLANNED_PRODUCT, valueCoding: { system: PRODUCT_SYSTEM, code: inv.productCode } });
  const tags = inv.channels.filter((c) => (CHANNELS as readonly string[]).includes(c)).map((code) => ({ system: CHANNEL_SYSTEM, code }));
  return {
    resourceType: 'Appointment',
    id: inv.id,
    ...(tags.length ? { meta: { tag: tags } } : {}),
    status: inv.status,
    identifier: [{ system: INVITATION_SYSTEM, value: inv.code }],
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

/** A dose given at the center, as the local records describe it. */
export interface VaccinationFacts {
  id: string;
  invitationId: string;
  at: string;
  doseNumber: number;
  productCode: string;
  lotNumber: string;
  person: PersonFacts;
}

export function immunizationResource(v: VaccinationFacts, ctx: { centerId: string; locationId: string }): Immunization {
  const cvx = CVX[v.productCode];
  return {
    resourceType: 'Immunization',
    id: immunizationId(ctx.centerId, v.id),
    identifier: [{ system: `urn:vaxdesk:center:${ctx.centerId}:vaccination`, value: v.id }],
    status: 'completed',
    vaccineCode: {
      coding: [{ system: PRODUCT_SYSTEM, code: v.productCode }, ...(cvx ? [{ system: CVX_SYSTEM, code: cvx.code, display: cvx.display }] : [])],
    },
    patient: patientReference(v.person),
    occurrenceDateTime: new Date(v.at).toISOString(),
    location: { reference: `Location/${ctx.locationId}` },
    lotNumber: v.lotNumber,
    protocolApplied: [{ doseNumberPositiveInt: v.doseNumber }],
    extension: [{ url: EXT_CENTER, valueString: ctx.centerId }],
  };
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
