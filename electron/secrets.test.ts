import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { safeStorageSecretStore, type SafeStorageLike } from './secrets';
import { AppError } from '../src/api/errors';

// A keychain stand-in that really transforms the bytes (XOR with a key), so plain text on disk shows up.
function keychain(opts: { available?: boolean; backend?: string; key?: number } = {}): SafeStorageLike {
  const key = opts.key ?? 0x5a;
  return {
    isEncryptionAvailable: () => opts.available ?? true,
    getSelectedStorageBackend: () => opts.backend ?? 'gnome_libsecret',
    encryptString: (s) => Buffer.concat([Buffer.from('v10'), Buffer.from([key]), Buffer.from(s).map((b) => b ^ key)]),
    decryptString: (b) => {
      // Like a real keychain, a blob sealed with another key does not open.
      if (b.subarray(0, 3).toString() !== 'v10' || b[3] !== key) throw new Error('bad key');
      return Buffer.from(b.subarray(4).map((x) => x ^ key)).toString();
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-secrets-')), 'secrets');
});
afterEach(() => fs.rmSync(path.dirname(dir), { recursive: true, force: true }));

describe('safeStorage secret store', () => {
  it('seals secrets in owner-only files and reads them back', () => {
    const store = safeStorageSecretStore(dir, keychain(), 'linux');
    expect(store.kind).toBe('OS keychain');
    expect(store.get('central-token')).toBeNull();
    store.set('central-token', 'Bearer s3cr3t-token');
    expect(store.get('central-token')).toBe('Bearer s3cr3t-token');
    const files = fs.readdirSync(dir);
    expect(files).toEqual(['central-token.sealed']);
    const file = path.join(dir, files[0]!);
    expect(fs.readFileSync(file).includes('s3cr3t')).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(dir).mode & 0o777).toBe(0o700);
    store.set('central-token', null);
    expect(store.get('central-token')).toBeNull();
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('names cannot leave the folder', () => {
    const store = safeStorageSecretStore(dir, keychain(), 'linux');
    store.set('../../escape', 'x');
    expect(fs.readdirSync(dir)).toEqual(['______escape.sealed']);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['secrets']);
  });

  it.each([
    ['no encryption at all', { available: false }, /no encryption/],
    ['the basic_text fallback on Linux', { backend: 'basic_text' }, /keyring/],
  ])('refuses to store with %s, says why, and writes nothing', (_label, opts, why) => {
    const store = safeStorageSecretStore(dir, keychain(opts), 'linux');
    expect(store.kind).toMatch(/^unavailable: /);
    expect(store.kind).toMatch(why);
    let err: unknown;
    try {
      store.set('central-token', 'Bearer s3cr3t');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('GUARD');
    expect((err as AppError).message).toMatch(why);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('a secret sealed by another keychain is reported, not returned as garbage', () => {
    safeStorageSecretStore(dir, keychain({ key: 0x11 }), 'linux').set('t', 'abc');
    const other = safeStorageSecretStore(dir, keychain({ key: 0x77 }), 'linux');
    expect(() => other.get('t')).toThrow(/cannot be decrypted/);
    const locked = safeStorageSecretStore(dir, keychain({ available: false }), 'linux');
    expect(() => locked.get('t')).toThrow(/cannot be read/);
  });
});
