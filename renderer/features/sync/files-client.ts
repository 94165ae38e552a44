import { api } from '../../api';
import type { Result } from '../../../src/api/errors';

/** Base64 of bytes without building one huge string (a chunk is 512 KiB). */
export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/**
 * Sends a chosen file to the core in the chunks it asks for. Nothing is read or checked here:
 * the rules live in the core, which gets the bytes exactly as they are on disk.
 */
export async function uploadFile(file: File, onProgress: (fraction: number) => void): Promise<Result<string>> {
  const begun = await api['files.beginImport']({ fileName: file.name.slice(0, 255) || 'file', size: file.size });
  if (!begun.ok) return begun;
  const { uploadId, chunkBytes } = begun.value;
  onProgress(0);
  for (let offset = 0; offset < file.size; offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, Math.min(file.size, offset + chunkBytes)).arrayBuffer());
    const r = await api['files.uploadChunk']({ uploadId, offset, data: toBase64(bytes) });
    if (!r.ok) {
      void api['files.cancelImport']({ uploadId });
      return r;
    }
    onProgress(r.value.received / Math.max(1, file.size));
  }
  return { ok: true, value: uploadId };
}

/** Offers text as a file to save (Electron shows its save dialog for downloads too). */
export function saveText(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
