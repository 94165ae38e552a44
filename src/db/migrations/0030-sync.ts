import type { Migration } from './types';

/**
 * Sync bookkeeping. central_slots remembers what was last published to central for each slot,
 * so a slot that disappears from the plan is found and sent as busy-unavailable (never deleted:
 * people may already hold an invitation for it). outbox_due serves the processor's question
 * "which pending entries are due" without scanning parked or future ones.
 */
export const m0030: Migration = {
  version: 30,
  name: 'sync',
  up(db) {
    db.exec(`
      CREATE TABLE central_slots (
        id TEXT PRIMARY KEY,
        day TEXT NOT NULL,
        time TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
        capacity INTEGER NOT NULL CHECK (capacity >= 0),
        status TEXT NOT NULL CHECK (status IN ('free', 'busy', 'busy-unavailable')),
        version INTEGER NOT NULL,
        pushed_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX central_slots_day ON central_slots (day);
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at, id);
    `);
  },
};
