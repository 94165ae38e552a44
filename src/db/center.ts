import type { Db } from './open';

/** The center this data folder belongs to. `id` is its FHIR Location id at central, null until known. */
export interface Center {
  id: string | null;
  name: string;
  createdAt: string;
  updatedAt: string;
}

interface Row {
  location_id: string | null;
  name: string;
  created_at: string;
  updated_at: string;
}

/**
 * The one source of the center's identity: sync, reception, planning, reports and the paper kit
 * all read it through `get()` / `id()`, never through a settings key of their own.
 */
export function centerRepo(db: Db) {
  const get = db.prepare<[], Row>(`SELECT location_id, name, created_at, updated_at FROM center WHERE singleton = 1`);
  const insert = db.prepare(`INSERT INTO center (singleton, location_id, name, created_at, updated_at) VALUES (1, @id, @name, @now, @now)`);
  const update = db.prepare(`UPDATE center SET location_id = @id, name = @name, updated_at = @now WHERE singleton = 1`);
  const save = db.prepare(
    `INSERT INTO center (singleton, location_id, name, created_at, updated_at) VALUES (1, @id, @name, @now, @now)
     ON CONFLICT (singleton) DO UPDATE SET location_id = excluded.location_id, name = excluded.name, updated_at = excluded.updated_at`,
  );
  const pulled = db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM invitations WHERE center_id = ? AND source = 'central'`);
  const restamp = db.prepare(`UPDATE invitations SET center_id = @id WHERE center_id = 'local'`);
  const read = (): Center | null => {
    const r = get.get();
    return r ? { id: r.location_id, name: r.name, createdAt: r.created_at, updatedAt: r.updated_at } : null;
  };
  return {
    get: read,
    /** This center's id (its Location id), or null when the center or its id is not set up yet. */
    id: (): string | null => read()?.id ?? null,
    create(c: { id: string | null; name: string }, now: string): void {
      insert.run({ id: c.id, name: c.name, now });
    },
    update(c: { id: string | null; name: string }, now: string): void {
      update.run({ id: c.id, name: c.name, now });
    },
    /** Creates the center or replaces it (the demo, fixtures and tests; the services say which they mean). */
    save(c: { id: string | null; name: string }, now: string): void {
      save.run({ id: c.id, name: c.name, now });
    },
    /** Invitations pulled from central for the center id given (what a change of id leaves behind). */
    pulledFor: (id: string): number => pulled.get(id)!.n,
    /**
     * Walk-ins and no-shows recorded before the center had an id carry 'local'; once the id is
     * known they are this center's own (counted in its capacity, sent with its id).
     */
    adoptLocal: (id: string): number => restamp.run({ id }).changes,
  };
}
export type CenterRepo = ReturnType<typeof centerRepo>;
