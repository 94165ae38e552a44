import type { Page } from '@playwright/test';
import { test, expect, login, shot, DEMO } from './fixtures';

test.use({ demo: true });

const search = async (page: Page, text: string) => {
  const box = page.getByTestId('rx-search');
  await box.fill(text);
  await box.press('Enter');
};

async function stockOf(page: Page, lotNumber: string): Promise<number> {
  const label = await page.getByTestId('rx-desk-lot').locator('option', { hasText: lotNumber }).innerText();
  return Number(/\((\d+)\)/.exec(label)![1]);
}

test('reception on demo data: scan and check in, NISS typo, name search, override, walk-in, vaccination, close the day', async ({ page, desk }) => {
  await page.goto(desk.url);
  await login(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await expect(page.locator('main')).toHaveAttribute('data-section', 'reception');
  const box = page.getByTestId('rx-search');
  await expect(box).toBeFocused();
  const expectedBefore = Number(await page.getByTestId('rx-count-arrived').innerText());

  // A scanner types the code and Enter; the next Enter checks in.
  await box.pressSequentially('DEMO2TODAY01\n');
  await expect(page.getByTestId('rx-current')).toContainText('Van den Bossche');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  await expect(page.getByTestId('rx-count-arrived')).toHaveText(String(expectedBefore + 1));

  // A national number with a typo.
  await search(page, '85.07.30-033.29');
  await expect(page.getByTestId('rx-notice')).toContainText('tikfout');

  // Part of a name, case- and accent-insensitive.
  await search(page, 'bossche');
  await expect(page.getByTestId('rx-results')).toContainText('Van den Bossche');
  await search(page, 'muller');
  await expect(page.getByTestId('rx-results')).toContainText('Müller');
  await search(page, 'dupont j');
  await expect(page.getByTestId('rx-results')).toContainText('Dupont, Jean');
  await expect(page.getByTestId('rx-results')).not.toContainText('Dupont, Luc');
  await shot(page, 'reception-search-nl');

  // Booked for tomorrow: a guard, then an override with a reason.
  await search(page, 'DEMO2TOMOR05');
  await expect(page.getByTestId('rx-current')).toContainText('Lejeune');
  await expect(page.getByTestId('rx-checkin')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('rx-guards')).toContainText('morgen');
  await shot(page, 'reception-guard-nl');
  await expect(page.getByTestId('rx-override-reason')).toBeFocused();
  await page.getByTestId('rx-override-reason').fill('Werkt morgen, komt vandaag');
  await page.getByTestId('rx-override').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');

  // A walk-in.
  await page.keyboard.press('F2');
  const w = page.getByTestId('rx-walkin');
  await w.locator('input[name=niss]').fill('85.07.30-033.28');
  await w.locator('input[name=birthDate]').fill('1985-07-30');
  await w.locator('input[name=familyName]').fill('Nowak');
  await w.locator('input[name=givenName]').fill('Ana');
  await w.locator('input[name=reason]').fill('Brief kwijt');
  await page.getByTestId('rx-walkin-submit').click();
  await expect(page.getByTestId('rx-current')).toContainText('Nowak');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');

  // Desk lot, then a vaccination takes one dose from it.
  const desk1 = page.getByTestId('rx-desk-lot');
  await desk1.selectOption({ label: (await desk1.locator('option', { hasText: 'EW2239' }).innerText()).trim() });
  await expect(desk1).not.toHaveValue('');
  const before = await stockOf(page, 'EW2239');
  // The outcome's lot is prefilled from the desk default.
  await expect(page.getByTestId('rx-lot')).toHaveValue(await desk1.inputValue());
  await page.getByTestId('rx-vaccinated').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Gevaccineerd');
  await expect.poll(() => stockOf(page, 'EW2239')).toBe(before - 1);
  await shot(page, 'reception-nl');
  // A mistake is taken back with a reason typed in the screen (no browser dialog: Electron has none); the dose returns.
  await page.locator('.rx-undo').click();
  await page.getByTestId('rx-undo-reason-input').fill('Verkeerde persoon aangeklikt');
  await shot(page, 'reception-undo-nl');
  await page.getByTestId('rx-undo-reason-input').press('Enter');
  await expect(page.getByTestId('rx-current-status')).toHaveText('Aangekomen');
  await expect.poll(() => stockOf(page, 'EW2239')).toBe(before);
  await page.getByTestId('rx-vaccinated').click();
  await expect(page.getByTestId('rx-current-status')).toHaveText('Gevaccineerd');
  await expect.poll(() => stockOf(page, 'EW2239')).toBe(before - 1);

  // Close the day: no-shows and leftover doses.
  await page.keyboard.press('F4');
  await page.getByTestId('rx-close-day').click();
  await expect(page.getByTestId('rx-close-msg')).toContainText('Dag afgesloten');
  await expect(page.getByTestId('rx-leftover')).toContainText('EW2239');
  await expect(page.getByTestId('rx-leftover-doses').first()).toHaveText('5');
  await shot(page, 'reception-close-nl');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rx-count-noshows')).not.toHaveText('0');
  // Closed too early: reopened with a reason, the no-shows are booked again.
  await page.keyboard.press('F4');
  await page.getByTestId('rx-reopen').click();
  await page.getByTestId('rx-reopen-reason-input').fill('Nog mensen in de wachtrij');
  await page.getByTestId('rx-reopen-reason-input').press('Enter');
  await expect(page.getByTestId('rx-close-day')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('rx-count-noshows')).toHaveText('0');
});

test('reception in French at 1366×768', async ({ page, desk }) => {
  await page.goto(desk.url);
  await login(page, DEMO.receptionistFr.name, DEMO.receptionistFr.pin);
  await expect(page.getByTestId('rx-search')).toBeFocused();
  await search(page, 'dupont');
  await expect(page.getByTestId('rx-results')).toContainText('Dupont');
  await page.getByTestId('rx-results').getByRole('button').first().click();
  await expect(page.getByTestId('rx-checkin')).toBeVisible();
  await shot(page, 'reception-fr');
  await search(page, '12345678901');
  await expect(page.getByTestId('rx-notice')).toContainText('chiffres de contrôle');
  // A 10,000-character paste is cut by the box, and nothing breaks.
  await page.getByTestId('rx-search').fill('x'.repeat(10_000));
  await page.getByTestId('rx-search').press('Enter');
  await expect(page.getByTestId('rx-notice')).toContainText('Aucune personne trouvée');
});
