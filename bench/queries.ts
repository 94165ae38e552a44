/**
 * What the search scenarios ask, picked deterministically from the region's rows (kept apart from
 * data.ts so that changing the questions does not rebuild the cached region).
 */
import { rng, type Rng } from '../src/demo/random';
import { benchRow, type BenchRow } from './data';

/** Query material for the search scenarios, picked deterministically from rows below n. */
export function pickQueries(n: number, count: number, seed = 7): { code: string[]; niss: string[]; name: string[] } {
  const r = rng(seed);
  const code: string[] = [];
  const niss: string[] = [];
  const name: string[] = [];
  for (let k = 0; k < count; k++) {
    code.push(benchRow(r.int(0, n - 1)).invitation.code);
    // Written as people read it off a card: with dots and a dash half of the time.
    const nr = benchRow(r.int(0, n - 1)).person.niss!;
    niss.push(r.chance(0.5) ? `${nr.slice(0, 2)}.${nr.slice(2, 4)}.${nr.slice(4, 6)}-${nr.slice(6, 9)}.${nr.slice(9)}` : nr);
    name.push(nameQuery(r, benchRow(r.int(0, n - 1))));
  }
  return { code, niss, name };
}

/**
 * What a receptionist types for a name: the start of the family name (5-9 letters, particles as
 * typed), most of the time followed by the start of the given name.
 */
function nameQuery(r: Rng, row: BenchRow): string {
  const fam = row.person.familyName;
  const words = fam.split(/[\s']+/).filter(Boolean);
  const base = r.chance(0.5) ? words[words.length - 1]! : words.join('');
  const family = base.slice(0, Math.min(base.length, r.int(5, 9)));
  return r.chance(0.8) ? `${family} ${row.person.givenName.slice(0, r.int(2, 4))}` : family;
}
