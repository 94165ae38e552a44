import type { Db } from './open';

export interface StaffRow {
  id: string;
  displayName: string;
  role: 'receptionist' | 'coordinator';
  pinHash: string;
  locale: 'nl' | 'fr' | 'en';
  active: boolean;
  failedAttempts: number;
  lockedUntil: string | null;
  createdAt: string;
  updatedAt: string;
}

const COLS = `id, display_name AS displayName, role, pin_hash AS pinHash, locale, active, failed_attempts AS failedAttempts,
  locked_until AS lockedUntil, created_at AS createdAt, updated_at AS updatedAt`;

type Raw = Omit<StaffRow, 'active'> & { active: number };
const toStaff = (r: Raw | undefined): StaffRow | undefined => (r ? { ...r, active: r.active === 1 } : undefined);

export function staffRepo(db: Db) {
  const byId = db.prepare<[string], Raw>(`SELECT ${COLS} FROM staff WHERE id = ?`);
  const all = db.prepare<[], Raw>(`SELECT ${COLS} FROM staff ORDER BY active DESC, display_name COLLATE NOCASE`);
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM staff`);
  const countCoordinators = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM staff WHERE role = 'coordinator' AND active = 1`);
  const insert = db.prepare(
    `INSERT INTO staff (id, display_name, role, pin_hash, locale, active, failed_attempts, created_at, updated_at)
     VALUES (@id, @displayName, @role, @pinHash, @locale, 1, 0, @now, @now)`,
  );
  const setActive = db.prepare(`UPDATE staff SET active = ?, updated_at = ? WHERE id = ?`);
  const setPin = db.prepare(`UPDATE staff SET pin_hash = ?, failed_attempts = 0, locked_until = NULL, updated_at = ? WHERE id = ?`);
  const setLocale = db.prepare(`UPDATE staff SET locale = ?, updated_at = ? WHERE id = ?`);
  const setAttempts = db.prepare(`UPDATE staff SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?`);
  const nameTaken = db.prepare<[string, string], { id: string }>(
    `SELECT id FROM staff WHERE active = 1 AND display_name = ? COLLATE NOCASE AND id <> ?`,
  );

  return {
    get: (id: string) => toStaff(byId.get(id)),
    list: () => all.all().map((r) => toStaff(r)!),
    count: () => count.get()!.n,
    activeCoordinators: () => countCoordinators.get()!.n,
    isNameTaken: (name: string, exceptId = '') => nameTaken.get(name, exceptId) !== undefined,
    insert: (s: { id: string; displayName: string; role: StaffRow['role']; pinHash: string; locale: StaffRow['locale']; now: string }) =>
      void insert.run(s),
    setActive: (id: string, active: boolean, now: string) => void setActive.run(active ? 1 : 0, now, id),
    setPin: (id: string, pinHash: string, now: string) => void setPin.run(pinHash, now, id),
    setLocale: (id: string, locale: StaffRow['locale'], now: string) => void setLocale.run(locale, now, id),
    setAttempts: (id: string, attempts: number, lockedUntil: string | null, now: string) =>
      void setAttempts.run(attempts, lockedUntil, now, id),
  };
}
export type StaffRepo = ReturnType<typeof staffRepo>;
