import path from 'node:path';
import type { Command } from './command';
import { createApp, startBackgroundCheckpoints, type App } from '../core';
import { startSync } from '../sync/engine';
import { startServer } from '../server/server';
import { defaultDataDir } from '../paths';
import { startBackups, backupOnExit } from '../services/backup';
import { startRetention } from '../services/retention-schedule';
import { hubControl, HUB_DEFAULT_PORT } from '../hub/control';
import { DeskLink, joinHub, loadPairing } from '../hub/desk';
import { probeHub } from '../hub/client';
import { sameFingerprint } from '../hub/cert';

export function rendererDir(): string {
  // dist/cli.js sits next to dist/renderer once built.
  return path.join(__dirname, 'renderer');
}

function portOf(v: unknown, fallback: number, flag: string): number | null {
  const port = v === undefined ? fallback : Number(v);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${flag} must be a number from 0 to 65535, not "${String(v)}".`);
    return null;
  }
  return port;
}

/** `--join`: pairs at the first start (the fingerprint must be given: pinned, never trusted on first use). */
async function joined(app: App, v: Record<string, string | boolean | undefined>): Promise<DeskLink | number> {
  let pairing = loadPairing(app);
  const url = String(v.join).replace(/\/$/, '');
  if (!pairing) {
    if (typeof v.fingerprint !== 'string' || typeof v.pairing !== 'string') {
      try {
        const seen = await probeHub(url);
        console.error(`The hub at ${url} shows the certificate fingerprint\n  ${seen.fingerprint}\nCompare it with the hub's Staff → Desks screen, then run again with --pairing <code> --fingerprint <fingerprint>.`);
      } catch (e) {
        console.error(`The hub at ${url} did not answer: ${(e as Error).message}`);
      }
      return 2;
    }
    try {
      pairing = await joinHub(app, { url, code: v.pairing, fingerprint: v.fingerprint, name: typeof v.name === 'string' ? v.name : 'Desk' });
    } catch (e) {
      console.error(`Not joined: ${(e as Error).message}`);
      return 3;
    }
    console.log(`Joined the hub at ${pairing.hubUrl} as ${pairing.deskId}.`);
  } else if (typeof v.fingerprint === 'string' && !sameFingerprint(v.fingerprint, pairing.fingerprint)) {
    console.error('This desk is paired with a hub of another fingerprint; refusing to start.');
    return 3;
  }
  return new DeskLink(app, pairing);
}

export const serveCommand: Command = {
  name: 'serve',
  usage:
    'vaxdesk serve [--data <dir>] [--port <n>] [--host <addr>] [--hub [--hub-host <lan addr>] [--hub-port <n>]] [--join https://<hub>:<port> --pairing <code> --fingerprint <sha256> --name <desk name>]',
  summary: 'Serve the desk UI and the API over HTTP (browser mode); as a hub, serve desks over TLS; or be a desk of a hub.',
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    hub: { type: 'boolean' },
    'hub-host': { type: 'string' },
    'hub-port': { type: 'string' },
    join: { type: 'string' },
    pairing: { type: 'string' },
    fingerprint: { type: 'string' },
    name: { type: 'string' },
  },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    const port = portOf(v.port, 5180, '--port');
    const hubPort = portOf(v['hub-port'], HUB_DEFAULT_PORT, '--hub-port');
    if (port === null || hubPort === null) return 2;
    if (v.hub && v.join) {
      console.error('--hub and --join exclude each other: an installation is the hub or one of its desks.');
      return 2;
    }
    const app = createApp({ dataDir });
    startBackgroundCheckpoints(app);
    startBackups(app);
    let desk: DeskLink | null = null;
    let stopSync = () => {};
    if (typeof v.join === 'string') {
      const d = await joined(app, v);
      if (typeof d === 'number') {
        app.close();
        return d;
      }
      desk = d;
      desk.start();
    } else {
      // Desks never talk to central: only a hub or a lone desk runs the sync.
      stopSync = startSync(app.core);
    }
    const stopRetention = startRetention(app.core);
    const hub = desk ? null : hubControl(app, dataDir);
    if (hub && v.hub) {
      const info = await hub.enable(true, typeof v['hub-host'] === 'string' ? v['hub-host'] : typeof v.host === 'string' ? v.host : '127.0.0.1', hubPort);
      console.log(`VaxDesk hub: desks join at ${info.url}`);
      console.log(`Hub certificate fingerprint (SHA-256): ${info.fingerprint}`);
    } else if (hub) {
      const info = await hub.resume();
      if (info.enabled) console.log(`VaxDesk hub: desks join at ${info.url} (fingerprint ${info.fingerprint})`);
    }
    const served: App = desk ? { ...app, dispatch: desk.dispatch } : app;
    const uiHost = v.hub && typeof v['hub-host'] !== 'string' ? '127.0.0.1' : typeof v.host === 'string' ? v.host : '127.0.0.1';
    const { server, url } = await startServer({ app: served, port, host: uiHost, staticDir: rendererDir() });
    console.log(`VaxDesk desk server: open ${url}`);
    console.log(`Data folder: ${dataDir}`);
    const stop = async () => {
      stopSync();
      stopRetention();
      await desk?.stop();
      await hub?.close();
      await server.close();
      await backupOnExit(app);
      app.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
    return new Promise<number>(() => {});
  },
};
