import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

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

function fieldsOf(prevHash: string, f: AuditFields): string[] {
  return [prevHash, String(f.seq), f.at, f.actorId ?? '', f.actorName ?? '', f.action, f.entity, f.entityId ?? '', f.detail];
}

/**
 * SHA-256 over the previous hash and every field, length-prefixed so no two rows collide.
 * Only for rows written before the chain was keyed (migration 54): anyone can recompute it.
 */
export function auditHash(prevHash: string, f: AuditFields): string {
  const h = createHash('sha256');
  for (const p of fieldsOf(prevHash, f)) h.update(`${Buffer.byteLength(p)}:${p};`);
  return h.digest('hex');
}

/** The keyed link: HMAC-SHA256 with a key kept outside the database, so rows cannot be re-chained. */
export function auditMac(key: Buffer, prevHash: string, f: AuditFields): string {
  const h = createHmac('sha256', key);
  for (const p of fieldsOf(prevHash, f)) h.update(`${Buffer.byteLength(p)}:${p};`);
  return h.digest('hex');
}

/** Where the chain ended at some moment, as recorded outside the database (head file, a backup). */
export interface ChainAnchor {
  /** "the head record" or "backup vaxdesk-….sqlite": named in the report. */
  source: string;
  rows: number;
  head: string;
}

/** MAC over a record of the chain's end, so it cannot be forged without the key either. */
export function anchorMac(key: Buffer, a: { rows: number; head: string; keyedFrom: number; notes?: readonly string[] }): string {
  return createHmac('sha256', key)
    .update(`vaxdesk audit anchor v1|${a.rows}|${a.head}|${a.keyedFrom}|${JSON.stringify(a.notes ?? [])}`)
    .digest('hex');
}

export function sameMac(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

export type ChainProblem =
  | { kind: 'altered'; seq: number }
  | { kind: 'missing'; seq: number }
  | { kind: 'shortened'; rows: number; recorded: number; source: string }
  | { kind: 'emptied'; recorded: number; source: string }
  | { kind: 'differs'; seq: number; source: string };

export type ChainCheck = { ok: true; rows: number } | { ok: false; rows: number; problem: ChainProblem };

export interface VerifyOptions {
  /** null: verify a chain from before keying (every row plain SHA-256). */
  key: Buffer | null;
  /** The first keyed row (rows before it are plain SHA-256). */
  keyedFrom: number;
  anchors?: readonly ChainAnchor[];
}

/**
 * A row whose MAC holds under a higher number was moved down: rows before it were deleted and the
 * rest renumbered. Tried only for a row that already failed, so the cost does not matter.
 */
function renumberedBy(key: Buffer, r: AuditFields & { prevHash: string; hash: string }): number {
  for (let d = 1; d <= 10_000; d++) if (auditMac(key, r.prevHash, { ...r, seq: r.seq + d }) === r.hash) return d;
  return 0;
}

/**
 * Walks the chain in order and names the first row whose link or MAC does not hold, then holds the
 * chain against every record of its end kept outside the database: a log with fewer rows than a
 * record says was shortened (or emptied); a row whose hash is not the recorded one was changed.
 */
export function verifyChain(rows: Iterable<AuditFields & { prevHash: string; hash: string }>, opts: VerifyOptions = { key: null, keyedFrom: Number.MAX_SAFE_INTEGER }): ChainCheck {
  const anchors = opts.anchors ?? [];
  const wanted = new Set(anchors.map((a) => a.rows));
  const seen = new Map<number, string>();
  let prev = GENESIS_HASH;
  let expectedSeq = 1;
  let n = 0;
  const it = rows[Symbol.iterator]();
  for (let next = it.next(); !next.done; next = it.next()) {
    const r = next.value;
    n++;
    if (r.seq !== expectedSeq) return { ok: false, rows: n, problem: { kind: 'missing', seq: expectedSeq } };
    const keyed = r.seq >= opts.keyedFrom;
    if (keyed && !opts.key) return { ok: false, rows: n, problem: { kind: 'altered', seq: r.seq } };
    const expected = keyed ? auditMac(opts.key!, r.prevHash, r) : auditHash(r.prevHash, r);
    // The row's own MAC first: an altered row is named as altered, not as the next row's broken link.
    if (expected !== r.hash) {
      if (keyed && renumberedBy(opts.key!, r) > 0) return { ok: false, rows: n, problem: { kind: 'missing', seq: r.seq } };
      // The link to the deleted row may have been repaired, so this row proves nothing; the next
      // one, still linked to this row as it was, holds under its old number if rows were renumbered.
      const after = it.next();
      if (keyed && !after.done && after.value.prevHash === r.hash && renumberedBy(opts.key!, after.value) > 0) {
        return { ok: false, rows: n, problem: { kind: 'missing', seq: r.seq } };
      }
      return { ok: false, rows: n, problem: { kind: 'altered', seq: r.seq } };
    }
    if (r.prevHash !== prev) return { ok: false, rows: n, problem: { kind: 'missing', seq: r.seq } };
    if (wanted.has(r.seq)) seen.set(r.seq, r.hash);
    prev = r.hash;
    expectedSeq++;
  }
  // The strongest record first: the one that remembers the most rows.
  for (const a of [...anchors].sort((x, y) => y.rows - x.rows)) {
    if (a.rows > n) {
      return { ok: false, rows: n, problem: n === 0 ? { kind: 'emptied', recorded: a.rows, source: a.source } : { kind: 'shortened', rows: n, recorded: a.rows, source: a.source } };
    }
    if (a.rows > 0 && seen.get(a.rows) !== a.head) return { ok: false, rows: n, problem: { kind: 'differs', seq: a.rows, source: a.source } };
  }
  return { ok: true, rows: n };
}
