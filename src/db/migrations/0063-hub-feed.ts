import type { Migration } from './types';

/**
 * The hub's change feed: one sequence number per changed row, written by triggers, so the feed
 * entry commits in the same transaction as the change whatever service made it (no service can
 * forget it). The triggers only write while settings 'hub.feed' = '1' (a hub, or a desk that may
 * be promoted): a lone desk pays one primary-key lookup per change and keeps no feed.
 * The row itself is read at feed time: a desk that asks gets the row as it is now.
 */
export const FEED_TABLES = {
  people: 'id',
  invitations: 'id',
  arrivals: 'id',
  outcomes: 'id',
  products: 'code',
  lots: 'id',
  dose_events: 'id',
  staff: 'id',
  day_plans: 'day',
  day_closures: 'day',
} as const;
export type FeedTable = keyof typeof FEED_TABLES;

function triggers(table: string, key: string): string {
  const on = `EXISTS (SELECT 1 FROM settings WHERE key = 'hub.feed' AND value = '1')`;
  return ['INSERT', 'UPDATE', 'DELETE']
    .map((op) => {
      const row = op === 'DELETE' ? 'OLD' : 'NEW';
      return `CREATE TRIGGER hub_feed_${table}_${op.toLowerCase()} AFTER ${op} ON ${table} WHEN ${on}
        BEGIN INSERT INTO hub_feed (tbl, row_key) VALUES ('${table}', CAST(${row}.${key} AS TEXT)); END;`;
    })
    .join('\n');
}

export const m0063: Migration = {
  version: 63,
  name: 'hub-feed',
  up(db) {
    db.exec(`
      -- AUTOINCREMENT: a sequence number is never handed out twice, even after the newest rows
      -- were pruned, so a desk's "since" always means the same point in the feed.
      CREATE TABLE hub_feed (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        tbl TEXT NOT NULL,
        row_key TEXT NOT NULL
      ) STRICT;
      ${Object.entries(FEED_TABLES)
        .map(([t, k]) => triggers(t, k))
        .join('\n')}
    `);
  },
};
