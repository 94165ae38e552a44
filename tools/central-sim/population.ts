import type { Appointment, Location, Patient, Schedule, Slot } from 'fhir/r4';
import { rng, type Rng } from '../../src/demo/random';
import { invitationCode, synthAppointment, synthPerson, PRIORITY_GROUPS, type SynthPerson } from '../../src/demo/population';
import { brusselsInstant } from '../../src/domain/time';
import { CHANNEL_SYSTEM, EXT_DOSE_NUMBER, EXT_PLANNED_PRODUCT, INVITATION_SYSTEM, PRODUCT_SYSTEM, SERVICE_TYPE_SYSTEM, slotCapacity, SSIN_SYSTEM } from '../../src/sync/fhir/mappers';
import type { CentralSim } from './server';

/**
 * How an Appointment carries its person, as national servers do it:
 * - contained: the Patient inside the Appointment (`#p`), the shape VaxDesk first met;
 * - logical: only the SSIN identifier and a display "FAMILY, Given" (no birth date);
 * - referenced: a Patient resource of its own (`Patient/<server id>`), fetched with `_include`.
 */
export const PATIENT_SHAPES = ['contained', 'logical', 'referenced'] as const;
export type PatientShape = (typeof PATIENT_SHAPES)[number];

/** The national register as the simulated central system knows it, and whom it has invited. */
export interface World {
  locationId: string;
  patients: PatientShape;
  /** The identifier system of the invitation code; null: Appointments carry no identifier. */
  invitationSystem: string | null;
  /** Referenced shape: each person's Patient id at central, by national number. */
  patientIds: Map<string, string>;
  people: SynthPerson[];
  /** People not invited yet, in priority order (care homes first … everyone last). */
  queue: SynthPerson[];
  r: Rng;
  products: string[];
}

export interface WorldOptions {
  seed: number;
  locationId: string;
  locationName?: string;
  people: number;
  /** Appointments created at once (as if earlier rounds had invited them). */
  invitations: number;
  firstDay: string;
  days: number;
  patients?: PatientShape;
  invitationSystem?: string | null;
}

const PRODUCTS = ['COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA'];

/**
 * The person as the national register holds them. Some have a second given name, so that
 * `given` is a real array (VaxDesk joins it with a space).
 */
export function nationalPatient(p: SynthPerson): Patient {
  const given = p.niss.endsWith('7') ? [p.givenName, 'Anaïs'] : [p.givenName];
  return {
    resourceType: 'Patient',
    identifier: [{ system: SSIN_SYSTEM, value: p.niss }],
    name: [{ use: 'official', family: p.familyName, given }],
    birthDate: p.birthDate,
    telecom: [{ system: 'phone', value: p.phone }],
  };
}

/** The person's participant in the world's shape (referenced: their Patient must exist; see appointmentFor). */
function personParticipant(w: World, p: SynthPerson, patient: Patient): NonNullable<Appointment['participant']>[number] {
  switch (w.patients) {
    case 'contained':
      return { actor: { reference: '#p', display: `${p.familyName}, ${p.givenName}` }, status: 'needs-action' };
    case 'logical':
      return { actor: { identifier: { system: SSIN_SYSTEM, value: p.niss }, display: `${p.familyName}, ${(patient.name![0]!.given ?? []).join(' ')}` }, status: 'needs-action' };
    case 'referenced':
      return { actor: { reference: `Patient/${w.patientIds.get(p.niss)!}` }, status: 'needs-action' };
  }
}

