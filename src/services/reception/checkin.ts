import { randomBytes, randomUUID } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { ArrivalResult } from '../../api/contract/reception';
import type { Arrival } from '../../db/arrivals';
import type { Invitation } from '../../db/invitations';
import { checkinGuards, unresolved, type Guard, type GuardKind } from '../../domain/checkin';
import { checkNiss } from '../../domain/niss';
import type { Call } from '../context';
import { audit } from '../audit-log';
import { dayCapacityOf, hitOf, today } from './common';

export interface OverrideInput {
  guards: GuardKind[];
  reason: string;
}

function alreadyCheckedIn(a: Arrival): AppError {
  return new AppError('ALREADY_CHECKED_IN', 'This person has already been checked in.', {
    at: a.at,
    deskId: a.deskId,
    staffName: a.staffName,
    arrivalId: a.id,
  });
}

function isUniqueViolation(e: unknown): boolean {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e as { code: unknown }).code) : '';
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

function guardsFor(call: Call, inv: Invitation, walkin = false): Guard[] {
  const { store } = call.core;
  const day = today(call);
  const centerId = store.center.id();
  const prev = inv.doseNumber > 1 ? store.arrivals.previousDose(inv.personId, inv.doseNumber) : undefined;
  const prevProduct = prev?.productCode ?? inv.productCode;
  return checkinGuards({
    today: day,
    centerId: centerId ?? inv.centerId,
    invitation: inv,
    previousDose: prev && prevProduct ? { date: prev.date, productCode: prevProduct } : null,
    minIntervalDays: prevProduct ? (store.lots.product(prevProduct)?.minIntervalDays ?? null) : null,
    todayClosed: store.arrivals.closure(day) !== undefined,
    capacity: dayCapacityOf(store, day),
    arrivedToday: store.arrivals.arrivedOn(day),
    walkin,
  });
}

function refuseUnlessOverridden(guards: Guard[], override: OverrideInput | undefined): GuardKind[] {
  const open = unresolved(guards, override?.guards ?? []);
  if (open.length > 0) {
    const first = open[0]!;
    throw new AppError('GUARD', `Check before letting this person in: ${first.guard}.`, { ...first, guards: open });
  }
  return guards.map((g) => g.guard);
}

/**
 * Records the arrival. Guards are evaluated inside the IMMEDIATE transaction, so what they saw is
 * what is committed; the UNIQUE constraint on arrivals.invitation_id is the last line of defence
 * when two connections race.
 */
export function checkIn(call: Call, invitationId: string, override: OverrideInput | undefined): ArrivalResult {
  const { store } = call.core;
  const me = call.me();
  const at = call.now().toISOString();
  const id = randomUUID();
  let overridden: GuardKind[] = [];
  try {
    store.tx(() => {
      const inv = store.invitations.get(invitationId);
      if (!inv) throw new AppError('NOT_FOUND', 'This appointment does not exist (any more).');
      const existing = store.arrivals.arrival(invitationId);
      if (existing) throw alreadyCheckedIn(existing);
      overridden = refuseUnlessOverridden(guardsFor(call, inv), override);
      store.arrivals.insertArrival({
        id,
        invitationId,
        personId: inv.personId,
        day: today(call),
        at,
        deskId: me.deskId,
        staffId: me.staffId,
        staffName: me.displayName,
        overrides: overridden,
        overrideReason: overridden.length > 0 ? override!.reason : null,
        walkinReason: null,
      });
      store.arrivals.setInvitationStatus(invitationId, 'arrived', at);
      store.outbox.add('appointment.status', { invitationId, status: 'arrived', at }, at);
      audit(call, 'arrival.checkIn', 'invitation', invitationId, { arrivalId: id, deskId: me.deskId });
      if (overridden.length > 0) audit(call, 'arrival.override', 'invitation', invitationId, { guards: overridden, reason: override!.reason });
    });
  } catch (e) {
    if (isUniqueViolation(e)) {
      const a = store.arrivals.arrival(invitationId);
      if (a) throw alreadyCheckedIn(a);
    }
    throw e;
  }
  return { hit: hitOf(call, invitationId), arrivalId: id, overridden };
}

