import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../../testing/migrations';
import { migrate } from '../open';
import { centerRepo } from '../center';

const { at, columns } = migrationHarness();
const setting = (d: ReturnType<typeof at>, value: string) => d.prepare(`INSERT INTO settings (key, value) VALUES ('center', ?)`).run(value);

describe('migration 60: the center as one row', () => {
  it('moves the old settings key into the row and removes the key', () => {
    const d = at(51);
    setting(d, JSON.stringify({ id: 'brussels-heysel', name: 'Heizel' }));
    migrate(d, 60);
    expect(columns(d, 'center')).toEqual(['singleton', 'location_id', 'name', 'created_at', 'updated_at']);
    expect(centerRepo(d).get()).toMatchObject({ id: 'brussels-heysel', name: 'Heizel' });
    expect(d.prepare(`SELECT count(*) FROM settings WHERE key = 'center'`).pluck().get()).toBe(0);
  });

  it('a fresh file has no center at all', () => {
    const d = at(51);
    migrate(d, 60);
    expect(centerRepo(d).get()).toBeNull();
    expect(centerRepo(d).id()).toBeNull();
  });

  it('keeps a center whose old id is not a FHIR id, without the id', () => {
    const d = at(51);
    setting(d, JSON.stringify({ id: 'x'.repeat(70), name: 'Long' }));
    migrate(d, 60);
    expect(centerRepo(d).get()).toMatchObject({ id: null, name: 'Long' });
  });

  it('holds one center only, with a name', () => {
    const d = at(60);
    const repo = centerRepo(d);
    repo.create({ id: null, name: 'Gent Expo' }, '2021-03-01T08:00:00.000Z');
    expect(() => repo.create({ id: 'b', name: 'Second' }, '2021-03-01T08:00:00.000Z')).toThrow(/UNIQUE|PRIMARY/);
    expect(() => d.prepare(`INSERT INTO center VALUES (2, 'x', 'Two', 't', 't')`).run()).toThrow(/CHECK/);
    expect(() => repo.update({ id: 'a', name: '   ' }, 't')).toThrow(/CHECK/);
    expect(() => repo.update({ id: '', name: 'Ok' }, 't')).toThrow(/CHECK/);
    repo.update({ id: 'loc-gent', name: 'Gent Expo' }, '2021-03-02T08:00:00.000Z');
    expect(repo.get()).toEqual({ id: 'loc-gent', name: 'Gent Expo', createdAt: '2021-03-01T08:00:00.000Z', updatedAt: '2021-03-02T08:00:00.000Z' });
  });
});
