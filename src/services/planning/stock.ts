import { randomUUID } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { planningContract } from '../../api/contract/planning';
import type { Product } from '../../db/lots';
import type { Delivery } from '../../db/deliveries';
import { correctionProblem } from '../../domain/stock';
import { localDate } from '../../domain/time';
import { audit } from '../audit-log';
import type { Call, HandlersFor } from '../context';
import { checkRange, deliveryView, lotView, mustProduct, notPast, productView, today } from './common';

type ProductInput = Omit<Product, 'active'> & { active: boolean };

/** Intervals must make sense for the series: none for one dose, min ≤ planned for more. */
function checkedProduct(i: ProductInput): Product {
  if (i.dosesInSeries === 1) return { ...i, minIntervalDays: null, plannedIntervalDays: null };
  if (i.minIntervalDays === null || i.plannedIntervalDays === null) {
    throw new AppError('INVALID_INPUT', 'A product with more than one dose needs a minimum and a planned interval in days.', { field: i.minIntervalDays === null ? 'minIntervalDays' : 'plannedIntervalDays' });
  }
  if (i.plannedIntervalDays < i.minIntervalDays) {
    throw new AppError('INVALID_INPUT', `The planned interval (${i.plannedIntervalDays} days) cannot be shorter than the minimum (${i.minIntervalDays} days).`, { field: 'plannedIntervalDays' });
  }
  return i;
}

function mustDelivery(call: Call, id: string): Delivery {
  const d = call.core.store.deliveries.get(id);
  if (!d) throw new AppError('NOT_FOUND', 'This delivery does not exist.', { field: 'deliveryId' });
  return d;
}

function mustBeExpected(d: Delivery): void {
  if (d.status !== 'expected') throw new AppError('CONFLICT', `This delivery is already ${d.status}; only an expected delivery can be changed.`, { status: d.status });
}

/** Rewrites an expected delivery (late, short, cancelled) with its audit row. */
function changeExpected(call: Call, id: string, change: (d: Delivery) => Delivery, action: string, detail: Record<string, unknown>) {
  const { store } = call.core;
  return store.tx(() => {
    const d = mustDelivery(call, id);
    mustBeExpected(d);
    const next = { ...change(d), updatedAt: call.now().toISOString() };
    store.deliveries.update(next);
    audit(call, action, 'delivery', id, { ...detail, productCode: d.productCode, before: { date: d.expectedDate, doses: d.expectedDoses } });
    return deliveryView(store, next);
  });
}

