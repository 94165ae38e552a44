import { afterEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { main } from './cli';
import { createApp } from './core';
import { tempDir } from './testing/harness';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const log = console.log;
  const err = console.error;
  console.log = (...a: unknown[]) => void out.push(a.join(' '));
  console.error = (...a: unknown[]) => void out.push(a.join(' '));
  return {
    text: () => out.join('\n'),
    restore() {
      console.log = log;
      console.error = err;
    },
  };
}

describe('vaxdesk command line', () => {
  it('lists its commands with --help and refuses unknown ones', async () => {
    const c = capture();
    try {
      expect(await main(['--help'])).toBe(0);
      expect(c.text()).toMatch(/serve/);
      expect(c.text()).toMatch(/demo/);
      expect(await main(['frobnicate'])).toBe(2);
      expect(c.text()).toMatch(/Unknown command "frobnicate"/);
      expect(await main(['serve', '--bogus'])).toBe(2);
      expect(await main(['serve', '--port', 'abc'])).toBe(2);
    } finally {
      c.restore();
    }
  });

  it('fills a fresh data folder with a living demo center, and refuses a used one', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const c = capture();
    try {
      expect(await main(['demo', '--data', dir])).toBe(0);
      expect(c.text()).toMatch(/Anne Peeters — coordinator — 1111/);
      expect(await main(['demo', '--data', dir])).toBe(1);
      expect(c.text()).toMatch(/not empty/);
      const other = tempDir();
      dirs.push(other);
      // A central system over plain HTTP to another machine is refused before anything is written.
      expect(await main(['demo', '--data', other, '--central', 'http://central.example/fhir'])).toBe(2);
      expect(c.text()).toMatch(/--central: .*HTTPS/i);
      expect(fs.readdirSync(other)).toEqual([]);
    } finally {
      c.restore();
    }
    const app = createApp({ dataDir: dir });
    try {
      const { store } = app.core;
      expect(store.staff.count()).toBe(5);
      expect(store.invitations.count()).toBeGreaterThanOrEqual(300);
      const nissValues = store.db.prepare('SELECT niss FROM people').pluck().all() as (string | null)[];
      const { checkNiss } = await import('./domain/niss');
      expect(nissValues.filter((n) => n !== null).every((n) => checkNiss(n).ok)).toBe(true);
    } finally {
      app.close();
    }
  });
});
