import type { Db } from './open';

/**
 * Demo only: a received lot so that a fresh demo desk can record vaccinations before the
 * planning module's deliveries exist. Skipped when the product already has a lot.
 */
export function seedDemoLot(db: Db, l: { id: string; productCode: string; lotNumber: string; expiryDate: string; vials: number; dosesPerVial: number; at: string }): boolean {
  const has = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM lots WHERE product_code = ?`).get(l.productCode)!.n > 0;
  if (has) return false;
  db.prepare(
    `INSERT INTO lots (id, product_code, lot_number, expiry_date, vials, doses_per_vial, received_at, received_by)
     VALUES (@id, @productCode, @lotNumber, @expiryDate, @vials, @dosesPerVial, @at, 'demo')`,
  ).run(l);
  return true;
}
