import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';

const { at, columns, plan } = migrationHarness();

describe('migration 1: staff and audit', () => {
  it('creates staff and an append-only audit log', () => {
    const d = at(1);
    expect(columns(d, 'staff')).toEqual(expect.arrayContaining(['id', 'display_name', 'role', 'pin_hash', 'locale', 'active', 'failed_attempts', 'locked_until']));
    d.prepare(`INSERT INTO audit_log VALUES (1, 'a', NULL, NULL, 'x', 'y', NULL, '{}', 'p', 'h')`).run();
    expect(() => d.prepare(`UPDATE audit_log SET action = 'z'`).run()).toThrow(/append-only/);
    expect(() => d.prepare(`DELETE FROM audit_log`).run()).toThrow(/append-only/);
    expect(() => d.prepare(`INSERT INTO staff VALUES ('1','A','janitor','h','nl',1,0,NULL,'t','t')`).run()).toThrow(/CHECK/);
  });
});

describe('migration 2: settings and outbox', () => {
  it('creates the outbox with an index for pending entries in order', () => {
    const d = at(2);
    expect(columns(d, 'outbox')).toEqual(['id', 'kind', 'resource_key', 'payload', 'created_at', 'status', 'attempts', 'next_attempt_at', 'last_error']);
    expect(plan(d, `SELECT * FROM outbox WHERE status = 'pending' ORDER BY id LIMIT 50`)).toMatch(/USING (COVERING )?INDEX outbox_status/);
  });
});

describe('migration 3: people and invitations', () => {
  it('indexes the hot reception lookups', () => {
    const d = at(3);
    expect(plan(d, `SELECT * FROM invitations WHERE code = ?`, 'X')).toMatch(/USING INDEX sqlite_autoindex_invitations/);
    expect(plan(d, `SELECT * FROM people WHERE niss = ?`, '1')).toMatch(/USING INDEX sqlite_autoindex_people/);
    expect(plan(d, `SELECT person_id FROM person_tokens WHERE token >= ? AND token < ?`, 'a', 'b')).toMatch(/SEARCH person_tokens USING PRIMARY KEY/);
    expect(plan(d, `SELECT * FROM invitations WHERE day = ? ORDER BY start_at`, '2021-03-01')).toMatch(/USING INDEX invitations_day/);
    expect(() => d.prepare(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES ('p', '123', 'a', 'b', 't', 't')`).run()).toThrow(/CHECK/);
  });
});

describe('migration 4: products and lots', () => {
  it('seeds the four 2021 products with their vial sizes and intervals', () => {
    const d = at(4);
    const rows = d.prepare(`SELECT code, doses_per_vial AS v, doses_in_series AS s, planned_interval_days AS p FROM products ORDER BY code`).all();
    expect(rows).toEqual([
      { code: 'COMIRNATY', v: 6, s: 2, p: 35 },
      { code: 'JCOVDEN', v: 5, s: 1, p: null },
      { code: 'SPIKEVAX', v: 10, s: 2, p: 28 },
      { code: 'VAXZEVRIA', v: 10, s: 2, p: 84 },
    ]);
    expect(plan(d, `SELECT sum(doses) FROM dose_events WHERE lot_id = ?`, 'l')).toMatch(/USING (COVERING )?INDEX dose_events_lot/);
  });
});
