import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the central system's bearer token is kept. Electron seals it with the OS keychain
 * (safeStorage); the desk server and the CLI keep it in a file only the owner can read.
 */
export interface SecretStore {
  /** Human-readable description for the settings screen ("OS keychain", "owner-only file"). */
  readonly kind: string;
  get(name: string): string | null;
  set(name: string, value: string | null): void;
}

/** A folder of owner-only files (mode 0600 in a 0700 folder). */
export function fileSecretStore(dir: string): SecretStore {
  const file = (name: string) => path.join(dir, `${name.replace(/[^a-z0-9_-]/gi, '_')}.secret`);
  return {
    kind: 'owner-only file',
    get(name) {
      try {
        return fs.readFileSync(file(name), 'utf8');
      } catch {
        return null;
      }
    },
    set(name, value) {
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (value === null) {
        fs.rmSync(file(name), { force: true });
        return;
      }
      const tmp = `${file(name)}.tmp`;
      fs.writeFileSync(tmp, value, { mode: 0o600 });
      fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, file(name));
    },
  };
}

/** The owner-only secrets of a data folder (the desk server's and the CLI's store). */
export const dataFolderSecrets = (dataDir: string): SecretStore => fileSecretStore(path.join(dataDir, 'secrets'));

/** For tests and in-memory apps. */
export function memorySecretStore(): SecretStore {
  const m = new Map<string, string>();
  return {
    kind: 'memory',
    get: (n) => m.get(n) ?? null,
    set: (n, v) => void (v === null ? m.delete(n) : m.set(n, v)),
  };
}
