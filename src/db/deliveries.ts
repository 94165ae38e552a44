import type { Db } from './open';

export type DeliveryStatus = 'expected' | 'received' | 'cancelled';

export interface Delivery {
  id: string;
  productCode: string;
  expectedDate: string;
  expectedDoses: number;
  originalDate: string;
  originalDoses: number;
  status: DeliveryStatus;
  note: string;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
}

const COLS = `id, product_code AS productCode, expected_date AS expectedDate, expected_doses AS expectedDoses, original_date AS originalDate,
  original_doses AS originalDoses, status, note, created_at AS createdAt, created_by AS createdBy, updated_at AS updatedAt`;

export function deliveriesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO deliveries (id, product_code, expected_date, expected_doses, original_date, original_doses, status, note, created_at, created_by, updated_at)
     VALUES (@id, @productCode, @expectedDate, @expectedDoses, @originalDate, @originalDoses, @status, @note, @createdAt, @createdBy, @updatedAt)`,
  );
  const update = db.prepare(
    `UPDATE deliveries SET expected_date = @expectedDate, expected_doses = @expectedDoses, status = @status, note = @note, updated_at = @updatedAt WHERE id = @id`,
  );
  const byId = db.prepare<[string], Delivery>(`SELECT ${COLS} FROM deliveries WHERE id = ?`);
  const inRange = db.prepare<[string, string], Delivery>(
    `SELECT ${COLS} FROM deliveries WHERE expected_date >= ? AND expected_date <= ? ORDER BY expected_date, created_at`,
  );
  const pending = db.prepare<[], Delivery>(`SELECT ${COLS} FROM deliveries WHERE status = 'expected' ORDER BY expected_date`);
  return {
    insert: (d: Delivery) => void insert.run(d),
    update: (d: Delivery) => void update.run(d),
    get: (id: string) => byId.get(id),
    list: (from: string, to: string) => inRange.all(from, to),
    /** Announced and not yet arrived, whatever their date (a late one may be in the past). */
    expected: () => pending.all(),
  };
}
export type DeliveriesRepo = ReturnType<typeof deliveriesRepo>;
