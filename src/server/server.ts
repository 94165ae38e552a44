import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import type { App } from '../core';
import { HTTP_STATUS, type ApiError, type Result } from '../api/errors';
import { MAX_INPUT_BYTES } from '../api/dispatch';
import { describeApi } from './api-index';
import type { ChangeEvent } from '../api/method';
import { CONTENT_SECURITY_POLICY } from './csp';

export interface ServerOptions {
  app: App;
  host?: string;
  port?: number;
  /** The built renderer (dist/renderer); omitted in API-only tests. */
  staticDir?: string | null;
  logger?: boolean;
  /** TLS (the hub's LAN listener): the same routes over https. */
  https?: { key: string; cert: string };
  /**
   * Checked before every /api request (the hub: the caller must be a paired desk). An error
   * answers the request; null lets it through to the dispatcher.
   */
  apiGuard?: (req: FastifyRequest) => ApiError | null;
  /** Routes of a layer above the contract (the hub's desk protocol), registered on the same server. */
  routes?: (server: FastifyInstance) => void;
}

export { CONTENT_SECURITY_POLICY };

function bearer(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return null;
  const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(h.trim());
  return m ? m[1]! : null;
}

function sendError(reply: FastifyReply, error: ApiError): FastifyReply {
  return reply.code(HTTP_STATUS[error.code]).send({ ok: false, error } satisfies Result<never>);
}

/**
 * The desk server: the built UI and the API over HTTP, derived from the contract (one route per
 * method through the one dispatcher), plus a server-sent event stream of change events.
 */
export async function createServer(opts: ServerOptions): Promise<FastifyInstance> {
  const { app } = opts;
  const server = Fastify({
    ...(opts.https ? { https: { key: opts.https.key, cert: opts.https.cert, minVersion: 'TLSv1.2' as const } } : {}),
    logger: opts.logger ?? false,
    bodyLimit: MAX_INPUT_BYTES,
    // A hung client must not hold a desk's connection slot forever.
    requestTimeout: 30_000,
    return503OnClosing: true,
  });

  server.addHook('onSend', async (_req, reply, payload) => {
    reply.header('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    return payload;
  });

  // Cross-origin pages may not drive the API: a browser always sends Origin on such requests.
  server.addHook('onRequest', async (req, reply) => {
    if (!req.url.startsWith('/api')) return;
    const origin = req.headers.origin;
    if (origin === undefined) return;
    const host = req.headers.host;
    if (!host || (origin !== `http://${host}` && origin !== `https://${host}`)) {
      return sendError(reply, { code: 'FORBIDDEN', message: 'Cross-origin requests are not allowed.' });
    }
  });

  if (opts.apiGuard) {
    const guard = opts.apiGuard;
    server.addHook('onRequest', async (req, reply) => {
      if (!req.url.startsWith('/api')) return;
      const refused = guard(req);
      if (refused) return sendError(reply, refused);
    });
  }
  opts.routes?.(server);

  server.setErrorHandler((err: { statusCode?: number; code?: string }, _req, reply) => {
    if (err.statusCode === 413 || err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendError(reply, { code: 'PAYLOAD_TOO_LARGE', message: 'The request is larger than 1 MB.' });
    }
    if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500) {
      return sendError(reply, { code: 'INVALID_INPUT', message: 'The request body is not valid JSON.' });
    }
    console.error('[vaxdesk] server error', err);
    return sendError(reply, { code: 'INTERNAL', message: 'Something went wrong inside VaxDesk; nothing was saved.' });
  });

  server.get('/api', async () => ({ ok: true, value: describeApi() }));

  server.get('/api/events', (req, reply) => {
    const token = bearer(req);
    if (!token || !app.core.sessions.touch(token)) {
      return sendError(reply, { code: 'UNAUTHENTICATED', message: 'Your session has ended; please log in again.' });
    }
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
      'X-Content-Type-Options': 'nosniff',
    });
    res.write(': connected\n\n');
    const send = (e: ChangeEvent) => res.write(`event: change\ndata: ${JSON.stringify(e)}\n\n`);
    const unsubscribe = app.core.events.subscribe(send);
    // Keep-alive comments let proxies and the client notice a dead connection.
    const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
    req.raw.on('close', () => {
      clearInterval(ping);
      unsubscribe();
    });
  });

  server.post<{ Params: { method: string } }>('/api/:method', async (req, reply) => {
    const result = await app.dispatch(req.params.method, req.body ?? {}, bearer(req));
    if (!result.ok) return sendError(reply, result.error);
    return reply.code(200).send(result);
  });

  server.all('/api/*', async (_req, reply) =>
    sendError(reply, { code: 'UNKNOWN_METHOD', message: 'API methods are called with POST /api/<method>.' }),
  );

  if (opts.staticDir && fs.existsSync(path.join(opts.staticDir, 'index.html'))) {
    await server.register(fastifyStatic, { root: opts.staticDir, index: ['index.html'], wildcard: false });
    server.setNotFoundHandler((req, reply) => {
      if (req.method === 'GET' && !req.url.startsWith('/api')) return reply.type('text/html').sendFile('index.html');
      return reply.code(404).send({ ok: false, error: { code: 'NOT_FOUND', message: 'Not found.' } });
    });
  }

  return server;
}

export async function startServer(opts: ServerOptions): Promise<{ server: FastifyInstance; url: string }> {
  const server = await createServer(opts);
  const host = opts.host ?? '127.0.0.1';
  await server.listen({ host, port: opts.port ?? 5180 });
  const addr = server.server.address();
  const port = typeof addr === 'object' && addr ? addr.port : opts.port;
  return { server, url: `${opts.https ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${port}/` };
}
