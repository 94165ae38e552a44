import type { Page } from '@playwright/test';
import { test, expect, login, shot, DEMO } from './fixtures';

// Issue 14: the faults a receptionist hits under a queue (Chromium, 1366×768, demo center).
test.use({ demo: true });

const search = async (page: Page, text: string) => {
  const box = page.getByTestId('rx-search');
  await box.fill(text);
  await box.press('Enter');
};

async function start(page: Page, url: string, who: { name: string; pin: string } = DEMO.receptionist) {
  await page.goto(url);
  await login(page, who.name, who.pin);
  await expect(page.getByTestId('rx-search')).toBeFocused();
}

async function chooseDeskLot(page: Page, lotNumber: string) {
  const sel = page.getByTestId('rx-desk-lot');
  await sel.selectOption({ label: (await sel.locator('option', { hasText: lotNumber }).innerText()).trim() });
  await expect(sel).not.toHaveValue('');
}

test('1: a lot of another product than the appointment stops at a banner, shows what will be given, and needs an audited override', async ({ page, desk }) => {
  await start(page, desk.url);
  await chooseDeskLot(page, 'ABV5811'); // VAXZEVRIA; Müller is booked for COMIRNATY
  await page.keyboard.type('DEMO2TODAY02\n');
  await expect(page.getByTestId('rx-current')).toContainText('Müller');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  // Before the click: the product and lot that will be used, marked as not the booked one.
  await expect(page.getByTestId('rx-will-use')).toContainText('VAXZEVRIA · lot ABV5811');
  await expect(page.getByTestId('rx-will-use')).toHaveClass(/rx-will-use-bad/);
  await page.getByTestId('rx-vaccinated').click();
  await expect(page.getByTestId('rx-vaccine-guards')).toContainText('Verkeerd vaccin: de afspraak is voor COMIRNATY, dit lot is VAXZEVRIA.');
  await expect(page.getByTestId('rx-vaccine-reason')).toBeFocused();
  await shot(page, 'rx-vaccine-guard-nl');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  await expect(page.getByTestId('rx-vaccine-override')).toBeDisabled();
  await page.getByTestId('rx-vaccine-reason').fill('Arts beslist: geen Comirnaty meer');
  await page.getByTestId('rx-vaccine-override').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Gevaccineerd');
  // After: which were used.
  await expect(page.getByTestId('rx-given')).toHaveText('VAXZEVRIA · lot ABV5811');

  // The matching lot goes through without a banner.
  await chooseDeskLot(page, 'EW2239');
  await search(page, 'DEMO2TODAY03');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-will-use')).toContainText('COMIRNATY · lot EW2239');
  await page.getByTestId('rx-vaccinated').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Gevaccineerd');
  await expect(page.getByTestId('rx-vaccine-guards')).toHaveCount(0);
});

test('2: focus returns to the search box after check-in, outcome, cancel and Esc; a scan typed right after a check-in is not lost', async ({ page, desk }) => {
  await start(page, desk.url);
  await chooseDeskLot(page, 'EW2239');
  await page.getByTestId('rx-search').focus();
  // Scan, Enter checks in, and the scanner's next code follows at once.
  await page.keyboard.type('DEMO2TODAY01\n');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();
  await page.keyboard.press('Enter');
  await page.keyboard.type('DEMO2TODAY02\n');
  await expect(page.getByTestId('rx-current')).toContainText('Müller');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  await expect(page.getByTestId('rx-search')).toBeFocused();
  await expect(page.getByTestId('rx-count-arrived')).toHaveText('2');

  // Back from the vaccination: scan again, Enter records it, focus is back in the box.
  await page.keyboard.type('DEMO2TODAY02\n');
  await expect(page.getByTestId('rx-vaccinated')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Gevaccineerd');
  await expect(page.getByTestId('rx-search')).toBeFocused();
  // And the next scan right after it works.
  await page.keyboard.type('DEMO2TODAY03\n');
  await expect(page.getByTestId('rx-current')).toContainText('Dupont');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();

  // Esc with the focus on the check-in button.
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rx-search')).toBeFocused();
  // Cancel of a guard banner.
  await page.keyboard.type('DEMO2TOMOR05\n');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-guards')).toBeVisible();
  await page.getByTestId('rx-guards').getByRole('button', { name: 'Annuleren' }).click();
  await expect(page.getByTestId('rx-search')).toBeFocused();
  // An outcome by mouse.
  await page.keyboard.type('DEMO2TODAY01\n');
  await expect(page.getByTestId('rx-current')).toContainText('Van den Bossche');
  await page.getByTestId('rx-outcome-deferred').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Uitgesteld (ziek)');
  await expect(page.getByTestId('rx-search')).toBeFocused();
});

test('3: a new search clears the previous person from the detail panel', async ({ page, desk }) => {
  await start(page, desk.url);
  await search(page, 'DEMO2TODAY01');
  await expect(page.getByTestId('rx-checkin')).toBeVisible();
  // A NISS with a typo: a warning, and nobody to check in.
  await search(page, '85.07.30-033.29');
  await expect(page.getByTestId('rx-notice')).toContainText('tikfout');
  await expect(page.getByTestId('rx-current')).toHaveCount(0);
  await expect(page.getByTestId('rx-checkin')).toHaveCount(0);
  // A single hit, then a search with several.
  await search(page, 'DEMO2TODAY01');
  await expect(page.getByTestId('rx-checkin')).toBeVisible();
  await search(page, 'dupont');
  await expect(page.getByTestId('rx-results')).toContainText('Dupont, Luc');
  expect(await page.getByTestId('rx-results').getByRole('button').count()).toBeGreaterThan(1);
  await expect(page.getByTestId('rx-checkin')).toHaveCount(0);
  await expect(page.getByTestId('rx-current')).toHaveCount(0);
});

test('4: a result card follows the check-in (one status on screen)', async ({ page, desk }) => {
  await start(page, desk.url);
  await search(page, 'dupont');
  const card = page.getByTestId('rx-results').getByRole('button', { name: /Dupont, Jean/ });
  await expect(card).toContainText('Geboekt');
  await card.click();
  await page.getByTestId('rx-checkin').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  await expect(card).toContainText('Aangekomen');
  await expect(card).not.toContainText('Geboekt');
  await page.getByTestId('rx-filter').selectOption('arrived');
  const row = page.getByTestId('rx-day-list').getByRole('button', { name: /Dupont, Jean/ });
  await expect(row).toContainText('Aangekomen');
});

test('12: the card says how late or early the person is', async ({ page, desk }) => {
  await start(page, desk.url);
  // Van den Bossche is booked at 10:30 Brussels time; the test runs at any time of day.
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date());
  const nowMin = Number(parts.find((p) => p.type === 'hour')!.value) * 60 + Number(parts.find((p) => p.type === 'minute')!.value);
  const diff = nowMin - (10 * 60 + 30);
  await search(page, 'DEMO2TODAY01');
  await page.getByTestId('rx-checkin').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  const tag = page.getByTestId('rx-punctuality');
  if (Math.abs(diff) <= 14) await expect(tag).toHaveCount(0);
  else if (Math.abs(diff) >= 16) {
    const span = Math.abs(diff) >= 60 ? `${Math.floor(Math.abs(diff) / 60)} u ` : '';
    await expect(tag).toContainText(diff > 0 ? 'te laat' : 'te vroeg');
    await expect(tag).toContainText(span);
  }
});

