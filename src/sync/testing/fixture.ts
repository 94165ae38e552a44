import type { Appointment } from 'fhir/r4';
import { CentralSim, type SimOptions } from '../../../tools/central-sim/server';
import { seedWorld, type World } from '../../../tools/central-sim/population';
import type { TestApp } from '../../testing/harness';
import { appointmentToInvitation } from '../fhir/mappers';
import { CONNECTION_KEY, TOKEN_SECRET } from '../settings';

export const LOCATION = 'loc-heysel';
export const CENTER = 'brussels-heysel';

/** A real central system on 127.0.0.1 with a seeded population. */
export async function startSim(o: { invitations: number; people?: number; firstDay?: string; days?: number; seed?: number } & SimOptions) {
  const sim = new CentralSim({ ...o, host: '127.0.0.1', port: o.port ?? 0 });
  const world: World = await seedWorld(sim, {
    seed: o.seed ?? 7,
    locationId: LOCATION,
    people: o.people ?? o.invitations + 500,
    invitations: o.invitations,
    firstDay: o.firstDay ?? '2021-03-01',
    days: o.days ?? 30,
  });
  await sim.start();
  return { sim, world };
}

/** Points a test app at the sim, as a coordinator would in the settings screen. */
export function connect(t: TestApp, sim: CentralSim, token: string | null = null): void {
  const { store } = t.core;
  store.tx(() => {
    store.center.save({ id: CENTER, name: 'Heizel' }, new Date().toISOString());
    store.settings.put(CONNECTION_KEY, { baseUrl: sim.url, locationId: LOCATION });
  });
  t.core.secrets.set(TOKEN_SECRET, token);
}

/** Central's invitations as VaxDesk would store them, keyed by id. */
export async function centralInvitations(sim: CentralSim) {
  const out = new Map<string, { status: string; startAt: string; endAt: string; versionId: string | null; code: string; niss: string }>();
  for (const a of await sim.engine.all<Appointment>('Appointment')) {
    if (!a.participant?.some((p) => p.actor?.reference === `Location/${LOCATION}`)) continue;
    const inv = appointmentToInvitation(a, { centerId: CENTER, locationId: LOCATION });
    if (inv) out.set(inv.id, { status: inv.status, startAt: inv.startAt, endAt: inv.endAt, versionId: inv.versionId, code: inv.code, niss: inv.person.niss });
  }
  return out;
}

/** Differences between local and central invitations (empty = converged). */
export async function differences(t: TestApp, sim: CentralSim): Promise<string[]> {
  const central = await centralInvitations(sim);
  const local = new Map(t.core.store.sync.snapshot().map((r) => [r.id, r]));
  const diffs: string[] = [];
  for (const [id, c] of central) {
    const l = local.get(id);
    if (!l) diffs.push(`missing locally: ${id}`);
    else if (l.status !== c.status || l.startAt !== c.startAt || l.endAt !== c.endAt || l.code !== c.code || l.niss !== c.niss) {
      diffs.push(`differs: ${id} local ${l.status} ${l.startAt} central ${c.status} ${c.startAt}`);
    }
  }
  for (const id of local.keys()) if (!central.has(id)) diffs.push(`only local: ${id}`);
  return diffs;
}

/** Checks someone in through the real dispatcher, overriding whatever guard stands in the way (as a receptionist would, with a reason). */
export async function checkIn(t: TestApp, token: string, invitationId: string): Promise<void> {
  const guards: string[] = [];
  for (let i = 0; i < 6; i++) {
    const r = await t.call('arrivals.checkIn', guards.length ? { invitationId, override: { guards: guards as never, reason: 'test override' } } : { invitationId }, token);
    if (r.ok) return;
    if (r.error.code !== 'GUARD') throw new Error(`check-in ${invitationId}: ${r.error.code} ${r.error.message}`);
    guards.push(String(r.error.details?.guard));
  }
  throw new Error(`check-in ${invitationId}: too many guards`);
}
