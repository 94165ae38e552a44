import { describe, expect, it } from 'vitest';
import { migrationHarness } from '../testing/migrations';
import { createStore } from './store';

const { at } = migrationHarness();

describe('the store over a file from before the hub', () => {
  it('opens over a database at version 51 (an old backup, a degraded open): the hub statements wait for their first use', () => {
    const d = at(51);
    const store = createStore(d);
    expect(store.staff.count()).toBe(0);
    expect(() => store.hub.outboxCount()).toThrow(/no such table/);
  });
});
