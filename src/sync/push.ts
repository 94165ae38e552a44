import type { Store } from '../db/store';
import type { OutboxEntry } from '../db/outbox';
import type { CentralSlot, VaccinationRow } from '../db/sync';
import type { InvitationStatus } from '../db/invitations';
import type { CentralSystem, StoredResource } from './central';
import { OutboxPayloads, type OutboxKind, type OutboxPayload } from './outbox-kinds';
import {
  invitationToAppointment,
  patientCondition,
  patientResource,
  scheduleResource,
  slotResource,
  withdrawnSlot,
  withStatus,
  type PersonFacts,
  type SlotFacts,
} from './fhir/mappers';
import { immunizationId, slotId } from './fhir/ids';
import { immunizationResource, type VaccinationFacts } from './fhir/immunization';
import type { CenterSystems } from './fhir/vocabulary';
import { CentralError, describe, isRetryable, isUnreachable, retryDelayMs, type BackoffPolicy } from './retry';
import type { Slot } from 'fhir/r4';

/** The published slots of a capacity version (planning's data), or null when that version is unknown. */
export type CapacitySource = (store: Store, version: number) => { slots: SlotFacts[] } | null;

/** Planning's published versions (src/db/capacity.ts versionSlots), found structurally so sync does not depend on planning's types. */
export const planningCapacity: CapacitySource = (store, version) => {
  const repo = (store as unknown as { capacity?: { versionSlots?: (v: number) => { slots: SlotFacts[] } | null } }).capacity;
  return repo?.versionSlots ? repo.versionSlots(version) : null;
};

export interface PushContext {
  store: Store;
  central: CentralSystem;
  centerId: string;
  /** The center's display name (performer of its Immunizations), when set. */
  centerName?: string | null;
  locationId: string;
  /** The center's own system URIs (connection setting systemBase). */
  systems: CenterSystems;
  now: () => Date;
  random: () => number;
  backoff: BackoffPolicy;
  concurrency: number;
  maxEntries: number;
  capacity: CapacitySource | null;
}

export interface PushResult {
  pushed: number;
  parked: number;
  retrying: number;
  /** Central could not be reached: the run stopped early. */
  unreachable: boolean;
  lastError: string | null;
}

/** A status change guarded by If-Match; on 412 re-read and merge again (forward only). */
async function pushStatus(ctx: PushContext, id: string, status: InvitationStatus): Promise<StoredResource | null> {
  for (let i = 0; i < 5; i++) {
    const cur = await ctx.central.read('Appointment', id);
    if (!cur) throw new CentralError('http', `Appointment/${id} does not exist at central`, 404);
    // A step back is a local undo only while the local record is still at that step and central
    // is still at the version we last saw (ours): otherwise someone else moved it, and we never go back.
    const local = ctx.store.invitations.get(id);
    const undo = !!local && local.status === status && local.versionId === cur.versionId;
    const next = withStatus(cur.resource as { status: string } & typeof cur.resource, status, undo);
    if (!next) return cur;
    try {
      return await ctx.central.put('Appointment', id, next, cur.versionId);
    } catch (e) {
      if (!(e instanceof CentralError && e.status === 412)) throw e;
    }
  }
  throw new CentralError('http', `Appointment/${id} kept changing under us`, 412);
}

export function person(row: { niss: string | null; familyName: string; givenName: string; birthDate: string | null; phone: string | null; centralPatientId: string | null }): PersonFacts {
  if (!row.niss) throw new CentralError('refused', 'the person has no national number; central cannot identify them');
  return { niss: row.niss, familyName: row.familyName, givenName: row.givenName, birthDate: row.birthDate, phone: row.phone, centralPatientId: row.centralPatientId };
}

/** The local outcome row as the Immunization builder takes it (push and the desk's FHIR endpoint). */
/** Outcomes central is told about: a dose given, or not given and why ('left' is only the Appointment). */
export const isReported = (outcome: string): outcome is VaccinationFacts['outcome'] => outcome === 'vaccinated' || outcome === 'refused' || outcome === 'deferred';

export function vaccinationFacts(v: VaccinationRow, who: PersonFacts): VaccinationFacts {
  if (!isReported(v.outcome)) throw new CentralError('refused', `outcome ${v.outcome} is not reported as an Immunization`);
  return {
    id: v.id,
    invitationId: v.invitationId,
    outcome: v.outcome,
    at: v.at,
    productCode: v.productCode ?? v.plannedProductCode,
    lotNumber: v.lotNumber,
    lotExpiry: v.lotExpiry,
    person: who,
    staff: v.staffId ? { id: v.staffId, name: v.staffName ?? v.staffId } : null,
  };
}

