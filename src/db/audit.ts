import Database from 'better-sqlite3';
import type { Db } from './open';
import { auditHash, GENESIS_HASH, type AuditFields } from '../domain/audit-chain';

export interface AuditEntry {
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail?: Record<string, unknown>;
}

export interface AuditRow extends AuditFields {
  prevHash: string;
  hash: string;
}

const COLS = `seq, at, actor_id AS actorId, actor_name AS actorName, action, entity, entity_id AS entityId, detail, prev_hash AS prevHash, hash`;

export function auditRepo(db: Db) {
  const last = db.prepare<[], { seq: number; hash: string }>(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`);
  const insert = db.prepare(
    `INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, detail, prev_hash, hash)
     VALUES (@seq, @at, @actorId, @actorName, @action, @entity, @entityId, @detail, @prevHash, @hash)`,
  );
  const recent = db.prepare<[number, number], AuditRow>(`SELECT ${COLS} FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT +?`);
  const iterateAll = db.prepare<[], AuditRow>(`SELECT ${COLS} FROM audit_log ORDER BY seq`);
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM audit_log`);

  return {
    /** Must run inside the transaction of the change it records. */
    append(e: AuditEntry): void {
      const prev = last.get();
      const fields: AuditFields = {
        seq: (prev?.seq ?? 0) + 1,
        at: e.at,
        actorId: e.actorId,
        actorName: e.actorName,
        action: e.action,
        entity: e.entity,
        entityId: e.entityId,
        detail: JSON.stringify(e.detail ?? {}),
      };
      const prevHash = prev?.hash ?? GENESIS_HASH;
      insert.run({ ...fields, prevHash, hash: auditHash(prevHash, fields) });
    },
    recent: (beforeSeq: number, limit: number) => recent.all(beforeSeq, limit),
    iterate: () => iterateAll.iterate(),
    count: () => count.get()!.n,
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;

/** Where the audit chain of a database file ends: its last row's number and hash (GENESIS for none). */
export function auditHeadOfFile(file: string): { rows: number; head: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return auditHeadOf(db);
  } finally {
    db.close();
  }
}

export function auditHeadOf(db: Db): { rows: number; head: string } {
  const r = db.prepare<[], { seq: number; hash: string }>(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).get();
  return r ? { rows: r.seq, head: r.hash } : { rows: 0, head: GENESIS_HASH };
}
