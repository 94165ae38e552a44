import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Page } from '@playwright/test';
import { test, expect, login, shot, DEMO, SCREENSHOTS } from './fixtures';

test.use({ demo: true });

const brusselsNow = () => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(new Date())
    .reduce<Record<string, string>>((m, p) => ({ ...m, [p.type]: p.value }), {});
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
};

async function openReports(page: Page, tab: RegExp) {
  await page.locator('nav [data-section=reports]').click();
  await page.getByRole('tab', { name: tab }).click();
}

async function total(page: Page, key: string): Promise<number> {
  return Number(await page.getByTestId(`total-${key}`).locator('dd').innerText());
}

test("prints tomorrow's paper list to PDF with names and barcode values", async ({ page, desk }) => {
  await page.goto(desk.url);
  await login(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await openReports(page, /Papieren kit/);
  const list = page.getByTestId('paper-list');
  await expect(list.locator('[data-code=DEMO2TOMOR05]')).toContainText('Lejeune');
  const codes = await list.locator('tr[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')!));
  const names = await list.locator('tr[data-code] .paper-name strong').allInnerTexts();
  expect(codes.length).toBeGreaterThan(5);

  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const pdf = path.join(SCREENSHOTS, 'paper-list.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true });
  const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
  for (const c of codes) expect(text, `barcode value ${c}`).toContain(c);
  for (const n of names) expect(text, `name ${n}`).toContain(n);
  expect(text).toContain('Thérèse');
  expect(text).toMatch(/••\.••\.••-•\d\d\.\d\d/);
  // Only the list is printed: not the menu, the header or the buttons.
  expect(text).not.toContain('Afmelden');
  expect(text).not.toContain('Lijst afdrukken');
  // Each barcode is real SVG in the PDF page, one per appointment.
  expect(await list.locator('.barcode svg').count()).toBe(codes.length);
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', pdf, path.join(SCREENSHOTS, 'paper-list')]);
  await shot(page, 'reports-paper-screen');
});

