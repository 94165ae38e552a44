import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../src/api/errors';
import type { SecretStore } from '../src/services/secrets';

/** The part of Electron's safeStorage this store uses (injected, so it can be tested without Electron). */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(sealed: Buffer): string;
  getSelectedStorageBackend?(): string;
}

/**
 * Why secrets cannot be sealed on this machine, or null when they can. On Linux without a keyring
 * Electron falls back to 'basic_text', a key compiled into Chromium: that is obfuscation, not
 * protection, so it is refused like no encryption at all.
 */
export function unavailableReason(safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): string | null {
  if (!safe.isEncryptionAvailable()) {
    return 'The operating system offers no encryption for saved secrets (no keychain is available to VaxDesk).';
  }
  if (platform === 'linux' && safe.getSelectedStorageBackend?.() === 'basic_text') {
    return 'No desktop keyring (GNOME Keyring or KWallet) is running, so secrets cannot be encrypted; install or unlock one and restart VaxDesk.';
  }
  return null;
}

/**
 * Secrets sealed with the OS keychain (safeStorage), one owner-only file each in `dir`. Without a
 * usable keychain it refuses to store anything rather than fall back to plain text.
 */
export function safeStorageSecretStore(dir: string, safe: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretStore {
  const file = (name: string) => path.join(dir, `${name.replace(/[^a-z0-9_-]/gi, '_')}.sealed`);
  const refuse = (reason: string): never => {
    throw new AppError('GUARD', `The secret was not saved: ${reason}`);
  };
  return {
    get kind() {
      const reason = unavailableReason(safe, platform);
      return reason ? `unavailable: ${reason}` : 'OS keychain';
    },
    get(name) {
      let sealed: Buffer;
      try {
        sealed = fs.readFileSync(file(name));
      } catch {
        return null;
      }
      const reason = unavailableReason(safe, platform);
      if (reason) throw new AppError('GUARD', `A saved secret cannot be read: ${reason}`);
      try {
        return safe.decryptString(sealed);
      } catch {
        // Another user's or another machine's keychain sealed it (a copied data folder).
        throw new AppError('GUARD', 'A saved secret cannot be decrypted with this computer\'s keychain; enter it again.');
      }
    },
    set(name, value) {
      if (value === null) {
        fs.rmSync(file(name), { force: true });
        return;
      }
      const reason = unavailableReason(safe, platform);
      if (reason) refuse(reason);
      const sealed = safe.encryptString(value);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      fs.chmodSync(dir, 0o700);
      const tmp = `${file(name)}.tmp`;
      fs.writeFileSync(tmp, sealed, { mode: 0o600 });
      fs.chmodSync(tmp, 0o600);
      fs.renameSync(tmp, file(name));
    },
  };
}
