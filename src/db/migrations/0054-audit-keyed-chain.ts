import type { Migration } from './types';

/**
 * The audit chain becomes keyed (HMAC-SHA256 with a key kept outside the database) from row
 * `keyed_from` on. Rows already written keep their plain SHA-256 hashes: they cannot be re-keyed
 * honestly (re-hashing them would bless whatever they hold now), so the boundary is recorded once,
 * here, and the first keyed row links to the last plain one. A new database is keyed from row 1.
 * The boundary is also kept outside the database (audit-head.json), so moving it is seen.
 */
export const m0054: Migration = {
  version: 54,
  name: 'audit-keyed-chain',
  up(db) {
    db.exec(`
      CREATE TABLE audit_chain (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        keyed_from INTEGER NOT NULL CHECK (keyed_from >= 1)
      ) STRICT;
      INSERT INTO audit_chain (id, keyed_from) SELECT 1, coalesce(max(seq), 0) + 1 FROM audit_log;
      CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain
        BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
      CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain
        BEGIN SELECT RAISE(ABORT, 'audit_chain is fixed'); END;
    `);
  },
};
