import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { migrationHarness } from '../../testing/migrations';
import { nameKey, nameTokens } from '../../domain/names';
import { receptionSearchRepo } from '../reception-search';
import { peopleRepo } from '../people';
import { migrate, type Db } from '../open';
import { LATEST_VERSION } from './index';

const { at, plan, columns } = migrationHarness();

const dayRows = (d: Db) => d.prepare(`SELECT day, token, invitation_id AS inv, person_id AS person, start_at AS startAt, names FROM day_name_tokens ORDER BY 1, 2, 3`).all();
const expectedDayRows = (d: Db) =>
  d
    .prepare(
      `SELECT i.day, t.token, i.id AS inv, i.person_id AS person, i.start_at AS startAt, t.names FROM invitations i JOIN person_tokens t ON t.person_id = i.person_id ORDER BY 1, 2, 3`,
    )
    .all();
/** Every token row carries exactly its person's key: each token of the person after a space. */
function expectKeysRight(d: Db) {
  const rows = d.prepare(`SELECT person_id AS person, token, names FROM person_tokens`).all() as { person: string; token: string; names: string }[];
  const byPerson = new Map<string, string[]>();
  for (const r of rows) byPerson.set(r.person, [...(byPerson.get(r.person) ?? []), r.token]);
  for (const r of rows) expect(r.names.split(' ').filter(Boolean).sort(), r.person).toEqual([...byPerson.get(r.person)!].sort());
}

