import type { Page } from '@playwright/test';
import { test, expect, login, shot, DEMO } from './fixtures';

test.use({ demo: true });

const tab = (page: Page, name: RegExp) => page.getByRole('tab', { name });

test('coordinator: expected AstraZeneca delivery, receive it, weekly template, calendar capacities, short delivery what-if', async ({ page, desk }) => {
  await page.goto(desk.url);
  await login(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await page.locator('nav [data-section=planning]').click();
  await expect(page.locator('main')).toHaveAttribute('data-section', 'planning');

  // Record an expected AstraZeneca delivery, then receive it with a lot and an expiry date.
  await tab(page, /Leveringen/).click();
  const announce = page.getByRole('form', { name: 'Levering aankondigen' });
  await announce.getByLabel('Vaccin').selectOption('VAXZEVRIA');
  await announce.getByLabel('Dosissen').fill('100');
  await announce.getByRole('button', { name: 'Verwachte levering toevoegen' }).click();
  const mine = page.locator('tr[data-product=VAXZEVRIA]').filter({ hasText: 'Verwacht' }).filter({ hasText: /^.*100.*$/ }).first();
  await expect(mine).toBeVisible();
  await mine.getByRole('button', { name: 'Ontvangen' }).click();
  const receive = page.getByRole('form', { name: 'Ontvangen' });
  await receive.getByLabel('Lotnummer').fill('ABV9001');
  await receive.getByLabel('Vervaldatum').fill('2099-06-30');
  await receive.getByLabel('Flacons').fill('10');
  await receive.getByLabel('Dosissen per flacon').fill('10');
  // An absurd number is refused with a message, and nothing is received.
  await receive.getByLabel('Flacons').fill('-2');
  await receive.getByRole('button', { name: /ontvangen/ }).click();
  await expect(receive.getByRole('alert')).toBeVisible();
  await receive.getByLabel('Flacons').fill('10');
  await receive.getByRole('button', { name: '100 dosissen ontvangen' }).click();
  await expect(page.locator('tr[data-product=VAXZEVRIA]').filter({ hasText: 'ABV9001' })).toContainText('Ontvangen');

  // A weekly template (Mon-Wed-Fri) over the coming four weeks.
  await tab(page, /Weeksjablonen/).click();
  await page.getByRole('button', { name: 'Sjabloon opslaan' }).click();
  await expect(page.locator('#planning-panel .flash')).toContainText('opgeslagen');
  await page.getByRole('row', { name: /Ma-wo-vr/ }).getByRole('button', { name: 'Toepassen' }).click();
  await expect(page.locator('#planning-panel .flash')).toContainText('dagen gepland');

  // The calendar: booked against capacity per day, with days that depend on the AstraZeneca delivery.
  await tab(page, /Kalender/).click();
  const okDay = page.locator('td[data-state=ok]').first();
  await expect(okDay.getByTestId('booked-capacity')).toHaveText(/^\d+ \/ \d+$/);
  await expect(page.locator('td[data-state=risk]').first()).toBeVisible();
  await shot(page, 'planning-calendar');

  // The day editor of an at-risk day.
  await page.locator('td[data-state=risk] button').first().click();
  await expect(page.getByTestId('fig-throughput')).toHaveText(/\d+/);
  await expect(page.getByText('De boekingen van deze dag passen alleen')).toBeVisible();
  await shot(page, 'planning-day-editor');
  // Closing before opening is refused with a message; nothing is saved.
  await page.getByLabel('Sluit om').fill('07:00');
  await page.getByRole('button', { name: 'Dag opslaan' }).click();
  await expect(page.getByRole('alert')).toContainText('07:00');

  // The later, still expected AstraZeneca delivery comes short: see the what-if before committing.
  await tab(page, /Leveringen/).click();
  const later = page.locator('tr[data-product=VAXZEVRIA]').filter({ hasText: 'Verwacht' }).filter({ hasNotText: 'ABV9001' }).last();
  await later.getByRole('button', { name: 'Te weinig' }).click();
  await page.getByLabel('Dosissen die aankomen').fill('10');
  await page.getByRole('button', { name: 'Wat als? (verandert niets)' }).click();
  const result = page.getByTestId('whatif-result');
  await expect(result).toContainText('zouden verplaatst moeten worden');
  await result.scrollIntoViewIfNeeded();
  await shot(page, 'planning-whatif');
  await page.getByRole('button', { name: 'Bevestigen: levering te klein' }).click();
  await expect(later).toContainText('te weinig');

  // Stock per product and lot, with the chart.
  await page.locator('nav [data-section=stock]').click();
  await expect(page.locator('tr[data-lot=ABV9001]')).toContainText('100');
  await expect(page.locator('tr[data-lot=FA4598]')).toContainText('vervalt binnenkort');
  await expect(page.locator('.recharts-surface').first()).toBeVisible();
  await shot(page, 'stock');
});

test('receptionist: sees planning and stock but cannot change any of it', async ({ page, desk, request }) => {
  await page.goto(desk.url);
  await login(page, DEMO.receptionist.name, DEMO.receptionist.pin);
  await page.locator('nav [data-section=planning]').click();
  await expect(page.getByText('alleen lezen')).toBeVisible();
  await expect(page.locator('td[data-state=ok]').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /publiceren/ })).toHaveCount(0);
  await tab(page, /Leveringen/).click();
  await expect(page.locator('tr[data-product=VAXZEVRIA]').first()).toBeVisible();
  await expect(page.getByRole('button', { name: /Ontvangen|Te weinig|Annuleren|Verwachte levering toevoegen/ })).toHaveCount(0);
  await tab(page, /Weeksjablonen/).click();
  await expect(page.getByRole('button', { name: /Toepassen|Sjabloon opslaan/ })).toHaveCount(0);
  await tab(page, /Dag/).click();
  await expect(page.getByRole('button', { name: 'Dag opslaan' })).toHaveCount(0);
  await page.locator('nav [data-section=stock]').click();
  await expect(page.locator('tr[data-lot=FA4598]')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Corrigeren' })).toHaveCount(0);
  // The API refuses too, whatever the screen shows: the receptionist's own session, logged in
  // over HTTP as another desk would, gets 403 (a request without a session would only prove 401).
  const status = await (await request.post(`${desk.url}api/session.status`, { data: {} })).json();
  const me = status.value.staff.find((s: { displayName: string }) => s.displayName === DEMO.receptionist.name);
  const token = (await (await request.post(`${desk.url}api/session.login`, { data: { staffId: me.id, pin: DEMO.receptionist.pin, deskId: 'desk-2' } })).json()).value.token;
  const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels' }).format(Date.now());
  for (const [method, input] of [
    ['capacity.publish', { from, to: from }],
    ['deliveries.expect', { productCode: 'VAXZEVRIA', date: from, doses: 100 }],
    ['plans.setDay', { day: from, open: false }],
    ['stock.correct', { lotId: 'x', kind: 'wasted', delta: -1, reason: 'test' }],
  ] as const) {
    const res = await request.post(`${desk.url}api/${method}`, { data: input, headers: { Authorization: `Bearer ${token}` } });
    expect(res.status(), method).toBe(403);
    expect((await res.json()).error.code, method).toBe('FORBIDDEN');
  }
  await shot(page, 'stock-receptionist');
});
