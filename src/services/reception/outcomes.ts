import { randomUUID } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { DeskDefaults, DeskOptions, OutcomeKind } from '../../api/contract/reception';
import type { Call } from '../context';
import { audit } from '../audit-log';
import { hitOf, today } from './common';

export interface OutcomeInput {
  invitationId: string;
  outcome: OutcomeKind;
  productCode?: string | undefined;
  lotId?: string | undefined;
  note?: string | undefined;
}

const PRODUCT = 'productCode';
const LOT = 'lotId';

export function deskDefaults(call: Call): DeskDefaults {
  const d = call.me().defaults;
  return { productCode: d[PRODUCT] ?? null, lotId: d[LOT] ?? null };
}

export function setDeskDefaults(call: Call, productCode: string | null, lotId: string | null): DeskDefaults {
  const { store } = call.core;
  if (productCode && !store.lots.product(productCode)) throw new AppError('NOT_FOUND', 'Unknown product.', { field: 'productCode' });
  if (lotId) {
    const lot = store.lots.balance(lotId);
    if (!lot) throw new AppError('NOT_FOUND', 'Unknown lot.', { field: 'lotId' });
    if (productCode && lot.productCode !== productCode) throw new AppError('INVALID_INPUT', 'This lot is of another product.', { field: 'lotId' });
    productCode = lot.productCode;
  }
  const d = call.me().defaults;
  if (productCode) d[PRODUCT] = productCode;
  else delete d[PRODUCT];
  if (lotId) d[LOT] = lotId;
  else delete d[LOT];
  return deskDefaults(call);
}

export function deskOptions(call: Call): DeskOptions {
  const { store } = call.core;
  const day = today(call);
  return {
    products: store.lots
      .products()
      .filter((p) => p.active)
      .map((p) => ({ code: p.code, name: p.name, dosesPerVial: p.dosesPerVial })),
    lots: store.lots.balances().map((l) => ({
      lotId: l.id,
      productCode: l.productCode,
      lotNumber: l.lotNumber,
      expiryDate: l.expiryDate,
      balance: l.balance,
      usable: l.balance > 0 && l.expiryDate >= day,
    })),
    defaults: deskDefaults(call),
  };
}

/**
 * Records what happened after check-in. A vaccination takes exactly one dose from the lot, in the
 * same transaction as the record, its outbox entries and its audit row; an empty or expired lot
 * is refused (a dose from it cannot have been given, or must not be).
 */
export function recordOutcome(call: Call, i: OutcomeInput) {
  const { store } = call.core;
  const me = call.me();
  const at = call.now().toISOString();
  const day = today(call);
  const id = randomUUID();
  let lotBalance: number | null = null;
  store.tx(() => {
    const inv = store.invitations.get(i.invitationId);
    if (!inv) throw new AppError('NOT_FOUND', 'This appointment does not exist (any more).');
    if (!store.arrivals.arrival(i.invitationId)) throw new AppError('CONFLICT', 'Check this person in first.');
    const prev = store.arrivals.outcome(i.invitationId);
    if (prev) throw new AppError('CONFLICT', `An outcome has already been recorded: ${prev.outcome}.`, { outcome: prev.outcome, at: prev.at });
    let productCode: string | null = null;
    let lotId: string | null = null;
    if (i.outcome === 'vaccinated') {
      const defaults = deskDefaults(call);
      lotId = i.lotId ?? defaults.lotId;
      if (!lotId) throw new AppError('INVALID_INPUT', 'Choose the lot the dose was taken from.', { field: 'lotId' });
      const lot = store.lots.balance(lotId);
      if (!lot) throw new AppError('NOT_FOUND', 'Unknown lot.', { field: 'lotId' });
      productCode = i.productCode ?? lot.productCode;
      if (productCode !== lot.productCode) throw new AppError('INVALID_INPUT', 'This lot is of another product.', { field: 'lotId' });
      if (lot.expiryDate < day) throw new AppError('STOCK', `Lot ${lot.lotNumber} expired on ${lot.expiryDate}.`, { reason: 'expired', lotId, expiryDate: lot.expiryDate });
      if (lot.balance < 1 && !call.alreadyHappened) throw new AppError('STOCK', `Lot ${lot.lotNumber} has no doses left.`, { reason: 'empty', lotId });
      store.lots.addDoseEvent({ lotId, kind: 'administered', doses: 1, at, staffId: me.staffId, ref: id, note: null });
      lotBalance = lot.balance - 1;
      if (lotBalance < 0) audit(call, 'lot.belowZero', 'lot', lotId, { balance: lotBalance, outcomeId: id });
    }
    store.arrivals.insertOutcome({
      id,
      invitationId: inv.id,
      personId: inv.personId,
      day,
      outcome: i.outcome,
      doseNumber: inv.doseNumber,
      productCode,
      lotId,
      at,
      deskId: me.deskId,
      staffId: me.staffId,
      note: i.note ?? null,
    });
    if (i.outcome === 'vaccinated') {
      store.arrivals.setInvitationStatus(inv.id, 'fulfilled', at);
      store.outbox.add('immunization', { vaccinationId: id }, at);
      store.outbox.add('appointment.status', { invitationId: inv.id, status: 'fulfilled', at }, at);
    }
    audit(call, `outcome.${i.outcome}`, 'invitation', inv.id, { outcomeId: id, lotId, productCode, note: i.note ?? null });
  });
  return { hit: hitOf(call, i.invitationId), outcomeId: id, lotBalance };
}

/** Takes back an outcome; a vaccination's dose goes back into its lot as a correction. */
export function undoOutcome(call: Call, invitationId: string, reason: string) {
  const { store } = call.core;
  const me = call.me();
  const at = call.now().toISOString();
  store.tx(() => {
    const o = store.arrivals.outcome(invitationId);
    if (!o) throw new AppError('NOT_FOUND', 'No outcome has been recorded for this person.');
    store.arrivals.deleteOutcome(invitationId);
    if (o.outcome === 'vaccinated' && o.lotId) {
      store.lots.addDoseEvent({ lotId: o.lotId, kind: 'correction', doses: -1, at, staffId: me.staffId, ref: o.id, note: reason });
      store.arrivals.setInvitationStatus(invitationId, 'arrived', at);
      // The engine rebuilds the Immunization from local state: gone locally means entered-in-error centrally.
      store.outbox.add('immunization', { vaccinationId: o.id }, at);
      store.outbox.add('appointment.status', { invitationId, status: 'arrived', at }, at);
    }
    audit(call, 'outcome.undo', 'invitation', invitationId, { outcome: o.outcome, outcomeId: o.id, reason });
  });
  return hitOf(call, invitationId);
}
