import http from 'node:http';
import fs from 'node:fs';
import type { Socket } from 'node:net';
import type { Bundle, Resource } from 'fhir/r4';
import { FhirEngine } from './fhir';
import { DEFAULT_FAULTS, FaultStats, faultRng, pickFault, type FaultConfig, type FaultKind } from './faults';

export interface SimOptions {
  port?: number;
  host?: string;
  /** Bearer token required on /fhir requests; null = open. */
  token?: string | null;
  faults?: Partial<FaultConfig>;
  faultSeed?: number;
  /** File to load at start and to write on persist(). */
  file?: string | null;
  /** Largest page a client may ask for. */
  maxPage?: number;
}

const FHIR_PREFIX = '/fhir';
const MAX_BODY = 2 * 1024 * 1024;
const FHIR_JSON = 'application/fhir+json; charset=utf-8';

/**
 * The local central system: Medplum's FHIR router and memory repository behind node:http, plus
 * what Medplum does not do (Bundle next links, persistence) and what the real one did (faults).
 */
export class CentralSim {
  readonly engine = new FhirEngine();
  readonly stats = new FaultStats();
  faults: FaultConfig;
  /** While true every FHIR request has its connection dropped: central is "down". */
  outage = false;
  private server: http.Server | null = null;
  private readonly sockets = new Set<Socket>();
  private readonly rnd: () => number;
  private readonly timers = new Set<NodeJS.Timeout>();
  port = 0;
  readonly host: string;
  /** Hooks for admin actions the CLI wires (invitation rounds, central-side changes). */
  admin: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {};
  /** Tests: every write a client sends (method, path under the base, headers, parsed body), as it arrives. */
  onWrite: ((w: { method: string; path: string; headers: http.IncomingHttpHeaders; body: unknown }) => void) | null = null;
  /** Tests: every FHIR request counted, with the fault (if any) it was given. */
  onServed: ((r: { method: string; path: string; fault: FaultKind | null }) => void) | null = null;

  constructor(readonly opts: SimOptions = {}) {
    this.faults = { ...DEFAULT_FAULTS, ...opts.faults };
    this.rnd = faultRng(opts.faultSeed ?? 1);
    this.host = opts.host ?? '127.0.0.1';
    this.port = opts.port ?? 0;
  }

  get url(): string {
    return `http://${this.host}:${this.port}${FHIR_PREFIX}`;
  }