export const stockHandlers: HandlersFor<typeof planningContract> = {
  'products.list': (_i, call) => call.core.store.lots.products().map(productView),

  'products.create': (i, call) => {
    const { store } = call.core;
    const p = checkedProduct(i);
    return store.tx(() => {
      if (store.lots.product(p.code)) throw new AppError('CONFLICT', `A product with code ${p.code} already exists; edit it instead.`, { field: 'code' });
      store.lots.insertProduct(p, call.now().toISOString());
      audit(call, 'products.create', 'product', p.code, { ...p });
      return productView(mustProduct(store, p.code));
    });
  },

  'products.update': (i, call) => {
    const { store } = call.core;
    const p = checkedProduct(i);
    return store.tx(() => {
      const before = mustProduct(store, p.code, 'code');
      store.lots.updateProduct(p, call.now().toISOString());
      audit(call, 'products.update', 'product', p.code, { before, after: p });
      return productView(mustProduct(store, p.code));
    });
  },

  'deliveries.list': (i, call) => {
    checkRange(i.from, i.to, 400);
    const { store } = call.core;
    const seen = new Set<string>();
    const rows = [...store.deliveries.expected(), ...store.deliveries.list(i.from, i.to)].filter((d) => !seen.has(d.id) && seen.add(d.id));
    return rows.sort((a, b) => (a.expectedDate < b.expectedDate ? -1 : a.expectedDate > b.expectedDate ? 1 : 0)).map((d) => deliveryView(store, d));
  },

  'deliveries.expect': (i, call) => {
    const { store } = call.core;
    notPast(call, i.date, 'date', 'The delivery date');
    const id = randomUUID();
    const at = call.now().toISOString();
    return store.tx(() => {
      const product = mustProduct(store, i.productCode);
      if (!product.active) throw new AppError('INVALID_INPUT', `${product.name} is not active; activate it in the catalog first.`, { field: 'productCode' });
      const d: Delivery = {
        id,
        productCode: product.code,
        expectedDate: i.date,
        expectedDoses: i.doses,
        originalDate: i.date,
        originalDoses: i.doses,
        status: 'expected',
        note: i.note,
        createdAt: at,
        createdBy: call.me().displayName,
        updatedAt: at,
      };
      store.deliveries.insert(d);
      audit(call, 'deliveries.expect', 'delivery', id, { productCode: d.productCode, date: d.expectedDate, doses: d.expectedDoses });
      return deliveryView(store, d);
    });
  },

  'deliveries.receive': (i, call) => {
    const { store } = call.core;
    const now = call.now();
    const receivedAt = i.receivedAt ? new Date(i.receivedAt) : now;
    if (receivedAt.getTime() > now.getTime() + 5 * 60_000) throw new AppError('INVALID_INPUT', 'The reception time is in the future; enter when the doses actually arrived.', { field: 'receivedAt' });
    const day = localDate(receivedAt);
    const numbers = new Set<string>();
    i.lots.forEach((l, n) => {
      if (l.expiryDate <= day) throw new AppError('INVALID_INPUT', `Lot ${l.lotNumber} expired on ${l.expiryDate}; an expired lot cannot be received. Check the expiry date or set the lot aside.`, { field: `lots.${n}.expiryDate` });
      if (numbers.has(l.lotNumber)) throw new AppError('INVALID_INPUT', `Lot ${l.lotNumber} is listed twice; enter each lot once with all its vials.`, { field: `lots.${n}.lotNumber` });
      numbers.add(l.lotNumber);
    });
    const by = call.me().displayName;
    const at = now.toISOString();
    return store.tx(() => {
      let d: Delivery;
      if (i.deliveryId) {
        d = mustDelivery(call, i.deliveryId);
        mustBeExpected(d);
        if (i.productCode && i.productCode !== d.productCode) throw new AppError('INVALID_INPUT', `This delivery is ${d.productCode}, not ${i.productCode}.`, { field: 'productCode' });
      } else {
        if (!i.productCode) throw new AppError('INVALID_INPUT', 'Choose the product of an unannounced delivery.', { field: 'productCode' });
        const total = i.lots.reduce((n, l) => n + l.vials * l.dosesPerVial, 0);
        d = { id: randomUUID(), productCode: mustProduct(store, i.productCode).code, expectedDate: day, expectedDoses: total, originalDate: day, originalDoses: total, status: 'expected', note: 'unannounced', createdAt: at, createdBy: by, updatedAt: at };
        store.deliveries.insert(d);
      }
      i.lots.forEach((l, n) => {
        if (store.lots.byNumber(d.productCode, l.lotNumber)) throw new AppError('CONFLICT', `Lot ${l.lotNumber} of ${d.productCode} was already received; correct that lot instead.`, { field: `lots.${n}.lotNumber` });
        store.lots.insertLot({ id: randomUUID(), productCode: d.productCode, lotNumber: l.lotNumber, expiryDate: l.expiryDate, vials: l.vials, dosesPerVial: l.dosesPerVial, receivedAt: receivedAt.toISOString(), receivedBy: by, deliveryId: d.id });
      });
      const received = { ...d, status: 'received' as const, updatedAt: at };
      store.deliveries.update(received);
      const view = deliveryView(store, received);
      audit(call, 'deliveries.receive', 'delivery', d.id, { productCode: d.productCode, expectedDoses: d.expectedDoses, receivedDoses: view.receivedDoses, short: view.short, late: view.late, lots: i.lots });
      return view;
    });
  },

  'deliveries.reschedule': (i, call) => {
    notPast(call, i.date, 'date', 'The new delivery date');
    return changeExpected(call, i.deliveryId, (d) => ({ ...d, expectedDate: i.date }), 'deliveries.reschedule', { date: i.date, reason: i.reason ?? null });
  },

  'deliveries.reduce': (i, call) =>
    changeExpected(
      call,
      i.deliveryId,
      (d) => {
        if (i.doses >= d.expectedDoses) throw new AppError('INVALID_INPUT', `A short delivery brings fewer than the ${d.expectedDoses} doses expected; enter a smaller number.`, { field: 'doses' });
        return { ...d, expectedDoses: i.doses };
      },
      'deliveries.reduce',
      { doses: i.doses, reason: i.reason ?? null },
    ),

  'deliveries.cancel': (i, call) => changeExpected(call, i.deliveryId, (d) => ({ ...d, status: 'cancelled' }), 'deliveries.cancel', { reason: i.reason ?? null }),

  'stock.overview': (_i, call) => {
    const { store } = call.core;
    const day = today(call);
    const lots = store.lots.balances().map((l) => lotView(l, day));
    const expected = store.deliveries.expected();
    return {
      today: day,
      products: store.lots.products().map((p) => {
        const mine = lots.filter((l) => l.productCode === p.code);
        return {
          productCode: p.code,
          name: p.name,
          usable: mine.filter((l) => l.usable).reduce((n, l) => n + l.balance, 0),
          expiringSoon: mine.filter((l) => l.usable && l.expiry === 'soon').reduce((n, l) => n + l.balance, 0),
          expiredOnShelf: mine.filter((l) => l.expiry === 'expired').reduce((n, l) => n + Math.max(0, l.balance), 0),
          expected: expected.filter((d) => d.productCode === p.code).reduce((n, d) => n + d.expectedDoses, 0),
        };
      }),
      lots,
    };
  },

  'stock.correct': (i, call) => {
    const { store } = call.core;
    if (i.kind === 'wasted' && i.delta >= 0) throw new AppError('INVALID_INPUT', 'Wasted doses leave the stock: enter a negative number (e.g. −2).', { field: 'delta' });
    const me = call.me();
    return store.tx(() => {
      // Read inside the transaction: a vaccination at a desk may have taken the last dose.
      const lot = store.lots.balance(i.lotId);
      if (!lot) throw new AppError('NOT_FOUND', 'This lot does not exist.', { field: 'lotId' });
      const problem = correctionProblem(lot.balance, lot.received, i.delta);
      if (problem) throw new AppError(lot.balance + i.delta < 0 ? 'STOCK' : 'INVALID_INPUT', problem, { field: 'delta', balance: lot.balance });
      store.lots.addDoseEvent({ lotId: lot.id, kind: i.kind, doses: -i.delta, at: call.now().toISOString(), staffId: me.staffId, ref: null, note: i.reason });
      const after = store.lots.balance(lot.id)!;
      if (after.balance < 0) throw new AppError('STOCK', 'Stock would go negative.', { balance: lot.balance });
      audit(call, `stock.${i.kind}`, 'lot', lot.id, { lotNumber: lot.lotNumber, productCode: lot.productCode, delta: i.delta, balanceBefore: lot.balance, balanceAfter: after.balance, reason: i.reason });
      return lotView(after, today(call));
    });
  },
};
