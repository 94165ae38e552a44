/**
 * The benchmark's synthetic region: a fixed-seed, random-access generator. Row i is always the
 * same invitation whoever asks for it (the cache builder, the page renderer, the peer, the
 * query picker), so scenarios in separate processes agree without sharing state.
 *
 * Uniqueness at millions of rows is by construction, not by luck: the birth date is a bijection of
 * i modulo the number of dates and the register counter is i divided by it, so (birth date,
 * counter) — and therefore the national number, bis or not — never repeats below 26 million rows.
 */
import type { Appointment } from 'fhir/r4';
import { makeNiss } from '../src/domain/niss';
import { addDays, brusselsInstant } from '../src/domain/time';
import { rng, type Rng } from '../src/demo/random';
import { invitationCode, synthAppointment, synthPerson } from '../src/demo/population';
import { uuidv5 } from '../src/sync/fhir/ids';
import { invitationToAppointment, NATIONAL_SYSTEMS, patientResource, SSIN_SYSTEM } from '../src/sync/fhir/mappers';
import type { IncomingInvitation } from '../src/services/invitations/upsert';
import type { Invitation } from '../src/db/invitations';
import type { Person } from '../src/db/people';

export const SEED = 2021;
export const CENTER = { id: 'brussels-heysel', name: 'Vaccinatiecentrum Heizel / Centre de vaccination Heysel' };
export const LOCATION_ID = 'brussels-heysel';
/** 100 days from the first: a million invitations make exactly 10,000 a day. */
export const FIRST_DAY = '2021-04-01';
export const DAYS = 100;
/** The bench clock's day: the middle of the window, so searches rank today, near days and far days. */
export const TODAY = addDays(FIRST_DAY, 50);
export const NOW_ISO = brusselsInstant(TODAY, '10:30').toISOString();
const PRODUCTS = ['COMIRNATY', 'COMIRNATY', 'COMIRNATY', 'SPIKEVAX', 'VAXZEVRIA'] as const;
const BENCH_NS = '0b6d1f4e-7c38-4a5e-8f21-6a9d3c2b1e70';
const UPDATED_BASE = Date.parse('2021-03-01T00:00:00.000Z');

// The register's most frequent names (population.ts) are the head; the long tail is composed the
// way Belgian names are built, so a prefix finds tens of people, not a twentieth of the region.
const PARTICLES = ['', '', '', '', 'Van ', 'Van den ', 'Van der ', 'De ', 'Vande', 'Le ', "D'", 'Du ', 'Ver'] as const;
const STEMS = [
  'Berg', 'Bruyn', 'Moor', 'Velde', 'Hoof', 'Meer', 'Wouw', 'Kerck', 'Poel', 'Steen', 'Broeck', 'Hove', 'Linde', 'Dael', 'Bosch',
  'Molen', 'Wijn', 'Haegh', 'Straet', 'Geert', 'Baert', 'Cnop', 'Hulst', 'Lauw', 'Roel', 'Meul', 'Stael', 'Thys', 'Wauter', 'Goes',
  'Champ', 'Fontain', 'Rivièr', 'Chêne', 'Forêt', 'Dela', 'Marchal', 'Ghysel', 'Caluw', 'Daems', 'Eyck', 'Heyl', 'Jacq', 'Looz',
  'Noël', 'Otte', 'Pauw', 'Quint', 'Rysel', 'Smolder', 'Tack', 'Urb', 'Vlaem', 'Wyns', 'Yzer', 'Zwaen', 'Bockst', 'Crab', 'Dierck', 'Eeckh',
] as const;
const SUFFIXES = ['', 's', 'e', 'mans', 'aert', 'eghem', 'ier', 'ens', 'x', 'eels', 'é', 'ijn', 'oot', 'ez', 'bergh'] as const;

function composedFamily(r: Rng): string {
  const particle = r.pick(PARTICLES);
  const stem = r.pick(STEMS);
  // Written together ('Vandevelde', 'Verhulst'), the stem is no longer capitalised.
  const joined = particle !== '' && !particle.endsWith(' ') && !particle.endsWith("'");
  return `${particle}${joined ? stem.toLowerCase() : stem}${r.pick(SUFFIXES)}`;
}

const YEARS = 2003 - 1925 + 1;
const DATES = YEARS * 12 * 28;

