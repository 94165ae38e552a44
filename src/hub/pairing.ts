import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { AppError } from '../api/errors';
import type { Core } from '../services/context';
import type { HubDesk } from '../db/hub';

export const PAIRING_MINUTES = 10;
/** Wrong codes tried while a code is live; past this every live code is dead. */
export const PAIRING_MAX_FAILED = 5;
// No 0/O, 1/I/L: the code is read off one screen and typed on another.
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normalise = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

export function newPairingCode(): string {
  let s = '';
  for (let i = 0; i < 10; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function createPairingCode(core: Core, now: Date, by: { staffId: string; displayName: string } | null): { code: string; expiresAt: string } {
  const code = newPairingCode();
  const expiresAt = new Date(now.getTime() + PAIRING_MINUTES * 60_000).toISOString();
  const at = now.toISOString();
  core.store.tx(() => {
    core.store.hub.addPairingCode(sha256(normalise(code)), at, expiresAt, by?.staffId ?? null);
    core.store.audit.append({ at, actorId: by?.staffId ?? null, actorName: by?.displayName ?? null, action: 'hub.pairingCode', entity: 'hub', entityId: null, detail: { expiresAt } });
  });
  return { code, expiresAt };
}

/**
 * A desk joins with a code: the code is consumed and the desk's credential made in one
 * transaction; the credential is returned once and kept here only as a hash.
 */
export function joinDesk(core: Core, code: string, name: string, now: Date): { deskId: string; credential: string } {
  const at = now.toISOString();
  const deskId = `desk-${randomUUID().slice(0, 8)}`;
  const credential = randomBytes(32).toString('base64url');
  const joined = core.store.tx(() => {
    if (!core.store.hub.usePairingCode(sha256(normalise(code)), at, deskId, PAIRING_MAX_FAILED)) return false;
    core.store.hub.addDesk(deskId, name, sha256(credential), at);
    core.store.audit.append({ at, actorId: null, actorName: null, action: 'hub.deskJoined', entity: 'desk', entityId: deskId, detail: { name } });
    return true;
  });
  if (!joined) {
    core.store.tx(() => core.store.hub.countPairingFailure(at));
    throw new AppError('FORBIDDEN', 'This pairing code is wrong, used or expired; ask the coordinator for a new one.');
  }
  return { deskId, credential };
}

/** The paired, unrevoked desk holding this credential, or undefined. Asked on every request. */
export function deskFor(core: Core, credential: string | undefined): HubDesk | undefined {
  if (!credential || credential.length > 100) return undefined;
  const d = core.store.hub.deskByCredential(sha256(credential));
  return d && d.revokedAt === null ? d : undefined;
}
