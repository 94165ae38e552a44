import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import type { Db } from '../open';
import { receptionSearchRepo } from '../reception-search';

const { at, columns, plan } = migrationHarness();

function seedOne(d: Db) {
  d.exec(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES ('p1', NULL, 'A', 'B', 't', 't');
    INSERT INTO invitations (id, code, person_id, center_id, day, start_at, end_at, dose_number, status, source, created_at, updated_at)
    VALUES ('i1', 'CODE1', 'p1', 'c', '2021-03-01', 's', 'e', 1, 'booked', 'import', 't', 't');`);
}

describe('migration 20: arrivals', () => {
  it('allows one arrival per invitation, enforced by the database', () => {
    const d = at(20);
    expect(columns(d, 'arrivals')).toEqual(['id', 'invitation_id', 'person_id', 'day', 'at', 'desk_id', 'staff_id', 'staff_name', 'overrides', 'override_reason', 'walkin_reason']);
    seedOne(d);
    const ins = d.prepare(`INSERT INTO arrivals (id, invitation_id, person_id, day, at, desk_id) VALUES (?, 'i1', 'p1', '2021-03-01', 'now', 'desk-1')`);
    ins.run('a1');
    expect(() => ins.run('a2')).toThrow(/UNIQUE constraint failed: arrivals.invitation_id/);
    expect(() => d.prepare(`INSERT INTO arrivals (id, invitation_id, person_id, day, at, desk_id) VALUES ('a3', 'nope', 'p1', 'd', 'n', 'x')`).run()).toThrow(/FOREIGN KEY/);
    expect(plan(d, `SELECT count(*) FROM arrivals WHERE day = ?`, ['2021-03-01'])).toMatch(/USING COVERING INDEX arrivals_day/);
  });
});

describe('migration 21: outcomes', () => {
  it('requires a product and a lot for a vaccination, one outcome per invitation', () => {
    const d = at(21);
    seedOne(d);
    const ins = d.prepare(`INSERT INTO outcomes (id, invitation_id, person_id, day, outcome, dose_number, product_code, lot_id, at, desk_id) VALUES (?, 'i1', 'p1', 'd', ?, 1, NULL, NULL, 'n', 'x')`);
    expect(() => ins.run('o1', 'vaccinated')).toThrow(/CHECK/);
    expect(() => ins.run('o1', 'danced')).toThrow(/CHECK/);
    ins.run('o1', 'refused');
    expect(() => ins.run('o2', 'left')).toThrow(/UNIQUE/);
    expect(plan(d, `SELECT day FROM outcomes WHERE person_id = ? AND outcome = 'vaccinated' AND dose_number < ?`, ['p1', 2])).toMatch(/USING INDEX outcomes_person/);
    expect(plan(d, `SELECT lot_id, at FROM dose_events WHERE at >= ? AND at < ?`, ['a', 'b'])).toMatch(/USING INDEX dose_events_at/);
  });
});

describe('migration 22: day closures', () => {
  it('remembers which invitations a closure turned into no-shows, and forgets them with the closure', () => {
    const d = at(22);
    seedOne(d);
    d.exec(`INSERT INTO day_closures (day, closed_at) VALUES ('2021-03-01', 'n'); INSERT INTO day_closure_noshows VALUES ('2021-03-01', 'i1');`);
    expect(() => d.exec(`INSERT INTO day_closures (day, closed_at) VALUES ('2021-03-01', 'n')`)).toThrow(/UNIQUE|PRIMARY/);
    d.exec(`DELETE FROM day_closures WHERE day = '2021-03-01'`);
    expect(d.prepare(`SELECT count(*) AS n FROM day_closure_noshows`).get()).toEqual({ n: 0 });
  });
});

describe('reception search query plans', () => {
  it('searches by code, national number, birth date and name through indexes only (no table scan)', () => {
    const d = at(22);
    const repo = receptionSearchRepo(d);
    const rank = { today: '2021-03-01', lo: '2021-02-27', hi: '2021-03-03', limit: 31 };
    const plans = [
      plan(d, repo.codeSql, ['X']),
      plan(d, repo.nissSql, { niss: '85073003328', ...rank }),
      plan(d, repo.birthSql, { birthDate: '1985-07-30', ...rank }),
    ];
    for (const p of plans) {
      expect(p).not.toMatch(/SCAN (i|p|a|o|invitations|people|arrivals|outcomes|t0|t1|person_tokens)\b/);
    }
    expect(plans[0]).toMatch(/SEARCH i USING INDEX sqlite_autoindex_invitations_2 \(code=\?\)/);
    // The name search's plans need day_name_tokens: 0041-day-name-tokens.test.ts.
  });
});
