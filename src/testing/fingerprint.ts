import { createHash } from 'node:crypto';
import type { Db } from '../db/open';

/** A hash of every row of every table: equal before and after means nothing was written. */
export function dbFingerprint(db: Db): string {
  const h = createHash('sha256');
  const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string }[];
  for (const { name } of tables) {
    h.update(`#${name}`);
    for (const row of db.prepare(`SELECT * FROM "${name}"`).raw().iterate()) h.update(JSON.stringify(row));
  }
  return h.digest('hex');
}
