import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import { FEED_TABLES } from './0063-hub-feed';

const { at, columns, plan } = migrationHarness();

describe('hub migrations', () => {
  it('62: pairing codes and desks, a credential hash unique', () => {
    const d = at(62);
    expect(columns(d, 'hub_pairing_codes')).toEqual(['code_hash', 'created_at', 'expires_at', 'created_by', 'failed_attempts', 'used_at', 'used_by_desk']);
    expect(columns(d, 'hub_desks')).toEqual(['id', 'name', 'credential_hash', 'paired_at', 'last_seen_at', 'backlog', 'revoked_at', 'revoked_by']);
    d.prepare(`INSERT INTO hub_desks (id, name, credential_hash, paired_at) VALUES ('a', 'A', 'h', 't')`).run();
    expect(() => d.prepare(`INSERT INTO hub_desks (id, name, credential_hash, paired_at) VALUES ('b', 'B', 'h', 't')`).run()).toThrow(/UNIQUE/);
    expect(plan(d, `SELECT * FROM hub_desks WHERE credential_hash = ?`, 'h')).toMatch(/USING INDEX/);
  });

  it('63: a feed entry per changed row in the same transaction, only while the feed is on', () => {
    const d = at(63);
    const person = (id: string) => d.prepare(`INSERT INTO people (id, family_name, given_name, created_at, updated_at) VALUES (?, 'F', 'G', 't', 't')`).run(id);
    const feed = () => d.prepare(`SELECT seq, tbl, row_key AS key FROM hub_feed ORDER BY seq`).all();
    person('off');
    expect(feed()).toEqual([]);
    d.prepare(`INSERT INTO settings (key, value) VALUES ('hub.feed', '1')`).run();
    person('p1');
    d.prepare(`UPDATE people SET phone = '1' WHERE id = 'p1'`).run();
    // A rolled-back change leaves no feed entry.
    expect(() =>
      d.transaction(() => {
        person('p2');
        throw new Error('rollback');
      })(),
    ).toThrow('rollback');
    d.prepare(`DELETE FROM people WHERE id = 'p1'`).run();
    expect(feed()).toEqual([
      { seq: 1, tbl: 'people', key: 'p1' },
      { seq: 2, tbl: 'people', key: 'p1' },
      { seq: 3, tbl: 'people', key: 'p1' },
    ]);
    // Every replicated table has its three triggers.
    const triggers = d.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'hub_feed_%'`).all();
    expect(triggers).toHaveLength(Object.keys(FEED_TABLES).length * 3);
    // Numbers are never handed out twice, even after pruning the newest.
    d.prepare(`DELETE FROM hub_feed`).run();
    person('p3');
    expect(feed()).toEqual([{ seq: 4, tbl: 'people', key: 'p3' }]);
  });

  it('64: the desk outbox, replays keyed by desk and request id, conflicts', () => {
    const d = at(64);
    expect(columns(d, 'hub_outbox')).toEqual(['id', 'request_id', 'method', 'input', 'staff_id', 'at']);
    d.prepare(`INSERT INTO hub_replays VALUES ('d', 'r', 'm', 't', 'applied', 'null')`).run();
    expect(() => d.prepare(`INSERT INTO hub_replays VALUES ('d', 'r', 'm', 't', 'applied', 'null')`).run()).toThrow(/UNIQUE|PRIMARY/);
    d.prepare(`INSERT INTO hub_replays VALUES ('e', 'r', 'm', 't', 'conflict', 'null')`).run();
    expect(columns(d, 'hub_conflicts')).toContain('settled_by');
    expect(plan(d, `SELECT * FROM hub_conflicts WHERE settled_at IS NULL ORDER BY recorded_at`)).toMatch(/hub_conflicts_open/);
  });
});
