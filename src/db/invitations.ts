import type { Db } from './open';

export type InvitationStatus = 'booked' | 'cancelled' | 'arrived' | 'fulfilled' | 'noshow';
export type InvitationSource = 'central' | 'import' | 'walkin' | 'demo';

export interface Invitation {
  id: string;
  code: string;
  personId: string;
  centerId: string;
  day: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string[];
  source: InvitationSource;
  versionId: string | null;
  lastUpdated: string | null;
}

const COLS = `id, code, person_id AS personId, center_id AS centerId, day, start_at AS startAt, end_at AS endAt,
  dose_number AS doseNumber, product_code AS productCode, status, channels, source, version_id AS versionId, last_updated AS lastUpdated`;

type Raw = Omit<Invitation, 'channels'> & { channels: string };
const toInvitation = (r: Raw | undefined): Invitation | undefined => (r ? { ...r, channels: JSON.parse(r.channels) as string[] } : undefined);

export function invitationsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, product_code, status, channels,
       source, version_id, last_updated, created_at, updated_at)
     VALUES (@id, @code, @personId, @centerId, @day, @startAt, @endAt, @doseNumber, @productCode, @status, @channels,
       @source, @versionId, @lastUpdated, @now, @now)`,
  );
  const update = db.prepare(
    `UPDATE invitations SET code = @code, person_id = @personId, center_id = @centerId, day = @day, start_at = @startAt, end_at = @endAt,
       dose_number = @doseNumber, product_code = @productCode, status = @status, channels = @channels, version_id = @versionId,
       last_updated = @lastUpdated, updated_at = @now
     WHERE id = @id`,
  );
  const byId = db.prepare<[string], Raw>(`SELECT ${COLS} FROM invitations WHERE id = ?`);
  const byCode = db.prepare<[string], Raw>(`SELECT ${COLS} FROM invitations WHERE code = ?`);
  const countAll = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM invitations`);
  const countDay = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM invitations WHERE day = ? AND status <> 'cancelled'`);
  return {
    insert: (i: Invitation, now: string) => void insert.run({ ...i, channels: JSON.stringify(i.channels), now }),
    /**
     * Inserts a new invitation unless its code already belongs to another one; then nothing is
     * written and that other invitation's id is returned. The code's unique index decides, so a
     * bulk pull does not look every code up first.
     */
    insertUnlessCodeTaken(i: Invitation, now: string): string | null {
      try {
        insert.run({ ...i, channels: JSON.stringify(i.channels), now });
        return null;
      } catch (e) {
        const holder = (e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE' ? byCode.get(i.code) : undefined;
        if (holder && holder.id !== i.id) return holder.id;
        throw e;
      }
    },
    /** Rewrites everything but id, source and created_at. */
    update: (i: Invitation, now: string) => void update.run({ ...i, channels: JSON.stringify(i.channels), now }),
    get: (id: string) => toInvitation(byId.get(id)),
    byCode: (code: string) => toInvitation(byCode.get(code)),
    count: () => countAll.get()!.n,
    countForDay: (day: string) => countDay.get(day)!.n,
  };
}
export type InvitationsRepo = ReturnType<typeof invitationsRepo>;
