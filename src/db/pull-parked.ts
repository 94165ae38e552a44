import type { Db } from './open';

/** An entry of a search page VaxDesk could not take, set aside with its reason (migration 58). */
export interface PulledParked {
  resourceType: string;
  resourceId: string;
  reason: string;
  versionId: string | null;
  firstSeenAt: string;
  lastSeenAt: string;
  times: number;
}

const COLS = `resource_type AS resourceType, resource_id AS resourceId, reason, version_id AS versionId,
  first_seen_at AS firstSeenAt, last_seen_at AS lastSeenAt, times`;

/** The pull's parked entries, and the people a pull refreshes from central's Patients. */
export function pullParkedRepo(db: Db) {
  const park = db.prepare(
    `INSERT INTO pull_parked (resource_type, resource_id, reason, version_id, first_seen_at, last_seen_at)
     VALUES (@resourceType, @resourceId, @reason, @versionId, @now, @now)
     ON CONFLICT (resource_type, resource_id) DO UPDATE SET reason = excluded.reason, version_id = excluded.version_id,
       last_seen_at = excluded.last_seen_at, times = times + 1`,
  );
  const clear = db.prepare<[string, string]>(`DELETE FROM pull_parked WHERE resource_type = ? AND resource_id = ?`);
  const list = db.prepare<[number], PulledParked>(`SELECT ${COLS} FROM pull_parked ORDER BY last_seen_at DESC, resource_type, resource_id LIMIT +?`);
  const count = db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM pull_parked`);
  return {
    park(p: { resourceType: string; resourceId: string; reason: string; versionId: string | null }, now: string): void {
      park.run({ ...p, now });
    },
    /** Removes a resource that a pull could now take; true when it had been parked. */
    clear(resourceType: string, resourceId: string): boolean {
      return clear.run(resourceType, resourceId).changes > 0;
    },
    list: (limit: number) => list.all(limit),
    count: () => count.get()!.n,
  };
}
export type PullParkedRepo = ReturnType<typeof pullParkedRepo>;
