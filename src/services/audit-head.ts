import fs from 'node:fs';
import { missingCaseError } from '../api/errors';
import path from 'node:path';
import { anchorMac, sameMac, verifyChain, type ChainAnchor, type ChainCheck } from '../domain/audit-chain';
import { NOT_KEYED, type AuditHead, type AuditRepo } from '../db/audit';
import type { DataKeys } from './data-keys';
import { listBackups } from './backup/files';
import { readSealedHeader } from './backup/sealed';

/**
 * The record of where the audit chain ends, kept beside the database and updated after each
 * commit that appended rows: deleting the last rows (or all of them) from the database leaves
 * this record remembering more rows than the log holds. MAC'd with the audit key, so it cannot be
 * rewritten to match a shortened log. It can lag the database by the last commit after a crash
 * (it is written after the commit): then it is a prefix of the chain, which verify accepts.
 */
export const auditHeadFile = (dataDir: string) => path.join(dataDir, 'audit-head.json');

export interface HeadRecord {
  v: 1;
  rows: number;
  head: string;
  keyedFrom: number;
  /** Plain-language events verify reports: a restore going back, the record found missing and made again. */
  notes: string[];
  mac: string;
}

export type HeadRead = { ok: true; record: HeadRecord } | { ok: false; problem: 'missing' | 'forged' };

export function readHead(file: string, key: Buffer): HeadRead {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { ok: false, problem: 'missing' };
  }
  try {
    const r = JSON.parse(text) as HeadRecord;
    if (r.v !== 1 || !Number.isInteger(r.rows) || typeof r.head !== 'string' || !Number.isInteger(r.keyedFrom) || !Array.isArray(r.notes) || typeof r.mac !== 'string') {
      return { ok: false, problem: 'forged' };
    }
    return sameMac(anchorMac(key, r), r.mac) ? { ok: true, record: r } : { ok: false, problem: 'forged' };
  } catch {
    return { ok: false, problem: 'forged' };
  }
}

export function writeHead(file: string, key: Buffer, h: AuditHead & { keyedFrom: number }, notes: string[]): void {
  const rec: Omit<HeadRecord, 'mac'> = { v: 1, rows: h.rows, head: h.head, keyedFrom: h.keyedFrom, notes: notes.slice(-20) };
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ ...rec, mac: anchorMac(key, rec) }), { mode: 0o600 });
  fs.renameSync(tmp, file);
}

/**
 * Keys a store's audit log and keeps the head record up to date. The record only ever moves
 * forward along the chain: if the database no longer holds the recorded head (rows deleted or
 * changed while VaxDesk was stopped), the record is left as it is, as evidence, and never
 * overwritten to match. `restoredFrom` (a restore of a backup) is the one deliberate step back.
 */
export function keyAuditLog(audit: AuditRepo, keys: DataKeys, dataDir: string | null, now: () => Date, restoredFrom: string | null = null): { consistent: boolean } {
  if (!dataDir) {
    audit.useKey(keys.audit, null);
    return { consistent: true };
  }
  const file = auditHeadFile(dataDir);
  const found = readHead(file, keys.audit);
  const current = () => ({ ...audit.head(), keyedFrom: audit.keyedFrom() });
  let notes = found.ok ? found.record.notes : [];
  let recorded: { rows: number; head: string } | null = found.ok ? found.record : null;
  if (restoredFrom) {
    const h = current();
    notes = [...notes, `${now().toISOString()}: restored from ${restoredFrom}; the log went back to ${h.rows} rows${recorded ? ` (from at least ${recorded.rows})` : ''}`];
    recorded = null;
  } else if (!found.ok && !keys.created && (audit.count() > 0 || found.problem === 'forged')) {
    // A record that vanished or does not verify: made again, and verify says so from now on.
    notes = [...notes, `${now().toISOString()}: recreated: the head record was ${found.problem === 'missing' ? 'missing' : 'not valid'} at start`];
    console.error(`[vaxdesk] the audit log's head record was ${found.problem}; it is made again and audit verify reports this.`);
  }
  const consistent = (h: AuditHead): boolean => recorded === null || (h.rows >= recorded.rows && (recorded.rows === 0 || audit.hashAt(recorded.rows) === recorded.head));
  let frozen = false;
  const write = (h: AuditHead) => {
    if (frozen) return;
    if (!consistent(h)) {
      frozen = true;
      console.error('[vaxdesk] the audit log no longer holds the rows its head record remembers; the record is kept as evidence (run: vaxdesk audit verify).');
      return;
    }
    try {
      writeHead(file, keys.audit, { ...h, keyedFrom: audit.keyedFrom() }, notes);
      recorded = h;
    } catch (e) {
      // A full disk or a read-only folder: the record lags, which verify accepts (it is a prefix).
      console.error(`[vaxdesk] the audit head record could not be written: ${(e as Error).message}`);
    }
  };
  audit.useKey(keys.audit, write);
  if (!found.ok || restoredFrom) write(current());
  else if (!consistent(current())) write(current());
  return { consistent: !frozen };
}

