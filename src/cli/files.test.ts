import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createApp } from '../core';
import { tempDir } from '../testing/harness';
import { makeNiss } from '../domain/niss';
import { goodCsv } from '../services/files/test-helpers';

/** The real command line in a child process, as the center's IT person runs it. */
function vaxdesk(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('src/cli.ts'), ...args], { encoding: 'utf8', env: { ...process.env }, maxBuffer: 10 * 1024 * 1024 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function dataDir(): string {
  const dir = tempDir();
  dirs.push(dir);
  const app = createApp({ dataDir: dir });
  app.core.store.center.save({ id: 'center-cli', name: 'CLI center' }, new Date().toISOString());
  app.close();
  return dir;
}
function count(dir: string, sql = 'SELECT count(*) AS n FROM invitations'): number {
  const app = createApp({ dataDir: dir });
  try {
    return (app.core.store.db.prepare(sql).get() as { n: number }).n;
  } finally {
    app.close();
  }
}

let files: string;
beforeEach(() => {
  files = tempDir();
  dirs.push(files);
});

describe('vaxdesk import / export', () => {
  it('imports a good list (exit 0), then again as unchanged, and records who did it', () => {
    const dir = dataDir();
    const f = path.join(files, 'good.csv');
    fs.writeFileSync(f, goodCsv(20));
    const r = vaxdesk('import', f, '--data', dir, '--by', 'IT Jef');
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Imported good.csv (csv): 20 rows — 20 new, 0 updated, 0 unchanged.') });
    expect(vaxdesk('import', f, '--data', dir).out).toContain('0 new, 0 updated, 20 unchanged');
    expect(count(dir)).toBe(20);
    expect(count(dir, `SELECT count(*) AS n FROM audit_log WHERE action = 'invitations.import' AND actor_name = 'IT Jef'`)).toBe(1);
  });

  it('refuses an invalid list with a report by line (exit 1) and writes nothing', () => {
    const dir = dataDir();
    const f = path.join(files, 'bad.csv');
    const good = makeNiss('1950-01-10', 3);
    const bad = good.slice(0, 9) + String((Number(good.slice(9)) % 97) + 1).padStart(2, '0');
    fs.writeFileSync(f, `Code;NISS;Naam;Datum;Uur\nA-0001;${good};Ok;01/03/2021;09:00\nA-0002;${bad};Typo;01/03/2021;09:10\nA-0003;${good};Ok;31/02/2021;09:20\n`);
    const r = vaxdesk('import', f, '--data', dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('Nothing was imported from bad.csv: 2 problems.');
    expect(r.err).toMatch(/line 3: national number \d+: the check digits are wrong/);
    expect(r.err).toMatch(/line 4: appointment date "31\/02\/2021" is not a real date/);
    expect(count(dir)).toBe(0);
    expect(vaxdesk('import', f, '--data', dir, '--dry-run').code).toBe(1);
  });

  it('turns away 50 MB of random bytes without reading them, and 10 MB of them as not a text file', () => {
    const dir = dataDir();
    const big = path.join(files, 'random50.csv');
    const fd = fs.openSync(big, 'w');
    for (let i = 0; i < 50; i++) fs.writeSync(fd, crypto.randomBytes(1024 * 1024));
    fs.closeSync(fd);
    let started = Date.now();
    const r = vaxdesk('import', big, '--data', dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Nothing was imported: .*random50\.csv is 50\.0 MB, larger than 32 MB/);
    const t50 = Date.now() - started;
    const ten = path.join(files, 'random10.csv');
    fs.writeFileSync(ten, crypto.randomBytes(10 * 1024 * 1024));
    started = Date.now();
    const r10 = vaxdesk('import', ten, '--data', dir);
    expect(r10.code).toBe(1);
    expect(r10.err).toContain('This is not a text (CSV) file');
    console.log(`CLI: 50 MB random refused in ${t50} ms, 10 MB random in ${Date.now() - started} ms (child process incl. start-up)`);
    expect(count(dir)).toBe(0);
  });

  it('takes a column mapping on the command line and checks it', () => {
    const dir = dataDir();
    const f = path.join(files, 'odd.csv');
    fs.writeFileSync(f, `A,B,C,D\nM-0001,${makeNiss('1960-06-06', 5)},Janssens,2021-03-01 14:00\n`);
    expect(vaxdesk('import', f, '--data', dir).err).toContain('No column for code');
    expect(vaxdesk('import', f, '--data', dir, '--map', 'code=a,niss=2,familyName=C,datetime=D', '--dry-run')).toMatchObject({ code: 0, out: expect.stringContaining('1 rows would be imported') });
    expect(count(dir)).toBe(0);
    expect(vaxdesk('import', f, '--data', dir, '--map', 'code=Nope')).toMatchObject({ code: 2, err: expect.stringContaining('there is no column "Nope"') });
    expect(vaxdesk('import', f, '--data', dir, '--map', 'code=A,niss=B,familyName=C,datetime=D').code).toBe(0);
    expect(count(dir)).toBe(1);
    expect(vaxdesk('import', '--data', dir).code).toBe(2);
    expect(vaxdesk('import', path.join(files, 'missing.csv'), '--data', dir).code).toBe(1);
  });

  it('exports a day to a file as FHIR and CSV, and refuses bad arguments', () => {
    const dir = dataDir();
    const f = path.join(files, 'day.csv');
    fs.writeFileSync(f, goodCsv(2));
    expect(vaxdesk('import', f, '--data', dir).code).toBe(0);
    // Nobody arrived: both files are valid and empty of records.
    const out = path.join(files, 'out.json');
    const r = vaxdesk('export', '--data', dir, '--day', '2021-03-01', '--format', 'fhir', '--out', out);
    expect(r).toMatchObject({ code: 0, out: expect.stringContaining('Exported 2021-03-01: 0 appointments, 0 doses') });
    expect(JSON.parse(fs.readFileSync(out, 'utf8'))).toMatchObject({ resourceType: 'Bundle', type: 'transaction', entry: [] });
    const csv = vaxdesk('export', '--data', dir, '--day', '2021-03-01', '--out', '-');
    expect(csv.code).toBe(0);
    expect(csv.out.startsWith('\uFEFFinvitation code,national number')).toBe(true);
    expect(vaxdesk('export', '--data', dir, '--day', '2021-02-30', '--out', out).code).toBe(2);
    expect(vaxdesk('export', '--data', dir, '--day', '2021-03-01').code).toBe(2);
    expect(vaxdesk('export', '--data', path.join(files, 'nowhere'), '--day', '2021-03-01', '--out', out).code).toBe(1);
  });
});
