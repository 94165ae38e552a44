import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import { migrate } from '../open';
import { requestLogRepo } from '../request-log';

const { at, plan, columns } = migrationHarness();

describe('migration 52: request log', () => {
  it('adds the table to an existing file, keyed by actor and request id, with an index for pruning', () => {
    const d = at(51);
    d.exec(`INSERT INTO settings (key, value) VALUES ('kept', '1')`);
    migrate(d, 52);
    expect(columns(d, 'request_log')).toEqual(['actor', 'request_id', 'method', 'input_hash', 'result', 'at']);
    expect(d.prepare(`SELECT value FROM settings WHERE key = 'kept'`).get()).toEqual({ value: '1' });
    const log = requestLogRepo(d);
    const c = { actor: 's:desk-1', requestId: 'r-00000001', method: 'walkins.register', inputHash: 'h', at: '2021-03-01T09:00:00.000Z', claimed: false };
    expect(log.claim(c)).toBe(true);
    expect(log.claim(c)).toBe(false);
    expect(log.claim({ ...c, actor: 's:desk-2' })).toBe(true);
    log.setResult(c.actor, c.requestId, '{"ok":true,"value":1}');
    expect(log.get(c.actor, c.requestId)).toEqual({ method: 'walkins.register', inputHash: 'h', result: '{"ok":true,"value":1}' });
    expect(plan(d, `SELECT result FROM request_log WHERE actor = ? AND request_id = ?`, 'a', 'b')).toMatch(/USING PRIMARY KEY/);
    expect(plan(d, `DELETE FROM request_log WHERE at < ?`, 'x')).toMatch(/request_log_at/);
    expect(log.prune('2021-03-02T00:00:00.000Z')).toBe(2);
  });
});
