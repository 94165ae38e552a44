import { AppError } from '../../api/errors';
import type { StandbyEntry } from '../../db/standby';
import type { Call } from '../context';
import { registerWalkin } from '../reception/checkin';

export const STANDBY_WALKIN_REASON = 'Standby list: accepted a leftover dose by phone';

/**
 * A standby person who accepts becomes today's walk-in through reception's own walk-in service
 * (matched by national number, outbox entry, audit). Leftover doses are offered precisely when
 * the day is full or closing, so the coordinator's call overrides those two guards, with a
 * reason that goes to the audit log like any other override; the other guards still stop it.
 */
export function standbyWalkIn(call: Call, e: StandbyEntry): string {
  if (!e.birthDate) {
    throw new AppError('INVALID_INPUT', 'This standby entry has no birth date; add it to the standby list entry first.', { field: 'birthDate' });
  }
  const r = registerWalkin(call, {
    niss: e.niss,
    familyName: e.familyName,
    givenName: e.givenName,
    birthDate: e.birthDate,
    reason: STANDBY_WALKIN_REASON,
    doseNumber: 1,
    override: { guards: ['capacity', 'dayClosed'], reason: STANDBY_WALKIN_REASON },
  });
  return r.hit.invitationId;
}
