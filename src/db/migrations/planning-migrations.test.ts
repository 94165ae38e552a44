import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';

const { at, columns, plan } = migrationHarness();

describe('migration 10: deliveries', () => {
  it('keeps expected deliveries apart from lots and indexes the open ones by date', () => {
    const d = at(10);
    expect(columns(d, 'deliveries')).toEqual(['id', 'product_code', 'expected_date', 'expected_doses', 'original_date', 'original_doses', 'status', 'note', 'created_at', 'created_by', 'updated_at']);
    const ins = d.prepare(`INSERT INTO deliveries VALUES (?, ?, '2021-04-01', ?, '2021-04-01', 100, ?, '', 't', NULL, 't')`);
    ins.run('d1', 'VAXZEVRIA', 100, 'expected');
    expect(() => ins.run('d2', 'VAXZEVRIA', 0, 'expected')).toThrow(/CHECK/);
    expect(() => ins.run('d3', 'VAXZEVRIA', 10, 'lost')).toThrow(/CHECK/);
    expect(() => ins.run('d4', 'NOPE', 10, 'expected')).toThrow(/FOREIGN KEY/);
    expect(plan(d, `SELECT * FROM deliveries WHERE status = 'expected' ORDER BY expected_date`)).toMatch(/USING INDEX deliveries_status_date/);
    expect(plan(d, `SELECT * FROM lots WHERE delivery_id = ?`, 'd1')).toMatch(/USING INDEX lots_delivery/);
  });
});

describe('migration 11: day plans and templates', () => {
  it('stores one plan per day, refuses absurd numbers, and reads a range by primary key', () => {
    const d = at(11);
    expect(columns(d, 'day_plans')).toEqual(['day', 'open', 'opens_at', 'closes_at', 'slot_minutes', 'lanes', 'per_lane', 'products', 'source', 'template_id', 'updated_at', 'updated_by']);
    expect(columns(d, 'plan_templates')).toEqual(['id', 'name', 'weekdays', 'opens_at', 'closes_at', 'slot_minutes', 'lanes', 'per_lane', 'products', 'updated_at']);
    const ins = d.prepare(`INSERT INTO day_plans VALUES (?, 1, '08:00', '20:00', 15, ?, 4, '[]', 'exception', NULL, 't', NULL)`);
    ins.run('2021-04-01', 6);
    expect(() => ins.run('2021-04-01', 6)).toThrow(/UNIQUE|PRIMARY/);
    expect(() => ins.run('2021-04-02', 500)).toThrow(/CHECK/);
    expect(plan(d, `SELECT * FROM day_plans WHERE day >= ? AND day <= ? ORDER BY day`, '2021-04-01', '2021-04-30')).toMatch(/SEARCH day_plans USING PRIMARY KEY \(day>\? AND day<\?\)/);
  });
});

describe('migration 12: capacity versions', () => {
  it('keeps every version with its slots and sums a day of the latest version by primary key', () => {
    const d = at(12);
    expect(columns(d, 'capacity_versions')).toEqual(['version', 'published_at', 'published_by', 'from_day', 'to_day', 'total']);
    expect(columns(d, 'capacity_slots')).toEqual(['version', 'day', 'start_at', 'end_at', 'local_time', 'minutes', 'capacity']);
    expect(() => d.prepare(`INSERT INTO capacity_slots VALUES (9, '2021-04-01', 's', 'e', '08:00', 15, 4)`).run()).toThrow(/FOREIGN KEY/);
    d.prepare(`INSERT INTO capacity_versions VALUES (1, 't', NULL, '2021-04-01', '2021-04-01', 4)`).run();
    expect(() => d.prepare(`INSERT INTO capacity_slots VALUES (1, '2021-04-01', 's', 'e', '08:00', 15, -1)`).run()).toThrow(/CHECK/);
    expect(plan(d, `SELECT day, sum(capacity) FROM capacity_slots WHERE version = ? AND day >= ? AND day <= ? GROUP BY day`, 1, 'a', 'b')).toMatch(/SEARCH capacity_slots USING PRIMARY KEY \(version=\? AND day>\? AND day<\?\)/);
  });
});
