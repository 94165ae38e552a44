import fs from 'node:fs';
import path from 'node:path';

/** Owner-only: the folder holds every person's national number and vaccination history. */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

/**
 * Creates the data folder owner-only, and tightens one that already exists (made by an older
 * VaxDesk, by hand, or by Electron's userData at 0755): the folder and everything in it, to a
 * depth of a few folders (backups, damaged, secrets, exports, uploads). Symbolic links are left
 * alone (their target is not ours to change). A read-only folder cannot be tightened: that is
 * reported by the start-up check, not here.
 */
export function secureDataFolder(dir: string): { tightened: number } {
  fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE });
  let tightened = 0;
  const tighten = (p: string, mode: number, current: number) => {
    if ((current & 0o777) === mode) return;
    try {
      fs.chmodSync(p, mode);
      tightened++;
    } catch {
      // EROFS/EPERM: a read-only or foreign folder; the start-up check says what that means.
    }
  };
  const walk = (d: string, depth: number) => {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(d);
    } catch {
      return;
    }
    tighten(d, DIR_MODE, st.mode);
    if (depth > 3) return;
    let names: string[];
    try {
      names = fs.readdirSync(d);
    } catch {
      return;
    }
    for (const name of names) {
      const p = path.join(d, name);
      let s: fs.Stats;
      try {
        s = fs.lstatSync(p);
      } catch {
        continue;
      }
      if (s.isDirectory()) walk(p, depth + 1);
      else if (s.isFile()) tighten(p, FILE_MODE, s.mode);
    }
  };
  walk(dir, 0);
  return { tightened };
}
