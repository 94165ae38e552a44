import { randomUUID } from 'node:crypto';
import { AppError } from '../api/errors';
import type { coreContract, Me, StaffSummary } from '../api/contract/core';
import type { StaffRow } from '../db/staff';
import type { Call, Core, HandlersFor } from './context';
import { audit } from './audit-log';
import { createCenter } from './center';
import { hashPin, verifyPin } from './pin-hash';
import type { Session } from './sessions';

export const MAX_PIN_ATTEMPTS = 5;
export const LOCK_MINUTES = 5;
export const DEFAULT_IDLE_LOCK_MINUTES = 15;
const SECURITY_KEY = 'security';

export function idleLockMinutes(core: Core): number {
  return core.store.settings.get<{ idleLockMinutes: number }>(SECURITY_KEY)?.idleLockMinutes ?? DEFAULT_IDLE_LOCK_MINUTES;
}

const summary = (s: StaffRow): StaffSummary => ({
  id: s.id,
  displayName: s.displayName,
  role: s.role,
  locale: s.locale,
  active: s.active,
  lockedUntil: s.lockedUntil,
});

function meOf(core: Core, s: Session): Me {
  return { staffId: s.staffId, displayName: s.displayName, role: s.role, locale: s.locale, deskId: s.deskId, idleLockMinutes: idleLockMinutes(core) };
}

function mustGet(call: Call, id: string): StaffRow {
  const s = call.core.store.staff.get(id);
  if (!s) throw new AppError('NOT_FOUND', 'This staff member does not exist.');
  return s;
}

function startSession(call: Call, s: StaffRow, deskId: string) {
  const session = call.core.sessions.create({ staffId: s.id, displayName: s.displayName, role: s.role, locale: s.locale, deskId });
  return { token: session.token, me: meOf(call.core, session) };
}