/** The i-th birth date of the bijection (7919 is prime and does not divide DATES). */
function birthDateOf(i: number): { birthDate: string; counter: number } {
  const k = (i * 7919) % DATES;
  const year = 1925 + Math.floor(k / 336);
  const month = 1 + (Math.floor(k / 28) % 12);
  const day = 1 + (k % 28);
  return {
    birthDate: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    counter: 1 + Math.floor(i / DATES),
  };
}

/** murmur3's finaliser: a bijection of 32-bit integers that spreads neighbouring seeds apart. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const SCRAMBLE = 0x9e3779b97n;
/**
 * A printed invitation code (population.ts's alphabet and check character), unique by
 * construction: eight of its eleven characters are a bijective scramble of the row number.
 */
function codeOf(r: Rng, i: number): string {
  const demo = invitationCode(r);
  let x = (BigInt(i) * SCRAMBLE) & 0xffffffffffn;
  let tail = '';
  for (let k = 0; k < 8; k++) {
    tail = CODE_ALPHABET[Number(x & 31n)] + tail;
    x >>= 5n;
  }
  const body = demo.slice(0, 3) + tail;
  let sum = 0;
  for (const c of body) sum = (sum * 31 + CODE_ALPHABET.indexOf(c)) % CODE_ALPHABET.length;
  return body + CODE_ALPHABET[sum];
}

// A few thousand (day, time) pairs recur a million times; the time-zone arithmetic runs once per pair.
const starts = new Map<string, Date>();
function startOf(day: string, time: string): Date {
  const key = `${day} ${time}`;
  let d = starts.get(key);
  if (!d) starts.set(key, (d = brusselsInstant(day, time)));
  return d;
}

export interface BenchRow {
  index: number;
  person: Omit<Person, 'id'>;
  invitation: Omit<Invitation, 'personId' | 'source'>;
}

/** Row i of the region (row i of any size is the same row). Appointments are spread evenly over DAYS days. */
export function benchRow(i: number, days = DAYS): BenchRow {
  const r = rng(fmix32(i ^ SEED));
  const p = synthPerson(r, i);
  const { birthDate, counter } = birthDateOf(i);
  const bis = r.chance(0.03) ? (r.chance(0.5) ? 'known' : 'unknown') : undefined;
  const familyName = r.chance(0.15) ? p.familyName : composedFamily(r);
  const a = synthAppointment(r, FIRST_DAY, 1, PRODUCTS);
  const day = addDays(FIRST_DAY, i % days);
  const start = startOf(day, a.time);
  return {
    index: i,
    person: { niss: makeNiss(birthDate, counter, bis ? { bis } : {}), familyName, givenName: p.givenName, birthDate, phone: p.phone },
    invitation: {
      id: uuidv5(`bench-invitation:${i}`, BENCH_NS),
      code: codeOf(r, i),
      centerId: CENTER.id,
      day,
      startAt: start.toISOString(),
      endAt: new Date(start.getTime() + a.minutes * 60_000).toISOString(),
      doseNumber: a.doseNumber,
      productCode: a.productCode,
      status: a.status,
      channels: a.channels,
      versionId: '1',
      // Central sorts by _lastUpdated; the region was written in index order.
      lastUpdated: new Date(UPDATED_BASE + i * 20).toISOString(),
    },
  };
}

/** The person's id in the cache database: derived, so other processes can find it without a lookup. */
export const personIdOf = (i: number) => uuidv5(`bench-person:${i}`, BENCH_NS);

/** What central sends for row i: the Appointment with its person as a contained Patient (the full record, birth date and phone included). */
export function appointmentOf(row: BenchRow): Appointment {
  const inv = row.invitation;
  const person = { ...row.person, niss: row.person.niss! };
  const a = invitationToAppointment({ ...inv, person }, LOCATION_ID, NATIONAL_SYSTEMS);
  const patient = { ...patientResource(person), id: 'p' };
  return {
    ...a,
    meta: { ...a.meta, versionId: inv.versionId!, lastUpdated: inv.lastUpdated! },
    contained: [patient],
    participant: [
      a.participant[0]!,
      { actor: { reference: '#p', identifier: { system: SSIN_SYSTEM, value: person.niss }, display: `${person.familyName}, ${person.givenName}` }, status: 'accepted' },
    ],
  };
}

/** Row i as the shared upsert takes it (what the pull hands over after mapping). */
export function incomingOf(row: BenchRow): IncomingInvitation {
  const { person, invitation } = row;
  return { ...invitation, person: { ...person, niss: person.niss! }, source: 'central' };
}
