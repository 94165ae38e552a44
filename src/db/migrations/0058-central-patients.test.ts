import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import { migrate } from '../open';
import { MIGRATIONS } from './index';

const { at, columns, plan } = migrationHarness();
/** Whatever version came last before 58 in this tree (others may land between 51 and 58). */
const BEFORE = Math.max(...MIGRATIONS.map((m) => m.version).filter((v) => v < 58));

describe('migration 58: central patients and parked pull entries', () => {
  it('adds central_patient_id to people, keeping every existing row with it NULL', () => {
    const d = at(BEFORE);
    d.exec(`INSERT INTO people (id, niss, family_name, given_name, created_at, updated_at) VALUES ('p', '85073003328', 'Ó Briain', 'Louise', 't', 't')`);
    expect(columns(d, 'people')).not.toContain('central_patient_id');
    migrate(d, 58);
    expect(columns(d, 'people')).toContain('central_patient_id');
    expect(d.prepare(`SELECT niss, family_name AS f, central_patient_id AS c FROM people WHERE id = 'p'`).get()).toEqual({ niss: '85073003328', f: 'Ó Briain', c: null });
    d.exec(`UPDATE people SET central_patient_id = 'pat-1' WHERE id = 'p'`);
    expect(d.prepare(`SELECT id FROM people WHERE central_patient_id = 'pat-1'`).pluck().get()).toBe('p');
  });

  it('finds a person by central patient id through its index', () => {
    const d = at(58);
    expect(plan(d, `SELECT id FROM people WHERE central_patient_id = ?`, 'x')).toMatch(/SEARCH people USING (COVERING )?INDEX people_central_patient \(central_patient_id=\?\)/);
  });

  it('creates pull_parked keyed by resource, refusing a second row for the same resource', () => {
    const d = at(58);
    expect(columns(d, 'pull_parked')).toEqual(['resource_type', 'resource_id', 'reason', 'version_id', 'first_seen_at', 'last_seen_at', 'times']);
    const ins = d.prepare(`INSERT INTO pull_parked (resource_type, resource_id, reason, version_id, first_seen_at, last_seen_at) VALUES (?, ?, ?, ?, 't', 't')`);
    ins.run('Appointment', 'a1', 'no start', '1');
    expect(() => ins.run('Appointment', 'a1', 'again', '2')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => d.prepare(`INSERT INTO pull_parked (resource_type, resource_id, reason, first_seen_at, last_seen_at) VALUES ('A', 'x', NULL, 't', 't')`).run()).toThrow(/NOT NULL/);
  });
});
