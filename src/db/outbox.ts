import type { Db } from './open';
import { resourceKeyFor, type OutboxKind, type OutboxPayload } from '../sync/outbox-kinds';

export interface OutboxEntry {
  id: number;
  kind: string;
  resourceKey: string;
  payload: string;
  createdAt: string;
  status: 'pending' | 'parked';
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
}

const COLS = `id, kind, resource_key AS resourceKey, payload, created_at AS createdAt, status, attempts,
  next_attempt_at AS nextAttemptAt, last_error AS lastError`;

export function outboxRepo(db: Db) {
  const insert = db.prepare(`INSERT INTO outbox (kind, resource_key, payload, created_at) VALUES (?, ?, ?, ?)`);
  const counts = db.prepare<[], { status: string; n: number }>(`SELECT status, count(*) AS n FROM outbox GROUP BY status`);
  const byId = db.prepare<[number], OutboxEntry>(`SELECT ${COLS} FROM outbox WHERE id = ?`);
  const forResource = db.prepare<[string], OutboxEntry>(`SELECT ${COLS} FROM outbox WHERE resource_key = ? ORDER BY id`);
  return {
    /** Must run inside the transaction of the local change it carries. */
    add<K extends OutboxKind>(kind: K, payload: OutboxPayload<K>, createdAt: string): number {
      return Number(insert.run(kind, resourceKeyFor(kind, payload), JSON.stringify(payload), createdAt).lastInsertRowid);
    },
    counts(): { pending: number; parked: number } {
      const c = { pending: 0, parked: 0 };
      for (const r of counts.all()) if (r.status === 'pending' || r.status === 'parked') c[r.status] = r.n;
      return c;
    },
    get: (id: number) => byId.get(id),
    forResource: (key: string) => forResource.all(key),
  };
}
export type OutboxRepo = ReturnType<typeof outboxRepo>;
