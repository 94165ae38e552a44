import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import { migrate } from '../open';

const { at, columns } = migrationHarness();

const addRow = (d: ReturnType<typeof at>, seq: number) =>
  d.prepare(`INSERT INTO audit_log (seq, at, actor_id, actor_name, action, entity, entity_id, detail, prev_hash, hash) VALUES (?, 't', NULL, NULL, 'a', 'e', NULL, '{}', 'p', 'h')`).run(seq);

describe('migration 54: the keyed audit chain', () => {
  it('records the boundary after the rows already written, and fixes it', () => {
    const d = at(51);
    for (let s = 1; s <= 7; s++) addRow(d, s);
    migrate(d, 54);
    expect(columns(d, 'audit_chain')).toEqual(['id', 'keyed_from']);
    expect(d.prepare('SELECT keyed_from AS k FROM audit_chain').all()).toEqual([{ k: 8 }]);
    expect(() => d.prepare('UPDATE audit_chain SET keyed_from = 100').run()).toThrow(/fixed/);
    expect(() => d.prepare('DELETE FROM audit_chain').run()).toThrow(/fixed/);
    expect(() => d.prepare('INSERT INTO audit_chain (id, keyed_from) VALUES (2, 1)').run()).toThrow(/CHECK/);
  });

  it('keys a new database from row 1', () => {
    const d = at(54);
    expect(d.prepare('SELECT keyed_from AS k FROM audit_chain').all()).toEqual([{ k: 1 }]);
  });
});
