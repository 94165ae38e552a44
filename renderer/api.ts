import { contract, METHOD_NAMES, type Api, type In, type MethodName, type Out } from '../src/api/contract';
import type { Result } from '../src/api/errors';
import type { VaxdeskBridge } from '../src/api/bridge';
import { CHANGE_KINDS, type ChangeEvent } from '../src/api/method';

/**
 * The renderer's only door to the core. Inside Electron it uses the preload bridge; in a browser
 * it calls the desk server over HTTP. Nothing else in the renderer knows which.
 * Every outcome is a Result value: a network failure is { ok: false, error: INTERNAL }, never a throw.
 */

export type ChangeListener = (e: ChangeEvent) => void;

export interface Transport {
  /** `requestId` marks a write; the same id on a retry gets the first answer (src/api/idempotency.ts). */
  call(method: MethodName, input: unknown, token: string | null, requestId?: string): Promise<Result<unknown>>;
  /** Change events for as long as the returned function is not called. */
  subscribe(listener: ChangeListener, token: () => string | null): () => void;
}

const networkError = (what: string): Result<never> => ({
  ok: false,
  error: { code: 'INTERNAL', message: what, details: { network: true } },
});

function isResult(x: unknown): x is Result<unknown> {
  if (typeof x !== 'object' || x === null || !('ok' in x)) return false;
  const r = x as { ok: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'value' in x;
  return r.ok === false && typeof r.error?.code === 'string' && typeof r.error.message === 'string';
}

function isChangeEvent(x: unknown): x is ChangeEvent {
  if (typeof x !== 'object' || x === null) return false;
  const e = x as { kind?: unknown; at?: unknown };
  return typeof e.at === 'string' && (CHANGE_KINDS as readonly unknown[]).includes(e.kind);
}

/** Splits a server-sent event stream into its events; returns the unfinished tail. */
export function parseSse(buffer: string, onEvent: (event: string, data: string) => void): string {
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const tail = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') data.push(value);
    }
    if (data.length) onEvent(event, data.join('\n'));
  }
  return tail;
}

export interface HttpOptions {
  /** Base URL of the desk server; '' means the page's own origin. */
  baseUrl?: string;
  /** Reconnect delays of the event stream grow from min to max (ms). */
  backoff?: { minMs: number; maxMs: number };
}

export function httpTransport(opts: HttpOptions = {}): Transport {
  const base = (opts.baseUrl ?? '').replace(/\/$/, '');
  const backoff = opts.backoff ?? { minMs: 500, maxMs: 15_000 };
  return {
    async call(method, input, token, requestId) {
      let res: Response;
      try {
        res = await fetch(`${base}/api/${encodeURIComponent(method)}`, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(token ? { Authorization: `Bearer ${token}` } : {}),
            ...(requestId ? { 'Idempotency-Key': requestId } : {}),
          },
          body: JSON.stringify(input ?? {}),
          cache: 'no-store',
        });
      } catch {
        return networkError('The desk server cannot be reached.');
      }
      let body: unknown;
      try {
        body = await res.json();
      } catch {
        return networkError(`The desk server answered ${res.status} without a readable result.`);
      }
      return isResult(body) ? body : networkError(`The desk server answered ${res.status} with an unexpected body.`);
    },

    subscribe(listener, token) {
      let stopped = false;
      let controller: AbortController | null = null;
      let timer: ReturnType<typeof setTimeout> | null = null;
      let delay = backoff.minMs;

      const retry = () => {
        if (stopped) return;
        timer = setTimeout(connect, delay);
        delay = Math.min(backoff.maxMs, delay * 2);
      };

      async function connect() {
        timer = null;
        const t = token();
        if (stopped) return;
        if (!t) return retry();
        controller = new AbortController();
        try {
          const res = await fetch(`${base}/api/events`, {
            headers: { Authorization: `Bearer ${t}`, Accept: 'text/event-stream' },
            signal: controller.signal,
            cache: 'no-store',
          });
          if (!res.ok || !res.body) return retry();
          delay = backoff.minMs;
          const reader = res.body.getReader();
          const decoder = new TextDecoder();
          let buffer = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffer = parseSse(buffer + decoder.decode(value, { stream: true }), (event, data) => {
              if (event !== 'change') return;
              try {
                const e: unknown = JSON.parse(data);
                if (isChangeEvent(e)) listener(e);
              } catch {
                // A malformed event is dropped; the next change refreshes the screens anyway.
              }
            });
          }
        } catch {
          // Aborted on purpose or a broken connection: the retry below decides which.
        }
        retry();
      }

      void connect();
      return () => {
        stopped = true;
        if (timer) clearTimeout(timer);
        controller?.abort();
      };
    },
  };
}

