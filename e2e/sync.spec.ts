import type { Appointment } from 'fhir/r4';
import { test, expect, loginAs, shot, DEMO } from './fixtures';
import { CentralSim } from '../tools/central-sim/server';
import { seedWorld } from '../tools/central-sim/population';
import { localDate } from '../src/domain/time';

test.use({ demo: true });

/** Calls the desk's HTTP API as a receptionist would (the reception screen does the same). */
async function apiCall(base: string, method: string, body: unknown, token?: string) {
  const r = await fetch(new URL(`/api/${method}`, base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return (await r.json()) as {
    ok: boolean;
    value?: { staff: { id: string; displayName: string }[]; token: string };
    error?: { code: string; details?: { guard?: string } };
  };
}

test('configure the connection, sync with progress, check in while central is down, watch the outbox drain', async ({ page, desk, cspViolations }) => {
  const today = localDate(new Date());
  const sim = new CentralSim({ host: '127.0.0.1', port: 0, token: 'e2e-token' });
  await seedWorld(sim, { seed: 5, locationId: 'brussels-heysel', people: 3_500, invitations: 3_000, firstDay: today, days: 2 });
  await sim.start();
  try {
    await page.goto(desk.url);
    await loginAs(page, DEMO.coordinator.name, DEMO.coordinator.pin);
    await page.keyboard.press('Alt+4');
    await expect(page.locator('#section-title')).toHaveText('Synchronisatie met het centrale systeem');
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'unconfigured');

    // Plain HTTP to another host is refused; the local central system is accepted.
    await page.getByTestId('sync-base-url').fill('http://central.example.be/fhir');
    await page.getByTestId('sync-location').fill('brussels-heysel');
    await page.getByTestId('sync-save').click();
    await expect(page.getByTestId('sync-connection-message')).toContainText('gebruik HTTPS');
    await page.getByTestId('sync-base-url').fill(sim.url);
    await page.getByTestId('sync-token').fill('e2e-token');
    await page.getByTestId('sync-save').click();
    await expect(page.getByTestId('sync-connection-message')).toHaveText('Verbinding bewaard.');
    await page.getByTestId('sync-test').click();
    await expect(page.getByTestId('sync-connection-message')).toContainText('Verbonden in');

    // Slow central down a little so the long pull shows its progress bar.
    sim.faults = { ...sim.faults, rate: 1, kinds: ['latency'], latencyMs: [700, 900] };
    await page.getByTestId('sync-now').click();
    const progress = page.getByTestId('sync-progress');
    await expect(progress).toBeVisible();
    await expect(progress.locator('progress')).toHaveAttribute('max', '3000');
    await shot(page, 'sync-progress');
    sim.faults = { ...sim.faults, rate: 0 };
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'online', { timeout: 60_000 });
    await expect(page.getByTestId('outbox-count')).toHaveAttribute('data-count', '0');

    // Central goes down. Reception checks someone in anyway.
    await sim.stop();
    const status = await apiCall(desk.url, 'session.status', {});
    const sofie = status.value!.staff.find((s) => s.displayName === DEMO.receptionist.name)!;
    const login = await apiCall(desk.url, 'session.login', { staffId: sofie.id, pin: DEMO.receptionist.pin });
    const token = login.value!.token;
    const appts = await sim.engine.all<Appointment>('Appointment');
    const target = appts.find((a) => a.status === 'booked' && localDate(a.start!) === today)!;
    const guards: string[] = [];
    for (;;) {
      const r = await apiCall(desk.url, 'arrivals.checkIn', { invitationId: target.id, ...(guards.length ? { override: { guards, reason: 'e2e override' } } : {}) }, token);
      if (r.ok) break;
      expect(r.error!.code).toBe('GUARD');
      guards.push(r.error!.details!.guard!);
    }
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'offline');
    await expect(page.getByTestId('outbox-count')).toHaveAttribute('data-count', '1');
    await shot(page, 'sync-offline');

    // Central is back: the waiting check-in goes out and the count drains to zero.
    await sim.start();
    await page.getByTestId('sync-now').click();
    await expect(page.getByTestId('outbox-count')).toHaveAttribute('data-count', '0', { timeout: 60_000 });
    await expect(page.getByTestId('central-status')).toHaveAttribute('data-state', 'online');
    expect((await sim.engine.read<Appointment>('Appointment', target.id!)).status).toBe('arrived');
    await shot(page, 'sync-online');
    expect(cspViolations).toEqual([]);
  } finally {
    await sim.stop();
  }
});
