/**
 * A pull in its own process, for the crash test: prints "page N" after each committed page so
 * the parent can SIGKILL it at a random page. Usage: node --import tsx pull-child.ts <dataDir> <pageSize> <clock ISO>
 */
import { createApp } from '../../core';
import { SyncEngine } from '../engine';
import { DEFAULT_PULL } from '../pull';

async function main(): Promise<void> {
  const [dataDir, pageSize, clock] = process.argv.slice(2);
  // The parent's test clock: the date window must be the same on both sides.
  const at = Date.parse(clock!);
  const app = createApp({ dataDir: dataDir!, clock: () => new Date(at) });
  const engine = new SyncEngine(app.core, {
    pull: { ...DEFAULT_PULL, pageSize: Number(pageSize) },
    timeoutMs: 30_000,
    onPageCommitted: (p) => process.stdout.write(`page ${p.pages}\n`),
  });
  const r = await engine.run();
  process.stdout.write(`done ${JSON.stringify({ error: r.error, entries: r.pulled?.entries })}\n`);
  app.close();
}

void main();