// Written as the app wrote people before 51: tokens without a key.
function oldPerson(d: Db, id: string, family: string, given: string) {
  d.prepare(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES (?, NULL, ?, ?, 't', 't')`).run(id, family, given);
  for (const t of nameTokens(family, given)) d.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id) VALUES (?, ?)`).run(t, id);
}
function invitation(d: Db, id: string, personId: string, day: string, hour = 8) {
  d.prepare(
    `INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, status, source, created_at, updated_at)
     VALUES (?, ?, ?, 'c', ?, ?, 'e', 1, 'booked', 'central', 't', 't')`,
  ).run(id, `C-${id}`, personId, day, `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
}

describe('migration 51: name keys', () => {
  it('adds the key to every token row and to the day index of an existing file', () => {
    const d = at(50);
    oldPerson(d, 'p1', 'Van den Bossche', 'Jean-Luc');
    oldPerson(d, 'p2', 'Müller', 'Anna');
    invitation(d, 'i1', 'p1', '2021-05-21');
    invitation(d, 'i2', 'p2', '2021-05-22');
    migrate(d, 51);
    expectKeysRight(d);
    const keys = d.prepare(`SELECT DISTINCT names FROM person_tokens WHERE person_id = 'p1'`).pluck().all() as string[];
    expect(keys).toHaveLength(1);
    expect(keys[0]!.split(' ').slice(1).sort()).toEqual(['bossche', 'den', 'jean', 'jeanluc', 'luc', 'van', 'vandenbossche']);
    expect(dayRows(d)).toEqual(expectedDayRows(d));
    expect((dayRows(d) as { names: string }[]).every((r) => r.names.length > 0)).toBe(true);
  });

  it('builds the day index and the counters index on a file that reached 50 before migrations 40 and 41 existed', () => {
    const d = at(50);
    // As such a file is: none of 40's and 41's objects.
    for (const t of ['invitation_insert', 'invitation_move', 'invitation_delete', 'token_insert', 'token_delete']) d.exec(`DROP TRIGGER day_name_tokens_${t}`);
    d.exec(`DROP TABLE day_name_tokens; DROP INDEX invitations_day_counters;`);
    oldPerson(d, 'p1', 'Peeters', 'Anne');
    invitation(d, 'i1', 'p1', '2021-05-21');
    migrate(d, 51);
    expect(columns(d, 'day_name_tokens')).toEqual(['day', 'token', 'invitation_id', 'person_id', 'start_at', 'names']);
    expect(dayRows(d)).toEqual(expectedDayRows(d));
    expect(dayRows(d)).toHaveLength(2);
    expect(d.prepare(`SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'invitations_day_counters'`).pluck().get()).toBe(1);
    // The triggers are in place: a new invitation lands in the index with its key.
    invitation(d, 'i2', 'p1', '2021-05-22');
    expect(dayRows(d)).toEqual(expectedDayRows(d));
    expect(dayRows(d)).toHaveLength(4);
  });

  it('keeps the keys and the day index right through every write the app makes', () => {
    const people = ['p1', 'p2', 'p3'];
    const names = ['Dupont', 'Van den Bossche', 'Müller', "D'Hondt", 'Peeters'];
    const op = fc.oneof(
      fc.record({ k: fc.constant('invite' as const), p: fc.constantFrom(...people), day: fc.integer({ min: 19, max: 23 }), hour: fc.integer({ min: 7, max: 19 }) }),
      fc.record({ k: fc.constant('rename' as const), p: fc.constantFrom(...people), family: fc.constantFrom(...names), given: fc.constantFrom('Jan', 'Marie', 'Éloïse', 'Jean-Luc') }),
      fc.record({ k: fc.constant('move' as const), n: fc.nat(), day: fc.integer({ min: 19, max: 23 }), hour: fc.integer({ min: 7, max: 19 }) }),
      fc.record({ k: fc.constant('reassign' as const), n: fc.nat(), p: fc.constantFrom(...people) }),
      fc.record({ k: fc.constant('delete' as const), n: fc.nat() }),
      fc.record({ k: fc.constant('purge' as const), p: fc.constantFrom(...people) }),
    );
    let seq = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        // The repository of today writes the columns of later migrations too (58: central_patient_id).
        const db = at(LATEST_VERSION);
        const repo = peopleRepo(db);
        for (const p of people) repo.insert({ id: p, niss: null, familyName: 'Dupont', givenName: 'Jan', birthDate: null, phone: null }, 't');
        const ids = () => db.prepare(`SELECT id FROM invitations ORDER BY id`).pluck().all() as string[];
        for (const o of ops) {
          const all = ids();
          const pick = (n: number) => all[n % all.length];
          if (o.k === 'invite') invitation(db, `i${++seq}`, o.p, `2021-05-${o.day}`, o.hour);
          else if (o.k === 'rename') repo.update({ ...repo.get(o.p)!, familyName: o.family, givenName: o.given }, 't');
          else if (o.k === 'purge') db.prepare(`DELETE FROM person_tokens WHERE person_id = ?`).run(o.p);
          else if (all.length === 0) continue;
          else if (o.k === 'move') db.prepare(`UPDATE invitations SET day = ?, start_at = ? WHERE id = ?`).run(`2021-05-${o.day}`, `2021-05-${o.day}T${o.hour}:00:00.000Z`, pick(o.n));
          else if (o.k === 'reassign') db.prepare(`UPDATE invitations SET person_id = ? WHERE id = ?`).run(o.p, pick(o.n));
          else db.prepare(`DELETE FROM invitations WHERE id = ?`).run(pick(o.n));
        }
        expectKeysRight(db);
        for (const p of people) {
          const person = repo.get(p)!;
          const keys = db.prepare(`SELECT DISTINCT names FROM person_tokens WHERE person_id = ?`).pluck().all(p);
          if (keys.length > 0) expect(keys).toEqual([nameKey(nameTokens(person.familyName, person.givenName))]);
        }
        expect(dayRows(db)).toEqual(expectedDayRows(db));
      }),
      { numRuns: 60 },
    );
  });

  it('answers the name search from index ranges, the other words checked in the same rows', () => {
    const d = at(51);
    const repo = receptionSearchRepo(d);
    const p = { today: '2021-03-01', lo: '2021-02-27', hi: '2021-03-03', limit: 31, scan: 31, matches: 124 };
    const words = { w0: 'dupont', e0: 'duponu', s1: ' j' };
    const day1 = plan(d, repo.daySql(1, 2), { ...p, ...words, d0: '2021-03-01' });
    const day2 = plan(d, repo.daySql(2, 1), { ...p, d0: 'a', d1: 'b', w0: 'vande', e0: 'vandf' });
    const rest = plan(d, repo.nameSql(2), { ...p, ...words });
    for (const x of [day1, day2, rest]) expect(x).not.toMatch(/SCAN (i|p|a|o|t0|t1|invitations|people|person_tokens|day_name_tokens)\b/);
    expect(day1).toMatch(/SEARCH t0 USING PRIMARY KEY \(day=\? AND token>\? AND token<\?\)/);
    expect(day2).toMatch(/SEARCH t0 USING PRIMARY KEY \(day=\? AND token>\? AND token<\?\)/);
    // One range per query whatever the number of words: no second index is visited per candidate.
    for (const x of [day1, rest]) expect(x).not.toMatch(/\bt1\b|person_tokens_person/);
    expect(rest).toMatch(/SEARCH t0 USING PRIMARY KEY \(token>\? AND token<\?\)/);
    expect(rest).toMatch(/SEARCH i USING INDEX invitations_person/);
  });
});
