import type { Db } from './open';

export interface Product {
  code: string;
  name: string;
  manufacturer: string;
  dosesPerVial: number;
  dosesInSeries: number;
  minIntervalDays: number | null;
  plannedIntervalDays: number | null;
  openVialHours: number;
  active: boolean;
}

export interface Lot {
  id: string;
  productCode: string;
  lotNumber: string;
  expiryDate: string;
  vials: number;
  dosesPerVial: number;
  receivedAt: string;
  receivedBy: string | null;
  deliveryId: string | null;
}

export interface LotBalance extends Lot {
  received: number;
  administered: number;
  wasted: number;
  corrected: number;
  balance: number;
}

const PRODUCT_COLS = `code, name, manufacturer, doses_per_vial AS dosesPerVial, doses_in_series AS dosesInSeries,
  min_interval_days AS minIntervalDays, planned_interval_days AS plannedIntervalDays, open_vial_hours AS openVialHours, active`;
const LOT_COLS = `l.id, l.product_code AS productCode, l.lot_number AS lotNumber, l.expiry_date AS expiryDate, l.vials,
  l.doses_per_vial AS dosesPerVial, l.received_at AS receivedAt, l.received_by AS receivedBy, l.delivery_id AS deliveryId`;
const BALANCE = `SELECT ${LOT_COLS},
    l.vials * l.doses_per_vial AS received,
    coalesce(sum(CASE WHEN e.kind = 'administered' THEN e.doses END), 0) AS administered,
    coalesce(sum(CASE WHEN e.kind = 'wasted' THEN e.doses END), 0) AS wasted,
    coalesce(sum(CASE WHEN e.kind = 'correction' THEN e.doses END), 0) AS corrected,
    l.vials * l.doses_per_vial - coalesce(sum(e.doses), 0) AS balance
  FROM lots l LEFT JOIN dose_events e ON e.lot_id = l.id`;

type RawProduct = Omit<Product, 'active'> & { active: number };
const toProduct = (r: RawProduct): Product => ({ ...r, active: r.active === 1 });

/** Products, lots and the dose ledger. Stock is derived, never stored, so it cannot drift. */
export function lotsRepo(db: Db) {
  const products = db.prepare<[], RawProduct>(`SELECT ${PRODUCT_COLS} FROM products ORDER BY name`);
  const product = db.prepare<[string], RawProduct>(`SELECT ${PRODUCT_COLS} FROM products WHERE code = ?`);
  const lotBalance = db.prepare<[string], LotBalance>(`${BALANCE} WHERE l.id = ? GROUP BY l.id`);
  const allBalances = db.prepare<[], LotBalance>(`${BALANCE} GROUP BY l.id ORDER BY l.product_code, l.expiry_date, l.lot_number`);
  const byNumber = db.prepare<[string, string], Lot>(`SELECT ${LOT_COLS} FROM lots l WHERE l.product_code = ? AND l.lot_number = ?`);
  const insertProduct = db.prepare(
    `INSERT INTO products (code, name, manufacturer, doses_per_vial, doses_in_series, min_interval_days, planned_interval_days, open_vial_hours, active, updated_at)
     VALUES (@code, @name, @manufacturer, @dosesPerVial, @dosesInSeries, @minIntervalDays, @plannedIntervalDays, @openVialHours, @active, @now)`,
  );
  const updateProduct = db.prepare(
    `UPDATE products SET name = @name, manufacturer = @manufacturer, doses_per_vial = @dosesPerVial, doses_in_series = @dosesInSeries,
       min_interval_days = @minIntervalDays, planned_interval_days = @plannedIntervalDays, open_vial_hours = @openVialHours, active = @active, updated_at = @now
     WHERE code = @code`,
  );
  const insertLot = db.prepare(
    `INSERT INTO lots (id, product_code, lot_number, expiry_date, vials, doses_per_vial, received_at, received_by, delivery_id)
     VALUES (@id, @productCode, @lotNumber, @expiryDate, @vials, @dosesPerVial, @receivedAt, @receivedBy, @deliveryId)`,
  );
  const forDelivery = db.prepare<[string], LotBalance>(`${BALANCE} WHERE l.delivery_id = ? GROUP BY l.id ORDER BY l.received_at`);
  const addEvent = db.prepare(
    `INSERT INTO dose_events (lot_id, kind, doses, at, staff_id, ref, note) VALUES (@lotId, @kind, @doses, @at, @staffId, @ref, @note)`,
  );
  return {
    products: () => products.all().map(toProduct),
    product: (code: string) => {
      const r = product.get(code);
      return r ? toProduct(r) : undefined;
    },
    balance: (lotId: string) => lotBalance.get(lotId),
    balances: () => allBalances.all(),
    insertProduct: (p: Product, now: string) => void insertProduct.run({ ...p, active: p.active ? 1 : 0, now }),
    updateProduct: (p: Product, now: string) => void updateProduct.run({ ...p, active: p.active ? 1 : 0, now }),
    insertLot: (l: Lot) => void insertLot.run(l),
    lotsForDelivery: (deliveryId: string) => forDelivery.all(deliveryId),
    byNumber: (productCode: string, lotNumber: string) => byNumber.get(productCode, lotNumber),
    /** Records doses leaving (positive) or returning (negative) to a lot; the caller checks the balance in the same transaction. */
    addDoseEvent: (e: { lotId: string; kind: 'administered' | 'wasted' | 'correction'; doses: number; at: string; staffId: string | null; ref: string | null; note: string | null }) =>
      Number(addEvent.run(e).lastInsertRowid),
  };
}
export type LotsRepo = ReturnType<typeof lotsRepo>;
