import fs from 'node:fs';

/**
 * Whether the database was closed by VaxDesk itself last time. A check of the whole file at every
 * start (quick_check: 1.5 s on a million invitations) is worth it after a crash or a power cut,
 * when the file may be half written; after a clean close the same check runs in the background
 * instead, and the desk answers at once.
 *
 * The mark records the file's size and modification time as VaxDesk left it, and is taken away
 * at every open: a run that crashes leaves none, and a file replaced or touched by anything else
 * (a copy, a restore by hand, a disk tool) no longer matches it.
 */
const markOf = (file: string) => `${file}.closed`;

interface Mark {
  size: number;
  mtimeMs: number;
}

/** After the last connection closed: WAL folded back into the file, nothing left half done. */
export function markCleanClose(file: string): void {
  try {
    if (fs.existsSync(`${file}-wal`)) return;
    const st = fs.statSync(file);
    fs.writeFileSync(markOf(file), JSON.stringify({ size: st.size, mtimeMs: st.mtimeMs } satisfies Mark), { mode: 0o600 });
  } catch {
    // No mark only means a full check at the next start.
  }
}

/** True if the last run closed this very file cleanly; removes the mark either way. */
export function takeCleanClose(file: string): boolean {
  let mark: Mark | null = null;
  try {
    mark = JSON.parse(fs.readFileSync(markOf(file), 'utf8')) as Mark;
  } catch {
    return false;
  } finally {
    try {
      fs.rmSync(markOf(file), { force: true });
    } catch {
      // A read-only folder (EROFS): the mark cannot go, so it cannot be trusted either.
      mark = null;
    }
  }
  if (!mark) return false;
  try {
    if (fs.existsSync(`${file}-wal`)) return false;
    const st = fs.statSync(file);
    // Within a millisecond: setting a time back through utimes rounds through floating seconds.
    return st.size === mark.size && Math.abs(st.mtimeMs - mark.mtimeMs) < 1;
  } catch {
    return false;
  }
}
