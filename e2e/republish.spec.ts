import { test, expect, loginAs, shot, DEMO } from './fixtures';

/**
 * A published day whose capacity drops afterwards (here: fewer lanes) is above what the center can
 * do: the day editor and the calendar say so until the coordinator publishes again.
 */
test.use({ demo: true });

test('fewer lanes after publishing: the day says to publish again, and publishing clears it', async ({ page, desk }) => {
  await page.goto(desk.url);
  await loginAs(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await page.locator('nav button[data-section=planning]').click();
  const published = page.locator('td[data-state=ok]').filter({ hasText: /gepubliceerd: \d+/ }).filter({ hasNotText: 'opnieuw' });
  const cell = published.nth(1);
  const day = (await cell.getAttribute('data-day'))!;
  await cell.locator('button').click();

  await page.getByLabel('Lijnen').fill('1');
  await page.getByRole('button', { name: 'Dag opslaan' }).click();
  await expect(page.getByTestId('fig-throughput')).toHaveText('48');
  await expect(page.getByTestId('published-above')).toContainText('Publiceer opnieuw');
  await shot(page, 'planning-day-republish');

  await page.locator('#planning-tab-calendar').click();
  const again = page.locator(`td[data-day="${day}"]`);
  await expect(again).toContainText('opnieuw publiceren');
  await page.getByRole('button', { name: 'Volgende 2 weken publiceren' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'versie 2' })).toBeVisible();
  await expect(again).not.toContainText('opnieuw publiceren');
  await expect(again).toContainText('gepubliceerd: 48');
  await again.locator('button').click();
  await expect(page.getByTestId('fig-publish')).toHaveText('48');
  await expect(page.getByTestId('published-above')).toHaveCount(0);
});
