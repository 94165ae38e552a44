import type { z } from 'zod';
import { CentralError } from './retry';
import { FhirClient, type FhirClientOptions } from './fhir/client';
import { CapabilityStatementSchema, LocationSchema, SearchBundleSchema, StoredResourceSchema } from './fhir/schemas';
import type { MapContext } from './fhir/mappers';
import { inlinePages, threadedPages, type AppointmentPages, type ReadOptions } from './page-reader';

export interface AppointmentQuery {
  locationId: string;
  /** UTC instants bounding Appointment.start: [from, to). */
  from: string;
  to: string;
  /** Only appointments changed at or after this instant; null = the whole window. */
  since: string | null;
  count: number;
}

/** One validated search page; entries are still unknown and get checked by their mapper. */
export interface Page {
  entries: unknown[];
  next: string | null;
  total: number | null;
}

export interface StoredResource {
  resource: { resourceType: string; id: string; meta: { versionId: string; lastUpdated: string } } & Record<string, unknown>;
  versionId: string;
  lastUpdated: string;
}

export interface ConnectionInfo {
  fhirVersion: string | null;
  software: string | null;
  locationName: string | null;
}

/**
 * Everything the sync engine needs from the national system. The engine talks only to this;
 * the FHIR R4 adapter below implements it over HTTP, and tests may put anything behind it.
 * Methods throw CentralError; isRetryable() decides what that means.
 */
export interface CentralSystem {
  searchAppointments(q: AppointmentQuery): Promise<Page>;
  nextPage(link: string): Promise<Page>;
  /** null when central does not have it (404, 410). */
  read(type: string, id: string): Promise<StoredResource | null>;
  /** Update-as-create by id; with ifMatch, only over that version (412 otherwise). */
  put(type: string, id: string, resource: object, ifMatch?: string): Promise<StoredResource>;
  /**
   * Conditional create (POST with If-None-Exist: the search, e.g. "identifier=system|value"):
   * the resource central already holds that matches, or the one just created. For what VaxDesk
   * cannot give a client id of its own: a person central may know under another id.
   */
  createIfNoneExist(type: string, resource: object, ifNoneExist: string): Promise<StoredResource>;
  checkConnection(locationId: string): Promise<ConnectionInfo>;
  /**
   * Optional: appointment pages already checked and mapped, read ahead of the pull by whatever
   * means the adapter has (the FHIR adapter: a thread of its own). Without it the pull maps the
   * pages of searchAppointments/nextPage itself.
   */
  appointmentPages?(ctx: MapContext, o: ReadOptions): AppointmentPages;
}

function parse<T extends z.ZodType>(schema: T, json: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0];
    throw new CentralError('invalid', `${what}: ${i ? `${i.path.join('.')} ${i.message}` : 'does not match the schema'}`);
  }
  return r.data;
}

export class FhirCentral implements CentralSystem {
  private readonly http: FhirClient;
  constructor(private readonly opts: FhirClientOptions) {
    this.http = new FhirClient(opts);
  }

  appointmentPages(ctx: MapContext, o: ReadOptions): AppointmentPages {
    const onDeskThread = () => inlinePages(this, ctx, o.slice);
    // A clock given to the client (tests) cannot cross into a thread: read on the desk's.
    if (this.opts.now) return onDeskThread();
    const { baseUrl, token, timeoutMs, maxBytes } = this.opts;
    return threadedPages({ client: { baseUrl, token, timeoutMs, maxBytes }, ctx: { centerId: ctx.centerId, locationId: ctx.locationId ?? null, own: ctx.own ?? null }, aheadPages: o.aheadPages }, onDeskThread);
  }

  async searchAppointments(q: AppointmentQuery): Promise<Page> {
    const p = new URLSearchParams();
    p.append('actor', `Location/${q.locationId}`);
    p.append('date', `ge${q.from}`);
    p.append('date', `lt${q.to}`);
    if (q.since) p.append('_lastUpdated', `ge${q.since}`);
    p.append('_sort', '_lastUpdated');
    p.append('_count', String(q.count));
    return this.page(`Appointment?${p.toString()}`);
  }

  nextPage(link: string): Promise<Page> {
    return this.page(link);
  }

  private async page(pathOrUrl: string): Promise<Page> {
    const res = await this.http.request('GET', pathOrUrl);
    const b = parse(SearchBundleSchema, res.json, 'search page');
    const next = b.link?.find((l) => l.relation === 'next')?.url ?? null;
    // Entries with search.mode "outcome" are warnings about the search, not data.
    const entries = (b.entry ?? []).filter((e) => (e as { search?: { mode?: string } }).search?.mode !== 'outcome').map((e) => e.resource as unknown);
    if (next) this.http.url(next); // refuse a foreign next link before anything is stored
    return { entries, next, total: b.total ?? null };
  }

  async read(type: string, id: string): Promise<StoredResource | null> {
    try {
      const res = await this.http.request('GET', `${type}/${encodeURIComponent(id)}`);
      return this.stored(res.json, type, id);
    } catch (e) {
      if (e instanceof CentralError && e.kind === 'http' && (e.status === 404 || e.status === 410)) return null;
      throw e;
    }
  }

  async put(type: string, id: string, resource: object, ifMatch?: string): Promise<StoredResource> {
    const res = await this.http.request('PUT', `${type}/${encodeURIComponent(id)}`, resource, ifMatch ? { 'If-Match': `W/"${ifMatch}"` } : {});
    return this.stored(res.json, type, id);
  }

  async createIfNoneExist(type: string, resource: object, ifNoneExist: string): Promise<StoredResource> {
    const res = await this.http.request('POST', type, resource, { 'If-None-Exist': ifNoneExist });
    const r = parse(StoredResourceSchema, res.json, `${type} (conditional create)`);
    if (r.resourceType !== type) throw new CentralError('invalid', `created a ${type}, got ${r.resourceType}`);
    return { resource: r as StoredResource['resource'], versionId: r.meta.versionId, lastUpdated: new Date(r.meta.lastUpdated).toISOString() };
  }

  private stored(json: unknown, type: string, id: string): StoredResource {
    const r = parse(StoredResourceSchema, json, `${type}/${id}`);
    if (r.resourceType !== type || r.id !== id) throw new CentralError('invalid', `asked for ${type}/${id}, got ${r.resourceType}/${r.id}`);
    return { resource: r as StoredResource['resource'], versionId: r.meta.versionId, lastUpdated: new Date(r.meta.lastUpdated).toISOString() };
  }

  async checkConnection(locationId: string): Promise<ConnectionInfo> {
    const cap = parse(CapabilityStatementSchema, (await this.http.request('GET', 'metadata')).json, 'capability statement');
    if (cap.fhirVersion && !cap.fhirVersion.startsWith('4.0')) throw new CentralError('refused', `central speaks FHIR ${cap.fhirVersion}, VaxDesk needs R4 (4.0.x)`);
    const loc = await this.read('Location', locationId);
    if (!loc) throw new CentralError('http', `Location/${locationId} does not exist at central`, 404);
    const l = parse(LocationSchema, loc.resource, 'Location');
    return { fhirVersion: cap.fhirVersion ?? null, software: cap.software?.name ?? null, locationName: l.name ?? null };
  }
}
