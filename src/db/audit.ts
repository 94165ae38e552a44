import Database from 'better-sqlite3';
import type { Db } from './open';
import { auditHash, auditMac, GENESIS_HASH, type AuditFields } from '../domain/audit-chain';

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

export interface AuditHead {
  rows: number;
  head: string;
}

/** No boundary recorded (a database from before migration 54): every row is a plain SHA-256 link. */
export const NOT_KEYED = Number.MAX_SAFE_INTEGER;

/** The triggers that keep the log append-only; `audit verify` reports any that is gone. */
export const AUDIT_TRIGGERS = ['audit_log_no_update', 'audit_log_no_delete', 'audit_chain_no_update', 'audit_chain_no_delete'] as const;

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
  const hashAt = db.prepare<[number], { hash: string }>(`SELECT hash FROM audit_log WHERE seq = ?`);
  const triggers = db.prepare<[], { name: string }>(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'audit_%'`);

  let key: Buffer | null = null;
  let keyedFrom: number | null = null;
  let dirty = false;
  let onCommit: ((head: AuditHead) => void) | null = null;

  const boundary = (): number => {
    if (keyedFrom !== null) return keyedFrom;
    try {
      keyedFrom = db.prepare<[], { k: number }>(`SELECT keyed_from AS k FROM audit_chain WHERE id = 1`).get()?.k ?? NOT_KEYED;
    } catch {
      // No audit_chain table: a database not migrated to 54 (opened read-only by verify, or degraded).
      keyedFrom = NOT_KEYED;
    }
    return keyedFrom;
  };
  const head = (): AuditHead => {
    const r = last.get();
    return r ? { rows: r.seq, head: r.hash } : { rows: 0, head: GENESIS_HASH };
  };

  return {
    /**
     * The chain's key (kept outside the database) and who hears of each commit that appended rows
     * (the head record beside the database). Without a key, appending a keyed row throws: an
     * unkeyed row after the boundary would only ever read as forged.
     */
    useKey(k: Buffer, afterCommit: ((head: AuditHead) => void) | null): void {
      key = k;
      onCommit = afterCommit;
    },
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
      let hash: string;
      if (fields.seq >= boundary()) {
        if (!key) throw new Error('The audit key is not loaded; nothing can be recorded.');
        hash = auditMac(key, prevHash, fields);
      } else {
        hash = auditHash(prevHash, fields);
      }
      insert.run({ ...fields, prevHash, hash });
      dirty = true;
    },
    /** Called by store.tx after the outermost commit. */
    committed(): void {
      if (!dirty) return;
      dirty = false;
      onCommit?.(head());
    },
    recent: (beforeSeq: number, limit: number) => recent.all(beforeSeq, limit),
    iterate: () => iterateAll.iterate(),
    count: () => count.get()!.n,
    head,
    hashAt: (seq: number): string | null => hashAt.get(seq)?.hash ?? null,
    keyedFrom: boundary,
    /** Which of the append-only triggers are gone (dropped to tamper with the log). */
    missingTriggers(): string[] {
      const present = new Set(triggers.all().map((t) => t.name));
      const expected = boundary() === NOT_KEYED ? AUDIT_TRIGGERS.slice(0, 2) : AUDIT_TRIGGERS;
      return expected.filter((t) => !present.has(t));
    },
  };
}
export type AuditRepo = ReturnType<typeof auditRepo>;

/** Where the audit chain of a database file ends, and its boundary (for a backup's header). */
export function auditHeadOfFile(file: string): AuditHead & { keyedFrom: number } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const repo = auditRepo(db);
    return { ...repo.head(), keyedFrom: repo.keyedFrom() };
  } finally {
    db.close();
  }
}
