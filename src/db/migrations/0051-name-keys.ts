import type { Migration } from './types';

/**
 * A name search with two words ('verst joz') reads the range of the rarer word and must check the
 * other word for every candidate. Through person_tokens' person index that is a random page per
 * candidate (about 4 µs); a region's 'verst' range holds 6,000 people, so the check alone cost
 * 15 ms at the 99th percentile. Each token row now carries the person's whole name key (every
 * token, each after a space: ' van den bossche vandenbossche jan'), and the other words are
 * checked inside the row the range scan is already on: instr(names, ' ' || word) is exactly
 * "some token starts with word", because tokens never contain a space.
 *
 * The key is written by the people repository with the tokens (domain/names.ts nameKey);
 * day_name_tokens copies it from person_tokens in the triggers below, which replace those of
 * migration 41 with the same rows plus the key.
 *
 * Numbered above every existing version, and written to work whether or not migration 41 ran:
 * 40 and 41 landed after 50 in this tree, and migrate() skips versions below user_version, so a
 * file already at 50 never got them. This one builds the whole name index either way, and the
 * day counters' index of 40 when it is missing.
 */
export const m0051: Migration = {
  version: 51,
  name: 'name-keys',
  up(db) {
    const columns = (table: string) => (db.pragma(`table_info(${table})`) as { name: string }[]).map((c) => c.name);
    const hasDayIndex = columns('day_name_tokens').length > 0;
    if (!columns('person_tokens').includes('names')) db.exec(`ALTER TABLE person_tokens ADD COLUMN names TEXT NOT NULL DEFAULT ''`);
    if (hasDayIndex && !columns('day_name_tokens').includes('names')) db.exec(`ALTER TABLE day_name_tokens ADD COLUMN names TEXT NOT NULL DEFAULT ''`);
    db.exec(`
      CREATE INDEX IF NOT EXISTS invitations_day_counters ON invitations (day, start_at, status, source, id);
      CREATE TEMP TABLE name_keys (person_id TEXT PRIMARY KEY, names TEXT NOT NULL) WITHOUT ROWID;
      INSERT INTO temp.name_keys SELECT person_id, ' ' || group_concat(token, ' ') FROM person_tokens GROUP BY person_id;
      UPDATE person_tokens SET names = (SELECT k.names FROM temp.name_keys k WHERE k.person_id = person_tokens.person_id);

      DROP TRIGGER IF EXISTS day_name_tokens_invitation_insert;
      DROP TRIGGER IF EXISTS day_name_tokens_invitation_move;
      DROP TRIGGER IF EXISTS day_name_tokens_invitation_delete;
      DROP TRIGGER IF EXISTS day_name_tokens_token_insert;
      DROP TRIGGER IF EXISTS day_name_tokens_token_delete;
    `);
    // Updating the rows in place is three times faster than rebuilding the index (12 s against
    // 40 s on a million invitations: the rebuild inserts out of key order).
    if (hasDayIndex) db.exec(`UPDATE day_name_tokens SET names = (SELECT k.names FROM temp.name_keys k WHERE k.person_id = day_name_tokens.person_id)`);
    else {
      db.exec(`
        CREATE TABLE day_name_tokens (
          day TEXT NOT NULL,
          token TEXT NOT NULL,
          invitation_id TEXT NOT NULL,
          person_id TEXT NOT NULL,
          start_at TEXT NOT NULL,
          names TEXT NOT NULL,
          PRIMARY KEY (day, token, invitation_id)
        ) STRICT, WITHOUT ROWID;
        INSERT INTO day_name_tokens (day, token, invitation_id, person_id, start_at, names)
          SELECT i.day, t.token, i.id, i.person_id, i.start_at, t.names FROM invitations i JOIN person_tokens t ON t.person_id = i.person_id;
      `);
    }
    db.exec(`
      DROP TABLE temp.name_keys;

      CREATE TRIGGER day_name_tokens_invitation_insert AFTER INSERT ON invitations BEGIN
        INSERT OR IGNORE INTO day_name_tokens (day, token, invitation_id, person_id, start_at, names)
          SELECT new.day, t.token, new.id, new.person_id, new.start_at, t.names FROM person_tokens t WHERE t.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_invitation_move AFTER UPDATE OF day, start_at, person_id ON invitations
        WHEN old.day IS NOT new.day OR old.start_at IS NOT new.start_at OR old.person_id IS NOT new.person_id
      BEGIN
        DELETE FROM day_name_tokens WHERE day = old.day AND invitation_id = old.id
          AND token IN (SELECT t.token FROM person_tokens t WHERE t.person_id = old.person_id);
        INSERT OR REPLACE INTO day_name_tokens (day, token, invitation_id, person_id, start_at, names)
          SELECT new.day, t.token, new.id, new.person_id, new.start_at, t.names FROM person_tokens t WHERE t.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_invitation_delete AFTER DELETE ON invitations BEGIN
        DELETE FROM day_name_tokens WHERE day = old.day AND invitation_id = old.id
          AND token IN (SELECT t.token FROM person_tokens t WHERE t.person_id = old.person_id);
      END;

      CREATE TRIGGER day_name_tokens_token_insert AFTER INSERT ON person_tokens BEGIN
        INSERT OR IGNORE INTO day_name_tokens (day, token, invitation_id, person_id, start_at, names)
          SELECT i.day, new.token, i.id, i.person_id, i.start_at, new.names FROM invitations i WHERE i.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_token_delete AFTER DELETE ON person_tokens BEGIN
        DELETE FROM day_name_tokens WHERE (day, token, invitation_id) IN
          (SELECT i.day, old.token, i.id FROM invitations i WHERE i.person_id = old.person_id);
      END;
    `);
  },
};
