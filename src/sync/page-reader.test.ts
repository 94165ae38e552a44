import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CentralSim } from '../../tools/central-sim/server';
import { FhirCentral, type AppointmentQuery } from './central';
import { inlinePages, threadedPages, type AppointmentPages, type MappedRow } from './page-reader';
import { buildPageReader } from '../../tools/build.mjs';
import { CentralError } from './retry';
import { CENTER, LOCATION, centralInvitations, startSim } from './testing/fixture';
import { DEFAULT_PULL, pullInvitations } from './pull';
import { testApp } from '../testing/harness';
import type { Appointment } from 'fhir/r4';

const ctx = { centerId: CENTER, locationId: LOCATION };
const query = (count: number): AppointmentQuery => ({ locationId: LOCATION, from: '2021-01-01T00:00:00.000Z', to: '2022-01-01T00:00:00.000Z', since: null, count });

async function everyRow(pages: AppointmentPages, count: number): Promise<{ rows: MappedRow[]; pages: number }> {
  const rows: MappedRow[] = [];
  let page = await pages.search(query(count));
  let n = 1;
  rows.push(...page.rows);
  while (page.next) {
    page = await pages.next(page.next);
    rows.push(...page.rows);
    n++;
  }
  return { rows, pages: n };
}

async function failure(p: Promise<unknown>): Promise<CentralError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof CentralError)) throw new Error(`expected a CentralError, got ${String(e)}`);
  return e;
}