export function bridgeTransport(bridge: VaxdeskBridge): Transport {
  const fns = bridge.api as unknown as Record<string, (input: unknown, token: string | null, requestId?: string) => Promise<Result<unknown>>>;
  return {
    async call(method, input, token, requestId) {
      const fn = fns[method];
      if (typeof fn !== 'function') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `No bridge function for ${method}.` } };
      try {
        const r = await fn(input, token, requestId);
        return isResult(r) ? r : networkError('The app core answered with an unexpected value.');
      } catch {
        return networkError('The app core cannot be reached.');
      }
    },
    subscribe(listener) {
      return bridge.onChange((e) => {
        if (isChangeEvent(e)) listener(e);
      });
    },
  };
}

export interface ApiClient {
  api: Api;
  /** Change events while logged in (the token is read at each reconnect). */
  onChange(listener: ChangeListener): () => void;
}

export interface ClientOptions {
  token: () => string | null;
  /** Called when a call made WITH a token is refused as UNAUTHENTICATED (expired, logged out elsewhere). */
  onSessionEnded?: () => void;
}

/** A logged-in call that may change data: it carries a request id, so it can be retried safely. */
export const isWrite = (name: MethodName): boolean => contract[name].role !== 'public' && contract[name].emits.length > 0;

const newRequestId = (): string => crypto.randomUUID();

const lostOnTheWay = (r: Result<unknown>): boolean => !r.ok && r.error.code === 'INTERNAL' && r.error.details?.network === true;

export function createApiClient(transport: Transport, opts: ClientOptions): ApiClient {
  const api = Object.fromEntries(
    METHOD_NAMES.map((name) => [
      name,
      async (input: unknown) => {
        const token = opts.token();
        const requestId = isWrite(name) ? newRequestId() : undefined;
        let r = await transport.call(name, input, token, requestId);
        // A write whose answer was lost may have been saved: asking again under the same id
        // gets the first answer instead of a CONFLICT (or a second walk-in). Once: a desk that
        // stays unreachable is shown so.
        if (requestId && lostOnTheWay(r)) r = await transport.call(name, input, token, requestId);
        if (!r.ok && r.error.code === 'UNAUTHENTICATED' && token) opts.onSessionEnded?.();
        return r;
      },
    ]),
  ) as unknown as Api;
  return { api, onChange: (l) => transport.subscribe(l, opts.token) };
}

/** Picks the transport for this page: the preload bridge if there is one, else HTTP to our origin. */
export function defaultTransport(): Transport {
  return typeof window !== 'undefined' && window.vaxdesk ? bridgeTransport(window.vaxdesk) : httpTransport();
}

// The app-wide client. The store supplies the token (it lives only in memory) at start-up.
let tokenSource: () => string | null = () => null;
let sessionEnded: () => void = () => {};
let transport: Transport | null = null;
const client = createApiClient(
  {
    call: (m, i, t, id) => (transport ??= defaultTransport()).call(m, i, t, id),
    subscribe: (l, t) => (transport ??= defaultTransport()).subscribe(l, t),
  },
  { token: () => tokenSource(), onSessionEnded: () => sessionEnded() },
);

export const api: Api = client.api;
export const onChange = client.onChange;

export function connectApi(opts: { token: () => string | null; onSessionEnded: () => void; transport?: Transport }): void {
  tokenSource = opts.token;
  sessionEnded = opts.onSessionEnded;
  if (opts.transport) transport = opts.transport;
}

/** A typed call by name, for generic code (e.g. a screen that takes the method as a prop). */
export function call<K extends MethodName>(method: K, input: In<K>): Promise<Result<Out<K>>> {
  return (api[method] as (i: In<K>) => Promise<Result<Out<K>>>)(input);
}
