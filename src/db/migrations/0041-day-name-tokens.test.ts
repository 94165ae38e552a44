import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { migrationHarness } from '../../testing/migrations';
import { nameTokens } from '../../domain/names';
import { migrate, type Db } from '../open';

const { at } = migrationHarness();

const rowsOf = (d: Db) =>
  d.prepare(`SELECT day, token, invitation_id AS inv, person_id AS person, start_at AS startAt FROM day_name_tokens ORDER BY 1, 2, 3`).all();
const expected = (d: Db) =>
  d
    .prepare(
      `SELECT i.day, t.token, i.id AS inv, i.person_id AS person, i.start_at AS startAt FROM invitations i JOIN person_tokens t ON t.person_id = i.person_id ORDER BY 1, 2, 3`,
    )
    .all();

// Written as the app wrote people at this schema (person_tokens without the name key of 51).
function tokens(d: Db, id: string, family: string, given: string) {
  for (const t of nameTokens(family, given)) d.prepare(`INSERT OR IGNORE INTO person_tokens (token, person_id) VALUES (?, ?)`).run(t, id);
}
function person(d: Db, id: string, family: string, given: string) {
  d.prepare(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES (?, NULL, ?, ?, 't', 't')`).run(id, family, given);
  tokens(d, id, family, given);
}
function rename(d: Db, id: string, family: string, given: string) {
  d.prepare(`UPDATE people SET family_name = ?, given_name = ? WHERE id = ?`).run(family, given, id);
  d.prepare(`DELETE FROM person_tokens WHERE person_id = ?`).run(id);
  tokens(d, id, family, given);
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
        for (const p of people) person(db, p, 'Dupont', 'Jan');
        const ids = () => (db.prepare(`SELECT id FROM invitations ORDER BY id`).all() as { id: string }[]).map((r) => r.id);
        for (const o of ops) {
          const all = ids();
          const pick = (n: number) => all[n % all.length];
          if (o.k === 'invite') invitation(db, `i${++seq}`, o.p, `2021-05-${o.day}`, o.hour);
          else if (o.k === 'rename') rename(db, o.p, o.family, o.given);
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
});
