import type { receptionContract } from '../../api/contract/reception';
import type { HandlersFor } from '../context';
import { checkIn, registerWalkin, undoCheckIn } from './checkin';
import { counters, closeDay, dayList, leftover, reopenDay } from './day';
import { deskOptions, recordOutcome, setDeskDefaults, undoOutcome } from './outcomes';
import { hitOf } from './common';
import { search } from './search';

export const receptionHandlers: HandlersFor<typeof receptionContract> = {
  'invitations.search': (i, call) => search(call, i.query, i.limit),
  'invitations.get': (i, call) => hitOf(call, i.invitationId),
  'arrivals.checkIn': (i, call) => checkIn(call, i.invitationId, i.override),
  'arrivals.undo': (i, call) => undoCheckIn(call, i.invitationId, i.reason),
  'walkins.register': (i, call) => registerWalkin(call, i),
  'outcomes.record': (i, call) => recordOutcome(call, i),
  'outcomes.undo': (i, call) => undoOutcome(call, i.invitationId, i.reason),
  'desk.options': (_i, call) => deskOptions(call),
  'desk.setDefaults': (i, call) => setDeskDefaults(call, i.productCode, i.lotId),
  'day.list': (i, call) => dayList(call, i.day, i.filter, i.sort),
  'day.counters': (i, call) => counters(call, i.day),
  'day.close': (i, call) => closeDay(call, i.day),
  'day.reopen': (i, call) => reopenDay(call, i.day, i.reason),
  'day.leftover': (i, call) => leftover(call, i.day),
};
