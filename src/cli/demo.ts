import path from 'node:path';
import type { Command } from './command';
import { createApp } from '../core';
import { DEMO_CENTER, seedDemo } from '../demo/seed';
import { checkBaseUrl } from '../sync/fhir/client';
import { defaultDataDir } from '../paths';
import '../demo/seeders';

export const demoCommand: Command = {
  name: 'demo',
  usage: 'vaxdesk demo [--data <dir>] [--seed <n>] [--central <url> [--location <id>] [--token <t>]]',
  summary: 'Fill a fresh data folder with a realistic demo center and print the demo PINs.',
  options: { data: { type: 'string' }, seed: { type: 'string' }, central: { type: 'string' }, location: { type: 'string' }, token: { type: 'string' } },
  async run(v) {
    const dataDir = path.resolve(String(v.data ?? defaultDataDir()));
    // The same address rule as the Sync screen: HTTPS, or plain HTTP to this computer only.
    let baseUrl: string | null = null;
    if (typeof v.central === 'string') {
      try {
        baseUrl = checkBaseUrl(v.central).toString().replace(/\/+$/, '');
      } catch (e) {
        console.error(`--central: ${(e as Error).message}`);
        return 2;
      }
    }
    const app = createApp({ dataDir });
    try {
      const central =
        baseUrl !== null
          ? { baseUrl, locationId: typeof v.location === 'string' ? v.location : DEMO_CENTER.id, token: typeof v.token === 'string' ? v.token : null }
          : undefined;
      const s = await seedDemo(app, { seed: v.seed === undefined ? 2021 : Number(v.seed), central });
      console.log(`Demo center created in ${dataDir}`);
      console.log(central ? `Connected to the central system at ${central.baseUrl} (Location/${central.locationId}); invitations arrive with the first sync.` : `${s.invitations} invitations over ${s.days} days.`);
      console.log('Staff (name — role — PIN):');
      for (const st of s.staff) console.log(`  ${st.displayName} — ${st.role} — ${st.pin}`);
      console.log(`Start it with: npm run serve -- --data ${dataDir}`);
      return 0;
    } catch (e) {
      console.error((e as Error).message);
      return 1;
    } finally {
      app.close();
    }
  },
};
