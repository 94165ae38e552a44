import { z } from 'zod';
import { method, returns } from '../method';

export interface RetentionSettings {
  /** Days after a person's last appointment before their personal data is purged; null = never. */
  days: number | null;
  lastRun: { at: string; people: number } | null;
}

export interface RetentionRun {
  people: number;
  rows: Record<string, number>;
  backupsDeleted: number;
  backupsScrubbed: number;
}

export const retentionContract = {
  'retention.get': method({
    role: 'coordinator',
    summary: 'The retention period for personal data and when it last ran.',
    input: z.strictObject({}),
    result: returns<RetentionSettings>(),
    emits: [],
  }),
  'retention.update': method({
    role: 'coordinator',
    summary: "Set the retention period in days (7 to 3650), or null to keep personal data until changed.",
    input: z.strictObject({ days: z.number().int().min(7).max(3650).nullable() }),
    result: returns<RetentionSettings>(),
    emits: ['settings'],
  }),
  'retention.runNow': method({
    role: 'coordinator',
    summary:
      'Purge the personal data of people whose appointments all ended before the period and whose changes reached central; then VACUUM, empty the WAL and purge the backups.',
    input: z.strictObject({}),
    result: returns<RetentionRun>(),
    emits: ['invitations', 'standby', 'settings'],
  }),
} as const;
