import path from 'node:path';
import type { Command } from './command';
import { createApp, startBackgroundCheckpoints } from '../core';
import { startSync } from '../sync/engine';
import { startServer } from '../server/server';
import { defaultDataDir } from '../paths';
import { startBackups, backupOnExit } from '../services/backup';
import { startRetention } from '../services/retention-schedule';
import { installProcessGuards } from '../server/process-guards';

export function rendererDir(): string {
  // dist/cli.js sits next to dist/renderer once built.
  return path.join(__dirname, 'renderer');
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'vaxdesk serve [--data <dir>] [--port <n>] [--host <addr>] [--allow-host <name>[,<name>...]]',
  summary: 'Serve the desk UI and the API over HTTP (browser mode).',
  options: { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'allow-host': { type: 'string' } },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    const port = v.port === undefined ? 5180 : Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      console.error(`--port must be a number from 0 to 65535, not "${String(v.port)}".`);
      return 2;
    }
    installProcessGuards();
    const app = createApp({ dataDir });
    startBackgroundCheckpoints(app);
    startBackups(app);
    const stopSync = startSync(app.core);
    const stopRetention = startRetention(app.core);
    const { server, url } = await startServer({
      app,
      port,
      host: typeof v.host === 'string' ? v.host : '127.0.0.1',
      // Browsers reach the desk only by these names (DNS rebinding, see host-check.ts).
      allowedHosts: typeof v['allow-host'] === 'string' ? v['allow-host'].split(',') : [],
      staticDir: rendererDir(),
    });
    console.log(`VaxDesk desk server: open ${url}`);
    console.log(`Data folder: ${dataDir}`);
    const stop = async () => {
      stopSync();
      stopRetention();
      await server.close();
      await backupOnExit(app);
      app.close();
      process.exit(0);
    };
    const failedToStop = (e: unknown) => {
      console.error('[vaxdesk] could not stop cleanly', e);
      process.exit(1);
    };
    process.once('SIGINT', () => {
      stop().catch(failedToStop);
    });
    process.once('SIGTERM', () => {
      stop().catch(failedToStop);
    });
    return new Promise<number>(() => {});
  },
};