/**
 * The Patient central holds for a walk-in: a conditional create on the SSIN, so a person central
 * already knows (under whatever id) is found instead of created a second time, and a retry after
 * a lost answer finds the one the first attempt made. Returns the person with that id.
 */
async function ensurePatient(ctx: PushContext, who: PersonFacts): Promise<PersonFacts> {
  if (who.centralPatientId) return who;
  const stored = await ctx.central.createIfNoneExist('Patient', patientResource(who), patientCondition(who.niss));
  return { ...who, centralPatientId: stored.resource.id };
}

async function send(ctx: PushContext, e: OutboxEntry): Promise<() => void> {
  const { store, central } = ctx;
  const kind = e.kind as OutboxKind;
  const schema = OutboxPayloads[kind];
  if (!schema) throw new CentralError('refused', `unknown outbox kind ${e.kind}`);
  const parsed = schema.safeParse(JSON.parse(e.payload));
  if (!parsed.success) throw new CentralError('refused', `malformed outbox payload: ${parsed.error.issues[0]?.message ?? ''}`);
  const version = (invitationId: string, s: StoredResource | null) => () => {
    if (s) store.sync.setCentralVersion(invitationId, s.versionId, s.lastUpdated);
  };
  switch (kind) {
    case 'appointment.status': {
      const p = parsed.data as OutboxPayload<'appointment.status'>;
      if (!store.invitations.get(p.invitationId)) throw new CentralError('refused', `invitation ${p.invitationId} no longer exists here`);
      return version(p.invitationId, await pushStatus(ctx, p.invitationId, p.status));
    }
    case 'walkin': {
      const p = parsed.data as OutboxPayload<'walkin'>;
      const inv = store.sync.invitation(p.invitationId);
      if (!inv) throw new CentralError('refused', `walk-in ${p.invitationId} no longer exists here`);
      const who = await ensurePatient(ctx, person(inv));
      const remember = () => store.sync.setCentralPatient(inv.personId, who.centralPatientId!);
      // Rebuilt from the current local state: a retried or repeated walk-in lands on the same ids.
      const cur = await central.read('Appointment', inv.id);
      const stored = cur
        ? await pushStatus(ctx, inv.id, inv.status)
        : await central.put('Appointment', inv.id, invitationToAppointment({ ...inv, channels: JSON.parse(inv.channels) as string[], person: who }, ctx.locationId, ctx.systems));
      const setVersion = version(inv.id, stored);
      return () => {
        remember();
        setVersion();
      };
    }
    case 'immunization': {
      const p = parsed.data as OutboxPayload<'immunization'>;
      const v = store.sync.vaccination(p.vaccinationId);
      const id = immunizationId(ctx.centerId, p.vaccinationId);
      if (v && isReported(v.outcome)) {
        if (v.outcome === 'vaccinated' && (!v.productCode || !v.lotNumber)) throw new CentralError('refused', 'the vaccination has no product or lot');
        // A walk-in's dose may go before its walk-in entry (another resource's queue): make sure
        // the Patient exists so the dose references it, not only the SSIN.
        let who = person(v);
        if (!who.centralPatientId && v.source === 'walkin') who = await ensurePatient(ctx, who);
        const imm = immunizationResource(vaccinationFacts(v, who), { centerId: ctx.centerId, centerName: ctx.centerName ?? null, systems: ctx.systems });
        await central.put('Immunization', id, imm);
        return who.centralPatientId && !v.centralPatientId ? () => store.sync.setCentralPatient(v.personId, who.centralPatientId!) : () => {};
      }
      // Taken back locally (or an outcome central has no Immunization for): a record already
      // reported becomes entered-in-error.
      const cur = await central.read('Immunization', id);
      if (cur && cur.resource.status !== 'entered-in-error') await central.put('Immunization', id, { ...cur.resource, status: 'entered-in-error' }, cur.versionId);
      return () => {};
    }
    case 'capacity.publish': {
      const p = parsed.data as OutboxPayload<'capacity.publish'>;
      if (!ctx.capacity) throw new CentralError('refused', 'capacity publishing needs the planning module');
      const pub = ctx.capacity(store, p.version);
      if (!pub) throw new CentralError('refused', `published capacity version ${p.version} is unknown here`);
      return pushCapacity(ctx, p.version, pub.slots);
    }
    default:
      throw new CentralError('refused', `unknown outbox kind ${String(kind)}`);
  }
}