/** The Appointment the national system sends: the person in the world's shape, channels as tags. */
export function nationalAppointment(
  w: World,
  p: SynthPerson,
  at: { start: Date; minutes: number; dose: number; product: string; channels: string[]; slotId?: string },
): Appointment {
  const patient = nationalPatient(p);
  const code = invitationCode(w.r);
  return {
    resourceType: 'Appointment',
    meta: { tag: at.channels.map((c) => ({ system: CHANNEL_SYSTEM, code: c })) },
    status: 'booked',
    ...(w.invitationSystem === null ? {} : { identifier: [{ system: w.invitationSystem, value: code }] }),
    serviceType: [{ coding: [{ system: SERVICE_TYPE_SYSTEM, code: '57', display: 'Immunization' }] }],
    start: at.start.toISOString(),
    end: new Date(at.start.getTime() + at.minutes * 60_000).toISOString(),
    ...(at.slotId ? { slot: [{ reference: `Slot/${at.slotId}` }] } : {}),
    extension: [
      { url: EXT_DOSE_NUMBER, valueInteger: at.dose },
      { url: EXT_PLANNED_PRODUCT, valueCoding: { system: PRODUCT_SYSTEM, code: at.product } },
    ],
    ...(w.patients === 'contained' ? { contained: [{ ...patient, id: 'p' }] } : {}),
    participant: [{ actor: { reference: `Location/${w.locationId}` }, status: 'accepted' }, personParticipant(w, p, patient)],
  };
}

/** As nationalAppointment, first creating the person's Patient at central when the world references Patients. */
export async function appointmentFor(sim: CentralSim, w: World, p: SynthPerson, at: Parameters<typeof nationalAppointment>[2]): Promise<Appointment> {
  if (w.patients === 'referenced' && !w.patientIds.has(p.niss)) w.patientIds.set(p.niss, (await sim.engine.create(nationalPatient(p))).id);
  return nationalAppointment(w, p, at);
}

/**
 * Central corrects people's records (a new family name, a new phone) without touching their
 * Appointments: in the referenced shape only the Patient changes, in the contained one the
 * Appointment that holds it. Returns the national numbers renamed.
 */
export async function renamePeople(sim: CentralSim, w: World, n: number, suffix = 'Renamed'): Promise<Map<string, string>> {
  const renamed = new Map<string, string>();
  const appointments = await sim.engine.all<Appointment>('Appointment');
  if (w.patients === 'referenced') {
    const ids = [...w.patientIds.values()].slice(0, n);
    for (const id of ids) {
      const pat = await sim.engine.read<Patient>('Patient', id);
      const family = `${pat.name![0]!.family}-${suffix}`;
      await sim.engine.update({ ...pat, name: [{ ...pat.name![0]!, family }], telecom: [{ system: 'phone', value: '+32470000000' }] });
      renamed.set(pat.identifier![0]!.value!, family);
    }
    return renamed;
  }
  for (const a of appointments.slice(0, n)) {
    if (w.patients === 'contained') {
      const pat = a.contained![0] as Patient;
      const family = `${pat.name![0]!.family}-${suffix}`;
      await sim.engine.update({ ...a, contained: [{ ...pat, name: [{ ...pat.name![0]!, family }] }] });
      renamed.set(pat.identifier![0]!.value!, family);
    } else {
      const actor = a.participant.find((x) => x.actor?.identifier)!.actor!;
      const [family, given] = actor.display!.split(', ');
      const renamedFamily = `${family}-${suffix}`;
      await sim.engine.update({ ...a, participant: a.participant.map((x) => (x === a.participant.find((y) => y.actor?.identifier) ? { ...x, actor: { ...actor, display: `${renamedFamily}, ${given}` } } : x)) });
      renamed.set(actor.identifier!.value!, renamedFamily);
    }
  }
  return renamed;
}

export async function seedWorld(sim: CentralSim, o: WorldOptions): Promise<World> {
  const r = rng(o.seed);
  const people: SynthPerson[] = [];
  const seen = new Set<string>();
  for (let i = 0; people.length < o.people; i++) {
    const p = synthPerson(r, i);
    // The generator's counter repeats every 997 people; a national number is one person.
    if (!seen.has(p.niss)) people.push(p);
    seen.add(p.niss);
  }
  const rank = (p: SynthPerson) => PRIORITY_GROUPS.indexOf(p.group);
  const queue = [...people].sort((a, b) => rank(a) - rank(b));
  const w: World = {
    locationId: o.locationId,
    patients: o.patients ?? 'contained',
    invitationSystem: o.invitationSystem === undefined ? INVITATION_SYSTEM : o.invitationSystem,
    patientIds: new Map(),
    people,
    queue,
    r,
    products: PRODUCTS,
  };
  const location: Location = { resourceType: 'Location', id: o.locationId, name: o.locationName ?? 'Vaccination center', status: 'active' };
  await sim.engine.create(location);
  for (let i = 0; i < o.invitations && w.queue.length > 0; i++) {
    const p = w.queue.shift()!;
    const a = synthAppointment(r, o.firstDay, o.days, PRODUCTS);
    const created = await sim.engine.create(
      await appointmentFor(sim, w, p, { start: brusselsInstant(a.day, a.time), minutes: a.minutes, dose: a.doseNumber, product: a.productCode, channels: a.channels }),
    );
    if (a.status === 'cancelled') await sim.engine.update({ ...created, status: 'cancelled' });
  }
  return w;
}

