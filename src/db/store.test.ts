import fs from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openDatabase, type Db } from './open';
import { createStore } from './store';
import { tempDir } from '../testing/harness';

let dir: string;
let db: Db | null = null;
afterEach(() => {
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

it('txRefetchable commits at synchronous=NORMAL and puts the connection back to FULL, also when it throws', () => {
  dir = tempDir();
  db = openDatabase(path.join(dir, 'vaxdesk.sqlite'));
  const store = createStore(db);
  const level = () => db!.pragma('synchronous', { simple: true });

  const inside = store.txRefetchable(() => {
    store.settings.put('pulled', { n: 1 });
    return level();
  });
  expect(inside).toBe(1);
  expect(level()).toBe(2);
  expect(store.settings.get('pulled')).toEqual({ n: 1 });

  expect(() =>
    store.txRefetchable(() => {
      store.settings.put('pulled', { n: 2 });
      throw new Error('bad page');
    }),
  ).toThrow('bad page');
  expect(level()).toBe(2);
  expect(store.settings.get('pulled')).toEqual({ n: 1 });

  expect(store.tx(() => level())).toBe(2);
});