describe('pages read on a thread of their own', () => {
  let sim: CentralSim;
  beforeAll(async () => {
    ({ sim } = await startSim({ invitations: 450 }));
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('maps every page exactly as the desk thread does, and really runs in a thread', async () => {
    const threaded = threadedPages({ client: { baseUrl: sim.url, token: null }, ctx, aheadPages: 3 }, () => {
      throw new Error('no fallback expected');
    });
    try {
      const there = await everyRow(threaded, 100);
      expect(threaded.onThread()).toBe(true);
      const here = await everyRow(inlinePages(new FhirCentral({ baseUrl: sim.url, token: null }), ctx), 100);
      expect(there.pages).toBe(5);
      expect(there.rows).toEqual(here.rows);
      const central = await centralInvitations(sim);
      expect(new Set(there.rows.map((r) => r!.id))).toEqual(new Set(central.keys()));
    } finally {
      threaded.close();
    }
  }, 30_000);

  it('the bundled script (dist/page-reader.js, what the CLI and Electron start) reads the same pages', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-reader-'));
    try {
      await buildPageReader(dir);
      const bundled = threadedPages(
        { client: { baseUrl: sim.url, token: null }, ctx, aheadPages: 2 },
        () => {
          throw new Error('no fallback expected');
        },
        dir,
      );
      try {
        const there = await everyRow(bundled, 150);
        expect(bundled.onThread()).toBe(true);
        const here = await everyRow(inlinePages(new FhirCentral({ baseUrl: sim.url, token: null }), ctx), 150);
        expect(there.rows).toEqual(here.rows);
      } finally {
        bundled.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('a thread that cannot start or dies hands its reads, those in flight too, to the desk thread', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {});
    // The thread's own client refuses this address as it starts, so the thread dies with a read posted.
    const pages = threadedPages({ client: { baseUrl: 'ftp://central.invalid', token: null }, ctx, aheadPages: 3 }, () => inlinePages(new FhirCentral({ baseUrl: sim.url, token: null }), ctx));
    try {
      const page = await pages.search(query(50));
      expect(page.rows).toHaveLength(50);
      expect(pages.onThread()).toBe(false);
      expect((await pages.next(page.next!)).rows).toHaveLength(50);
      expect(errors).toHaveBeenCalledWith(expect.stringContaining('page reader thread stopped'), expect.anything());
    } finally {
      pages.close();
      errors.mockRestore();
    }
  }, 30_000);

  it('close() rejects a read in flight', async () => {
    const pages = threadedPages({ client: { baseUrl: sim.url, token: null }, ctx, aheadPages: 3 }, () => inlinePages(new FhirCentral({ baseUrl: sim.url, token: null }), ctx));
    const read = pages.search(query(100));
    pages.close();
    const e = await failure(read);
    expect(e.message).toMatch(/closed/);
    expect((await failure(pages.next(`${sim.url}/Appointment`))).message).toMatch(/closed/);
  });
});

describe('what goes wrong on the thread arrives as the same error', () => {
  // A central that answers each path with one kind of trouble.
  let server: http.Server;
  let base = '';
  const hits: number[] = [];
  let looping: object | null = null;
  // No invitation identifier: the mapper refuses it.
  const appointment = (id: string) => ({
    resourceType: 'Appointment',
    id,
    meta: { versionId: '1', lastUpdated: '2021-04-01T08:00:00.000Z' },
    status: 'booked',
    start: '2021-04-02T08:00:00.000Z',
    end: '2021-04-02T08:15:00.000Z',
    contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: 'https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin', value: '85073003328' }], name: [{ family: 'Peeters', given: ['Anne'] }] }],
    participant: [
      { actor: { reference: '#p' }, status: 'accepted' },
      { actor: { reference: `Location/${LOCATION}` }, status: 'accepted' },
    ],
  });
  let sim0: CentralSim;
  beforeAll(async () => {
    ({ sim: sim0 } = await startSim({ invitations: 5 }));
    server = http.createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/fhir+json' });
        res.end(JSON.stringify(body));
      };
      const url = req.url ?? '';
      if (looping && (url.includes('loop=1') || url.includes('actor='))) {
        hits.push(-1);
        return send(200, looping);
      }
      const chained = /chain=(\d+)/.exec(url);
      if (chained) {
        const n = Number(chained[1]);
        hits.push(n);
        send(200, { resourceType: 'Bundle', type: 'searchset', total: 20, entry: [], link: n < 20 ? [{ relation: 'next', url: `${base}/Appointment?chain=${n + 1}` }] : [] });
      } else if (url.includes('gone')) send(410, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'processing', diagnostics: 'cursor too old' }] });
      else if (url.includes('bad')) send(200, { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: { ...appointment('appt-1'), start: undefined } }, { resource: appointment('appt-2') }] });
      else if (url.includes('broken')) send(200, { resourceType: 'Bundle', type: 'history', entry: [] });
      else if (url.includes('foreign')) send(200, { resourceType: 'Bundle', type: 'searchset', entry: [], link: [{ relation: 'next', url: 'https://elsewhere.example/Appointment?page=2' }] });
      else if (url.includes('html')) {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html>maintenance</html>');
      } else send(404, { resourceType: 'OperationOutcome', issue: [] });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sim0?.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('one malformed entry is parked with its reason and the rest of the page kept, on the thread as on the desk (issue 19.2)', async () => {
    const threaded = threadedPages({ client: { baseUrl: base, token: null }, ctx, aheadPages: 3 }, () => {
      throw new Error('no fallback expected');
    });
    const inline = inlinePages(new FhirCentral({ baseUrl: base, token: null }), ctx);
    try {
      const there = await threaded.next(`${base}/Appointment?bad=1`);
      const here = await inline.next(`${base}/Appointment?bad=1`);
      expect(there).toEqual(here);
      expect(there.rows.map((r) => r?.id)).toEqual(['appt-2']);
      expect(there.parked).toEqual([
        { resourceType: 'Appointment', resourceId: 'appt-1', versionId: '1', lastUpdated: '2021-04-01T08:00:00.000Z', reason: 'Appointment/appt-1: start and end are required' },
      ]);
    } finally {
      threaded.close();
    }
  });

  it.each(['gone', 'broken', 'foreign', 'html'])('%s', async (what) => {
    const threaded = threadedPages({ client: { baseUrl: base, token: null }, ctx, aheadPages: 3 }, () => {
      throw new Error('no fallback expected');
    });
    const inline = inlinePages(new FhirCentral({ baseUrl: base, token: null }), ctx);
    try {
      const there = await failure(threaded.next(`${base}/Appointment?${what}=1`));
      const here = await failure(inline.next(`${base}/Appointment?${what}=1`));
      expect(threaded.onThread()).toBe(true);
      expect({ kind: there.kind, status: there.status, message: there.message }).toEqual({ kind: here.kind, status: here.status, message: here.message });
      const expected = { gone: /cursor too old/, broken: /^search page: type/, foreign: /outside its own address/, html: /unexpected content type/ }[what]!;
      expect(there.message).toMatch(expected);
    } finally {
      threaded.close();
    }
  });

  it('reads ahead by at most aheadPages pages past the last one asked for', async () => {
    const pages = threadedPages({ client: { baseUrl: base, token: null }, ctx, aheadPages: 3 }, () => {
      throw new Error('no fallback expected');
    });
    const settle = () => new Promise((resolve) => setTimeout(resolve, 300));
    try {
      hits.length = 0;
      let page = await pages.next(`${base}/Appointment?chain=1`);
      await settle();
      expect(hits).toEqual([1, 2, 3, 4]);
      page = await pages.next(page.next!);
      expect(page.next).toBe(`${base}/Appointment?chain=3`);
      await settle();
      expect(hits).toEqual([1, 2, 3, 4, 5]);
      // A link off the chain drops what was read ahead and starts again from there.
      await pages.next(`${base}/Appointment?chain=18`);
      await settle();
      expect(hits).toEqual([1, 2, 3, 4, 5, 18, 19, 20]);
    } finally {
      pages.close();
    }
  });

  it('a next link that loops: the pull stops at maxPages with the pages it had, and read-ahead does not run away', async () => {
    const [one] = await sim0.engine.all<Appointment>('Appointment');
    looping = { resourceType: 'Bundle', type: 'searchset', entry: [{ resource: one }], link: [{ relation: 'next', url: `${base}/Appointment?loop=1` }] };
    const t = testApp();
    try {
      hits.length = 0;
      const pull = pullInvitations({
        store: t.core.store,
        central: new FhirCentral({ baseUrl: base, token: null }),
        centerId: CENTER,
        locationId: LOCATION,
        now: () => new Date('2021-03-10T09:00:00Z'),
        opts: { ...DEFAULT_PULL, pageSize: 100, batchRows: 300, maxPages: 7, pastDays: 3650, futureDays: 3650 },
      });
      await expect(pull).rejects.toThrow(/more than 7 pages/);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(t.core.store.invitations.count()).toBe(1);
      // 7 pages taken, at most 3 (batchRows / pageSize) read ahead, nothing after the reader closed.
      expect(hits.length).toBeGreaterThanOrEqual(7);
      expect(hits.length).toBeLessThanOrEqual(10);
    } finally {
      t.cleanup();
    }
  });
});
