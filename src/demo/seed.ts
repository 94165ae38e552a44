import { randomUUID } from 'node:crypto';
import type { App } from '../core';
import { brusselsInstant, localDate } from '../domain/time';
import { rng } from './random';
import { invitationCode, synthAppointment, synthPerson } from './population';
import { hashPin } from '../services/pin-hash';
import { CONNECTION_KEY, TOKEN_SECRET } from '../sync/settings';

export const DEMO_CENTER = { id: 'brussels-heysel', name: 'Vaccinatiecentrum Heizel / Centre de vaccination Heysel' };

export const DEMO_STAFF = [
  { displayName: 'Anne Peeters', role: 'coordinator', pin: '1111', locale: 'nl' },
  { displayName: 'Marc Dubois', role: 'coordinator', pin: '2222', locale: 'fr' },
  { displayName: 'Sofie Janssens', role: 'receptionist', pin: '3333', locale: 'nl' },
  { displayName: 'Karim Benali', role: 'receptionist', pin: '4444', locale: 'fr' },
  { displayName: 'Emma Wilson', role: 'receptionist', pin: '5555', locale: 'en' },
] as const;

/** Areas add their own demo data (stock, plans, standby list) by registering a seeder. */
export type DemoSeeder = (app: App, ctx: { today: string; seed: number; central: boolean }) => void | Promise<void>;
const seeders: DemoSeeder[] = [];
export function registerDemoSeeder(s: DemoSeeder): void {
  seeders.push(s);
}

export interface DemoSummary {
  staff: typeof DEMO_STAFF;
  invitations: number;
  days: number;
}

/** Fills a fresh data folder with a living center. Refuses a folder that already has staff. */
/** With a central system, invitations come from it (the whole loop); without, they are made up locally. */
export interface DemoCentral {
  baseUrl: string;
  locationId: string;
  token: string | null;
}

export async function seedDemo(app: App, opts: { seed?: number; invitations?: number; days?: number; central?: DemoCentral } = {}): Promise<DemoSummary> {
  const { store } = app.core;
  if (store.staff.count() > 0) throw new Error('This data folder is not empty; demo data goes into a fresh folder only.');
  const seed = opts.seed ?? 2021;
  const r = rng(seed);
  const now = app.core.clock();
  const today = localDate(now);
  const days = opts.days ?? 7;
  const total = opts.central ? 0 : (opts.invitations ?? 420);
  const at = now.toISOString();

  const hashes = await Promise.all(DEMO_STAFF.map((s) => hashPin(s.pin)));
  store.tx(() => {
    store.center.create(opts.central ? { ...DEMO_CENTER, id: opts.central.locationId } : DEMO_CENTER, at);
    if (opts.central) store.settings.put(CONNECTION_KEY, { baseUrl: opts.central.baseUrl, locationId: opts.central.locationId });
    DEMO_STAFF.forEach((s, i) => {
      const id = randomUUID();
      store.staff.insert({ id, displayName: s.displayName, role: s.role, pinHash: hashes[i]!, locale: s.locale, now: at });
      store.audit.append({ at, actorId: null, actorName: 'demo', action: 'staff.create', entity: 'staff', entityId: id, detail: { displayName: s.displayName, role: s.role } });
    });
    for (let i = 0; i < total; i++) {
      const p = synthPerson(r, i);
      const personId = randomUUID();
      store.people.insert({ id: personId, niss: p.niss, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, phone: p.phone }, at);
      // Half of the invitations fall on today so that the reception screen has a full day.
      const a = synthAppointment(r, today, i % 2 === 0 ? 1 : days, ['COMIRNATY', 'VAXZEVRIA', 'SPIKEVAX']);
      const start = brusselsInstant(a.day, a.time);
      store.invitations.insert(
        {
          id: randomUUID(),
          code: invitationCode(r),
          personId,
          centerId: DEMO_CENTER.id,
          day: a.day,
          startAt: start.toISOString(),
          endAt: new Date(start.getTime() + a.minutes * 60_000).toISOString(),
          doseNumber: a.doseNumber,
          productCode: a.productCode,
          status: a.status,
          channels: a.channels,
          source: 'demo',
          versionId: null,
          lastUpdated: null,
        },
        at,
      );
    }
  });
  if (opts.central?.token) app.core.secrets.set(TOKEN_SECRET, opts.central.token);
  for (const s of seeders) await s(app, { today, seed, central: opts.central !== undefined });
  return { staff: DEMO_STAFF, invitations: total, days };
}