/**
 * One invitation round, like the national system's: every free Slot the center published at its
 * Location gets people up to its capacity, highest priority group first, by SMS when a phone
 * number is known, else by letter (and by e-mail for some).
 */
export async function inviteIntoFreeSlots(sim: CentralSim, w: World, limit = Number.MAX_SAFE_INTEGER): Promise<number> {
  const schedules = (await sim.engine.all<Schedule>('Schedule')).filter((s) => s.actor?.some((a) => a.reference === `Location/${w.locationId}`));
  if (schedules.length === 0) return 0;
  const scheduleRefs = new Set(schedules.map((s) => `Schedule/${s.id}`));
  const slots = (await sim.engine.all<Slot>('Slot')).filter((s) => s.status === 'free' && scheduleRefs.has(s.schedule.reference ?? '')).sort((a, b) => a.start.localeCompare(b.start));
  const taken = new Map<string, number>();
  for (const a of await sim.engine.all<Appointment>('Appointment')) {
    if (a.status === 'cancelled') continue;
    for (const s of a.slot ?? []) if (s.reference) taken.set(s.reference, (taken.get(s.reference) ?? 0) + 1);
  }
  let invited = 0;
  for (const slot of slots) {
    let free = slotCapacity(slot) - (taken.get(`Slot/${slot.id}`) ?? 0);
    while (free > 0 && invited < limit && w.queue.length > 0) {
      const p = w.queue.shift()!;
      const channels = w.r.chance(0.8) ? ['sms'] : ['letter'];
      if (w.r.chance(0.3)) channels.push('email');
      const minutes = Math.max(5, Math.round((Date.parse(slot.end) - Date.parse(slot.start)) / 60_000));
      await sim.engine.create(
        await appointmentFor(sim, w, p, { start: new Date(slot.start), minutes, dose: 1, product: w.r.pick(w.products), channels, slotId: slot.id }),
      );
      free--;
      invited++;
    }
  }
  return invited;
}

/** What changes at central between two pulls: new invitations, reschedules and cancellations. */
export async function centralChanges(
  sim: CentralSim,
  w: World,
  o: { add: number; reschedule: number; cancel: number; firstDay: string; days: number; exclude?: ReadonlySet<string> },
) {
  const booked = (await sim.engine.all<Appointment>('Appointment')).filter((a) => a.status === 'booked' && !o.exclude?.has(a.id));
  const changed = { added: [] as string[], rescheduled: [] as string[], cancelled: [] as string[] };
  for (let i = 0; i < o.reschedule && booked.length > 0; i++) {
    const a = booked.splice(w.r.int(0, booked.length - 1), 1)[0]!;
    const shift = 86_400_000 + 30 * 60_000;
    await sim.engine.update({ ...a, start: new Date(Date.parse(a.start!) + shift).toISOString(), end: new Date(Date.parse(a.end!) + shift).toISOString() });
    changed.rescheduled.push(a.id);
  }
  for (let i = 0; i < o.cancel && booked.length > 0; i++) {
    const a = booked.splice(w.r.int(0, booked.length - 1), 1)[0]!;
    await sim.engine.update({ ...a, status: 'cancelled' });
    changed.cancelled.push(a.id);
  }
  for (let i = 0; i < o.add && w.queue.length > 0; i++) {
    const p = w.queue.shift()!;
    const s = synthAppointment(w.r, o.firstDay, o.days, w.products);
    const a = await sim.engine.create(
      await appointmentFor(sim, w, p, { start: brusselsInstant(s.day, s.time), minutes: s.minutes, dose: s.doseNumber, product: s.productCode, channels: s.channels }),
    );
    changed.added.push(a.id);
  }
  return changed;
}
