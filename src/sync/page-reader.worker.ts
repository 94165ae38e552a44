/**
 * The page reader thread (see threadedPages in page-reader.ts): fetches each page with its own
 * FHIR client, checks the bundle and maps every entry, and sends back only the rows. It follows
 * next links on its own up to `aheadPages` pages before they are asked for: the desk's thread
 * answers no message while it commits a batch, so pages asked for one at a time would leave this
 * thread idle exactly when it could work. tools/build.mjs bundles it as page-reader.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FhirCentral } from './central';
import { errorToWire, mapPage, type MappedPage, type ReaderAsk, type ReaderData, type ReaderReply, type ReaderRequest, type WireError } from './page-reader';

type Answer = { ok: true; page: MappedPage } | { ok: false; error: WireError };

const data = workerData as ReaderData;
const central = new FhirCentral(data.client);
const port = parentPort!;

async function read(ask: ReaderAsk): Promise<Answer> {
  try {
    const p = ask.op === 'search' ? await central.searchAppointments(ask.query) : await central.nextPage(ask.link);
    return { ok: true, page: await mapPage(p, data.ctx, null, (ids) => central.searchPatients(ids)) };
  } catch (e) {
    return { ok: false, error: errorToWire(e) };
  }
}

/** Pages read ahead and not asked for yet, by link; a link is in here from the moment it is fetched. */
const ahead = new Map<string, Promise<Answer>>();
/** The furthest page read: read-ahead carries on from its next link (null while that read is on its way). */
let tail: MappedPage | null = null;
/** Bumped whenever what was read ahead is dropped: a read of an older chain then leaves tail alone. */
let chain = 0;

/** Reads `ask`; once it is read, and if no new chain began meanwhile, read-ahead carries on from it. */
function readInChain(ask: ReaderAsk): Promise<Answer> {
  const mine = chain;
  const p = read(ask);
  void p.then((a) => {
    if (!a.ok || mine !== chain) return;
    tail = a.page;
    readAhead();
  });
  return p;
}

function readAhead(): void {
  // A link already on its way is not asked twice (a next link that loops stops read-ahead there).
  while (tail?.next && ahead.size < data.aheadPages && !ahead.has(tail.next)) {
    const link = tail.next;
    tail = null;
    ahead.set(link, readInChain({ op: 'next', link }));
  }
}

port.on('message', (m: ReaderRequest) => {
  const link = m.op === 'next' ? m.link : null;
  let p = link === null ? undefined : ahead.get(link);
  if (p) {
    ahead.delete(link!);
    readAhead();
  } else {
    // Not the page read ahead (a new search, another link): what was read ahead is of no use.
    ahead.clear();
    tail = null;
    chain++;
    p = readInChain(m.op === 'search' ? { op: 'search', query: m.query } : { op: 'next', link: m.link });
  }
  void p.then((a) => port.postMessage((a.ok ? { id: m.id, ok: true, ...a.page } : { id: m.id, ok: false, error: a.error }) satisfies ReaderReply));
});
