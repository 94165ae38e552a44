import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToDelete, parseBackupName } from './backup-rotation';

describe('backup names', () => {
  it('carry the UTC instant and round-trip, with a counter for two in one second', () => {
    const at = new Date('2021-03-28T01:30:05.250Z');
    expect(backupFileName(at)).toBe('vaxdesk-20210328T013005Z.sqlite');
    expect(backupFileName(at, 3)).toBe('vaxdesk-20210328T013005Z-3.sqlite');
    expect(parseBackupName('vaxdesk-20210328T013005Z-3.sqlite')).toEqual({ at: new Date('2021-03-28T01:30:05.000Z'), n: 3 });
    for (const bad of ['vaxdesk.sqlite', 'vaxdesk-20210328T013005Z.sqlite.partial', 'vaxdesk-20211328T013005Z.sqlite', 'x-20210328T013005Z.sqlite', 'vaxdesk-20210328T013005Z.sqlite-wal']) {
      expect(parseBackupName(bad)).toBeNull();
    }
  });
});

describe('rotation: the newest 24, plus the newest of each of the last 7 Brussels days', () => {
  const every30min = (startIso: string, count: number) =>
    Array.from({ length: count }, (_, i) => backupFileName(new Date(Date.parse(startIso) + i * 30 * 60_000)));

  it('keeps everything while there are fewer than the limits', () => {
    expect(backupsToDelete(every30min('2021-03-01T08:00:00Z', 24))).toEqual([]);
  });

  it('over 10 days of half-hourly backups keeps 24 latest + one per earlier day, 7 days in all', () => {
    const names = every30min('2021-02-28T23:00:00Z', 10 * 48);
    const del = new Set(backupsToDelete(names));
    const kept = names.filter((n) => !del.has(n));
    // The last day is covered by the 24 latest; 6 earlier days keep their newest backup.
    expect(kept.length).toBe(24 + 6);
    expect(kept.slice(-24)).toEqual(names.slice(-24));
    const keptDays = kept.slice(0, 6).map((n) => parseBackupName(n)!.at.toISOString());
    // The newest of a Brussels day (CET = UTC+1 in March) is 22:30 UTC.
    expect(keptDays).toEqual(['2021-03-04T22:30:00.000Z', '2021-03-05T22:30:00.000Z', '2021-03-06T22:30:00.000Z', '2021-03-07T22:30:00.000Z', '2021-03-08T22:30:00.000Z', '2021-03-09T22:30:00.000Z']);
  });

  it('never deletes a file that is not a backup, and honours other limits', () => {
    const names = ['notes.txt', 'vaxdesk.sqlite', ...every30min('2021-03-01T00:00:00Z', 5)];
    expect(backupsToDelete(names, { keepLatest: 2, keepDaily: 0 })).toEqual(every30min('2021-03-01T00:00:00Z', 3).reverse());
    expect(backupsToDelete(names, { keepLatest: 0, keepDaily: 1 })).toHaveLength(4);
  });
});
