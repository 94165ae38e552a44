import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { migrationHarness } from '../../testing/migrations';
import { receptionSearchRepo } from '../reception-search';
import { peopleRepo } from '../people';
import { migrate, type Db } from '../open';

const { at, plan } = migrationHarness();

const rowsOf = (d: Db) =>
  d.prepare(`SELECT day, token, invitation_id AS inv, person_id AS person, start_at AS startAt FROM day_name_tokens ORDER BY 1, 2, 3`).all();
const expected = (d: Db) =>
  d
    .prepare(
      `SELECT i.day, t.token, i.id AS inv, i.person_id AS person, i.start_at AS startAt FROM invitations i JOIN person_tokens t ON t.person_id = i.person_id ORDER BY 1, 2, 3`,
    )
    .all();

function person(d: Db, id: string, family: string, given: string) {
  peopleRepo(d).insert({ id, niss: null, familyName: family, givenName: given, birthDate: null, phone: null }, 't');
}
function invitation(d: Db, id: string, personId: string, day: string, hour = 8) {
  d.prepare(
    `INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, status, source, created_at, updated_at)
     VALUES (?, ?, ?, 'c', ?, ?, 'e', 1, 'booked', 'central', 't', 't')`,
  ).run(id, `C-${id}`, personId, day, `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`);
}

describe('migration 41: day_name_tokens', () => {
  it('fills the index from existing invitations and keeps it equal to invitations × person_tokens through every change', () => {
    const d = at(40);
    person(d, 'p1', 'Van den Bossche', 'Jan');
    invitation(d, 'i1', 'p1', '2021-05-21');
    migrate(d, 41);
    expect(rowsOf(d)).toEqual(expected(d));
    expect(rowsOf(d).map((r) => (r as { token: string }).token)).toEqual(expect.arrayContaining(['bossche', 'jan']));

    // Arbitrary sequences of the writes the app makes: new people and invitations, renames,
    // moved appointments, a person changed on an invitation, deletions, retention's token purge.
    const people = ['p1', 'p2', 'p3'];
    const names = ['Dupont', 'Van den Bossche', 'Müller', "D'Hondt", 'Peeters'];
    const op = fc.oneof(
      fc.record({ k: fc.constant('invite' as const), p: fc.constantFrom(...people), day: fc.integer({ min: 19, max: 23 }), hour: fc.integer({ min: 7, max: 19 }) }),
      fc.record({ k: fc.constant('rename' as const), p: fc.constantFrom(...people), family: fc.constantFrom(...names), given: fc.constantFrom('Jan', 'Marie', 'Éloïse') }),
      fc.record({ k: fc.constant('move' as const), n: fc.nat(), day: fc.integer({ min: 19, max: 23 }), hour: fc.integer({ min: 7, max: 19 }) }),
      fc.record({ k: fc.constant('reassign' as const), n: fc.nat(), p: fc.constantFrom(...people) }),
      fc.record({ k: fc.constant('delete' as const), n: fc.nat() }),
      fc.record({ k: fc.constant('purge' as const), p: fc.constantFrom(...people) }),
    );
    let seq = 0;
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        const db = at(41);
        const repo = peopleRepo(db);
        for (const p of people) person(db, p, 'Dupont', 'Jan');
        const ids = () => (db.prepare(`SELECT id FROM invitations ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
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
        expect(rowsOf(db)).toEqual(expected(db));
      }),
      { numRuns: 60 },
    );
  });

  it('answers the name search step by step from indexes: the day ranges, then a bounded range of person_tokens', () => {
    const d = at(41);
    const repo = receptionSearchRepo(d);
    const p = { today: '2021-03-01', lo: '2021-02-27', hi: '2021-03-03', limit: 21, scan: 1000 };
    const day1 = plan(d, repo.daySql(1, 2), { ...p, d0: '2021-03-01', w0: 'dupont', e0: 'duponu', w1: 'j', e1: 'k' });
    const day4 = plan(d, repo.daySql(2, 1), { ...p, d0: 'a', d1: 'b', w0: 'vande', e0: 'vandf' });
    const probe = plan(d, repo.daySql(1, 2, 'probe'), { ...p, d0: '2021-03-01', w0: 'dupont', e0: 'duponu', w1: 'j', e1: 'k' });
    const rest = plan(d, repo.nameSql(2), { ...p, w0: 'dupont', e0: 'duponu', w1: 'j', e1: 'k' });
    for (const x of [day1, day4, probe, rest]) expect(x).not.toMatch(/SCAN (i|p|a|o|t0|t1|invitations|people|person_tokens|day_name_tokens)\b/);
    expect(day1).toMatch(/SEARCH t0 USING PRIMARY KEY \(day=\? AND token>\? AND token<\?\)/);
    expect(day4).toMatch(/SEARCH t0 USING PRIMARY KEY \(day=\? AND token>\? AND token<\?\)/);
    expect(day1).toMatch(/SEARCH t1 USING PRIMARY KEY \(day=\? AND token>\? AND token<\?\)/);
    expect(probe).toMatch(/SEARCH t1 (EXISTS )?USING (COVERING )?INDEX person_tokens_person/);
    expect(rest).toMatch(/SEARCH t0 USING (COVERING INDEX|PRIMARY KEY).*token>\? AND token<\?/);
    expect(rest).toMatch(/SEARCH i USING INDEX invitations_person/);
  });
});
