/**
 * Builds the cached region database of n invitations (one person each) through the repositories,
 * as a center's database looks after its pulls: staff, the center setting, people with their name
 * tokens, invitations, and today's arrivals so far. Prints the file's path.
 *
 *   tsx bench/prepare.ts --n 1000000
 */
import fs from 'node:fs';
import { createApp } from '../src/core';
import { MIGRATIONS } from '../src/db/migrations';
import { migrate, openDatabase, userVersion } from '../src/db/open';
import { benchRow, CENTER, NOW_ISO, personIdOf, TODAY } from './data';
import { BENCH_PIN, BENCH_RECEPTIONIST, benchClock, main, nowMs } from './lib';
import { regionDbPath, writeAtomically } from './cache';
import { uuidv5 } from '../src/sync/fhir/ids';

/** Share of today's booked appointments already checked in when the benchmark's clock starts (10:30). */
const ARRIVED_SHARE = 0.35;
const CHUNK = 20_000;

export async function buildRegion(n: number, file: string): Promise<void> {
  const app = createApp({ dbFile: file, clock: benchClock() });
  try {
    const { store } = app.core;
    const setup = await app.dispatch('setup.createFirstCoordinator', { displayName: 'Bench Coordinator', pin: BENCH_PIN }, null);
    if (!setup.ok) throw new Error(setup.error.message);
    const token = (setup.value as { token: string }).token;
    const rec = await app.dispatch('staff.create', { displayName: BENCH_RECEPTIONIST, role: 'receptionist', pin: BENCH_PIN }, token);
    if (!rec.ok) throw new Error(rec.error.message);
    store.tx(() => store.settings.put('center', CENTER));

    const at = NOW_ISO;
    let arrived = 0;
    for (let from = 0; from < n; from += CHUNK) {
      store.tx(() => {
        for (let i = from; i < Math.min(n, from + CHUNK); i++) {
          const { person, invitation } = benchRow(i);
          const personId = personIdOf(i);
          store.people.insert({ id: personId, ...person }, at);
          store.invitations.insert({ ...invitation, personId, source: 'central' }, at);
          // Every third booked first dose of today is already here: the dashboard counts a half-done day.
          if (invitation.day === TODAY && invitation.status === 'booked' && i % 1000 < ARRIVED_SHARE * 1000 && invitation.doseNumber === 1) {
            store.arrivals.insertArrival({
              id: uuidv5(`bench-arrival:${i}`),
              invitationId: invitation.id,
              personId,
              day: TODAY,
              at: invitation.startAt,
              deskId: 'desk-1',
              staffId: null,
              staffName: BENCH_RECEPTIONIST,
              overrides: [],
              overrideReason: null,
              walkinReason: null,
            });
            store.arrivals.setInvitationStatus(invitation.id, 'arrived', at);
            arrived++;
          }
        }
      });
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    console.error(`region of ${n}: ${arrived} arrivals today`);
  } finally {
    app.close();
  }
  for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
}

const appliedFile = (db: string) => `${db}.migrations.json`;

/**
 * Brings a cached region up to the current schema, once, outside any timed scenario. Areas land
 * their migrations out of version order in this tree (planning's 10-12 after reception's 46), and
 * migrate() rightly skips versions below user_version, so the versions the file has never seen are
 * recorded beside it and applied here (they only create tables and indexes).
 */
function upgrade(file: string): void {
  const sidecar = appliedFile(file);
  const applied = new Set<number>(fs.existsSync(sidecar) ? (JSON.parse(fs.readFileSync(sidecar, 'utf8')) as number[]) : MIGRATIONS.map((m) => m.version));
  const db = openDatabase(file, { migrate: false });
  try {
    const v = userVersion(db);
    for (const m of MIGRATIONS) if (m.version <= v && !applied.has(m.version)) db.transaction(() => m.up(db)).immediate();
    migrate(db);
  } finally {
    db.close();
  }
  fs.writeFileSync(sidecar, JSON.stringify(MIGRATIONS.map((m) => m.version)));
  for (const ext of ['-wal', '-shm']) fs.rmSync(file + ext, { force: true });
}

/** The cached region of n rows, built first when missing. */
export async function ensureRegion(n: number): Promise<string> {
  const file = regionDbPath(n);
  if (fs.existsSync(file)) {
    upgrade(file);
    return file;
  }
  const t0 = nowMs();
  await writeAtomically(file, async (tmp) => {
    await buildRegion(n, tmp);
    fs.writeFileSync(appliedFile(tmp), JSON.stringify(MIGRATIONS.map((m) => m.version)));
  });
  fs.renameSync(appliedFile(`${file}.${process.pid}.tmp`), appliedFile(file));
  console.error(`built ${file} in ${((nowMs() - t0) / 1000).toFixed(1)} s`);
  return file;
}

if (require.main === module) {
  main(async (a) => {
    console.log(await ensureRegion(a.n));
  });
}