test('enters three paper check-ins and a walk-in in bulk, sees them in the report and the outbox, calls the standby list', async ({ page, desk }) => {
  const now = brusselsNow();
  await page.goto(desk.url);
  await login(page, DEMO.coordinator.name, DEMO.coordinator.pin);
  await openReports(page, /Dagrapport/);
  await expect(page.getByTestId('total-arrived')).toBeVisible();
  const before = Object.fromEntries(await Promise.all(['arrived', 'vaccinated', 'refused', 'walkIns', 'enteredLate'].map(async (k) => [k, await total(page, k)] as const)));

  await page.getByRole('tab', { name: /Achteraf invoeren/ }).click();
  const scan = page.locator('#bulk-scan');
  await expect(scan).toBeFocused();
  const lot = page.locator('#bulk-lot');
  const walkinLot = page.locator('.bulk-walkin select');
  const ew = (await walkinLot.locator('option', { hasText: 'EW2239' }).getAttribute('value'))!;
  const entries: [string, 'arrived' | 'vaccinated' | 'refused'][] = [
    ['DEMO2TODAY01', 'arrived'],
    ['DEMO2TODAY02', 'vaccinated'],
    ['DEMO2TODAY03', 'refused'],
  ];
  for (const [code, action] of entries) {
    // A scanner types the code and Enter; the time field is next, prefilled with the appointment.
    await scan.pressSequentially(`${code}\n`);
    await expect(page.getByTestId('bulk-person')).toContainText(code);
    await expect(page.locator('#bulk-time')).toBeFocused();
    await page.locator('#bulk-time').fill(now.time);
    if (action === 'vaccinated') await lot.selectOption(ew);
    await page.getByTestId('bulk-person').locator(`[data-action=${action}]`).click();
    await expect(page.getByRole('status').filter({ hasText: 'later ingevoerd' }).first()).toBeVisible();
    await expect(scan).toBeFocused();
  }
  const w = page.locator('.bulk-walkin');
  await w.getByLabel('Rijksregisternummer').fill('85.07.30-033.28');
  await w.getByLabel('Echt uur').fill(now.time);
  await w.getByLabel('Familienaam').fill('Nowak');
  await w.getByLabel('Voornaam').fill('Ana');
  await w.getByLabel('Geboortedatum').fill('1985-07-30');
  await w.getByLabel('Gevaccineerd met lot').selectOption(ew);
  await w.getByLabel(/Reden/).fill('Op het blad bijgeschreven');
  await w.getByRole('button', { name: 'Toevoegen' }).click();
  const table = page.getByTestId('bulk-entries');
  await expect(table.locator('tbody tr')).toHaveCount(7);
  await expect(table).toContainText('Nowak');
  await expect(table).toContainText(DEMO.coordinator.name);
  await shot(page, 'reports-bulk');

  await page.getByRole('tab', { name: /Dagrapport/ }).click();
  await expect.poll(() => total(page, 'enteredLate')).toBe(before.enteredLate! + 4);
  expect(await total(page, 'arrived')).toBe(before.arrived! + 4);
  expect(await total(page, 'vaccinated')).toBe(before.vaccinated! + 2);
  expect(await total(page, 'refused')).toBe(before.refused! + 1);
  expect(await total(page, 'walkIns')).toBe(before.walkIns! + 1);
  await expect(page.locator('.report-chart svg[role=application]')).toBeVisible();
  expect(await page.locator('.report-chart .recharts-bar-rectangle').count()).toBeGreaterThan(3);
  await shot(page, 'reports-day');
  // Exports: the report as CSV, and the day's arrivals and doses as the sync's FHIR transaction Bundle.
  const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV exporteren' }).click()]);
  const csv = fs.readFileSync((await csvDownload.path())!, 'utf8');
  expect(csvDownload.suggestedFilename()).toBe(`vaxdesk-report-${now.day}.csv`);
  expect(csv).toContain(`total,enteredLate,,,${before.enteredLate! + 4}`);
  const [fhirDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'FHIR-bundel' }).click()]);
  const bundle = JSON.parse(fs.readFileSync((await fhirDownload.path())!, 'utf8')) as { type: string; entry: { resource: { resourceType: string } }[] };
  expect(bundle.type).toBe('transaction');
  expect(bundle.entry.filter((e) => e.resource.resourceType === 'Immunization')).toHaveLength(2);
  const reportPdf = path.join(SCREENSHOTS, 'day-report.pdf');
  await page.pdf({ path: reportPdf, preferCSSPageSize: true, printBackground: true });
  const reportText = execFileSync('pdftotext', ['-layout', reportPdf, '-'], { encoding: 'utf8' });
  expect(reportText).toContain('Dagrapport');
  expect(reportText).toContain('Later ingevoerd');
  expect(reportText).not.toContain('CSV exporteren');
  execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', reportPdf, path.join(SCREENSHOTS, 'day-report')]);

  // The same outbox entries as live check-ins, waiting for the sync (read from the desk's own database).
  const db = new Database(path.join(desk.dataDir, 'vaxdesk.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare(
        `SELECT i.code, o.kind, json_extract(o.payload, '$.status') AS status FROM outbox o
         JOIN invitations i ON o.resource_key = 'appointment:' || i.id ORDER BY o.id`,
      )
      .all() as { code: string; kind: string; status: string | null }[];
    const of = (code: string) => rows.filter((r) => r.code === code).map((r) => `${r.kind}:${r.status ?? ''}`);
    expect(of('DEMO2TODAY01')).toEqual(['appointment.status:arrived']);
    expect(of('DEMO2TODAY02')).toEqual(['appointment.status:arrived', 'appointment.status:fulfilled']);
    expect(of('DEMO2TODAY03')).toEqual(['appointment.status:arrived']);
    const walkin = db.prepare(`SELECT i.id FROM invitations i JOIN people p ON p.id = i.person_id WHERE p.family_name = 'Nowak'`).get() as { id: string };
    expect(rows.filter((r) => r.kind === 'walkin')).toHaveLength(1);
    const imm = db.prepare(`SELECT count(*) AS n FROM outbox WHERE kind = 'immunization'`).get() as { n: number };
    expect(imm.n).toBe(2);
    expect(walkin.id).toBeTruthy();
  } finally {
    db.close();
  }

  // Leftover doses: two doses came out of a 6-dose vial of EW2239, so 4 would be wasted.
  await page.getByRole('tab', { name: /Restdosissen/ }).click();
  const sb = page.getByTestId('standby');
  await expect(sb.getByTestId('leftover')).toContainText('EW2239');
  await sb.getByLabel('Rijksregisternummer').fill('17073003384');
  await sb.getByLabel('Familienaam').fill('Nguyen');
  await sb.getByLabel('Voornaam').fill('Lea');
  await sb.getByLabel('Telefoon').fill('+32 470 11 22 33');
  await sb.getByLabel('Prioriteitsgroep').selectOption('65plus');
  await sb.getByRole('button', { name: 'Toevoegen' }).click();
  // The demo's four standby people, and the one just added.
  await expect(sb).toContainText('5 personen op de reservelijst');
  await expect(page.locator('#standby-doses')).toHaveValue('4');
  await sb.getByRole('button', { name: 'Wie bellen' }).click();
  const callRow = sb.getByTestId('to-call').locator('tr[data-standby=Nguyen]');
  await expect(callRow).toBeVisible();
  await shot(page, 'reports-standby');
  await callRow.getByRole('button', { name: 'Aanvaard' }).click();
  await expect(sb.getByRole('status')).toContainText('Lea Nguyen aanvaardde');
  await expect(sb).toContainText('4 personen op de reservelijst');
  // The accepted person is now a walk-in in the day report.
  await page.getByRole('tab', { name: /Dagrapport/ }).click();
  await expect.poll(() => total(page, 'walkIns')).toBe(before.walkIns! + 2);
});

test('week view and the French screens fit 1366×768', async ({ page, desk }) => {
  await page.goto(desk.url);
  await login(page, DEMO.coordinatorFr.name, DEMO.coordinatorFr.pin);
  await openReports(page, /Semaine/);
  const week = page.getByTestId('week-report');
  await expect(week.locator('tbody tr')).toHaveCount(8);
  await expect(week).toContainText('Total semaine');
  // Keyboard: arrows move between tabs.
  await page.getByRole('tab', { name: /Semaine/ }).press('ArrowRight');
  await expect(page.getByRole('tab', { name: /Kit papier/ })).toBeFocused();
  await expect(page.getByTestId('paper-list')).toContainText('Liste d');
  await page.getByRole('tab', { name: /Kit papier/ }).press('ArrowLeft');
  await expect(page.getByTestId('week-report')).toBeVisible();
  for (const box of [page.locator('main'), week.locator('.table-scroll')]) {
    expect(await box.evaluate((m) => m.scrollWidth - m.clientWidth)).toBeLessThanOrEqual(0);
  }
  await shot(page, 'reports-week-fr');
  await week.locator('.week-table').scrollIntoViewIfNeeded();
  await shot(page, 'reports-week-table-fr');
});
