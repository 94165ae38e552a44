import type { Locator, Page } from '@playwright/test';
import { test, expect, login, shot, DEMO } from './fixtures';

// Issue 14 item 8 and the screenshots: at 1366×768 the next action is on screen without scrolling.
test.use({ demo: true });

async function inView(page: Page, l: Locator) {
  await expect(l).toBeVisible();
  const b = (await l.boundingBox())!;
  const v = page.viewportSize()!;
  expect.soft(b.y, 'top inside the viewport').toBeGreaterThanOrEqual(0);
  expect.soft(b.y + b.height, 'bottom inside the viewport').toBeLessThanOrEqual(v.height);
  expect.soft(b.x + b.width).toBeLessThanOrEqual(v.width);
}

for (const [lang, who] of [['nl', DEMO.receptionist], ['fr', DEMO.receptionistFr], ['en', DEMO.receptionistEn]] as const) {
  // Known to fail: after a check-in the outcome buttons end 30-90 px below the fold (issue 14 item 8, not done).
  test.fixme(`8: the next action stays in view at 1366×768 (${lang}), with screenshots`, async ({ page, desk }) => {
    await page.goto(desk.url);
    await login(page, who.name, who.pin);
    await expect(page.getByTestId('rx-search')).toBeFocused();
    const lot = page.getByTestId('rx-desk-lot');
    await lot.selectOption({ label: (await lot.locator('option', { hasText: 'ABV5811' }).innerText()).trim() });
    await page.keyboard.type('DEMO2TODAY02\n');
    await inView(page, page.getByTestId('rx-checkin'));
    await shot(page, `rx-${lang}-1-after-scan`);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('rx-vaccinated')).toBeVisible();
    await shot(page, `rx-${lang}-2-after-checkin`);
    await inView(page, page.getByTestId('rx-vaccinated'));
    await inView(page, page.getByTestId('rx-outcome-left'));
    await inView(page, page.locator('.rx-undo'));
    await inView(page, page.getByTestId('rx-done'));
    await shot(page, `rx-${lang}-2-after-checkin`);
    await page.getByTestId('rx-vaccinated').click();
    await inView(page, page.getByTestId('rx-vaccine-override'));
    await shot(page, `rx-${lang}-3-vaccine-override`);
    await page.keyboard.type('DEMO2TOMOR05\n');
    await page.getByTestId('rx-checkin').click();
    await inView(page, page.getByTestId('rx-override'));
    await shot(page, `rx-${lang}-4-checkin-override`);
    await page.locator('.rx-day-tools button').nth(1).click();
    await expect(page.getByTestId('rx-hours')).toBeVisible();
    await shot(page, `rx-${lang}-5-per-hour`);
  });
}
