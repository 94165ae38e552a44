import { CentralError, parseRetryAfter } from '../retry';

export interface FhirClientOptions {
  baseUrl: string;
  token: string | null;
  /** Every request gives up after this long (connect, headers and body together). */
  timeoutMs?: number;
  /** Largest response body accepted. */
  maxBytes?: number;
  now?: () => number;
}

export interface FhirResponse {
  status: number;
  json: unknown;
  etag: string | null;
}

const ACCEPTED_TYPES = ['application/fhir+json', 'application/json'];

/** HTTPS only, except to this machine (the local central system, a tunnel). */
export function checkBaseUrl(raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new CentralError('refused', 'The central system address is not a valid URL.');
  }
  const local = u.hostname === 'localhost' || u.hostname === '127.0.0.1' || u.hostname === '[::1]';
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && local)) {
    throw new CentralError('refused', 'The central system must be reached over HTTPS (plain HTTP only to localhost).');
  }
  if (u.username || u.password) throw new CentralError('refused', 'Put the token in the token field, not in the address.');
  if (u.search || u.hash) throw new CentralError('refused', 'The base address has no query or fragment.');
  return u;
}

/**
 * A FHIR R4 JSON client that trusts nothing: every answer is checked for status, content type
 * and size before it is parsed, every request has a time-out, and only URLs under the base are
 * ever requested (a next link pointing elsewhere would carry our bearer token away).
 */
export class FhirClient {
  readonly base: string;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly now: () => number;

  constructor(private readonly o: FhirClientOptions) {
    this.base = checkBaseUrl(o.baseUrl).toString().replace(/\/+$/, '');
    this.timeoutMs = o.timeoutMs ?? 15_000;
    this.maxBytes = o.maxBytes ?? 8 * 1024 * 1024;
    this.now = o.now ?? Date.now;
  }

  /** Resolves a relative path ("Appointment/1") or checks an absolute URL is under the base. */
  url(pathOrUrl: string): string {
    if (/^https?:\/\//i.test(pathOrUrl)) {
      // `[base]?_getpages=…` is how HAPI FHIR writes its (opaque) next links: the base itself, a query.
      if (!pathOrUrl.startsWith(`${this.base}/`) && !pathOrUrl.startsWith(`${this.base}?`)) throw new CentralError('refused', 'Central sent a link outside its own address; not followed.');
      return pathOrUrl;
    }
    return `${this.base}/${pathOrUrl.replace(/^\/+/, '')}`;
  }

  async request(method: 'GET' | 'PUT' | 'POST', pathOrUrl: string, body?: unknown, headers: Record<string, string> = {}): Promise<FhirResponse> {
    const url = this.url(pathOrUrl);
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), this.timeoutMs);
    try {
      let res: Response;
      try {
        res = await fetch(url, {
          method,
          signal: ctl.signal,
          redirect: 'error',
          headers: {
            Accept: 'application/fhir+json',
            ...(body !== undefined ? { 'Content-Type': 'application/fhir+json' } : {}),
            ...(this.o.token ? { Authorization: `Bearer ${this.o.token}` } : {}),
            ...headers,
          },
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        });
      } catch (e) {
        if (ctl.signal.aborted) throw new CentralError('timeout', `no answer within ${this.timeoutMs} ms`);
        throw new CentralError('network', causeOf(e));
      }
      const text = await this.readBody(res, ctl);
      const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
      const retryAfter = parseRetryAfter(res.headers.get('retry-after'), this.now());
      let json: unknown = null;
      if (text.length > 0) {
        if (!ACCEPTED_TYPES.includes(type)) {
          throw new CentralError(res.ok ? 'invalid' : 'http', `unexpected content type "${type.slice(0, 60)}"`, res.ok ? null : res.status, retryAfter);
        }
        try {
          json = JSON.parse(text);
        } catch {
          throw new CentralError(res.ok ? 'invalid' : 'http', 'the answer is not valid JSON', res.ok ? null : res.status, retryAfter);
        }
      }
      if (!res.ok) throw new CentralError('http', outcomeText(json) ?? res.statusText ?? 'error', res.status, retryAfter);
      return { status: res.status, json, etag: res.headers.get('etag') };
    } finally {
      clearTimeout(timer);
    }
  }

  private async readBody(res: Response, ctl: AbortController): Promise<string> {
    const declared = Number(res.headers.get('content-length') ?? NaN);
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      ctl.abort();
      throw new CentralError('invalid', `answer too large (${declared} bytes)`);
    }
    if (!res.body) return '';
    const chunks: Uint8Array[] = [];
    let size = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        size += chunk.byteLength;
        if (size > this.maxBytes) {
          ctl.abort();
          throw new CentralError('invalid', `answer larger than ${this.maxBytes} bytes`);
        }
        chunks.push(chunk);
      }
    } catch (e) {
      if (e instanceof CentralError) throw e;
      if (ctl.signal.aborted) throw new CentralError('timeout', `the answer did not complete within ${this.timeoutMs} ms`);
      throw new CentralError('network', `the answer was cut off (${causeOf(e)})`);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

function causeOf(e: unknown): string {
  const c = (e as { cause?: { code?: string; message?: string } })?.cause;
  return (c?.code ?? c?.message ?? (e instanceof Error ? e.message : String(e))).slice(0, 200);
}

function outcomeText(json: unknown): string | null {
  const o = json as { resourceType?: string; issue?: { diagnostics?: string; details?: { text?: string } }[] } | null;
  if (o?.resourceType !== 'OperationOutcome' || !Array.isArray(o.issue)) return null;
  const i = o.issue[0];
  const t = i?.diagnostics ?? i?.details?.text;
  return typeof t === 'string' ? t.slice(0, 300) : null;
}