export function undoCheckIn(call: Call, invitationId: string, reason: string) {
  const { store } = call.core;
  const at = call.now().toISOString();
  store.tx(() => {
    const a = store.arrivals.arrival(invitationId);
    if (!a) throw new AppError('NOT_FOUND', 'This person is not checked in.');
    if (store.arrivals.outcome(invitationId)) throw new AppError('CONFLICT', 'An outcome has been recorded; take that back first.');
    const inv = store.invitations.get(invitationId)!;
    store.arrivals.deleteArrival(invitationId);
    if (inv.source === 'walkin') {
      // A walk-in only exists because of its arrival: it stays, cancelled, and central gets the
      // walk-in again, rebuilt from this state.
      store.arrivals.setInvitationStatus(invitationId, 'cancelled', at);
      store.outbox.add('walkin', { invitationId }, at);
    } else {
      store.arrivals.setInvitationStatus(invitationId, 'booked', at);
      store.outbox.add('appointment.status', { invitationId, status: 'booked', at }, at);
    }
    audit(call, 'arrival.undo', 'invitation', invitationId, { reason, arrivedAt: a.at, deskId: a.deskId, staffName: a.staffName });
  });
  return hitOf(call, invitationId);
}

export interface WalkinInput {
  niss: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  reason: string;
  doseNumber: number;
  productCode?: string | undefined;
  override?: OverrideInput | undefined;
}

const WALKIN_MINUTES = 15;
const walkinCode = () => `W${randomBytes(8).toString('hex').toUpperCase().slice(0, 11)}`;

/**
 * A person without an invitation. The national number is the identity: an existing person with
 * that number is reused (never created twice), and someone already booked today is sent to that
 * appointment instead of getting a second one.
 */
export function registerWalkin(call: Call, i: WalkinInput): ArrivalResult & { matchedExisting: boolean } {
  const { store } = call.core;
  const c = checkNiss(i.niss);
  if (!c.ok) {
    const msg = { format: 'A national register number has 11 digits.', checksum: 'This national register number has a typo: its check digits do not match.', date: 'This national register number does not contain a valid birth date.' }[c.reason];
    throw new AppError('INVALID_INPUT', msg, { field: 'niss', reason: c.reason });
  }
  if (c.birthDate && c.birthDate !== i.birthDate) {
    throw new AppError('INVALID_INPUT', 'The birth date does not match the national register number.', { field: 'birthDate', reason: 'mismatch', expected: c.birthDate });
  }
  if (i.productCode && !store.lots.product(i.productCode)) throw new AppError('INVALID_INPUT', 'Unknown product.', { field: 'productCode' });
  const me = call.me();
  const now = call.now();
  const at = now.toISOString();
  const day = today(call);
  const centerId = store.center.id() ?? 'local';
  const invitationId = randomUUID();
  const arrivalId = randomUUID();
  let matchedExisting = false;
  let overridden: GuardKind[] = [];

  store.tx(() => {
    let person = store.people.byNiss(c.niss);
    matchedExisting = person !== undefined;
    if (person) {
      const booked = store.receptionSearch.byNiss(c.niss, day, 5).find((r) => r.day === day && r.status !== 'cancelled');
      if (booked) {
        throw new AppError('CONFLICT', 'This person already has an appointment today; check that one in.', { invitationId: booked.invitationId, code: booked.code });
      }
    } else {
      person = { id: randomUUID(), niss: c.niss, familyName: i.familyName, givenName: i.givenName, birthDate: i.birthDate, phone: null };
      store.people.insert(person, at);
    }
    const inv: Invitation = {
      id: invitationId,
      code: walkinCode(),
      personId: person.id,
      centerId,
      day,
      startAt: at,
      endAt: new Date(now.getTime() + WALKIN_MINUTES * 60_000).toISOString(),
      doseNumber: i.doseNumber,
      productCode: i.productCode ?? null,
      status: 'arrived',
      channels: [],
      source: 'walkin',
      versionId: null,
      lastUpdated: null,
    };
    overridden = refuseUnlessOverridden(guardsFor(call, inv, true), i.override);
    store.invitations.insert(inv, at);
    store.arrivals.insertArrival({
      id: arrivalId,
      invitationId,
      personId: person.id,
      day,
      at,
      deskId: me.deskId,
      staffId: me.staffId,
      staffName: me.displayName,
      overrides: overridden,
      overrideReason: overridden.length > 0 ? i.override!.reason : null,
      walkinReason: i.reason,
    });
    store.outbox.add('walkin', { invitationId }, at);
    audit(call, 'walkin.register', 'invitation', invitationId, { personId: person.id, matchedExisting, reason: i.reason });
    if (overridden.length > 0) audit(call, 'arrival.override', 'invitation', invitationId, { guards: overridden, reason: i.override!.reason });
  });
  return { hit: hitOf(call, invitationId), arrivalId, overridden, matchedExisting };
}
