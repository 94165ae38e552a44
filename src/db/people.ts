import type { Db } from './open';
import { nameKey, nameTokens } from '../domain/names';

export interface Person {
  id: string;
  niss: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
}

const COLS = `id, niss, family_name AS familyName, given_name AS givenName, birth_date AS birthDate, phone`;

export function peopleRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO people (id, niss, family_name, given_name, birth_date, phone, created_at, updated_at)
     VALUES (@id, @niss, @familyName, @givenName, @birthDate, @phone, @now, @now)`,
  );
  // The national number's own unique index tells whether the person is new: no lookup first.
  const insertNew = db.prepare(
    `INSERT INTO people (id, niss, family_name, given_name, birth_date, phone, created_at, updated_at)
     VALUES (@id, @niss, @familyName, @givenName, @birthDate, @phone, @now, @now) ON CONFLICT (niss) DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE people SET family_name = @familyName, given_name = @givenName, birth_date = @birthDate, phone = @phone, updated_at = @now
     WHERE id = @id`,
  );
  const insertToken = db.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id, names) VALUES (?, ?, ?)`);
  const deleteTokens = db.prepare(`DELETE FROM person_tokens WHERE person_id = ?`);
  const byId = db.prepare<[string], Person>(`SELECT ${COLS} FROM people WHERE id = ?`);
  const byNiss = db.prepare<[string], Person>(`SELECT ${COLS} FROM people WHERE niss = ?`);

  function writeTokens(p: Person): void {
    const tokens = nameTokens(p.familyName, p.givenName);
    const names = nameKey(tokens);
    for (const t of tokens) insertToken.run(t, p.id, names);
  }

  return {
    get: (id: string) => byId.get(id),
    byNiss: (niss: string) => byNiss.get(niss),
    insert(p: Person, now: string): void {
      insert.run({ ...p, now });
      writeTokens(p);
    },
    /** Inserts the person unless someone already has this national number; true when inserted. */
    insertIfNewNiss(p: Person, now: string): boolean {
      if (insertNew.run({ ...p, now }).changes === 0) return false;
      writeTokens(p);
      return true;
    },
    update(p: Person, now: string): void {
      update.run({ ...p, now });
      deleteTokens.run(p.id);
      writeTokens(p);
    },
  };
}
export type PeopleRepo = ReturnType<typeof peopleRepo>;
