import { parseArgs } from 'node:util';
import { CentralSim } from './server';
import { FAULT_KINDS, type FaultKind } from './faults';
import { centralChanges, inviteIntoFreeSlots, PATIENT_SHAPES, seedWorld, type PatientShape } from './population';
import { localDate } from '../../src/domain/time';

/**
 * `npm run central -- [--port <n>] [--seed <n>] [--faults <rate>] [--file <path>] [--people <n>]
 *   [--invitations <n>] [--location <id>] [--token <t>] [--invite-every <s>]
 *   [--patients contained|logical|referenced] [--invitation-system <uri> | --no-invitation-id]
 *   [--next-links opaque|readable] [--drop-includes <share>]`
 * A local national system for development, the demo and the e2e tests.
 */
async function main(argv: string[]): Promise<number> {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      port: { type: 'string', default: '5190' },
      host: { type: 'string', default: '127.0.0.1' },
      seed: { type: 'string', default: '2021' },
      faults: { type: 'string', default: '0' },
      'fault-kinds': { type: 'string' },
      'hang-ms': { type: 'string', default: '10000' },
      file: { type: 'string' },
      people: { type: 'string', default: '5000' },
      invitations: { type: 'string', default: '400' },
      days: { type: 'string', default: '7' },
      location: { type: 'string', default: 'brussels-heysel' },
      token: { type: 'string' },
      'invite-every': { type: 'string', default: '0' },
      patients: { type: 'string', default: 'contained' },
      'invitation-system': { type: 'string' },
      'no-invitation-id': { type: 'boolean' },
      'next-links': { type: 'string', default: 'opaque' },
      'drop-includes': { type: 'string', default: '0' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (v.help) {
    console.log(
      'npm run central -- [--port 5190] [--seed 2021] [--faults 0.3] [--file central.json] [--people 5000] [--invitations 400] [--location id] [--token t] [--invite-every 30]\n' +
        '  [--patients contained|logical|referenced] [--invitation-system <uri> | --no-invitation-id] [--next-links opaque|readable] [--drop-includes 0.1]',
    );
    return 0;
  }
  const num = (name: string, s: string | undefined, min: number, max: number) => {
    const n = Number(s);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}`);
    return n;
  };
  const kinds = v['fault-kinds'] ? (v['fault-kinds'].split(',') as FaultKind[]) : [...FAULT_KINDS];
  for (const k of kinds) if (!FAULT_KINDS.includes(k)) throw new Error(`unknown fault kind ${k} (${FAULT_KINDS.join(', ')})`);
  const patients = v.patients as PatientShape;
  if (!PATIENT_SHAPES.includes(patients)) throw new Error(`--patients must be one of ${PATIENT_SHAPES.join(', ')}`);
  if (v['next-links'] !== 'opaque' && v['next-links'] !== 'readable') throw new Error('--next-links must be opaque or readable');
  const sim = new CentralSim({
    nextLinks: v['next-links'],
    dropIncludes: num('drop-includes', v['drop-includes'], 0, 1),
    port: num('port', v.port, 0, 65535),
    host: v.host,
    token: v.token ?? null,
    file: v.file ?? null,
    faults: { rate: num('faults', v.faults, 0, 1), kinds, hangMs: num('hang-ms', v['hang-ms'], 0, 600_000) },
    faultSeed: num('seed', v.seed, 0, 2 ** 31),
  });
  const loaded = await sim.load();
  const today = localDate(new Date());
  const days = num('days', v.days, 1, 365);
  const world = await seedWorld(sim, {
    seed: num('seed', v.seed, 0, 2 ** 31),
    locationId: v.location!,
    people: num('people', v.people, 0, 1_000_000),
    invitations: loaded > 0 ? 0 : num('invitations', v.invitations, 0, 1_000_000),
    firstDay: today,
    days,
    patients,
    invitationSystem: v['no-invitation-id'] ? null : (v['invitation-system'] ?? undefined),
  });
  sim.admin.invite = async (b) => ({ invited: await inviteIntoFreeSlots(sim, world, typeof b.limit === 'number' ? b.limit : undefined) });
  sim.admin.change = async (b) =>
    centralChanges(sim, world, { add: Number(b.add ?? 0), reschedule: Number(b.reschedule ?? 0), cancel: Number(b.cancel ?? 0), firstDay: today, days });
  const url = await sim.start();
  console.log(`Central system (FHIR R4, Medplum ${'4.5.2'}) at ${url}`);
  console.log(`Location/${v.location} · Patients ${patients} · ${loaded > 0 ? `${loaded} resources loaded from ${v.file}` : `${v.invitations} invitations seeded`} · faults ${v.faults}`);
  const every = num('invite-every', v['invite-every'], 0, 86_400);
  if (every > 0) {
    setInterval(() => {
      void inviteIntoFreeSlots(sim, world).then((n) => n > 0 && console.log(`invited ${n} people into free slots`));
    }, every * 1000).unref();
  }
  const stop = async () => {
    if (v.file) console.log(`persisted ${await sim.persist()} resources to ${v.file}`);
    await sim.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
  return new Promise<number>(() => {});
}

main(process.argv.slice(2)).catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(2);
});
