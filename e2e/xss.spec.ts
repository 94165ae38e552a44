import { randomUUID } from 'node:crypto';
import type { Page } from '@playwright/test';
import { test, expect, login, DEMO } from './fixtures';
import { XSS_PAYLOADS } from './xss-payloads';
import { createApp } from '../src/core';
import { makeNiss } from '../src/domain/niss';
import { addDays, brusselsInstant, localDate } from '../src/domain/time';
import { seedDemoLot } from '../src/db/reception-demo';
import { recordFigures } from '../tests/figures';
import { hashPin } from '../src/services/pin-hash';

test.use({ demo: true });
test.setTimeout(240_000);

/**
 * Stored XSS: more than 200 known payloads become people's names (today's and tomorrow's
 * appointments, the standby list), staff names, outcome notes (audit log) and a lot number, and
 * every screen is opened. If any payload ran, it would set window.__xss or open a dialog.
 */
async function seed(dataDir: string) {
  const pinHash = await hashPin('9999');
  const app = createApp({ dataDir });
  const { store } = app.core;
  const center = { id: store.center.id()! };
  const now = new Date();
  const at = now.toISOString();
  const today = localDate(now);
  const tomorrow = addDays(today, 1);
  store.tx(() => {
    XSS_PAYLOADS.forEach((payload, i) => {
      const birth = new Date(Date.UTC(1940, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      const personId = randomUUID();
      store.people.insert({ id: personId, niss: makeNiss(birth, 901), familyName: payload, givenName: payload.slice(0, 40), birthDate: birth, phone: null }, at);
      const day = i % 2 === 0 ? today : tomorrow;
      const start = brusselsInstant(day, `${String(8 + (i % 12)).padStart(2, '0')}:00`);
      store.invitations.insert(
        { id: randomUUID(), code: `XSS${String(i).padStart(9, '0')}`, personId, centerId: center.id, day, startAt: start.toISOString(), endAt: start.toISOString(), doseNumber: 1, productCode: 'COMIRNATY', status: 'booked', channels: ['letter'], source: 'import', versionId: null, lastUpdated: null },
        at,
      );
      if (i < 60) {
        store.standby.insert({ id: randomUUID(), niss: makeNiss(birth, 902), familyName: payload, givenName: 'Standby', birthDate: birth, phone: '+32470000000', priorityGroup: 'everyone', priorityRank: 6 }, at);
      }
    });
    // Staff names show on the login screen, in the staff list and in the audit log.
    XSS_PAYLOADS.slice(0, 25).forEach((payload, i) => {
      store.staff.insert({ id: randomUUID(), displayName: `${payload}`.slice(0, 74) + ` #${i}`, role: 'receptionist', pinHash, locale: 'nl', now: at });
    });
    seedDemoLot(store.db, { id: randomUUID(), productCode: 'JCOVDEN', lotNumber: XSS_PAYLOADS[1]!, expiryDate: addDays(today, 60), vials: 10, dosesPerVial: 5, at });
  });
  app.close();
}

async function visitEverySection(page: Page) {
  const items = page.locator('nav.app-nav [data-section]');
  const n = await items.count();
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    const item = items.nth(i);
    seen.push((await item.getAttribute('data-section')) ?? '?');
    await item.click();
    await page.waitForTimeout(400);
    // Scroll every scrollable area so virtualised lists render all their rows once.
    await page.evaluate(async () => {
      for (const el of Array.from(document.querySelectorAll<HTMLElement>('*'))) {
        if (el.scrollHeight > el.clientHeight + 20) {
          for (let y = 0; y < el.scrollHeight; y += 300) {
            el.scrollTop = y;
            await new Promise((r) => requestAnimationFrame(() => r(null)));
          }
        }
      }
    });
    // Open every tab-like button in the section (day/hour lists, report tabs, paper kit…).
    const tabs = page.locator('main [role=tab], main .tabs button');
    for (let k = 0; k < Math.min(await tabs.count(), 8); k++) {
      await tabs.nth(k).click({ timeout: 2000 }).catch(() => undefined);
      await page.waitForTimeout(200);
    }
  }
  return seen;
}

test('no stored payload runs anywhere in the UI', async ({ page, desk }) => {
  await seed(desk.dataDir);
  const dialogs: string[] = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });

  // Staff names are payloads too (they show on the login screen, the staff list and the audit log).
  await page.goto(desk.url);
  await login(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await expect(page.getByTestId('who')).toContainText(DEMO.coordinator.name);

  const sections = await visitEverySection(page);
  expect(sections.length).toBeGreaterThanOrEqual(6);

  // Search for payload names at the reception desk, and open one.
  await page.locator('nav.app-nav [data-section=reception]').click();
  for (const q of ['script', 'onerror', 'svg', 'javascript']) {
    const box = page.getByTestId('rx-search');
    await box.fill(q);
    await box.press('Enter');
    await page.waitForTimeout(300);
  }
  const firstHit = page.getByTestId('rx-results').locator('button, [role=option], li').first();
  if (await firstHit.count()) await firstHit.click().catch(() => undefined);
  await page.waitForTimeout(300);

  // The same screens in French.
  await page.getByLabel('Taal').selectOption('fr');
  await visitEverySection(page);

  const flag = await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null);
  const executed = dialogs.length + (flag === null ? 0 : 1);
  recordFigures('xss', { payloads: XSS_PAYLOADS.length, sections: sections.length, executed, dialogs: dialogs.length });
  console.log(`xss: ${XSS_PAYLOADS.length} payloads across ${sections.length} sections, ${executed} executed`);
  expect(dialogs).toEqual([]);
  expect(flag).toBeNull();
  // The payload text is shown as text: it is visible, not swallowed.
  await page.locator('nav.app-nav [data-section=reception]').click();
  const box = page.getByTestId('rx-search');
  await box.fill('onerror');
  await box.press('Enter');
  await expect(page.getByTestId('rx-results')).toContainText('<img src=x onerror=');
});
