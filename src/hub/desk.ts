import { randomUUID } from 'node:crypto';
import { contract, isMethodName, type MethodName } from '../api/contract';
import { execute, type Dispatch } from '../api/dispatch';
import { fail, type Result } from '../api/errors';
import { CHANGE_KINDS, type ChangeKind } from '../api/method';
import type { HubStatus } from '../api/contract/hub';
import type { App } from '../core';
import { txHooks } from '../db/tx-hooks';
import { handlers } from '../services/handlers';
import type { Call } from '../services/context';
import { deskDefaults } from '../services/reception/outcomes';
import { HubClient, HubUnreachable, probeHub } from './client';
import { sameFingerprint } from './cert';
import { FeedPageSchema, SnapshotSchema, applyFeedPage, applySnapshot, cursorOf } from './feed';
import { HUB_PATHS, REQUEST_ID_HEADER } from './protocol';
import { isReplayable } from './replay';

export interface DeskPairing {
  hubUrl: string;
  fingerprint: string;
  certPem: string;
  deskId: string;
  credential: string;
  name: string;
}

const SECRET = 'hub-desk';

export function loadPairing(app: App): DeskPairing | null {
  const s = app.core.secrets.get(SECRET);
  return s ? (JSON.parse(s) as DeskPairing) : null;
}

/**
 * Joins a hub: reads its certificate, refuses it unless its fingerprint is the one the user
 * compared with the hub's screen, then pairs over TLS pinned to that certificate. The desk's
 * credential is kept in the secret store (owner-only file, or the OS keychain in Electron).
 */
export async function joinHub(app: App, i: { url: string; code: string; fingerprint: string; name: string }): Promise<DeskPairing> {
  const url = i.url.replace(/\/$/, '');
  const seen = await probeHub(url);
  if (!sameFingerprint(seen.fingerprint, i.fingerprint)) {
    throw new HubUnreachable('fingerprint', `The hub at ${url} shows fingerprint ${seen.fingerprint}, not the one given: not joined.`);
  }
  const client = new HubClient({ url, fingerprint: seen.fingerprint, certPem: seen.certPem });
  try {
    const r = await client.request('POST', HUB_PATHS.join, { code: i.code, name: i.name });
    const body = r.body as Result<{ deskId: string; credential: string }>;
    if (!body.ok) throw new JoinRefused(body.error.code, body.error.message);
    const pairing: DeskPairing = { hubUrl: url, fingerprint: seen.fingerprint, certPem: seen.certPem, deskId: body.value.deskId, credential: body.value.credential, name: i.name };
    app.core.secrets.set(SECRET, JSON.stringify(pairing));
    return pairing;
  } finally {
    client.close();
  }
}

export class JoinRefused extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls a desk answers itself, online or not: its own link, and joining. */
const LOCAL = new Set<string>(['hub.status', 'hub.probe', 'hub.join']);
/** Writes a desk does on its copy without sending them: they concern only this desk. */
const LOCAL_WRITES = new Set<string>(['session.login', 'session.logout', 'session.setLocale', 'desk.setDefaults']);
const LOGIN = new Set<string>(['session.login', 'setup.createFirstCoordinator']);

type Mode = 'online' | 'offline' | 'revoked';

/**
 * A joined desk. Online, every API call is forwarded to the hub over the one contract (the hub's
 * dispatcher and guards decide); the hub's change events and feed keep the desk's copy current.
 * When the hub does not answer (2 s, refused, TLS), calls run on the copy; the writes that can be
 * sent later are queued in hub_outbox in the same local transaction, and replayed in order, each
 * under its request id, when the hub answers again; then the desk goes back online by itself.
 */
export class DeskLink {
  private mode: Mode = 'offline';
  private client: HubClient;
  private lastContact: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopEvents: (() => void) | null = null;
  private busy = false;
  private stopped = false;
  private feedDirty = true;
  private lastHello = 0;
  /** What the link did, for the status screen and tests. */
  readonly stats = { snapshots: 0, feedPages: 0, replayed: 0 };
  readonly dispatch: Dispatch;

  constructor(
    readonly app: App,
    readonly pairing: DeskPairing,
    private readonly opts: { tickMs?: number } = {},
  ) {
    this.client = new HubClient({ url: pairing.hubUrl, fingerprint: pairing.fingerprint, certPem: pairing.certPem, credential: pairing.credential });
    this.dispatch = (name, input, token) => this.call(name, input, token);
    app.core.extensions.deskLink = this;
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.stopEvents?.();
    while (this.busy) await new Promise((r) => setTimeout(r, 10));
    this.client.close();
  }

