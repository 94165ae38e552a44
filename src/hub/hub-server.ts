import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { App } from '../core';
import { HTTP_STATUS, type ApiError } from '../api/errors';
import type { ChangeEvent } from '../api/method';
import { DisplayName } from '../api/schemas';
import { startServer } from '../server/server';
import type { Core } from '../services/context';
import { ensureHubCert, type HubCert } from './cert';
import { deskFor, joinDesk } from './pairing';
import { feedPage, pruneFeed, snapshot } from './feed';
import { applyReplays, ReplayBatch } from './replay';
import { DESK_HEADER, HUB_PATHS } from './protocol';
import type { HubDesk } from '../db/hub';

const JoinBody = z.strictObject({ code: z.string().trim().min(4).max(20), name: DisplayName });
const FeedQuery = z.strictObject({ since: z.coerce.number().int().min(0), limit: z.coerce.number().int().min(1).max(1000).default(1000) });
const HelloBody = z.strictObject({ backlog: z.number().int().min(0).max(10_000_000) });

function refuse(reply: FastifyReply, error: ApiError) {
  return reply.code(HTTP_STATUS[error.code]).send({ ok: false, error });
}

function header(req: FastifyRequest): string | undefined {
  const v = req.headers[DESK_HEADER];
  return typeof v === 'string' ? v : undefined;
}

const REVOKED: ApiError = { code: 'FORBIDDEN', message: 'This desk is not paired with this hub (or was revoked); pair it again.', details: { reason: 'desk' } };

/** The desk protocol's routes; each but join refuses a caller without a live desk credential. */
function deskRoutes(core: Core) {
  return (server: FastifyInstance) => {
    const desk = (req: FastifyRequest): HubDesk | undefined => deskFor(core, header(req));

    server.post(HUB_PATHS.join, async (req, reply) => {
      const body = JoinBody.safeParse(req.body);
      if (!body.success) return refuse(reply, { code: 'INVALID_INPUT', message: 'A pairing code and a desk name are needed.' });
      try {
        const joined = joinDesk(core, body.data.code, body.data.name, core.clock());
        core.events.emit('hub');
        return { ok: true, value: joined };
      } catch (e) {
        const err = e as { code?: ApiError['code']; message?: string };
        return refuse(reply, { code: err.code ?? 'INTERNAL', message: err.message ?? 'Pairing failed.' });
      }
    });

    server.post(HUB_PATHS.hello, async (req, reply) => {
      const d = desk(req);
      if (!d) return refuse(reply, REVOKED);
      const body = HelloBody.safeParse(req.body);
      if (!body.success) return refuse(reply, { code: 'INVALID_INPUT', message: 'backlog expected' });
      core.store.hub.deskSeen(d.id, core.clock().toISOString(), body.data.backlog);
      return { ok: true, value: { deskId: d.id, newest: core.store.hub.feedBounds().newest } };
    });

    server.get(HUB_PATHS.feed, async (req, reply) => {
      const d = desk(req);
      if (!d) return refuse(reply, REVOKED);
      const q = FeedQuery.safeParse(req.query);
      if (!q.success) return refuse(reply, { code: 'INVALID_INPUT', message: 'since=<sequence number> expected' });
      return { ok: true, value: feedPage(core, q.data.since, q.data.limit) };
    });

    server.get(HUB_PATHS.snapshot, async (req, reply) => {
      const d = desk(req);
      if (!d) return refuse(reply, REVOKED);
      return { ok: true, value: snapshot(core) };
    });

    server.post(HUB_PATHS.replay, async (req, reply) => {
      const d = desk(req);
      if (!d) return refuse(reply, REVOKED);
      const body = ReplayBatch.safeParse(req.body);
      if (!body.success) return refuse(reply, { code: 'INVALID_INPUT', message: 'A batch of waiting changes expected.' });
      const results = await applyReplays(core, d, body.data.entries);
      core.store.hub.deskSeen(d.id, core.clock().toISOString(), Math.max(0, body.data.backlog - results.length));
      return { ok: true, value: results };
    });

    server.get(HUB_PATHS.events, (req, reply) => {
      const d = desk(req);
      if (!d) return refuse(reply, REVOKED);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      const send = (e: ChangeEvent) => res.write(`event: change\ndata: ${JSON.stringify(e)}\n\n`);
      const unsubscribe = core.events.subscribe(send);
      const ping = setInterval(() => {
        // A revoked desk loses its stream too, not only its next request.
        if (!deskFor(core, header(req))) return void res.destroy();
        res.write(': ping\n\n');
      }, 1000);
      req.raw.on('close', () => {
        clearInterval(ping);
        unsubscribe();
      });
    });
  };
}

export interface HubListener {
  url: string;
  fingerprint: string;
  close(): Promise<void>;
}

/**
 * The hub's LAN listener: the desk server's routes (the one contract, createServer) over TLS,
 * open only to paired desks, plus the desk protocol. Turning it on also turns on the change feed.
 */
export async function startHubListener(app: App, opts: { dataDir: string; host: string; port: number; cert?: HubCert }): Promise<HubListener> {
  const { core } = app;
  const cert = opts.cert ?? (await ensureHubCert(opts.dataDir, core.clock()));
  core.store.tx(() => core.store.settings.put('hub.feed', 1));
  const { server, url } = await startServer({
    app,
    host: opts.host,
    port: opts.port,
    https: cert,
    staticDir: null,
    apiGuard: (req) => (deskFor(core, header(req)) ? null : REVOKED),
    routes: deskRoutes(core),
  });
  const prune = setInterval(() => pruneFeed(core), 10 * 60_000);
  prune.unref();
  return {
    url: url.replace(/\/$/, ''),
    fingerprint: cert.fingerprint,
    async close() {
      clearInterval(prune);
      await server.close();
    },
  };
}
