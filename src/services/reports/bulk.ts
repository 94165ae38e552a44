import { AppError } from '../../api/errors';
import type { BulkResult } from '../../api/contract/bulk';
import type { LateEntry } from '../../db/reports';
import type { GuardKind } from '../../domain/checkin';
import { brusselsInstant, daysBetween, localDate } from '../../domain/time';
import type { Call } from '../context';
import { audit } from '../audit-log';
import { checkIn, registerWalkin } from '../reception/checkin';
import { hitOf } from '../reception/common';
import { recordOutcome } from '../reception/outcomes';

/** Paper sheets are caught up within days, not months; older entries are more likely a typo in the date. */
export const MAX_LATE_DAYS = 14;

type Override = { guards: GuardKind[]; reason: string } | undefined;

export function realInstant(call: Call, day: string, time: string): Date {
  const at = brusselsInstant(day, time);
  const now = call.now();
  if (at.getTime() > now.getTime()) {
    throw new AppError('INVALID_INPUT', 'The real time of an entry from paper cannot be in the future.', { field: 'time' });
  }
  if (daysBetween(day, localDate(now)) > MAX_LATE_DAYS) {
    throw new AppError('INVALID_INPUT', `Paper sheets can be entered up to ${MAX_LATE_DAYS} days later; check the date.`, { field: 'day' });
  }
  return at;
}

/**
 * Reception's own services, run as of the moment it really happened: the arrival, outcome and dose
 * get that time and that day, guards are judged against that day, and the outbox entries are
 * exactly those of a live check-in. Only the clock differs; there is no second check-in path.
 * Audit rows written by those services carry the real time; the 'bulk.entry' audit row written
 * here carries the moment it was typed in and by whom.
 */
function asOf(call: Call, at: Date): Call {
  return { ...call, now: () => new Date(at.getTime()) };
}

function marker(call: Call, at: Date, recorded: BulkResult['recorded']) {
  const me = call.me();
  const enteredAt = call.now().toISOString();
  return (invitationId: string, kind: LateEntry['kind']) => {
    call.core.store.reports.insertLate({
      invitationId,
      day: localDate(at),
      kind,
      happenedAt: at.toISOString(),
      enteredAt,
      enteredBy: me.staffId,
      enteredByName: me.displayName,
    });
    recorded.push(kind);
  };
}

export interface BulkRecordInput {
  invitationId: string;
  day: string;
  time: string;
  action: 'arrived' | 'vaccinated' | 'refused' | 'deferred' | 'left' | 'noshow';
  lotId?: string | undefined;
  override?: Override;
  note?: string | undefined;
}

export function bulkRecord(call: Call, i: BulkRecordInput): BulkResult {
  const { store } = call.core;
  const at = realInstant(call, i.day, i.time);
  const late = asOf(call, at);
  const recorded: BulkResult['recorded'] = [];
  const mark = marker(call, at, recorded);
  store.tx(() => {
    const inv = store.invitations.get(i.invitationId);
    if (!inv) throw new AppError('NOT_FOUND', 'This appointment does not exist (any more).');
    if (i.action === 'noshow') {
      noShow(late, inv.id);
      mark(inv.id, 'noshow');
    } else {
      const arrival = store.arrivals.arrival(inv.id);
      // 'arrived' on someone already in goes through checkIn too, so the answer is reception's own ALREADY_CHECKED_IN.
      if (!arrival || i.action === 'arrived') {
        checkIn(late, inv.id, i.override);
        mark(inv.id, 'arrival');
      } else if (arrival.at > at.toISOString()) {
        throw new AppError('INVALID_INPUT', 'This person was checked in after that time; check the time on the sheet.', { field: 'time', arrivedAt: arrival.at });
      }
      if (i.action !== 'arrived') {
        recordOutcome(late, { invitationId: inv.id, outcome: i.action, lotId: i.lotId, note: i.note });
        mark(inv.id, 'outcome');
      }
    }
    audit(call, 'bulk.entry', 'invitation', inv.id, { action: i.action, happenedAt: at.toISOString(), recorded });
  });
  return { hit: hitOf(call, i.invitationId), recorded, happenedAt: at.toISOString() };
}

/**
 * A name crossed out on the sheet. Closing the day does the same for everyone not checked in;
 * this is for the coordinator who enters the sheet line by line. Same outbox entry as closing.
 */
function noShow(call: Call, invitationId: string) {
  const { store } = call.core;
  const inv = store.invitations.get(invitationId)!;
  const at = call.now().toISOString();
  if (inv.status !== 'booked' || store.arrivals.arrival(inv.id)) {
    throw new AppError('CONFLICT', `Only a booked appointment that never arrived can be a no-show (this one is ${inv.status}).`, { status: inv.status });
  }
  if (inv.day !== localDate(at)) {
    throw new AppError('INVALID_INPUT', `This appointment was on ${inv.day}; a no-show is entered for that day.`, { field: 'day', day: inv.day });
  }
  store.arrivals.setInvitationStatus(inv.id, 'noshow', at);
  store.outbox.add('appointment.status', { invitationId: inv.id, status: 'noshow', at }, at);
  audit(call, 'arrival.noshow', 'invitation', inv.id, {});
}

export interface BulkWalkinInput {
  day: string;
  time: string;
  niss: string;
  familyName: string;
  givenName: string;
  birthDate: string;
  reason: string;
  doseNumber: number;
  productCode?: string | undefined;
  vaccinatedLotId?: string | undefined;
  override?: Override;
}

export function bulkWalkin(call: Call, i: BulkWalkinInput): BulkResult {
  const { store } = call.core;
  const at = realInstant(call, i.day, i.time);
  const late = asOf(call, at);
  const recorded: BulkResult['recorded'] = [];
  const mark = marker(call, at, recorded);
  const invitationId = store.tx(() => {
    const { day: _d, time: _t, vaccinatedLotId, ...walkin } = i;
    const r = registerWalkin(late, walkin);
    mark(r.hit.invitationId, 'walkin');
    if (vaccinatedLotId) {
      recordOutcome(late, { invitationId: r.hit.invitationId, outcome: 'vaccinated', lotId: vaccinatedLotId });
      mark(r.hit.invitationId, 'outcome');
    }
    audit(call, 'bulk.entry', 'invitation', r.hit.invitationId, { action: 'walkin', happenedAt: at.toISOString(), recorded });
    return r.hit.invitationId;
  });
  return { hit: hitOf(call, invitationId), recorded, happenedAt: at.toISOString() };
}
