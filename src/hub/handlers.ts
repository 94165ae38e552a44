import type { HubConflict, HubDeskSummary, HubInfo, HubStatus } from '../api/contract/hub';
import { hubContract } from '../api/contract/hub';
import { AppError } from '../api/errors';
import type { Core, HandlersFor } from '../services/context';
import { audit } from '../services/audit-log';
import type { ConflictRow } from '../db/hub';
import { createPairingCode } from './pairing';
import { HubUnreachable, probeHub } from './client';
import type { DeskLink } from './desk';

/**
 * How the shell serves desks: the desk server and Electron put one in core.extensions.hubControl,
 * so that a coordinator can turn the LAN listener on from the UI.
 */
export interface HubControl {
  info(): HubInfo;
  enable(enabled: boolean, host?: string, port?: number): Promise<HubInfo>;
}

/** What the shell does when a desk joins from the UI (Electron's first start). */
export type JoinFromUi = (i: { url: string; code: string; fingerprint: string; name: string }) => Promise<{ deskId: string; hubUrl: string; fingerprint: string }>;

const control = (core: Core) => core.extensions.hubControl as HubControl | undefined;
const link = (core: Core) => core.extensions.deskLink as DeskLink | undefined;

function deskName(core: Core, id: string): string | null {
  return core.store.hub.desk(id)?.name ?? null;
}

function conflictOf(core: Core, c: ConflictRow): HubConflict {
  return {
    id: c.id,
    kind: c.kind === 'double-arrival' ? 'double-arrival' : 'refused',
    deskId: c.deskId,
    deskName: deskName(core, c.deskId),
    method: c.method,
    invitationId: c.entityId,
    staffName: c.staffName,
    at: c.at,
    first: c.first,
    errorCode: c.errorCode,
    recordedAt: c.recordedAt,
    settledAt: c.settledAt,
    settlement: c.settlement,
  };
}

/** Joining needs a desk with nothing of its own yet: a desk in use is never re-pointed at another hub from the UI. */
function firstStartOnly(core: Core): void {
  if (core.store.staff.count() > 0 || link(core)) throw new AppError('SETUP_DONE', 'This desk is already set up; a desk joins a hub only at its first start.');
}

export const hubHandlers: HandlersFor<typeof hubContract> = {
  'hub.info': (_i, call) => control(call.core)?.info() ?? { enabled: false, url: null, fingerprint: null },
  'hub.enable': async (i, call) => {
    const ctl = control(call.core);
    if (!ctl) throw new AppError('CONFLICT', 'This installation was started without a data folder of its own and cannot serve desks.');
    const info = await ctl.enable(i.enabled, i.host, i.port);
    call.core.store.tx(() => audit(call, i.enabled ? 'hub.enabled' : 'hub.disabled', 'hub', null, { url: info.url }));
    return info;
  },
  'hub.createPairingCode': (_i, call) => {
    const ctl = control(call.core);
    const info = ctl?.info();
    if (!info?.enabled) throw new AppError('CONFLICT', 'Turn on serving desks first: a pairing code is only useful while the hub listens.');
    const me = call.me();
    return { ...createPairingCode(call.core, call.now(), me), fingerprint: info.fingerprint };
  },
  'hub.desks': (_i, call): HubDeskSummary[] => call.core.store.hub.desks(),
  'hub.revokeDesk': (i, call) => {
    const { hub } = call.core.store;
    if (!hub.desk(i.deskId)) throw new AppError('NOT_FOUND', 'No desk with this id.');
    call.core.store.tx(() => {
      if (hub.revokeDesk(i.deskId, call.now().toISOString(), call.me().staffId)) audit(call, 'hub.deskRevoked', 'desk', i.deskId);
    });
    return hub.desk(i.deskId)!;
  },
  'hub.conflicts': (i, call) => call.core.store.hub.conflicts(i.openOnly, i.limit).map((c) => conflictOf(call.core, c)),
  'hub.settleConflict': (i, call) => {
    const { hub } = call.core.store;
    const c = hub.conflict(i.conflictId);
    if (!c) throw new AppError('NOT_FOUND', 'No conflict with this id.');
    if (c.settledAt) throw new AppError('CONFLICT', 'This conflict was settled already.', { settledAt: c.settledAt });
    call.core.store.tx(() => {
      hub.settleConflict(c.id, call.now().toISOString(), call.me().staffId, i.settlement);
      audit(call, 'hub.conflictSettled', 'conflict', c.id, { settlement: i.settlement, note: i.note, invitationId: c.entityId, deskId: c.deskId });
    });
    return conflictOf(call.core, hub.conflict(c.id)!);
  },
  'hub.status': (_i, call): HubStatus => {
    const l = link(call.core);
    if (l) return l.status();
    const hub = control(call.core)?.info().enabled === true;
    return { mode: hub ? 'hub' : 'standalone', waiting: 0, hubUrl: null, deskId: null, banner: null, lastContactAt: null };
  },
  'hub.probe': async (i, call) => {
    firstStartOnly(call.core);
    try {
      return { fingerprint: (await probeHub(i.url)).fingerprint };
    } catch (e) {
      throw new AppError('HUB_UNAVAILABLE', e instanceof Error ? e.message : 'The hub did not answer.');
    }
  },
  'hub.join': async (i, call) => {
    firstStartOnly(call.core);
    const join = call.core.extensions.joinHub as JoinFromUi | undefined;
    if (!join) throw new AppError('CONFLICT', 'This shell cannot join a hub from the UI; use vaxdesk serve --join.');
    try {
      return await join(i);
    } catch (e) {
      if (e instanceof AppError) throw e;
      if (e instanceof HubUnreachable && e.reason === 'fingerprint') throw new AppError('FORBIDDEN', e.message, { reason: 'fingerprint' });
      if (e instanceof HubUnreachable) throw new AppError('HUB_UNAVAILABLE', e.message);
      const code = (e as { code?: string }).code;
      throw new AppError(code === 'FORBIDDEN' ? 'FORBIDDEN' : 'INTERNAL', e instanceof Error ? e.message : 'Joining failed.');
    }
  },
};