export interface AuditVerdict {
  ok: boolean;
  rows: number;
  keyedFrom: number | null;
  /** One plain sentence per problem, the first being what verify names. */
  problems: string[];
  notes: string[];
}

/** Everything `audit verify` checks: triggers, the keyed chain, the head record and every backup's record. */
export function verifyAuditLog(audit: AuditRepo, dataDir: string, keys: DataKeys | null): AuditVerdict {
  const problems: string[] = [];
  const gone = audit.missingTriggers();
  if (gone.length > 0) problems.push(`The append-only protection was removed (trigger ${gone.join(', ')} is gone): the log can have been changed.`);
  const keyedFrom = audit.keyedFrom();
  const keyed = keyedFrom !== NOT_KEYED;
  const anchors: ChainAnchor[] = [];
  let notes: string[] = [];
  if (keyed && !keys) problems.push('This data folder has no audit key, so the keyed rows cannot be checked.');
  if (keyed && keys) {
    const h = readHead(auditHeadFile(dataDir), keys.audit);
    if (h.ok) {
      notes = h.record.notes;
      for (const n of notes) if (/: recreated:/.test(n)) problems.push(`The head record had been deleted or replaced and was made again (${n.slice(0, 24)}): rows removed before then are only seen through the backups.`);
      if (h.record.keyedFrom !== keyedFrom) problems.push(`The boundary of the keyed chain was moved in the database (row ${keyedFrom}; recorded: row ${h.record.keyedFrom}).`);
      anchors.push({ source: 'the head record (audit-head.json)', rows: h.record.rows, head: h.record.head });
    } else if (audit.count() > 0) {
      problems.push(`The record of the log's end (audit-head.json) is ${h.problem === 'missing' ? 'missing' : 'not valid (altered or written without the key)'}.`);
    }
    for (const b of listBackups(dataDir)) {
      try {
        const a = readSealedHeader(b.file).audit;
        if (!a || !('mac' in a)) continue;
        if (!sameMac(anchorMac(keys.audit, { rows: a.rows, head: a.head, keyedFrom: a.keyedFrom }), a.mac)) {
          problems.push(`Backup ${b.name} carries an audit record that does not verify (another folder's backup, or altered).`);
          continue;
        }
        // A restore deliberately went back: backups taken before it may remember later rows.
        if (notes.some((n) => n.includes('restored from'))) continue;
        anchors.push({ source: `backup ${b.name}`, rows: a.rows, head: a.head });
      } catch {
        // Not an encrypted backup (left by an older VaxDesk): it carries no record.
      }
    }
  }
  const check: ChainCheck = verifyChain(audit.iterate(), { key: keys?.audit ?? null, keyedFrom, anchors });
  if (!check.ok) problems.unshift(describe(check));
  return { ok: problems.length === 0, rows: check.rows, keyedFrom: keyed ? keyedFrom : null, problems, notes };
}

function describe(c: Extract<ChainCheck, { ok: false }>): string {
  const p = c.problem;
  switch (p.kind) {
    case 'altered':
      return `Audit log BROKEN: row ${p.seq} was altered. Rows before it are intact.`;
    case 'missing':
      return `Audit log BROKEN: row ${p.seq} is missing (a row was removed, or rows renumbered) or out of order. Rows before it are intact.`;
    case 'shortened':
      return `Audit log BROKEN: the log was shortened: it ends at row ${p.rows} but ${p.source} recorded ${p.recorded} rows (rows ${p.rows + 1} to ${p.recorded} were removed).`;
    case 'emptied':
      return `Audit log BROKEN: the log was emptied: it holds no rows but ${p.source} recorded ${p.recorded}.`;
    case 'differs':
      return `Audit log BROKEN: row ${p.seq} is not the row ${p.source} recorded (the log was rewritten up to there).`;
    default:
      throw missingCaseError(p);
  }
}
