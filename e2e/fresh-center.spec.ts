import type { Appointment, Bundle, Slot } from 'fhir/r4';
import type { Page } from '@playwright/test';
import { test, expect, shot } from './fixtures';
import { CentralSim } from '../tools/central-sim/server';
import { seedWorld } from '../tools/central-sim/population';
import { addDays, localDate } from '../src/domain/time';

/**
 * A center set up from scratch (issue 18): an empty data folder, no demo. Everything a new center
 * needs comes from the first-run screens and Sync → connection; until this existed, a desk set up
 * this way stayed "unconfigured" for ever, because only the demo ever wrote the center.
 */
test.use({ demo: false });

const LOCATION = 'loc-leuven';
const TOKEN = 'fresh-e2e-token';

async function apiCall<T>(base: string, method: string, body: unknown, token?: string): Promise<{ ok: boolean; value: T; error?: { code: string } }> {
  const r = await fetch(new URL(`/api/${method}`, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await r.json()) as never;
}

/** Central over its own HTTP API, as anyone else reading it would. */
async function central<T>(sim: CentralSim, path: string): Promise<T> {
  const r = await fetch(`${sim.url}/${path}`, { headers: { Authorization: `Bearer ${TOKEN}`, Accept: 'application/fhir+json' } });
  expect(r.status, path).toBe(200);
  return (await r.json()) as T;
}

async function centerStep(page: Page, name: string) {
  await page.getByTestId('center-name').fill(name);
  await page.getByTestId('first-run-next').click();
  await expect(page.getByTestId('first-run-center-summary')).toContainText(name);
}

test('a fresh center: first coordinator and center → connection → sync with progress → check-in and capacity reach central', async ({ page, desk, cspViolations }) => {
  test.setTimeout(180_000);
  const today = localDate(new Date());
  const sim = new CentralSim({ host: '127.0.0.1', port: 0, token: TOKEN });
  await seedWorld(sim, { seed: 11, locationId: LOCATION, people: 1_600, invitations: 1_200, firstDay: today, days: 2 });
  await sim.start();
  try {
    await page.goto(desk.url);

    // The first-run screens, in each language, looked at before anything is created.
    await expect(page.getByTestId('first-run-center')).toBeVisible();
    for (const [lang, title] of [['fr', 'Votre centre de vaccination'], ['en', 'Your vaccination center'], ['nl', 'Uw vaccinatiecentrum']] as const) {
      await page.getByTestId('setup-language').selectOption(lang);
      await expect(page.locator('#setup-title')).toHaveText(title);
      await shot(page, `first-run-center-${lang}`);
      // The name is required; a Location id that is not a FHIR id is refused on the spot.
      await page.getByTestId('first-run-next').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await page.getByTestId('center-location').fill('loc leuven!');
      await page.getByTestId('center-name').fill('Vaccinatiecentrum Leuven');
      await page.getByTestId('first-run-next').click();
      await expect(page.getByRole('alert')).toBeVisible();
      await page.getByTestId('center-location').fill('');
      await centerStep(page, 'Vaccinatiecentrum Leuven');
      await shot(page, `first-run-coordinator-${lang}`);
      await page.getByRole('button', { name: { fr: 'Retour', en: 'Back', nl: 'Terug' }[lang] }).click();
      await expect(page.getByTestId('first-run-center')).toBeVisible();
    }

    // Step 1 without the Location id (it comes later, with the connection); step 2 the coordinator.
    await centerStep(page, 'Vaccinatiecentrum Leuven');
    await page.getByLabel('Uw naam').fill('Inge Maes');
    await page.getByLabel('Kies een pincode').fill('135790');
    await page.getByLabel('Typ de pincode opnieuw').fill('135790');
    await page.getByRole('button', { name: 'Coördinator aanmaken en aanmelden' }).click();
    await expect(page.getByTestId('who')).toContainText('Inge Maes');

    // Sync → connection to the local central system. Saving gives the center its Location id.
    await page.keyboard.press('Alt+4');
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'unconfigured');
    // The saved connection (none) has loaded once this hint shows; typing before that is overwritten.
    await expect(page.getByText('Het token wordt bewaard in')).toBeVisible();
    await page.getByTestId('sync-base-url').fill(sim.url);
    await page.getByTestId('sync-location').fill(LOCATION);
    await page.getByTestId('sync-token').fill(TOKEN);
    await page.getByTestId('sync-save').click();
    await expect(page.getByTestId('sync-connection-message')).toHaveText('Verbinding bewaard.');
    await expect(page.getByTestId('central-status')).not.toHaveAttribute('data-state', 'unconfigured');

    // The sync, slowed down a little so its progress shows.
    sim.faults = { ...sim.faults, rate: 1, kinds: ['latency'], latencyMs: [500, 700] };
    await page.getByTestId('sync-now').click();
    const progress = page.getByTestId('sync-progress');
    await expect(progress).toBeVisible();
    await expect(progress.locator('progress')).toHaveAttribute('max', '1200');
    await shot(page, 'fresh-center-sync-progress');
    sim.faults = { ...sim.faults, rate: 0 };
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'online', { timeout: 90_000 });

    // Staff → Center shows the center with the Location id the connection gave it.
    await page.keyboard.press('Alt+6');
    await expect(page.getByTestId('center-panel').getByTestId('center-location')).toHaveValue(LOCATION);
    await expect(page.getByTestId('center-status')).toContainText(`Location/${LOCATION}`);
    await page.getByTestId('center-panel').scrollIntoViewIfNeeded();
    await shot(page, 'fresh-center-staff-center');
    // Changing the Location id now asks first, and says what it means for the 1200 pulled invitations.
    const panel = page.getByTestId('center-panel');
    await panel.getByTestId('center-location').fill('loc-leuven-2');
    await panel.getByTestId('center-save').click();
    await expect(panel.getByTestId('center-confirm')).toContainText('1200 uitnodigingen die al voor Location/loc-leuven zijn opgehaald');
    await shot(page, 'fresh-center-confirm-id-change');
    await panel.getByTestId('center-confirm-no').click();
    await expect(panel.getByTestId('center-confirm')).toHaveCount(0);

    // Reception lists today's invitations; one of them is checked in on the screen.
    const appts = await sim.engine.all<Appointment>('Appointment');
    const target = appts.find((a) => a.status === 'booked' && localDate(a.start!) === today)!;
    const code = target.identifier![0]!.value!;
    await page.keyboard.press('Alt+1');
    await expect(page.getByTestId('rx-day-list')).toContainText(/\d/);
    const box = page.getByTestId('rx-search');
    await box.fill(code);
    await box.press('Enter');
    await expect(page.getByTestId('rx-current')).toBeVisible();
    await page.getByTestId('rx-checkin').click();
    const arrived = page.getByTestId('rx-current-status').filter({ hasText: 'Aangekomen' });
    const reason = page.getByTestId('rx-override-reason');
    await expect(arrived.or(reason)).toBeVisible();
    if (await reason.isVisible()) {
      // A guard (too early, too late …) asks for a reason: given, as a receptionist would.
      await reason.fill('Nieuw centrum, e2e-test');
      await page.getByTestId('rx-override').click();
    }
    await expect(arrived).toBeVisible();
    await shot(page, 'fresh-center-checked-in');

    // Capacity for a day without invitations yet (enough doses for the invitations before it too): doses received, the day planned, published (the coordinator's API calls).
    const status = await apiCall<{ staff: { id: string; displayName: string }[] }>(desk.url, 'session.status', {});
    const inge = status.value.staff.find((s) => s.displayName === 'Inge Maes')!;
    const token = (await apiCall<{ token: string }>(desk.url, 'session.login', { staffId: inge.id, pin: '135790', deskId: 'desk-2' })).value.token;
    // Cancelled: nothing changed.
    expect((await apiCall<{ center: { id: string } }>(desk.url, 'center.get', {}, token)).value.center.id).toBe(LOCATION);
    // The paper kit names the new center.
    expect((await apiCall<{ centerName: string }>(desk.url, 'paper.dayList', { day: today }, token)).value.centerName).toBe('Vaccinatiecentrum Leuven');
    const planned = addDays(today, 3);
    const expiry = addDays(today, 120);
    expect((await apiCall(desk.url, 'deliveries.receive', { productCode: 'COMIRNATY', lots: [{ lotNumber: 'FR1234', expiryDate: expiry, vials: 500, dosesPerVial: 6 }] }, token)).ok).toBe(true);
    const plan = { day: planned, open: true, opensAt: '09:00', closesAt: '12:00', slotMinutes: 15, lanes: 2, perLane: 2, products: ['COMIRNATY'] };
    expect((await apiCall(desk.url, 'plans.setDay', plan, token)).ok).toBe(true);
    const pub = await apiCall<{ version: number | null; changed: boolean }>(desk.url, 'capacity.publish', { from: planned, to: planned }, token);
    expect(pub.ok).toBe(true);
    const view = await apiCall(desk.url, 'capacity.view', { from: planned, to: planned }, token);
    expect(pub.value, JSON.stringify(view).slice(0, 3000)).toMatchObject({ changed: true });
    expect(pub.value.version).not.toBeNull();

    // Sync again: the arrival and the capacity go out.
    await page.keyboard.press('Alt+4');
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('outbox-count')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'online');

    const after = await central<Appointment>(sim, `Appointment/${target.id}`);
    expect(after.status).toBe('arrived');
    const slots = await central<Bundle<Slot>>(sim, `Slot?_count=100`);
    const ours = (slots.entry ?? []).map((e) => e.resource!).filter((s) => s.id!.startsWith(`${LOCATION}-${planned}`));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((s) => s.status === 'free')).toBe(true);
    expect(cspViolations).toEqual([]);
  } finally {
    await sim.stop();
  }
});
