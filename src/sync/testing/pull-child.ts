/**
 * A pull in its own process, for the crash test: prints "page N" after each committed page so
 * the parent can SIGKILL it at a random page.
 * Usage: node --import tsx pull-child.ts <dataDir> <pageSize> <clock ISO> <batchRows> <quiet|busy>
 * busy: a receptionist keeps calling, so the pull writes in slices of a few rows between yields.
 */
import { createApp } from '../../core';
import { SyncEngine } from '../engine';
import { DEFAULT_PULL } from '../pull';

async function main(): Promise<void> {
  const [dataDir, pageSize, clock, batchRows, desk] = process.argv.slice(2);
  // The parent's test clock: the date window must be the same on both sides.
  const at = Date.parse(clock!);
  const app = createApp({ dataDir: dataDir!, clock: () => new Date(at) });
  const engine = new SyncEngine(app.core, {
    pull: { ...DEFAULT_PULL, pageSize: Number(pageSize), batchRows: Number(batchRows), sliceRows: 7 },
    timeoutMs: 30_000,
    onPageCommitted: (p) => process.stdout.write(`page ${p.pages}\n`),
  });
  const busy = desk === 'busy' ? setInterval(() => app.core.desk.touch(), 1) : null;
  if (busy) app.core.desk.touch();
  const r = await engine.run();
  if (busy) clearInterval(busy);
  process.stdout.write(`done ${JSON.stringify({ error: r.error, entries: r.pulled?.entries })}\n`);
  app.close();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
