/**
 * The static page server: a plain node:http server that writes pre-built searchset Bundles and
 * nothing else, so the pull's figures are the pull's own cost. Run as a child process (fork) with
 * the page file as argument; it answers the parent with { port } once every page is in memory.
 *
 * It ignores the search parameters: every Appointment search walks the whole region, which is
 * what a pull of a window sees the first time and a full resync of the window sees again.
 */
import fs from 'node:fs';
import http from 'node:http';
import { LOCATION_ID } from './data';

const file = process.argv[2];
if (!file) throw new Error('usage: page-server.ts <pages.jsonl> <total>');
const total = Number(process.argv[3]);
// Half a million entries are larger than the longest string V8 allows: the file stays bytes, split on newlines.
const raw = fs.readFileSync(file);
const lines: Buffer[] = [];
for (let at = 0; at < raw.length; ) {
  let end = raw.indexOf(10, at);
  if (end < 0) end = raw.length;
  if (end > at) lines.push(raw.subarray(at, end));
  at = end + 1;
}

let pages: Buffer[] = [];
const json = (o: unknown) => Buffer.from(JSON.stringify(o));
const CAPABILITY = json({ resourceType: 'CapabilityStatement', status: 'active', kind: 'instance', fhirVersion: '4.0.1', format: ['json'], software: { name: 'bench page server' } });
const LOCATION = json({ resourceType: 'Location', id: LOCATION_ID, name: 'Vaccinatiecentrum Heizel' });
const EMPTY = (kind: string) => json({ resourceType: 'Bundle', type: 'searchset', total: 0, link: [{ relation: 'self', url: kind }], entry: [] });
let requests = 0;

const server = http.createServer((req, res) => {
  requests++;
  const url = new URL(req.url ?? '/', 'http://localhost');
  const send = (status: number, body: Buffer) => {
    res.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', 'content-length': body.length });
    res.end(body);
  };
  if (req.method !== 'GET') return send(405, json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported' }] }));
  const p = url.pathname.replace(/^\/fhir/, '');
  if (p === '/metadata') return send(200, CAPABILITY);
  if (p === `/Location/${LOCATION_ID}`) return send(200, LOCATION);
  if (p === '/Appointment') {
    const k = Number(url.searchParams.get('_page') ?? 0);
    const page = pages[k];
    return page ? send(200, page) : send(404, json({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] }));
  }
  // Anything else the engine may look at on the way (Slots, Schedules …) is simply empty here.
  const kind = p.split('/')[1] ?? '';
  return send(200, EMPTY(kind));
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as { port: number };
  const base = `http://127.0.0.1:${port}/fhir`;
  pages = lines.map((entries, k) => {
    const link = [{ relation: 'self', url: `${base}/Appointment?_page=${k}` }];
    if (k + 1 < lines.length) link.push({ relation: 'next', url: `${base}/Appointment?actor=Location/${LOCATION_ID}&_sort=_lastUpdated&_page=${k + 1}` });
    return Buffer.concat([Buffer.from(`{"resourceType":"Bundle","type":"searchset","total":${total},"link":${JSON.stringify(link)},"entry":`), entries, Buffer.from('}')]);
  });
  lines.length = 0;
  process.send?.({ port, base, pages: pages.length, total });
});

process.on('message', (m) => {
  if (m === 'requests') process.send?.({ requests });
});
process.on('disconnect', () => process.exit(0));