export const coreHandlers: HandlersFor<typeof coreContract> = {
  'session.status': (_i, call) => {
    const { staff } = call.core.store;
    return {
      setupRequired: staff.count() === 0,
      centerRequired: call.core.store.center.get() === null,
      staff: staff
        .list()
        .filter((s) => s.active)
        .map((s) => ({ id: s.id, displayName: s.displayName, role: s.role })),
    };
  },

  'setup.createFirstCoordinator': async (i, call) => {
    const { store } = call.core;
    if (store.staff.count() > 0) throw new AppError('SETUP_DONE', 'VaxDesk is already set up; log in instead.');
    const pinHash = await hashPin(i.pin);
    const id = randomUUID();
    const now = call.now().toISOString();
    store.tx(() => {
      // Re-checked inside the transaction: two first-run screens must not both win.
      if (store.staff.count() > 0) throw new AppError('SETUP_DONE', 'VaxDesk is already set up; log in instead.');
      store.staff.insert({ id, displayName: i.displayName, role: 'coordinator', pinHash, locale: i.locale, now });
      store.audit.append({ at: now, actorId: id, actorName: i.displayName, action: 'setup.firstCoordinator', entity: 'staff', entityId: id });
      if (i.center) createCenter(store, i.center, now, { staffId: id, staffName: i.displayName });
    });
    return startSession(call, mustGet(call, id), i.deskId);
  },

  'session.login': async (i, call) => {
    const { store } = call.core;
    const s = store.staff.get(i.staffId);
    if (!s || !s.active) throw new AppError('NOT_FOUND', 'This staff member does not exist or is no longer active.');
    const now = call.now();
    if (s.lockedUntil && Date.parse(s.lockedUntil) > now.getTime()) {
      throw new AppError('ACCOUNT_LOCKED', 'Too many wrong PINs: this account is locked for a few minutes.', { until: s.lockedUntil });
    }
    const good = await verifyPin(i.pin, s.pinHash);
    const at = call.now().toISOString();
    if (!good) {
      const locked = store.tx(() => {
        const fresh = mustGet(call, s.id);
        const attempts = fresh.failedAttempts + 1;
        const lockedUntil = attempts >= MAX_PIN_ATTEMPTS ? new Date(now.getTime() + LOCK_MINUTES * 60_000).toISOString() : null;
        store.staff.setAttempts(s.id, lockedUntil ? 0 : attempts, lockedUntil, at);
        store.audit.append({
          at,
          actorId: s.id,
          actorName: s.displayName,
          action: lockedUntil ? 'session.locked' : 'session.wrongPin',
          entity: 'staff',
          entityId: s.id,
          detail: { attempts },
        });
        return { lockedUntil, left: MAX_PIN_ATTEMPTS - attempts };
      });
      if (locked.lockedUntil) {
        throw new AppError('ACCOUNT_LOCKED', 'Too many wrong PINs: this account is locked for a few minutes.', { until: locked.lockedUntil });
      }
      throw new AppError('WRONG_PIN', 'Wrong PIN.', { attemptsLeft: locked.left });
    }
    store.tx(() => {
      store.staff.setAttempts(s.id, 0, null, at);
      store.audit.append({ at, actorId: s.id, actorName: s.displayName, action: 'session.login', entity: 'staff', entityId: s.id, detail: { deskId: i.deskId } });
    });
    return startSession(call, s, i.deskId);
  },

  'session.logout': (_i, call) => {
    call.core.sessions.end(call.me().token);
    return null;
  },

  'session.me': (_i, call) => meOf(call.core, call.me()),

  'session.setLocale': (i, call) => {
    const me = call.me();
    const { store } = call.core;
    store.tx(() => {
      store.staff.setLocale(me.staffId, i.locale, call.now().toISOString());
      audit(call, 'staff.setLocale', 'staff', me.staffId, { locale: i.locale });
    });
    me.locale = i.locale;
    return meOf(call.core, me);
  },

  'staff.list': (_i, call) => call.core.store.staff.list().map(summary),

  'staff.create': async (i, call) => {
    const { store } = call.core;
    if (store.staff.isNameTaken(i.displayName)) throw new AppError('CONFLICT', 'An active staff member already has this name.');
    const pinHash = await hashPin(i.pin);
    const id = randomUUID();
    const now = call.now().toISOString();
    store.tx(() => {
      if (store.staff.isNameTaken(i.displayName)) throw new AppError('CONFLICT', 'An active staff member already has this name.');
      store.staff.insert({ id, displayName: i.displayName, role: i.role, pinHash, locale: i.locale, now });
      audit(call, 'staff.create', 'staff', id, { displayName: i.displayName, role: i.role });
    });
    return summary(mustGet(call, id));
  },

  'staff.setActive': (i, call) => {
    const { store } = call.core;
    const s = mustGet(call, i.staffId);
    if (!i.active && s.role === 'coordinator' && s.active && store.staff.activeCoordinators() <= 1) {
      throw new AppError('CONFLICT', 'This is the last active coordinator; add another coordinator first.');
    }
    if (i.active && store.staff.isNameTaken(s.displayName, s.id)) throw new AppError('CONFLICT', 'An active staff member already has this name.');
    store.tx(() => {
      store.staff.setActive(s.id, i.active, call.now().toISOString());
      audit(call, i.active ? 'staff.activate' : 'staff.deactivate', 'staff', s.id);
    });
    if (!i.active) call.core.sessions.endAllFor(s.id);
    return summary(mustGet(call, s.id));
  },

  'staff.resetPin': async (i, call) => {
    const { store } = call.core;
    const s = mustGet(call, i.staffId);
    const pinHash = await hashPin(i.pin);
    store.tx(() => {
      store.staff.setPin(s.id, pinHash, call.now().toISOString());
      audit(call, 'staff.resetPin', 'staff', s.id);
    });
    return summary(mustGet(call, s.id));
  },

  'audit.list': (i, call) =>
    call.core.store.audit.recent(i.beforeSeq ?? Number.MAX_SAFE_INTEGER, i.limit).map((r) => ({
      seq: r.seq,
      at: r.at,
      actorName: r.actorName,
      action: r.action,
      entity: r.entity,
      entityId: r.entityId,
      detail: JSON.parse(r.detail) as Record<string, unknown>,
    })),

  'settings.getSecurity': (_i, call) => ({ idleLockMinutes: idleLockMinutes(call.core) }),

  'settings.updateSecurity': (i, call) => {
    const { store } = call.core;
    store.tx(() => {
      store.settings.put(SECURITY_KEY, { idleLockMinutes: i.idleLockMinutes });
      audit(call, 'settings.updateSecurity', 'settings', SECURITY_KEY, { idleLockMinutes: i.idleLockMinutes });
    });
    return { idleLockMinutes: i.idleLockMinutes };
  },
};
