import type { Db } from './open';

/** Small key/value settings stored as JSON; each key's shape is owned by the service that reads it. */
export function settingsRepo(db: Db) {
  const get = db.prepare<[string], { value: string }>(`SELECT value FROM settings WHERE key = ?`);
  const put = db.prepare(`INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`);
  const del = db.prepare(`DELETE FROM settings WHERE key = ?`);
  return {
    get<T>(key: string): T | undefined {
      const r = get.get(key);
      return r ? (JSON.parse(r.value) as T) : undefined;
    },
    put(key: string, value: unknown): void {
      put.run(key, JSON.stringify(value));
    },
    delete(key: string): void {
      del.run(key);
    },
  };
}
export type SettingsRepo = ReturnType<typeof settingsRepo>;
