import type { Db } from './open';
import type { InvitationSource, InvitationStatus } from './invitations';
import type { OutcomeKind } from './arrivals';

export type FileImportStatus = 'uploading' | 'imported' | 'rejected' | 'cancelled';
export type FileImportFormat = 'csv' | 'fhir-bundle' | 'fhir-ndjson';

export interface FileImport {
  id: string;
  staffId: string | null;
  staffName: string | null;
  fileName: string;
  sizeBytes: number;
  receivedBytes: number;
  status: FileImportStatus;
  format: FileImportFormat | null;
  rows: number | null;
  inserted: number | null;
  updated: number | null;
  unchanged: number | null;
  createdAt: string;
  finishedAt: string | null;
}

/** One appointment of the exported day that someone arrived for or got an outcome on, with all an export needs. */
export interface DayRecord {
  invitationId: string;
  code: string;
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string[];
  source: InvitationSource;
  niss: string | null;
  familyName: string;
  givenName: string;
  birthDate: string | null;
  phone: string | null;
  arrivedAt: string | null;
  deskId: string | null;
  walkinReason: string | null;
  outcomeId: string | null;
  outcome: OutcomeKind | null;
  outcomeAt: string | null;
  givenDoseNumber: number | null;
  givenProductCode: string | null;
  lotNumber: string | null;
}

const COLS = `id, staff_id AS staffId, staff_name AS staffName, file_name AS fileName, size_bytes AS sizeBytes,
  received_bytes AS receivedBytes, status, format, rows, inserted, updated, unchanged, created_at AS createdAt, finished_at AS finishedAt`;

/** The file fallback: import sessions and what a day's export reads. */
export function filesRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO file_imports (id, staff_id, staff_name, file_name, size_bytes, received_bytes, status, created_at)
     VALUES (@id, @staffId, @staffName, @fileName, @sizeBytes, 0, 'uploading', @createdAt)`,
  );
  const get = db.prepare<[string], FileImport>(`SELECT ${COLS} FROM file_imports WHERE id = ?`);
  const setReceived = db.prepare(`UPDATE file_imports SET received_bytes = ? WHERE id = ? AND status = 'uploading' AND received_bytes = ?`);
  const finish = db.prepare(
    `UPDATE file_imports SET status = @status, format = @format, rows = @rows, inserted = @inserted, updated = @updated, unchanged = @unchanged,
       finished_at = @at WHERE id = @id AND status = 'uploading'`,
  );
  const recent = db.prepare<[number], FileImport>(`SELECT ${COLS} FROM file_imports ORDER BY created_at DESC LIMIT +?`);
  const staleUploads = db.prepare<[string], { id: string }>(`SELECT id FROM file_imports WHERE status = 'uploading' AND created_at < ?`);
  const dayRecords = db.prepare<[string, string], Omit<DayRecord, 'channels'> & { channels: string }>(
    `SELECT i.id AS invitationId, i.code, i.start_at AS startAt, i.end_at AS endAt, i.dose_number AS doseNumber, i.product_code AS productCode,
       i.status, i.channels, i.source, p.niss, p.family_name AS familyName, p.given_name AS givenName, p.birth_date AS birthDate, p.phone,
       a.at AS arrivedAt, a.desk_id AS deskId, a.walkin_reason AS walkinReason,
       o.id AS outcomeId, o.outcome, o.at AS outcomeAt, o.dose_number AS givenDoseNumber, o.product_code AS givenProductCode, l.lot_number AS lotNumber
     FROM invitations i
     JOIN people p ON p.id = i.person_id
     LEFT JOIN arrivals a ON a.invitation_id = i.id
     LEFT JOIN outcomes o ON o.invitation_id = i.id
     LEFT JOIN lots l ON l.id = o.lot_id
     WHERE i.id IN (SELECT invitation_id FROM arrivals WHERE day = ? UNION SELECT invitation_id FROM outcomes WHERE day = ?)
     ORDER BY coalesce(a.at, o.at), i.code`,
  );
  return {
    insert: (f: { id: string; staffId: string | null; staffName: string | null; fileName: string; sizeBytes: number; createdAt: string }) => void insert.run(f),
    get: (id: string) => get.get(id),
    /** Moves the upload forward only from the size the caller saw; false when another chunk got there first. */
    setReceived: (id: string, from: number, to: number) => setReceived.run(to, id, from).changes === 1,
    finish: (f: { id: string; status: Exclude<FileImportStatus, 'uploading'>; format: FileImportFormat | null; rows: number | null; inserted: number | null; updated: number | null; unchanged: number | null; at: string }) =>
      finish.run(f).changes === 1,
    recent: (limit: number) => recent.all(limit),
    staleUploads: (before: string) => staleUploads.all(before).map((r) => r.id),
    dayRecords: (day: string): DayRecord[] => dayRecords.all(day, day).map((r) => ({ ...r, channels: JSON.parse(r.channels) as string[] })),
  };
}
export type FilesRepo = ReturnType<typeof filesRepo>;
