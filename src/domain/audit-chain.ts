import { createHash } from 'node:crypto';

export interface AuditFields {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  detail: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** SHA-256 over the previous hash and every field, length-prefixed so no two rows collide. */
export function auditHash(prevHash: string, f: AuditFields): string {
  const parts = [prevHash, String(f.seq), f.at, f.actorId ?? '', f.actorName ?? '', f.action, f.entity, f.entityId ?? '', f.detail];
  const h = createHash('sha256');
  for (const p of parts) h.update(`${Buffer.byteLength(p)}:${p};`);
  return h.digest('hex');
}

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; firstBadSeq: number; problem: 'altered' | 'missing' };

/** Walks the chain in order; the first row whose hash or link does not hold is named. */
export function verifyChain(rows: Iterable<AuditFields & { prevHash: string; hash: string }>): ChainCheck {
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  for (const r of rows) {
    n++;
    if (r.seq !== expectedSeq) return { ok: false, rows: n, firstBadSeq: expectedSeq, problem: 'missing' };
    if (r.prevHash !== prev) return { ok: false, rows: n, firstBadSeq: r.seq, problem: 'missing' };
    if (auditHash(prev, r) !== r.hash) return { ok: false, rows: n, firstBadSeq: r.seq, problem: 'altered' };
    prev = r.hash;
    expectedSeq++;
  }
  return { ok: true, rows: n };
}
