import type { Db } from './open';
import { nameKey, nameTokens } from '../domain/names';

export interface Person {
  id: string;
  niss: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
  /**
   * The person's Patient id at central (migration 58), when a pull met one. Optional on writes:
   * left out, an insert stores NULL and an update keeps what was there.
   */
  centralPatientId?: string | null;
}

const COLS = `id, niss, family_name AS familyName, given_name AS givenName, birth_date AS birthDate, phone`;

export function peopleRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO people (id, niss, family_name, given_name, birth_date, phone, central_patient_id, created_at, updated_at)
     VALUES (@id, @niss, @familyName, @givenName, @birthDate, @phone, @centralPatientId, @now, @now)`,
  );
  // The national number's own unique index tells whether the person is new: no lookup first.
  const insertNew = db.prepare(
    `INSERT INTO people (id, niss, family_name, given_name, birth_date, phone, central_patient_id, created_at, updated_at)
     VALUES (@id, @niss, @familyName, @givenName, @birthDate, @phone, @centralPatientId, @now, @now) ON CONFLICT (niss) DO NOTHING`,
  );
  const update = db.prepare(
    `UPDATE people SET family_name = @familyName, given_name = @givenName, birth_date = @birthDate, phone = @phone,
       central_patient_id = coalesce(@centralPatientId, central_patient_id), updated_at = @now
     WHERE id = @id`,
  );
  const centralId = db.prepare<[string], { c: string | null }>(`SELECT central_patient_id AS c FROM people WHERE id = ?`);
  const byCentral = db.prepare<[string], Person>(`SELECT ${COLS}, central_patient_id AS centralPatientId FROM people WHERE central_patient_id = ? ORDER BY id LIMIT 1`);
  const setNiss = db.prepare<[string, string, string]>(`UPDATE people SET niss = ?, updated_at = ? WHERE id = ?`);
  const windowCentral = db.prepare<[string, string], { c: string }>(
    `SELECT DISTINCT p.central_patient_id AS c FROM invitations i JOIN people p ON p.id = i.person_id
     WHERE i.day >= ? AND i.day <= ? AND p.central_patient_id IS NOT NULL`,
  );
  const withoutBirthDate = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM people WHERE birth_date IS NULL AND purged_at IS NULL AND niss IS NOT NULL`);
  const insertToken = db.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id, names) VALUES (?, ?, ?)`);
  const deleteTokens = db.prepare(`DELETE FROM person_tokens WHERE person_id = ?`);
  const byId = db.prepare<[string], Person>(`SELECT ${COLS} FROM people WHERE id = ?`);
  const byNiss = db.prepare<[string], Person>(`SELECT ${COLS}, central_patient_id AS centralPatientId FROM people WHERE niss = ?`);

  function writeTokens(p: Person): void {
    const tokens = nameTokens(p.familyName, p.givenName);
    const names = nameKey(tokens);
    for (const t of tokens) insertToken.run(t, p.id, names);
  }

  return {
    get: (id: string) => byId.get(id),
    /** The person's Patient id at central, null when no pull has met one. */
    centralPatientId: (id: string) => centralId.get(id)?.c ?? null,
    /** The local person of a central Patient (the first, should central hold two for one person). */
    byCentralPatient: (centralPatientId: string) => byCentral.get(centralPatientId),
    /** A corrected national number (a bis number replaced by the real one); the caller checks nobody else has it. */
    setNiss: (id: string, niss: string, now: string) => void setNiss.run(niss, now, id),
    /** Central Patient ids of the people invited between two Brussels dates (inclusive). */
    centralPatientIdsInWindow: (from: string, to: string) => windowCentral.all(from, to).map((r) => r.c),
    /** People known by national number whose birth date never came (a logical reference carries none). */
    countWithoutBirthDate: () => withoutBirthDate.get()!.n,
    byNiss: (niss: string) => byNiss.get(niss),
    insert(p: Person, now: string): void {
      insert.run({ ...p, centralPatientId: p.centralPatientId ?? null, now });
      writeTokens(p);
    },
    /** Inserts the person unless someone already has this national number; true when inserted. */
    insertIfNewNiss(p: Person, now: string): boolean {
      if (insertNew.run({ ...p, centralPatientId: p.centralPatientId ?? null, now }).changes === 0) return false;
      writeTokens(p);
      return true;
    },
    update(p: Person, now: string): void {
      update.run({ ...p, centralPatientId: p.centralPatientId ?? null, now });
      deleteTokens.run(p.id);
      writeTokens(p);
    },
  };
}
export type PeopleRepo = ReturnType<typeof peopleRepo>;
