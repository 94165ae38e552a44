import { AppError } from '../../api/errors';
import type { WasteResult } from '../../api/contract/reports';
import type { Call } from '../context';
import { audit } from '../audit-log';

/**
 * Doses lost at closing (an opened vial not used in time). Neither reception nor planning records
 * waste, so the coordinator does it here: a 'wasted' row in the lots' dose ledger, which also
 * tells reception's leftover view that those doses are gone. The ledger cannot go below zero.
 */
export function recordWaste(call: Call, i: { lotId: string; doses: number; reason: string }): WasteResult {
  const { store } = call.core;
  const me = call.me();
  const at = call.now().toISOString();
  return store.tx(() => {
    const lot = store.lots.balance(i.lotId);
    if (!lot) throw new AppError('NOT_FOUND', 'Unknown lot.', { field: 'lotId' });
    if (lot.balance < i.doses) {
      throw new AppError('STOCK', `Lot ${lot.lotNumber} has only ${lot.balance} doses left; ${i.doses} cannot have been wasted.`, {
        reason: 'notEnough',
        lotId: lot.id,
        balance: lot.balance,
      });
    }
    store.lots.addDoseEvent({ lotId: lot.id, kind: 'wasted', doses: i.doses, at, staffId: me.staffId, ref: null, note: i.reason });
    audit(call, 'stock.waste', 'lot', lot.id, { doses: i.doses, reason: i.reason, lotNumber: lot.lotNumber });
    return { lotId: lot.id, productCode: lot.productCode, lotNumber: lot.lotNumber, doses: i.doses, balance: lot.balance - i.doses };
  });
}
