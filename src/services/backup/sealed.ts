import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type { DataKeys } from '../data-keys';

/**
 * The file format of an encrypted backup:
 *   "VXDBAK01" · u32 big-endian header length · header (JSON) · AES-256-GCM ciphertext · 16-byte tag
 * The header is authenticated with the ciphertext (GCM's additional data): it carries the key's
 * fingerprint (so a backup from another data folder is told apart from a damaged one) and the
 * audit chain's head when the backup was taken (rows, head), which `audit verify` checks the
 * live log against. Nothing of the database is readable without the key.
 */
export const SEALED_MAGIC = Buffer.from('VXDBAK01', 'latin1');
const TAG_BYTES = 16;
const CHUNK = 1 << 20;

export interface SealedHeader {
  v: 1;
  keyId: string;
  iv: string;
  /** The audit chain when the backup was taken: its last row, that row's hash, the keyed boundary; MAC'd with the audit key. */
  audit: { rows: number; head: string; keyedFrom: number; mac: string } | null;
}

export type UnsealProblem = 'other-key' | 'tampered' | 'not-sealed';

export class UnsealError extends Error {
  constructor(readonly problem: UnsealProblem, message: string) {
    super(message);
    this.name = 'UnsealError';
  }
}

export function isSealed(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const head = Buffer.alloc(SEALED_MAGIC.length);
      return fs.readSync(fd, head, 0, head.length, 0) === head.length && head.equals(SEALED_MAGIC);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Encrypts `plain` into `dest` (owner-only, flushed). Streams in 1 MiB pieces: backups can be large. */
export function sealFile(plain: string, dest: string, keys: DataKeys, audit: SealedHeader['audit']): void {
  const iv = randomBytes(12);
  const header: SealedHeader = { v: 1, keyId: keys.id, iv: iv.toString('base64'), audit };
  const hb = Buffer.from(JSON.stringify(header), 'utf8');
  const len = Buffer.alloc(4);
  len.writeUInt32BE(hb.length);
  const prefix = Buffer.concat([SEALED_MAGIC, len, hb]);
  const cipher = createCipheriv('aes-256-gcm', keys.backup, iv);
  cipher.setAAD(prefix);
  const tmp = `${dest}.sealing`;
  const inFd = fs.openSync(plain, 'r');
  const outFd = fs.openSync(tmp, 'w', 0o600);
  try {
    fs.writeSync(outFd, prefix);
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const n = fs.readSync(inFd, buf, 0, CHUNK, null);
      if (n === 0) break;
      fs.writeSync(outFd, cipher.update(buf.subarray(0, n)));
    }
    fs.writeSync(outFd, cipher.final());
    fs.writeSync(outFd, cipher.getAuthTag());
    fs.fsyncSync(outFd);
  } catch (e) {
    fs.closeSync(outFd);
    fs.rmSync(tmp, { force: true });
    throw e;
  } finally {
    fs.closeSync(inFd);
  }
  fs.closeSync(outFd);
  fs.renameSync(tmp, dest);
}

export function readSealedHeader(file: string): SealedHeader {
  const fd = fs.openSync(file, 'r');
  try {
    return readHeader(fd, fs.fstatSync(fd).size).header;
  } finally {
    fs.closeSync(fd);
  }
}

function readHeader(fd: number, size: number): { header: SealedHeader; prefix: Buffer } {
  const fixed = Buffer.alloc(SEALED_MAGIC.length + 4);
  if (fs.readSync(fd, fixed, 0, fixed.length, 0) !== fixed.length || !fixed.subarray(0, SEALED_MAGIC.length).equals(SEALED_MAGIC)) {
    throw new UnsealError('not-sealed', 'This file is not an encrypted VaxDesk backup.');
  }
  const hlen = fixed.readUInt32BE(SEALED_MAGIC.length);
  if (hlen > 4096 || fixed.length + hlen + TAG_BYTES > size) throw new UnsealError('tampered', 'This backup is damaged or was altered (its header does not hold).');
  const hb = Buffer.alloc(hlen);
  fs.readSync(fd, hb, 0, hlen, fixed.length);
  let header: SealedHeader;
  try {
    header = JSON.parse(hb.toString('utf8')) as SealedHeader;
  } catch {
    throw new UnsealError('tampered', 'This backup is damaged or was altered (its header does not hold).');
  }
  if (header.v !== 1 || typeof header.keyId !== 'string' || typeof header.iv !== 'string') {
    throw new UnsealError('tampered', 'This backup is damaged or was altered (its header does not hold).');
  }
  return { header, prefix: Buffer.concat([fixed, hb]) };
}

/**
 * Decrypts `file` into `out` (owner-only) and returns its header. GCM only proves the whole file
 * at the end, so the plaintext goes to `out` and is removed again unless every byte held: a
 * tampered backup never leaves anything behind that could be mistaken for it.
 */
export function unsealFile(file: string, out: string, keys: DataKeys): SealedHeader {
  const fd = fs.openSync(file, 'r');
  let outFd: number | null = null;
  try {
    const size = fs.fstatSync(fd).size;
    const { header, prefix } = readHeader(fd, size);
    if (header.keyId !== keys.id) {
      throw new UnsealError('other-key', 'This backup was encrypted with another data folder\'s key (another PC or a reinstalled VaxDesk); it cannot be read here.');
    }
    const decipher = createDecipheriv('aes-256-gcm', keys.backup, Buffer.from(header.iv, 'base64'));
    decipher.setAAD(prefix);
    const tag = Buffer.alloc(TAG_BYTES);
    fs.readSync(fd, tag, 0, TAG_BYTES, size - TAG_BYTES);
    decipher.setAuthTag(tag);
    outFd = fs.openSync(out, 'w', 0o600);
    const buf = Buffer.alloc(CHUNK);
    let pos = prefix.length;
    const end = size - TAG_BYTES;
    while (pos < end) {
      const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, end - pos), pos);
      if (n === 0) break;
      pos += n;
      fs.writeSync(outFd, decipher.update(buf.subarray(0, n)));
    }
    try {
      fs.writeSync(outFd, decipher.final());
    } catch {
      throw new UnsealError('tampered', 'This backup was altered or is damaged: its contents do not match their authentication tag. Nothing of it was used.');
    }
    fs.fsyncSync(outFd);
    fs.closeSync(outFd);
    outFd = null;
    return header;
  } catch (e) {
    if (outFd !== null) fs.closeSync(outFd);
    fs.rmSync(out, { force: true });
    throw e;
  } finally {
    fs.closeSync(fd);
  }
}

export { fsyncFile };
