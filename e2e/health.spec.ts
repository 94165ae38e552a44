import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test, expect, loginAs, shot, startDesk, stopDesk, DEMO } from './fixtures';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`vaxdesk ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

/** The restore drill as a person meets it: a damaged database, said plainly, restored from the screen. */
test('a damaged database is said plainly at start and restored from the newest good backup', async ({ page }) => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-e2e-health-'));
  try {
    cli('demo', '--data', dataDir);
    cli('backup', '--data', dataDir);
    // Garbage over the middle of the file, as a failing disk would leave it.
    const file = path.join(dataDir, 'vaxdesk.sqlite');
    const fd = fs.openSync(file, 'r+');
    const size = fs.fstatSync(fd).size;
    fs.writeSync(fd, Buffer.alloc(64 * 1024, 0x5a), 0, 64 * 1024, Math.floor(size / 3));
    fs.closeSync(fd);

    const desk = await startDesk(dataDir);
    try {
      await page.goto(desk.url);
      const gate = page.getByTestId('health-gate');
      await expect(gate).toBeVisible();
      await expect(gate).toContainText('beschadigd');
      await expect(page.getByTestId('health-backup')).toContainText('Nieuwste goede back-up');
      await shot(page, 'health-damaged-nl');
      if (await page.getByTestId('health-pin').count()) await page.getByTestId('health-pin').fill(DEMO.coordinator.pin);
      await page.getByTestId('health-restore').click();
      await expect(page.getByTestId('health-banner')).toContainText('teruggezet');
      await loginAs(page, DEMO.receptionist.name, DEMO.receptionist.pin);
      await expect(page.getByTestId('rx-search')).toBeVisible();
      expect(fs.readdirSync(path.join(dataDir, 'damaged')).length).toBeGreaterThan(0);
    } finally {
      await stopDesk(desk.child);
    }
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

/** A data folder on a read-only mount: said plainly, read-only, no restore offered, no setup asked. */
test('a read-only data folder is said plainly at start (nl)', async ({ page }) => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-e2e-ro-'));
  const dataDir = path.join(base, 'data');
  const ro = path.join(base, 'ro');
  fs.mkdirSync(dataDir);
  fs.mkdirSync(ro);
  cli('demo', '--data', dataDir);
  const mount = spawnSync('mount', ['--bind', dataDir, ro]);
  test.skip(mount.status !== 0, `mount --bind is not possible here: ${String(mount.stderr)}`);
  try {
    expect(spawnSync('mount', ['-o', 'remount,bind,ro', ro]).status).toBe(0);
    const desk = await startDesk(ro);
    try {
      await page.goto(desk.url);
      const gate = page.getByTestId('health-gate');
      await expect(gate).toBeVisible();
      await expect(gate).toContainText('De gegevensmap kan niet beschreven worden');
      await expect(gate).toContainText('alleen-lezen');
      await expect(page.getByTestId('health-restore')).toHaveCount(0);
      await shot(page, 'health-read-only-folder-nl');
      await page.getByTestId('health-readonly').click();
      await expect(page.getByTestId('health-banner')).toContainText('De gegevensmap is alleen-lezen');
      await shot(page, 'health-read-only-folder-banner-nl');
    } finally {
      await stopDesk(desk.child);
    }
  } finally {
    spawnSync('umount', ['-l', ro]);
    fs.rmSync(base, { recursive: true, force: true });
  }
});
