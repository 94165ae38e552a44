import { test, expect, loginAs, shot, DEMO } from './fixtures';

/** The vaccine catalog on the stock screen: coordinators add and edit products, receptionists only read it. */
test.use({ demo: true });

test('coordinator adds a product, is told what to fix, and edits an interval; a receptionist only reads the catalog', async ({ page, desk, browser }) => {
  await page.goto(desk.url);
  await loginAs(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await page.locator('nav button[data-section=stock]').click();
  const catalog = page.getByTestId('product-catalog');
  await expect(catalog.locator('tr[data-product-code]')).toHaveCount(4);

  await page.getByRole('button', { name: 'Vaccin toevoegen' }).click();
  const form = page.getByRole('form', { name: 'Vaccin toevoegen' });
  await form.getByLabel('Code').fill('nuvaxovid');
  await form.getByLabel('Naam').fill('Nuvaxovid');
  await form.getByLabel('Fabrikant').fill('Novavax');
  await form.getByLabel('Dosissen per flacon').fill('10');
  await form.getByLabel('Dosissen in het schema').fill('2');
  await form.getByLabel('Minimum interval (dagen)').fill('21');
  // A planned interval shorter than the minimum is refused with a sentence that names both, and nothing is added.
  await form.getByLabel('Gepland interval (dagen)').fill('14');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(form.getByRole('alert')).toContainText('21');
  await expect(catalog.locator('tr[data-product-code]')).toHaveCount(4);
  await form.getByLabel('Gepland interval (dagen)').fill('28');
  await form.getByRole('button', { name: 'Opslaan' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Nuvaxovid opgeslagen' })).toBeVisible();
  const added = catalog.locator('tr[data-product-code=NUVAXOVID]');
  await expect(added).toContainText('Novavax');
  await expect(added).toContainText('min. 21, gepland 28 dagen');

  // Belgium moved AstraZeneca's second dose from 12 to 8 weeks: edit the planned interval.
  await catalog.locator('tr[data-product-code=VAXZEVRIA]').getByRole('button').click();
  const edit = page.getByRole('form', { name: /Vaxzevria wijzigen/ });
  await expect(edit.getByLabel('Code')).toBeDisabled();
  await edit.getByLabel('Gepland interval (dagen)').fill('56');
  await edit.getByRole('button', { name: 'Opslaan' }).click();
  await expect(catalog.locator('tr[data-product-code=VAXZEVRIA]')).toContainText('gepland 56 dagen');
  await catalog.scrollIntoViewIfNeeded();
  await shot(page, 'stock-catalog');

  // The new product can be announced and planned at once: planning's forms read the catalog.
  await page.locator('nav button[data-section=planning]').click();
  await page.locator('#planning-tab-deliveries').click();
  await expect(page.locator('.deliveries form select option[value=NUVAXOVID]')).toHaveText('Nuvaxovid');
  await page.locator('#planning-tab-templates').click();
  await expect(page.locator('.templates form .products label').filter({ hasText: 'Nuvaxovid' })).toBeVisible();

  // A day planned with Nuvaxovid only, none delivered yet: the calendar says there are no doses, not just '0 / 0'.
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(Date.now() + 20 * 86_400_000);
  await page.locator('#planning-tab-day').click();
  await page.getByLabel('Datum').fill(day);
  await expect(page.locator('.day-title')).toContainText(String(Number(day.slice(8, 10))));
  await page.getByLabel('Open', { exact: true }).check();
  const products = page.locator('.day-form .products label');
  // The form re-renders when the day's plan arrives: query again until no product is ticked.
  const ticked = products.locator('input:checked');
  await expect(async () => {
    while ((await ticked.count()) > 0) await ticked.first().uncheck({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await products.filter({ hasText: 'Nuvaxovid' }).locator('input').check();
  await page.getByRole('button', { name: 'Dag opslaan' }).click();
  await expect(page.getByTestId('fig-doses')).toHaveText('0');
  await page.locator('#planning-tab-calendar').click();
  await expect(page.locator(`td[data-day="${day}"]`)).toContainText('geen dosissen voor deze dag');

  // Another desk, a receptionist: the same catalog, no way to change it.
  const other = await browser.newPage();
  await other.goto(desk.url);
  await loginAs(other, DEMO.receptionist.name, DEMO.receptionist.pin);
  await other.locator('nav button[data-section=stock]').click();
  const seen = other.getByTestId('product-catalog');
  await expect(seen.locator('tr[data-product-code=VAXZEVRIA]')).toContainText('gepland 56 dagen');
  await expect(seen.locator('tr[data-product-code=NUVAXOVID]')).toBeVisible();
  await expect(other.getByRole('button', { name: 'Vaccin toevoegen' })).toHaveCount(0);
  await expect(seen.getByRole('button')).toHaveCount(0);
  await other.close();
});
