import fs from 'node:fs';
import path from 'node:path';
import type { Command } from './command';
import { createApp } from '../core';
import { defaultDataDir } from '../paths';
import { SyncEngine } from '../sync/engine';
import { checkBaseUrl } from '../sync/fhir/client';
import { getConnection } from '../sync/settings';
import { setCenterId } from '../services/center';
import type { App } from '../core';

/** Exit codes: 0 all done, 1 central answered but something failed, 2 usage, 3 central unreachable. */
export const syncCommand: Command = {
  name: 'sync',
  usage: 'vaxdesk sync --data <dir> [--central <url> --location <id> --token-file <file>] [--full]',
  summary: 'Run one full sync with the central system (pull, then push) and print what moved.',
  options: { data: { type: 'string' }, central: { type: 'string' }, location: { type: 'string' }, 'token-file': { type: 'string' }, full: { type: 'boolean' } },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    if (!fs.existsSync(path.join(dataDir, 'vaxdesk.sqlite'))) {
      console.error(`No VaxDesk data in ${dataDir}. Set up the center and its first coordinator first:\n  vaxdesk serve --data ${JSON.stringify(dataDir)}\nopen the address it prints and fill in the first-run screen; then run this command again.`);
      return 2;
    }
    let token: string | null = null;
    if (typeof v['token-file'] === 'string') {
      try {
        token = fs.readFileSync(v['token-file'], 'utf8').trim();
      } catch (e) {
        console.error(`Cannot read the token file: ${(e as Error).message}`);
        return 2;
      }
      if (!/^[\x21-\x7e]{1,4096}$/.test(token)) {
        console.error('The token file must hold one token (printable characters, no spaces).');
        return 2;
      }
    }
    const app = createApp({ dataDir });
    try {
      const saved = getConnection(app.core.store);
      let override;
      if (typeof v.central === 'string' || typeof v.location === 'string' || token !== null) {
        const baseUrl = typeof v.central === 'string' ? v.central : saved?.baseUrl;
        const locationId = typeof v.location === 'string' ? v.location : (saved?.locationId ?? app.core.store.center.id() ?? undefined);
        if (!baseUrl || !locationId) {
          console.error('Give both --central and --location (nothing is saved in this data folder yet).');
          return 2;
        }
        try {
          checkBaseUrl(baseUrl);
        } catch (e) {
          console.error((e as Error).message);
          return 2;
        }
        if (!/^[A-Za-z0-9\-.]{1,64}$/.test(locationId)) {
          console.error('--location must be a FHIR id (letters, digits, - and .).');
          return 2;
        }
        const refusal = adoptLocation(app, dataDir, locationId);
        if (refusal) {
          console.error(refusal);
          return 2;
        }
        override = { connection: { baseUrl: baseUrl.replace(/\/+$/, ''), locationId }, token: token ?? app.core.secrets.get('central-token') };
      }
      let lastPages = -1;
      const engine = new SyncEngine(app.core, {
        ...(override ? { override } : {}),
        onPageCommitted: (p) => {
          if (p.pages !== lastPages) process.stderr.write(`  page ${p.pages}: ${p.entries}${p.total !== null ? ` of ${p.total}` : ''} invitations\n`);
          lastPages = p.pages;
        },
      });
      const r = await engine.run({ full: v.full === true });
      const pulled = r.pulled ? `pulled ${r.pulled.entries} (${r.pulled.inserted} new, ${r.pulled.updated} changed${r.pulled.full ? ', full resync' : ''})` : 'pulled nothing';
      const pushed = r.pushed ? `pushed ${r.pushed.pushed}, parked ${r.pushed.parked}, waiting ${r.pushed.retrying}` : 'pushed nothing';
      console.log(`${pulled}; ${pushed}`);
      const left = app.core.store.outbox.counts();
      console.log(`outbox: ${left.pending} pending, ${left.parked} parked`);
      if (r.error) console.error(`error: ${r.error}`);
      if (r.unreachable) return 3;
      return r.ok ? 0 : 1;
    } finally {
      app.close();
    }
  },
};

/**
 * `--location` on a center that has no Location id yet gives it one, as saving the connection in
 * Sync → connection does; on a folder without a center, or with another Location id, it refuses
 * and says what to run (a center is created on the first-run screen, with its first coordinator).
 */
function adoptLocation(app: App, dataDir: string, locationId: string): string | null {
  const { store } = app.core;
  const center = store.center.get();
  if (!center) {
    return [
      `This data folder has no center yet, so nothing can be synced for Location/${locationId}.`,
      'Create the center with its first coordinator, then run this command again:',
      `  vaxdesk serve --data ${JSON.stringify(dataDir)}`,
      'open the address it prints and fill in the first-run screen (the center and its Location id, then the coordinator).',
    ].join('\n');
  }
  if (center.id === null) {
    store.tx(() => setCenterId(store, locationId, false, app.core.clock().toISOString(), { staffId: null, staffName: 'vaxdesk sync' }));
    console.log(`The center "${center.name}" is now Location/${locationId} at the central system.`);
    return null;
  }
  if (center.id !== locationId) {
    return [
      `This center ("${center.name}") is Location/${center.id} at the central system; --location ${locationId} names another center.`,
      `Leave out --location (or give --location ${center.id}). To change the center's Location id, a coordinator does it in Sync → connection,`,
      'which says what happens to the invitations already pulled.',
    ].join('\n');
  }
  return null;
}
