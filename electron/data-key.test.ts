import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/core';
import { tempDir } from '../src/testing/harness';
import { checkBackup, makeBackup } from '../src/services/backup/files';
import { safeStorageSecretStore, type SafeStorageLike } from './secrets';

// A keychain stand-in that really transforms the bytes, so a key written in clear would show up.
function keychain(key: number, available = true): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), Buffer.from([key]), Buffer.from(s).map((b) => b ^ key)]),
    decryptString: (b) => {
      if (b.subarray(0, 3).toString() !== 'v10' || b[3] !== key) throw new Error('bad key');
      return Buffer.from(b.subarray(4).map((x) => x ^ key)).toString();
    },
  };
}

const dirs: string[] = [];
const apps: App[] = [];
afterEach(() => {
  for (const a of apps.splice(0)) a.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** What electron/main.ts start() does with userData. */
function electronApp(dataDir: string, safe: SafeStorageLike): App {
  const a = createApp({ dataDir, secrets: safeStorageSecretStore(path.join(dataDir, 'secrets'), safe) });
  apps.push(a);
  return a;
}

describe('Electron: the data key is sealed by the OS keychain', () => {
  it('userData left 0755 is made 0700; the key is sealed, never in clear; a backup opens only with this keychain', async () => {
    const dir = tempDir();
    dirs.push(dir);
    fs.chmodSync(dir, 0o755);
    const a = electronApp(dir, keychain(0x5a));
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    expect(fs.readdirSync(path.join(dir, 'secrets'))).toEqual(['data-key.sealed']);
    expect(a.core.keys.kind).toBe('OS keychain');
    const b = await makeBackup(a.core.store.db, dir, new Date(), a.core.keys);
    a.close();
    apps.splice(0);
    // The same folder under another keychain (another user or PC): the key does not open, and no new one is made.
    expect(() => electronApp(dir, keychain(0x33))).toThrow(/cannot be decrypted/);
    expect(fs.readdirSync(path.join(dir, 'secrets'))).toEqual(['data-key.sealed']);
    const again = electronApp(dir, keychain(0x5a));
    expect(checkBackup(b.file, again.core.keys).ok).toBe(true);
  });

  it('with no keychain at all the key falls back to the owner-only file, and says so', () => {
    const dir = tempDir();
    dirs.push(dir);
    const a = electronApp(dir, keychain(0x5a, false));
    expect(a.core.keys.kind).toBe('owner-only file');
    expect(fs.statSync(path.join(dir, 'secrets', 'data-key.secret')).mode & 0o777).toBe(0o600);
  });
});
