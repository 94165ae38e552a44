import type { Db } from './open';

export interface StandbyEntry {
  id: string;
  niss: string;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string;
  priorityGroup: string;
  priorityRank: number;
  status: 'waiting' | 'accepted' | 'removed';
  invitationId: string | null;
  createdAt: string;
  calls: number;
  lastCallAt: string | null;
  lastResult: 'accepted' | 'declined' | 'no-answer' | null;
}

const COLS = `s.id, s.niss, s.family_name AS familyName, s.given_name AS givenName, s.birth_date AS birthDate, s.phone,
  s.priority_group AS priorityGroup, s.priority_rank AS priorityRank, s.status, s.invitation_id AS invitationId, s.created_at AS createdAt,
  (SELECT count(*) FROM standby_calls c WHERE c.standby_id = s.id) AS calls,
  (SELECT max(at) FROM standby_calls c WHERE c.standby_id = s.id) AS lastCallAt,
  (SELECT result FROM standby_calls c WHERE c.standby_id = s.id ORDER BY at DESC, id DESC LIMIT 1) AS lastResult`;

export function standbyRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO standby (id, niss, family_name, given_name, birth_date, phone, priority_group, priority_rank, created_at, updated_at)
     VALUES (@id, @niss, @familyName, @givenName, @birthDate, @phone, @priorityGroup, @priorityRank, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE standby SET family_name = @familyName, given_name = @givenName, birth_date = @birthDate, phone = @phone,
       priority_group = @priorityGroup, priority_rank = @priorityRank, updated_at = @now WHERE id = @id`,
  );
  const byId = db.prepare<[string], StandbyEntry>(`SELECT ${COLS} FROM standby s WHERE s.id = ?`);
  const waitingByNiss = db.prepare<[string], StandbyEntry>(`SELECT ${COLS} FROM standby s WHERE s.niss = ? AND s.status = 'waiting'`);
  const waiting = db.prepare<[number], StandbyEntry>(
    `SELECT ${COLS} FROM standby s WHERE s.status = 'waiting' ORDER BY s.priority_rank, s.created_at, s.id LIMIT +?`,
  );
  const setStatus = db.prepare(`UPDATE standby SET status = ?, invitation_id = ?, updated_at = ? WHERE id = ?`);
  const addCall = db.prepare(`INSERT INTO standby_calls (standby_id, at, staff_id, result) VALUES (?, ?, ?, ?)`);
  return {
    get: (id: string) => byId.get(id),
    waitingByNiss: (niss: string) => waitingByNiss.get(niss),
    /** The waiting list in call order: priority group first, then who signed up first. */
    waiting: (limit: number) => waiting.all(limit),
    insert: (e: Pick<StandbyEntry, 'id' | 'niss' | 'familyName' | 'givenName' | 'birthDate' | 'phone' | 'priorityGroup' | 'priorityRank'>, now: string) =>
      void insert.run({ ...e, now }),
    update: (e: Pick<StandbyEntry, 'id' | 'familyName' | 'givenName' | 'birthDate' | 'phone' | 'priorityGroup' | 'priorityRank'>, now: string) =>
      void update.run({ ...e, now }),
    setStatus: (id: string, status: StandbyEntry['status'], invitationId: string | null, now: string) => void setStatus.run(status, invitationId, now, id),
    addCall: (id: string, at: string, staffId: string | null, result: 'accepted' | 'declined' | 'no-answer') => void addCall.run(id, at, staffId, result),
  };
}
export type StandbyRepo = ReturnType<typeof standbyRepo>;