  async load(): Promise<number> {
    const file = this.opts.file;
    if (!file || !fs.existsSync(file)) return 0;
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources: Resource[] };
    // createResource keeps the stored id, versionId and lastUpdated, so clients' cursors stay valid.
    for (const r of data.resources) await this.engine.create(r);
    return data.resources.length;
  }

  async persist(file = this.opts.file): Promise<number> {
    if (!file) throw new Error('no --file to persist to');
    const resources: Resource[] = [];
    for (const type of ['Location', 'Patient', 'Appointment', 'Immunization', 'Schedule', 'Slot'] as const) resources.push(...(await this.engine.all(type)));
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ resources }));
    fs.renameSync(`${file}.tmp`, file);
    return resources.length;
  }

  /** Starts (or restarts, after stop()) listening on the same port. */
  async start(): Promise<string> {
    if (this.server) return this.url;
    const server = http.createServer((req, res) => void this.onRequest(req, res));
    // Longer than any client's idle timeout, like a production proxy: the server must not close a
    // kept-alive socket the client is about to reuse (that race looks like a reset fault).
    server.keepAliveTimeout = 65_000;
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, this.host, () => resolve());
    });
    this.port = (server.address() as { port: number }).port;
    this.server = server;
    return this.url;
  }

  /** Stops listening and drops every connection; the data stays for a later start(). */
  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const sock of this.sockets) sock.destroy();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    try {
      if (url.startsWith('/_admin/')) return await this.onAdmin(req, res, url.slice('/_admin/'.length));
      if (!url.startsWith(`${FHIR_PREFIX}/`)) return send(res, 404, outcome('not-found', 'Not a FHIR path'));
      if (this.outage) return void req.socket.destroy();
      this.stats.requests++;
      if (this.opts.token && req.headers.authorization !== `Bearer ${this.opts.token}`) {
        return this.reply(res, 401, outcome('login', 'Unauthorized'));
      }
      let body: unknown;
      const raw = await readBody(req);
      if (raw === null) return this.reply(res, 413, outcome('too-long', 'Request body too large'));
      if (raw.length > 0) {
        try {
          body = JSON.parse(raw);
        } catch {
          return this.reply(res, 400, outcome('structure', 'Invalid JSON'));
        }
      }
      if (req.method !== 'GET' && this.onWrite) this.onWrite({ method: req.method ?? '', path: url.slice(FHIR_PREFIX.length + 1), headers: req.headers, body });
      const fault = pickFault(this.faults, this.rnd);
      if (fault) {
        this.stats.faulted++;
        this.stats.byKind[fault]++;
      }
      this.onServed?.({ method: req.method ?? '', path: url.slice(FHIR_PREFIX.length + 1), fault });
      if (fault && (await this.faultBefore(fault, req, res))) return;
      const path = this.capCount(url.slice(FHIR_PREFIX.length + 1));
      // Medplum's router has no capabilities interaction; every R4 server must answer GET [base]/metadata.
      if (req.method === 'GET' && path.split('?')[0] === 'metadata') return this.reply(res, 200, CAPABILITIES);
      const answer = await this.engine.handle(req.method ?? 'GET', path, body, req.headers);
      if (answer.body.resourceType === 'Bundle' && (answer.body as Bundle).type === 'searchset') this.addLinks(answer.body as Bundle, path);
      if (fault && this.faultAfter(fault, req, res, answer.status, answer.body)) return;
      const headers: Record<string, string> = {};
      const meta = (answer.body as Resource).meta;
      if (meta?.versionId && answer.body.resourceType !== 'Bundle' && answer.body.resourceType !== 'OperationOutcome') {
        headers.ETag = `W/"${meta.versionId}"`;
        if (meta.lastUpdated) headers['Last-Modified'] = new Date(meta.lastUpdated).toUTCString();
      }
      this.reply(res, answer.status, answer.body, headers);
    } catch (e) {
      this.reply(res, 500, outcome('exception', e instanceof Error ? e.message : 'error'));
    }
  }

  private reply(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    this.stats.byStatus[status] = (this.stats.byStatus[status] ?? 0) + 1;
    send(res, status, body, headers);
  }

  private capCount(path: string): string {
    const q = path.indexOf('?');
    if (q < 0) return path;
    const params = new URLSearchParams(path.slice(q + 1));
    const c = Number(params.get('_count') ?? 20);
    params.set('_count', String(Math.max(1, Math.min(this.opts.maxPage ?? 1000, Number.isFinite(c) ? c : 20))));
    return `${path.slice(0, q)}?${params.toString()}`;
  }

  /**
   * Medplum answers one page and no links. The next link is keyset-based when the search is
   * sorted by _lastUpdated (from the last entry's lastUpdated, skipping the ties already sent):
   * an offset would skip a record that another client updated while a long pull was paging.
   */
  private addLinks(b: Bundle, path: string): void {
    const q = path.indexOf('?');
    const type = q < 0 ? path : path.slice(0, q);
    const params = new URLSearchParams(q < 0 ? '' : path.slice(q + 1));
    const count = Number(params.get('_count') ?? 20);
    const entries = b.entry ?? [];
    b.link = [{ relation: 'self', url: `${this.url}/${path}` }];
    const offset = Number(params.get('_offset') ?? 0);
    // total counts every match of this query, including the ties skipped by _offset.
    if (entries.length < count || (b.total !== undefined && offset + entries.length >= b.total)) return;
    const next = new URLSearchParams(params);
    if (params.get('_sort') === '_lastUpdated') {
      const last = entries[entries.length - 1]!.resource!.meta!.lastUpdated!;
      const ties = entries.filter((e) => e.resource?.meta?.lastUpdated === last).length;
      const ges = params.getAll('_lastUpdated');
      const ge = ges.find((v) => v.startsWith('ge'));
      const sameKey = ge !== undefined && Date.parse(ge.slice(2)) === Date.parse(last);
      next.delete('_lastUpdated');
      for (const v of ges) if (!v.startsWith('ge')) next.append('_lastUpdated', v);
      next.append('_lastUpdated', `ge${last}`);
      next.set('_offset', String(sameKey ? offset + ties : ties));
    } else {
      next.set('_offset', String(offset + count));
    }
    b.link.push({ relation: 'next', url: `${this.url}/${type}?${next.toString()}` });
  }

  /** Returns true when the fault answered (or dropped) the request. */
  private async faultBefore(f: FaultKind, req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> {
    const [lo, hi] = this.faults.latencyMs;
    switch (f) {
      case 'latency':
        await new Promise((r) => setTimeout(r, lo + Math.floor(this.rnd() * (hi - lo))));
        return false;
      case 'error5xx':
        if (this.rnd() < 0.5) this.reply(res, 503, outcome('transient', 'Service unavailable'), { 'Retry-After': '1' });
        else this.reply(res, 500, outcome('exception', 'Internal error'));
        return true;
      case 'tooMany':
        this.reply(res, 429, outcome('throttled', 'Too many requests'), { 'Retry-After': '1' });
        return true;
      case 'resetBefore':
        req.socket.destroy();
        return true;
      case 'hang': {
        const t = setTimeout(() => {
          this.timers.delete(t);
          req.socket.destroy();
        }, this.faults.hangMs);
        this.timers.add(t);
        return true;
      }
      default:
        return false;
    }
  }

  private faultAfter(f: FaultKind, req: http.IncomingMessage, res: http.ServerResponse, status: number, body: unknown): boolean {
    switch (f) {
      case 'resetAfter':
        req.socket.destroy();
        return true;
      case 'truncated': {
        const text = JSON.stringify(body);
        res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(text) });
        res.write(text.slice(0, Math.floor(text.length / 2)));
        setTimeout(() => req.socket.destroy(), 5);
        return true;
      }
      case 'invalidJson':
        this.reply(res, status, null, {});
        return true;
      default:
        return false;
    }
  }

  private async onAdmin(req: http.IncomingMessage, res: http.ServerResponse, action: string): Promise<void> {
    const raw = (await readBody(req)) ?? '';
    const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
    switch (action) {
      case 'stats':
        return send(res, 200, this.stats.toJSON());
      case 'faults':
        this.faults = { ...this.faults, ...(body as Partial<FaultConfig>) };
        return send(res, 200, this.faults);
      case 'outage':
        this.outage = body.on === true;
        return send(res, 200, { outage: this.outage });
      case 'persist':
        return send(res, 200, { resources: await this.persist() });
      default: {
        const hook = this.admin[action];
        if (!hook) return send(res, 404, { error: `unknown admin action ${action}` });
        return send(res, 200, await hook(body));
      }
    }
  }
}

const CAPABILITIES = {
  resourceType: 'CapabilityStatement',
  status: 'active',
  date: '2021-01-01',
  kind: 'instance',
  fhirVersion: '4.0.1',
  format: ['application/fhir+json'],
  software: { name: 'VaxDesk central-sim (@medplum/fhir-router)', version: '4.5.2' },
  rest: [
    {
      mode: 'server',
      resource: ['Appointment', 'Immunization', 'Location', 'Patient', 'Schedule', 'Slot'].map((type) => ({
        type,
        interaction: [{ code: 'read' }, { code: 'update' }, { code: 'create' }, { code: 'search-type' }],
        versioning: 'versioned-update',
        updateCreate: true,
        conditionalCreate: true,
      })),
    },
  ],
};

function outcome(code: string, text: string) {
  return { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code, details: { text } }] };
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  // body null = the "invalid JSON" fault: a 200 with the right content type and a broken body.
  const text = body === null ? '{"resourceType":"Bundle","entry":[{"resource":' : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': FHIR_JSON, 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: http.IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) tooBig = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