  status(): HubStatus {
    const waiting = this.app.core.store.hub.outboxCount();
    const banner =
      this.mode === 'online'
        ? null
        : this.mode === 'revoked'
          ? 'This desk was revoked by the hub; ask the coordinator to pair it again.'
          : `Hub unreachable — working on this desk, ${waiting} ${waiting === 1 ? 'change' : 'changes'} waiting`;
    return { mode: this.mode, waiting, hubUrl: this.pairing.hubUrl, deskId: this.pairing.deskId, banner, lastContactAt: this.lastContact?.toISOString() ?? null };
  }

  get online(): boolean {
    return this.mode === 'online';
  }

  private async call(name: string, input: unknown, token: string | null): Promise<Result<unknown>> {
    if (typeof name !== 'string' || !isMethodName(name) || LOCAL.has(name)) return this.app.dispatch(name, input, token);
    if (this.mode === 'revoked') return fail('FORBIDDEN', 'This desk was revoked by the hub; ask the coordinator to pair it again.');
    if (this.mode === 'online') {
      try {
        return await this.forward(name, input, token);
      } catch (e) {
        if (!(e instanceof HubUnreachable)) throw e;
        this.goOffline(e);
      }
    }
    return this.onCopy(name, input, token);
  }

  private async forward(name: MethodName, input: unknown, token: string | null): Promise<Result<unknown>> {
    const spec = contract[name];
    const body = LOGIN.has(name) && input && typeof input === 'object' ? { ...(input as object), deskId: this.pairing.deskId } : (input ?? {});
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    // Each forwarded write carries its own request id: the hub answers a retry with the first result.
    if (spec.emits.length > 0) headers[REQUEST_ID_HEADER] = randomUUID();
    const r = await this.client.request('POST', `/api/${name}`, body, headers);
    const result = r.body as Result<unknown>;
    this.lastContact = new Date();
    if (!result || typeof result !== 'object' || typeof (result as { ok?: unknown }).ok !== 'boolean') throw new HubUnreachable('protocol', 'The hub answered something that is not a result.');
    if (!result.ok && r.status === 403 && (result.error.details as { reason?: string } | undefined)?.reason === 'desk') {
      this.mode = 'revoked';
      return result;
    }
    if (result.ok) this.mirror(name, input, token, result.value);
    return result;
  }

  /** Keeps what the desk needs to go on alone: the hub's login (so staff stay logged in) and the session's defaults. */
  private mirror(name: MethodName, input: unknown, token: string | null, value: unknown): void {
    const sessions = this.app.core.sessions;
    if (LOGIN.has(name)) {
      const v = value as { token: string; me: { staffId: string; displayName: string; role: 'receptionist' | 'coordinator'; locale: 'nl' | 'fr' | 'en' } };
      sessions.adopt({ token: v.token, staffId: v.me.staffId, displayName: v.me.displayName, role: v.me.role, locale: v.me.locale, deskId: this.pairing.deskId });
    } else if (name === 'session.logout' && token) {
      sessions.end(token);
    } else if (name === 'desk.setDefaults' && token) {
      void this.app.dispatch(name, input, token);
    }
  }

  /** The call on the desk's own copy. */
  private async onCopy(name: MethodName, input: unknown, token: string | null): Promise<Result<unknown>> {
    const spec = contract[name];
    if (spec.emits.length === 0 || LOCAL_WRITES.has(name)) return this.app.dispatch(name, input, token);
    if (!isReplayable(name)) return fail('HUB_UNAVAILABLE', 'The hub cannot be reached; this cannot be done on the desk while it is away.');
    const { core } = this.app;
    const session = token ? core.sessions.touch(token) : undefined;
    if (!session) return fail('UNAUTHENTICATED', 'Your session has ended; please log in again.');
    let queued = input && typeof input === 'object' ? { ...(input as Record<string, unknown>) } : {};
    if (name === 'outcomes.record' && queued.outcome === 'vaccinated' && !queued.lotId) {
      // The hub does not know this desk's session defaults: the lot goes with the change.
      const d = deskDefaults({ me: () => session } as Call);
      queued = { ...queued, ...(d.lotId ? { lotId: d.lotId } : {}) };
    }
    const requestId = randomUUID();
    const at = core.clock();
    const run = await txHooks.capture(
      () => core.store.hub.outboxAdd(requestId, name, queued, session.staffId, at.toISOString()),
      () => execute(core, handlers, name, queued, session, () => at, true),
    );
    if (run.value.ok && !run.captured) console.error(`[vaxdesk] ${name} wrote outside store.tx: not queued for the hub`);
    if (run.value.ok) core.events.emit('hub');
    return run.value;
  }

