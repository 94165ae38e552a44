/**
 * Chunked uploads. An API input is capped at 1 MB and the rules live in the core, so the screen
 * sends the file's bytes in chunks into a temporary file in the data folder; the preview and the
 * commit then read that file. Chunks are written at their offset, so a chunk repeated after a
 * lost answer (or a crash between the write and the database update) lands on the same bytes.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../api/errors';
import type { Core } from '../context';
import type { FileImport } from '../../db/files';
import { IMPORT_LIMITS } from './csv-analyse';
import { previewOf } from './import';
import { problem } from './fields';
import { UPLOAD_CHUNK_BYTES } from '../../api/contract/files';

/** Uploads nobody finished within a day are dropped (and their bytes deleted) on the next upload. */
const STALE_MS = 24 * 3600_000;

export function uploadDir(core: Core): string {
  return core.dataDir ? path.join(core.dataDir, 'imports') : path.join(os.tmpdir(), `vaxdesk-imports-${process.pid}`);
}
export const partFile = (core: Core, id: string) => path.join(uploadDir(core), `${id}.part`);

export function beginUpload(core: Core, who: { staffId: string; displayName: string }, fileName: string, size: number, now: Date) {
  const { store } = core;
  if (size > IMPORT_LIMITS.maxFileBytes) {
    const mb = IMPORT_LIMITS.maxFileBytes / 1024 / 1024;
    const p = previewOf(null, fileName, { kind: 'csv', csv: { encoding: null, delimiter: null, headers: [], mapping: {}, proposedMapping: {}, sample: [], rows: 0, valid: 0, drafts: [], problems: [], problemCount: 0 } }, [
      problem(null, 'file_too_large', `The file is larger than ${mb} MB; split it into smaller lists.`, { params: { maxMb: mb } }),
    ]);
    throw new AppError('IMPORT_INVALID', `Nothing was imported: ${fileName} is larger than ${mb} MB.`, { preview: p });
  }
  purgeStale(core, now);
  const id = randomUUID();
  fs.mkdirSync(uploadDir(core), { recursive: true, mode: 0o700 });
  // The file exists (empty) before the row, so a row never points at nothing.
  fs.writeFileSync(partFile(core, id), Buffer.alloc(0), { mode: 0o600 });
  store.files.insert({ id, staffId: who.staffId, staffName: who.displayName, fileName, sizeBytes: size, createdAt: now.toISOString() });
  return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES };
}

/** The caller's own upload that is still open; someone else's is NOT_FOUND. */
export function openUpload(core: Core, id: string, staffId: string): FileImport {
  const f = core.store.files.get(id);
  if (!f || f.staffId !== staffId) throw new AppError('NOT_FOUND', 'This upload does not exist (any more); choose the file again.');
  if (f.status !== 'uploading') throw new AppError('CONFLICT', `This upload was already ${f.status}; choose the file again.`, { status: f.status });
  return f;
}

export function writeChunk(core: Core, f: FileImport, offset: number, base64: string) {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length > UPLOAD_CHUNK_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `A chunk is at most ${UPLOAD_CHUNK_BYTES} bytes.`);
  const end = offset + bytes.length;
  if (end > f.sizeBytes) throw new AppError('INVALID_INPUT', `This chunk goes past the announced size (${f.sizeBytes} bytes).`);
  // The same chunk again (its answer was lost): already there.
  if (end <= f.receivedBytes) return { received: f.receivedBytes, size: f.sizeBytes, complete: f.receivedBytes === f.sizeBytes };
  if (offset !== f.receivedBytes) {
    throw new AppError('CONFLICT', `Expected the chunk at byte ${f.receivedBytes}, got ${offset}.`, { received: f.receivedBytes });
  }
  const fd = fs.openSync(partFile(core, f.id), 'r+');
  try {
    fs.writeSync(fd, bytes, 0, bytes.length, offset);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  if (!core.store.files.setReceived(f.id, f.receivedBytes, end)) throw new AppError('CONFLICT', 'Another chunk of this upload arrived at the same time; resend from the last confirmed byte.');
  return { received: end, size: f.sizeBytes, complete: end === f.sizeBytes };
}

/** The uploaded bytes, once all of them are there. */
export function readUpload(core: Core, f: FileImport): Buffer {
  if (f.receivedBytes !== f.sizeBytes) {
    throw new AppError('CONFLICT', `The upload is not complete: ${f.receivedBytes} of ${f.sizeBytes} bytes received.`, { received: f.receivedBytes });
  }
  const b = fs.readFileSync(partFile(core, f.id));
  if (b.length !== f.sizeBytes) throw new AppError('CONFLICT', 'The uploaded file was changed or lost on disk; choose the file again.');
  return b;
}

export function removePart(core: Core, id: string): void {
  fs.rmSync(partFile(core, id), { force: true });
}

export function cancelUpload(core: Core, f: FileImport, now: Date): void {
  core.store.files.finish({ id: f.id, status: 'cancelled', format: null, rows: null, inserted: null, updated: null, unchanged: null, at: now.toISOString() });
  removePart(core, f.id);
}

function purgeStale(core: Core, now: Date): void {
  for (const id of core.store.files.staleUploads(new Date(now.getTime() - STALE_MS).toISOString())) {
    core.store.files.finish({ id, status: 'cancelled', format: null, rows: null, inserted: null, updated: null, unchanged: null, at: now.toISOString() });
    removePart(core, id);
  }
}
