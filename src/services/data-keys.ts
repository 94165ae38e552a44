import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../api/errors';
import type { SecretStore } from './secrets';

/** The name of the master key in the secret store (sealed by the OS keychain in Electron). */
export const DATA_KEY_SECRET = 'data-key';

/**
 * The keys that protect data outside the live database: backups (AES-256-GCM) and the audit
 * chain (HMAC-SHA256). Both come from one random master key kept outside the database, so a copy
 * of the database or of a backup alone cannot be read or have its audit log re-written.
 */
export interface DataKeys {
  /** A short fingerprint of the master key, written into each backup: tells "another folder's key" from "damaged". */
  readonly id: string;
  readonly backup: Buffer;
  readonly audit: Buffer;
  /** Where the master key lives ("OS keychain", "owner-only file", "memory"). */
  readonly kind: string;
  /** Made during this start (a new data folder, or the first start of a version with keys). */
  readonly created: boolean;
}

function derive(master: Buffer, kind: string, created = false): DataKeys {
  // Separate keys per use: a key never serves both as an encryption and a MAC key.
  const sub = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), `vaxdesk ${info} v1`, 32));
  return {
    id: createHmac('sha256', master).update('vaxdesk key id').digest('hex').slice(0, 16),
    backup: sub('backup'),
    audit: sub('audit'),
    kind,
    created,
  };
}

/** A master key from its stored form, or null when the stored text is not one. */
function parse(stored: string): Buffer | null {
  const b = Buffer.from(stored.trim(), 'base64');
  return b.length === 32 ? b : null;
}

/**
 * Loads the master key, creating it on first use. `fallback` (an owner-only file) is used only
 * where the primary store cannot seal anything at all (Electron on a Linux without a keyring): the
 * backups are then as safe as that file, which the health screen and the README say.
 * A key that exists but cannot be opened (another user's keychain, a copied folder) is never
 * replaced by a new one: that would make every backup unreadable and break the audit chain.
 */
export function loadDataKeys(primary: SecretStore, fallback: SecretStore | null = null): DataKeys {
  const existing = findDataKeys(primary, fallback);
  if (existing) return existing;
  const master = randomBytes(32);
  try {
    primary.set(DATA_KEY_SECRET, master.toString('base64'));
    return derive(master, primary.kind, true);
  } catch (e) {
    if (!fallback) throw e;
    fallback.set(DATA_KEY_SECRET, master.toString('base64'));
    return derive(master, fallback.kind, true);
  }
}

/** The existing key, or null: for commands that must never make one (restore, verify). */
export function findDataKeys(primary: SecretStore, fallback: SecretStore | null = null): DataKeys | null {
  const fromStore = (s: SecretStore): DataKeys | null => {
    const stored = s.get(DATA_KEY_SECRET);
    if (stored === null) return null;
    const master = parse(stored);
    if (!master) throw new AppError('GUARD', `The data key in the ${s.kind} is not a key; VaxDesk will not replace it (backups made with it would become unreadable).`);
    return derive(master, s.kind);
  };
  return fromStore(primary) ?? (fallback ? fromStore(fallback) : null);
}

/**
 * Whether the folder's key is sealed by the Electron app's keychain store (electron/secrets.ts
 * names it data-key.sealed): the CLI cannot open it, and must not make a second key beside it.
 */
export function keySealedByKeychain(dataDir: string): boolean {
  return fs.existsSync(path.join(dataDir, 'secrets', `${DATA_KEY_SECRET}.sealed`));
}