  private goOffline(why?: unknown): void {
    if (this.mode !== 'online') return;
    console.error(`[vaxdesk] hub unreachable, working on this desk's copy: ${why instanceof Error ? why.message : String(why ?? '')}`);
    this.mode = 'offline';
    this.stopEvents?.();
    this.stopEvents = null;
    this.app.core.events.emit('hub');
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.tick(), ms);
  }

  /** Checks the hub, drains the queue, follows the feed; never throws. */
  private async tick(): Promise<void> {
    if (this.stopped || this.busy) return;
    this.busy = true;
    try {
      if (this.mode === 'offline') await this.tryRejoin();
      else if (this.mode === 'online') await this.follow();
    } catch (e) {
      if (process.env.VAXDESK_HUB_DEBUG) console.error('[vaxdesk] desk link tick', e);
      if (e instanceof HubUnreachable) this.goOffline(e);
      else console.error('[vaxdesk] desk link', e);
    } finally {
      this.busy = false;
      this.schedule(this.opts.tickMs ?? 250);
    }
  }

  private async hello(): Promise<void> {
    const r = await this.client.request('POST', HUB_PATHS.hello, { backlog: this.app.core.store.hub.outboxCount() });
    const body = r.body as Result<unknown>;
    if (!body.ok) {
      if (r.status === 403) this.mode = 'revoked';
      throw new HubUnreachable('protocol', body.error.message);
    }
    this.lastContact = new Date();
    this.lastHello = Date.now();
  }

  private async tryRejoin(): Promise<void> {
    await this.hello();
    const replayed = await this.drain();
    if (replayed > 0 || cursorOf(this.app.core.store) === 0) await this.resnapshot();
    this.mode = 'online';
    this.feedDirty = true;
    this.listen();
    await this.follow();
    this.app.core.events.emit('hub');
  }

  /** Sends the waiting writes in order; each answered one (applied or recorded as a conflict) leaves the queue. */
  private async drain(): Promise<number> {
    const { store } = this.app.core;
    let sent = 0;
    for (;;) {
      const head = store.hub.outboxHead(100);
      if (head.length === 0) return sent;
      const r = await this.client.request('POST', HUB_PATHS.replay, { backlog: store.hub.outboxCount(), entries: head.map(({ requestId, method, input, staffId, at }) => ({ requestId, method, input, staffId, at })) }, {}, 30_000);
      const body = r.body as Result<{ requestId: string; outcome: string }[]>;
      if (!body.ok) throw new HubUnreachable('protocol', body.error.message);
      store.tx(() => {
        for (const x of body.value) store.hub.outboxDone(x.requestId);
      });
      sent += body.value.length;
      this.stats.replayed += body.value.length;
    }
  }

  private async resnapshot(): Promise<void> {
    const r = await this.client.request('GET', HUB_PATHS.snapshot, undefined, {}, 60_000);
    const body = r.body as Result<unknown>;
    if (!body.ok) throw new HubUnreachable('protocol', body.error.message);
    const snap = SnapshotSchema.safeParse(body.value);
    if (!snap.success) throw new HubUnreachable('protocol', 'The hub sent a snapshot this desk cannot read.');
    applySnapshot(this.app.core.store, snap.data);
    this.stats.snapshots++;
    for (const k of CHANGE_KINDS) this.app.core.events.emit(k);
  }

  /** Pulls the feed until the copy is at the hub's newest change. */
  async follow(): Promise<void> {
    if (!this.stopEvents) this.listen();
    if (Date.now() - this.lastHello > 1000) {
      await this.hello();
      // Once a second the feed is asked even without an event: an event lost with a dropped stream.
      this.feedDirty = true;
    }
    if (!this.feedDirty) return;
    this.feedDirty = false;
    const { store } = this.app.core;
    for (;;) {
      const r = await this.client.request('GET', `${HUB_PATHS.feed}?since=${cursorOf(store)}`, undefined, {}, 10_000);
      const body = r.body as Result<unknown>;
      if (!body.ok) throw new HubUnreachable('protocol', body.error.message);
      if ((body.value as { snapshot?: boolean }).snapshot === true) {
        await this.resnapshot();
        continue;
      }
      const page = FeedPageSchema.safeParse(body.value);
      if (!page.success) throw new HubUnreachable('protocol', 'The hub sent a feed page this desk cannot read.');
      applyFeedPage(store, page.data);
      this.stats.feedPages++;
      if (page.data.next >= page.data.newest) return;
    }
  }

  private listen(): void {
    this.stopEvents?.();
    this.stopEvents = this.client.events(
      HUB_PATHS.events,
      (data) => {
        try {
          const e = JSON.parse(data) as { kind: ChangeKind };
          if ((CHANGE_KINDS as readonly string[]).includes(e.kind)) {
            this.feedDirty = true;
            this.app.core.events.emit(e.kind);
          }
        } catch {
          // A malformed event is only a missed refresh; the feed still catches up.
        }
      },
      () => {
        // A dropped stream alone is no outage (a busy hub, a proxy): the next hello decides, and
        // the stream is opened again while online.
        this.stopEvents = null;
      },
    );
  }
}

/** The first start of a desk (Electron or --join): what the hub shows, before anything is trusted. */
export { probeHub };
