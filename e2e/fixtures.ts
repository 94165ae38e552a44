import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
export const SCREENSHOTS = path.join(ROOT, 'screenshots');

/** The demo staff and PINs (src/demo/seed.ts). */
export const DEMO = {
  coordinator: { name: 'Anne Peeters', pin: '1111' },
  coordinatorFr: { name: 'Marc Dubois', pin: '2222' },
  receptionist: { name: 'Sofie Janssens', pin: '3333' },
  receptionistFr: { name: 'Karim Benali', pin: '4444' },
  receptionistEn: { name: 'Emma Wilson', pin: '5555' },
} as const;

export interface Desk {
  url: string;
  dataDir: string;
  /** Everything the server printed, for failure messages. */
  output(): string;
}

interface Options {
  /** Run `vaxdesk demo` on the data folder before the server starts. */
  demo: boolean;
}

function requireBuild(): void {
  for (const f of [CLI, path.join(ROOT, 'dist', 'renderer', 'index.html')]) {
    if (!fs.existsSync(f)) throw new Error(`${path.relative(ROOT, f)} is missing: run \`npm run build\` before the e2e tests.`);
  }
}

export async function startDesk(dataDir: string): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    // Waits for the server's own "open <url>" line; the limit only ends a hang (start-up takes ~1 s quiet).
    const timer = setTimeout(() => reject(new Error(`the desk server did not start within 60 s:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /open (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (out += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the desk server exited with ${code}:\n${out}`));
    });
  });
  return { child, url, output: () => out };
}

export async function stopDesk(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

export const test = base.extend<Options & { desk: Desk; cspViolations: string[] }>({
  demo: [false, { option: true }],

  desk: async ({ demo }, use) => {
    requireBuild();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vaxdesk-e2e-'));
    if (demo) {
      const r = spawnSync(process.execPath, [CLI, 'demo', '--data', dataDir], { cwd: ROOT, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`vaxdesk demo failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
    }
    const { child, url, output } = await startDesk(dataDir);
    try {
      await use({ url, dataDir, output });
    } finally {
      await stopDesk(child);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  },

  // Every console message that reports a Content-Security-Policy violation, across the test.
  cspViolations: async ({ page }, use) => {
    const found: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(m.text())) found.push(m.text());
    });
    page.on('pageerror', (e) => {
      if (/Content Security Policy/i.test(e.message)) found.push(e.message);
    });
    await use(found);
  },
});

export { expect };

/** Choose a name on the login screen, type the PIN, press Enter. */
export async function login(page: Page, name: string, pin: string): Promise<void> {
  await page.getByRole('button', { name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).click();
  const pinField = page.locator('.pin-form input[type=password]');
  await expect(pinField).toBeFocused();
  await pinField.fill(pin);
  await pinField.press('Enter');
}

/** login() and wait until the shell shows who is logged in. */
export async function loginAs(page: Page, name: string, pin: string): Promise<void> {
  await login(page, name, pin);
  await expect(page.getByTestId('who')).toContainText(name);
}

/** Saves screenshots/<name>.png (git-ignored) to be opened and looked at. */
export async function shot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}
