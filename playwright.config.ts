import os from 'node:os';
import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser (`npx playwright install` is not used anywhere).
// Each test starts its own desk server on a fresh data folder (e2e/fixtures.ts), so no webServer here.
// Several people may run Playwright at once on this machine, and each run empties its outputDir:
// give each run its own (workers inherit the variable from the main process).
process.env.VAXDESK_PW_RUN ??= `${Date.now()}-${process.pid}`;

export default defineConfig({
  testDir: 'e2e',
  // One worker per core at most (each test also runs its own desk server), never more than two.
  workers: Math.max(1, Math.min(2, os.cpus().length)),
  fullyParallel: true,
  // No retries: a spec that needs one is flaky. Specs wait on the UI's own signals (an attribute,
  // a heading, a count), never a fixed sleep; these limits only end a hang, so they are generous
  // (a long spec takes about 30 s on a quiet machine, several times that while the machine is busy).
  retries: 0,
  timeout: 240_000,
  expect: { timeout: 30_000 },
  outputDir: `test-results/playwright/${process.env.VAXDESK_PW_RUN}`,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: 'test-results/playwright.json' }]] : 'list',
  use: {
    viewport: { width: 1366, height: 768 },
    locale: 'nl-BE',
    // Deliberately not Brussels: the UI must show Brussels time whatever the machine's zone.
    timezoneId: 'America/New_York',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
});
