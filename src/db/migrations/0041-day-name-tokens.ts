import type { Migration } from './types';

/**
 * A name typed at the desk must find today's people first, and a prefix like 'vande' matches
 * tens of thousands of people in a region. person_tokens alone cannot say which of them come
 * today without visiting every one (0.6 s at the 99th percentile on a million invitations), so
 * each invitation's name tokens are also kept under its day: today's matches are one short
 * range of this index. start_at and person_id ride along so the ranking and the other words of
 * the query are checked without visiting the invitation.
 *
 * Kept equal to { (i.day, t.token, i.id) | t.person_id = i.person_id } by triggers, so every
 * writer (pull, imports, walk-ins, retention) keeps it right without knowing it exists; deleting
 * an invitation or a person's tokens removes its rows, so purged names leave nothing behind.
 */
export const m0041: Migration = {
  version: 41,
  name: 'day-name-tokens',
  up(db) {
    db.exec(`
      CREATE TABLE day_name_tokens (
        day TEXT NOT NULL,
        token TEXT NOT NULL,
        invitation_id TEXT NOT NULL,
        person_id TEXT NOT NULL,
        start_at TEXT NOT NULL,
        PRIMARY KEY (day, token, invitation_id)
      ) STRICT, WITHOUT ROWID;

      INSERT INTO day_name_tokens (day, token, invitation_id, person_id, start_at)
        SELECT i.day, t.token, i.id, i.person_id, i.start_at FROM invitations i JOIN person_tokens t ON t.person_id = i.person_id;

      CREATE TRIGGER day_name_tokens_invitation_insert AFTER INSERT ON invitations BEGIN
        INSERT OR IGNORE INTO day_name_tokens (day, token, invitation_id, person_id, start_at)
          SELECT new.day, t.token, new.id, new.person_id, new.start_at FROM person_tokens t WHERE t.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_invitation_move AFTER UPDATE OF day, start_at, person_id ON invitations
        WHEN old.day IS NOT new.day OR old.start_at IS NOT new.start_at OR old.person_id IS NOT new.person_id
      BEGIN
        DELETE FROM day_name_tokens WHERE day = old.day AND invitation_id = old.id
          AND token IN (SELECT t.token FROM person_tokens t WHERE t.person_id = old.person_id);
        INSERT OR REPLACE INTO day_name_tokens (day, token, invitation_id, person_id, start_at)
          SELECT new.day, t.token, new.id, new.person_id, new.start_at FROM person_tokens t WHERE t.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_invitation_delete AFTER DELETE ON invitations BEGIN
        DELETE FROM day_name_tokens WHERE day = old.day AND invitation_id = old.id
          AND token IN (SELECT t.token FROM person_tokens t WHERE t.person_id = old.person_id);
      END;

      CREATE TRIGGER day_name_tokens_token_insert AFTER INSERT ON person_tokens BEGIN
        INSERT OR IGNORE INTO day_name_tokens (day, token, invitation_id, person_id, start_at)
          SELECT i.day, new.token, i.id, i.person_id, i.start_at FROM invitations i WHERE i.person_id = new.person_id;
      END;

      CREATE TRIGGER day_name_tokens_token_delete AFTER DELETE ON person_tokens BEGIN
        DELETE FROM day_name_tokens WHERE (day, token, invitation_id) IN
          (SELECT i.day, old.token, i.id FROM invitations i WHERE i.person_id = old.person_id);
      END;
    `);
  },
};