test('6: a reload of the same tab keeps the session and the language; the token is never in localStorage; the idle lock still applies', async ({ page, desk, context }) => {
  await start(page, desk.url, DEMO.receptionistEn);
  await expect(page.getByTestId('who')).toContainText('Emma Wilson');
  await page.reload();
  await expect(page.getByTestId('who')).toContainText('Emma Wilson');
  await expect(page.getByTestId('rx-search')).toHaveAttribute('placeholder', /Code, national number/);
  expect(await page.evaluate(() => Object.keys(localStorage).filter((k) => /token|session/i.test(k) || /^[A-Za-z0-9_-]{20,}$/.test(localStorage.getItem(k) ?? '')))).toEqual([]);
  const token = await page.evaluate(() => sessionStorage.getItem('vaxdesk.token'));
  expect(token).toBeTruthy();
  expect(await page.evaluate(() => JSON.stringify(localStorage))).not.toContain(token!);
  // Another tab is not logged in.
  const other = await context.newPage();
  await other.goto(desk.url);
  await expect(other.locator('.login-grid')).toBeVisible();
  await expect(other.getByTestId('who')).toHaveCount(0);
  await other.close();
  // A tab left alone past the idle lock is locked on reload, not resumed.
  await page.evaluate(() => sessionStorage.setItem('vaxdesk.lastActive', String(Date.now() - 24 * 3600_000)));
  await page.reload();
  await expect(page.getByTestId('who')).toHaveCount(0);
  await expect(page.locator('.login-grid')).toBeVisible();
  await expect(page.locator('body')).toContainText('You were logged out because the desk was not used for a while.');
  expect(await page.evaluate(() => sessionStorage.getItem('vaxdesk.token'))).toBeNull();
  // The language chosen stays English on the login screen after the lock.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

test('7: the walk-in form starts empty, fills the birth date from the number, offers dose and product, and links a conflict to the appointment', async ({ page, desk }) => {
  await start(page, desk.url);
  await page.keyboard.press('F2');
  const w = page.getByTestId('rx-walkin');
  await w.locator('input[name=niss]').fill('85.07.30-033.28');
  await expect(w.locator('input[name=birthDate]')).toHaveValue('1985-07-30');
  await expect(w.locator('select[name=doseNumber]')).toBeVisible();
  await w.locator('select[name=doseNumber]').selectOption('2');
  await w.locator('select[name=productCode]').selectOption('SPIKEVAX');
  await w.locator('input[name=familyName]').fill('Nowak');
  await w.locator('input[name=givenName]').fill('Ana');
  await w.locator('input[name=reason]').fill('Brief kwijt');
  await page.getByTestId('rx-walkin-submit').click();
  await expect(page.getByTestId('rx-current')).toContainText('Nowak');
  await expect(page.getByTestId('rx-current')).toContainText('dosis 2 SPIKEVAX');
  // The same person again: already has an appointment today; the message links to it.
  await page.keyboard.press('F2');
  await expect(w.locator('input[name=niss]')).toHaveValue('');
  await w.locator('input[name=niss]').fill('85073003328');
  await w.locator('input[name=familyName]').fill('Nowak');
  await w.locator('input[name=givenName]').fill('Ana');
  await w.locator('input[name=reason]').fill('Nog eens');
  await page.getByTestId('rx-walkin-submit').click();
  await expect(page.getByTestId('rx-walkin-problem')).toBeVisible();
  // Opened again: empty, not the refused values.
  await page.keyboard.press('F2');
  await expect(w.locator('input[name=familyName]')).toHaveValue('');
  await w.locator('input[name=niss]').fill('85073003328');
  await w.locator('input[name=familyName]').fill('Nowak');
  await w.locator('input[name=givenName]').fill('Ana');
  await w.locator('input[name=reason]').fill('Nog eens');
  await page.getByTestId('rx-walkin-submit').click();
  await page.getByTestId('rx-walkin-existing').click();
  await expect(page.getByTestId('rx-walkin')).toHaveCount(0);
  await expect(page.getByTestId('rx-current')).toContainText('Nowak');
});