/** Schedule + one Slot per published slot (PUT by deterministic id); vanished slots become busy-unavailable. */
async function pushCapacity(ctx: PushContext, version: number, slots: SlotFacts[]): Promise<() => void> {
  const c = { centerId: ctx.centerId, locationId: ctx.locationId };
  const days = slots.map((s) => s.date).sort();
  await ctx.central.put('Schedule', scheduleResource(c).id!, scheduleResource(c, days.length ? { from: days[0]!, to: days[days.length - 1]! } : undefined));
  const now = ctx.now().toISOString();
  const known = new Map(ctx.store.sync.centralSlots().map((s) => [s.id, s]));
  const written: CentralSlot[] = [];
  const wanted = new Set<string>();
  const puts: (() => Promise<unknown>)[] = [];
  for (const s of slots) {
    const res = slotResource(s, c);
    const row: CentralSlot = { id: res.id!, day: s.date, time: s.time, minutes: s.minutes, capacity: s.capacity, status: res.status as CentralSlot['status'], version };
    wanted.add(row.id);
    written.push(row);
    const old = known.get(row.id);
    // Central already holds exactly this slot (from an earlier version): nothing to send.
    if (old && old.capacity === row.capacity && old.status === row.status && old.minutes === row.minutes) continue;
    puts.push(() => ctx.central.put('Slot', row.id, res));
  }
  for (const old of known.values()) {
    if (wanted.has(old.id) || old.status === 'busy-unavailable') continue;
    const res = withdrawnSlot(slotResource({ date: old.day, time: old.time, minutes: old.minutes, capacity: old.capacity }, c) as Slot);
    if (res.id !== slotId(ctx.centerId, old.day, old.time)) throw new CentralError('refused', 'slot id mismatch');
    puts.push(() => ctx.central.put('Slot', res.id!, res));
    written.push({ ...old, capacity: 0, status: 'busy-unavailable', version });
  }
  // A few PUTs in flight at once: a month of slots is hundreds of resources. All idempotent, so a
  // failure part-way simply sends the whole version again later.
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(8, puts.length) }, async () => {
      while (next < puts.length) await puts[next++]!();
    }),
  );
  return () => {
    for (const s of written) ctx.store.sync.putCentralSlot(s, now);
  };
}

/**
 * Sends due outbox entries, the head of each resource's queue only (order per resource), a few
 * resources at a time. Confirmed entries are deleted with their bookkeeping in one transaction;
 * retryable failures wait (capped exponential backoff, full jitter, Retry-After honoured);
 * the others are parked for a coordinator without holding up other resources.
 */
export async function pushOutbox(ctx: PushContext, onChange?: () => void): Promise<PushResult> {
  const r: PushResult = { pushed: 0, parked: 0, retrying: 0, unreachable: false, lastError: null };
  let handled = 0;
  // Each entry is tried at most once per run: a retryable failure waits for its backoff, even a
  // zero-length one drawn by the jitter, instead of spinning inside this run.
  const tried = new Set<number>();
  while (!r.unreachable && handled < ctx.maxEntries) {
    const due = ctx.store.sync
      .due(ctx.now().toISOString(), tried.size + ctx.concurrency)
      .filter((e) => !tried.has(e.id))
      .slice(0, Math.min(ctx.concurrency, ctx.maxEntries - handled));
    if (due.length === 0) break;
    for (const e of due) tried.add(e.id);
    await Promise.all(
      due.map(async (e) => {
        try {
          const after = await send(ctx, e);
          ctx.store.tx(() => {
            after();
            ctx.store.sync.done(e.id);
          });
          r.pushed++;
        } catch (err) {
          r.lastError = describe(err);
          if (isRetryable(err)) {
            const at = new Date(ctx.now().getTime() + retryDelayMs(e.attempts, err, ctx.random, ctx.backoff)).toISOString();
            ctx.store.tx(() => ctx.store.sync.failed(e.id, at, r.lastError!));
            r.retrying++;
            if (isUnreachable(err)) r.unreachable = true;
          } else if (err instanceof CentralError || err instanceof SyntaxError) {
            ctx.store.tx(() => ctx.store.sync.park(e.id, r.lastError!));
            r.parked++;
          } else {
            throw err;
          }
        }
        onChange?.();
      }),
    );
    handled += due.length;
  }
  return r;
}
