import { localDate } from './time';

/** Backup file names carry their UTC instant: vaxdesk-20210301T090000Z.sqlite (-2, -3… when two share a second). */
const NAME = /^vaxdesk-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z(?:-(\d{1,4}))?\.sqlite$/;

export function backupFileName(at: Date, n = 1): string {
  const s = at.toISOString();
  const stamp = `${s.slice(0, 4)}${s.slice(5, 7)}${s.slice(8, 10)}T${s.slice(11, 13)}${s.slice(14, 16)}${s.slice(17, 19)}Z`;
  return `vaxdesk-${stamp}${n > 1 ? `-${n}` : ''}.sqlite`;
}

/** The instant a backup was taken, or null for a file that is not a backup. */
export function parseBackupName(name: string): { at: Date; n: number } | null {
  const m = NAME.exec(name);
  if (!m) return null;
  const at = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  // Date.UTC rolls month 13 into next January: only a name that round-trips is a backup.
  if (Number.isNaN(at.getTime()) || backupFileName(at) !== `vaxdesk-${m.slice(1, 4).join('')}T${m.slice(4, 7).join('')}Z.sqlite`) return null;
  return { at, n: m[7] ? +m[7] : 1 };
}

export interface RotationPolicy {
  /** The newest N backups are always kept (at one every 30 minutes: the last 12 hours). */
  keepLatest: number;
  /** And the newest backup of each of the last N Brussels days that have one. */
  keepDaily: number;
}

export const DEFAULT_ROTATION: RotationPolicy = { keepLatest: 24, keepDaily: 7 };

/**
 * Which backups to delete. Pure: names in, names out. Files that are not backups are never
 * touched. A day is a Brussels calendar day, as the coordinator thinks of "yesterday's backup".
 */
export function backupsToDelete(names: readonly string[], policy: RotationPolicy = DEFAULT_ROTATION): string[] {
  const backups = names
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((b): b is { name: string; parsed: { at: Date; n: number } } => b.parsed !== null)
    .sort((a, b) => b.parsed.at.getTime() - a.parsed.at.getTime() || b.parsed.n - a.parsed.n);
  const keep = new Set(backups.slice(0, Math.max(0, policy.keepLatest)).map((b) => b.name));
  const days = new Set<string>();
  for (const b of backups) {
    const day = localDate(b.parsed.at);
    if (days.has(day)) continue;
    if (days.size >= policy.keepDaily) break;
    days.add(day);
    keep.add(b.name);
  }
  return backups.filter((b) => !keep.has(b.name)).map((b) => b.name);
}
