import { randomUUID } from 'node:crypto';
import { addDays, brusselsInstant } from '../domain/time';
import type { App } from '../core';
import type { In, MethodName, Out } from '../api/contract';
import { DEMO_CENTER, DEMO_STAFF, registerDemoSeeder } from './seed';

/**
 * A living planning calendar: lots on the shelf (one expiring within the week), an AstraZeneca
 * and a Pfizer delivery still to come, a Monday-to-Friday template over the coming six weeks
 * with a short Saturday exception, two days of AstraZeneca second doses that only fit if the
 * announced AstraZeneca delivery arrives, and the first two weeks published. Everything goes through
 * the dispatcher as the demo coordinator, so it is audited like real work.
 */
export const PLANNING_DEMO = {
  lots: [
    { productCode: 'COMIRNATY', lotNumber: 'FA4598', expiryDays: 5, vials: 40, dosesPerVial: 6 },
    { productCode: 'COMIRNATY', lotNumber: 'FC3143', expiryDays: 60, vials: 150, dosesPerVial: 6 },
    { productCode: 'VAXZEVRIA', lotNumber: 'ABW0418', expiryDays: 45, vials: 30, dosesPerVial: 8 },
    { productCode: 'SPIKEVAX', lotNumber: '3004217', expiryDays: 40, vials: 60, dosesPerVial: 10 },
  ],
  expected: [
    { productCode: 'VAXZEVRIA', days: 3, doses: 1200 },
    { productCode: 'COMIRNATY', days: 9, doses: 2340 },
  ],
  template: { name: 'Ma-vr / lu-ve 08:00-20:00', weekdays: [1, 2, 3, 4, 5], opensAt: '08:00', closesAt: '20:00', slotMinutes: 15, lanes: 6, perLane: 1, products: ['COMIRNATY', 'VAXZEVRIA', 'SPIKEVAX'] },
  weeks: 6,
  /** AstraZeneca second doses booked after the expected delivery: those days depend on it arriving. */
  atRisk: { productCode: 'VAXZEVRIA', fromDays: 4, days: 2, perDay: 250 },
};

/** Second-dose bookings on the first weekdays from `from`: more AstraZeneca than the shelf holds without the expected delivery. */
function seedAtRiskBookings(app: App, today: string): void {
  const { store } = app.core;
  const r = PLANNING_DEMO.atRisk;
  if (store.invitations.byCode('DEMOPL000000')) return;
  const at = app.core.clock().toISOString();
  const days: string[] = [];
  for (let d = addDays(today, r.fromDays); days.length < r.days; d = addDays(d, 1)) if (![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay())) days.push(d);
  store.tx(() => {
    let n = 0;
    for (const day of days) {
      for (let i = 0; i < r.perDay; i++, n++) {
        const personId = randomUUID();
        store.people.insert({ id: personId, niss: null, familyName: `Planning${String(n).padStart(3, '0')}`, givenName: 'Demo', birthDate: '1960-01-01', phone: null }, at);
        const start = brusselsInstant(day, `${String(8 + Math.floor(i / 24) % 12).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);
        store.invitations.insert(
          {
            id: randomUUID(),
            code: `DEMOPL${String(n).padStart(6, '0')}`,
            personId,
            centerId: DEMO_CENTER.id,
            day,
            startAt: start.toISOString(),
            endAt: new Date(start.getTime() + 15 * 60_000).toISOString(),
            doseNumber: 2,
            productCode: r.productCode,
            status: 'booked',
            channels: ['letter'],
            source: 'demo',
            versionId: null,
            lastUpdated: null,
          },
          at,
        );
      }
    }
  });
}

const hoursOf = (t: typeof PLANNING_DEMO.template) => ({ opensAt: t.opensAt, closesAt: t.closesAt, slotMinutes: t.slotMinutes, lanes: t.lanes, perLane: t.perLane, products: t.products });

async function must<K extends MethodName>(app: App, m: K, input: In<K>, token: string): Promise<Out<K>> {
  const r = await app.dispatch(m, input, token);
  if (!r.ok) throw new Error(`demo planning: ${m} failed: ${r.error.message}`);
  return r.value as Out<K>;
}

registerDemoSeeder(async (app, { today, central }) => {
  const coord = DEMO_STAFF.find((s) => s.role === 'coordinator')!;
  const staff = app.core.store.staff.list().find((s) => s.displayName === coord.displayName);
  if (!staff) return;
  const login = await app.dispatch('session.login', { staffId: staff.id, pin: coord.pin, deskId: 'demo-seed' }, null);
  if (!login.ok) throw new Error(`demo planning: login failed: ${login.error.message}`);
  const tok = (login.value as { token: string }).token;
  try {
    for (const l of PLANNING_DEMO.lots) {
      if (app.core.store.lots.byNumber(l.productCode, l.lotNumber)) continue;
      await must(app, 'deliveries.receive', { productCode: l.productCode, lots: [{ lotNumber: l.lotNumber, expiryDate: addDays(today, l.expiryDays), vials: l.vials, dosesPerVial: l.dosesPerVial }] }, tok);
    }
    for (const e of PLANNING_DEMO.expected) await must(app, 'deliveries.expect', { productCode: e.productCode, date: addDays(today, e.days), doses: e.doses }, tok);
    const tpl = await must(app, 'plans.saveTemplate', PLANNING_DEMO.template, tok);
    const to = addDays(today, PLANNING_DEMO.weeks * 7 - 1);
    // A Saturday morning session in the second week: an exception that survives the template.
    let saturday = addDays(today, 7);
    while (new Date(`${saturday}T12:00:00Z`).getUTCDay() !== 6) saturday = addDays(saturday, 1);
    await must(app, 'plans.setDay', { day: saturday, open: true, opensAt: '09:00', closesAt: '13:00', slotMinutes: 15, lanes: 3, perLane: 1, products: ['COMIRNATY'] }, tok);
    // Today is always open, whatever weekday the demo starts on: the reception demo needs an open day.
    await must(app, 'plans.setDay', { day: today, open: true, ...hoursOf(PLANNING_DEMO.template) }, tok);
    await must(app, 'plans.applyTemplate', { templateId: tpl.id, from: today, to }, tok);
    // With a central system the bookings come from it; made-up ones would only be parked there.
    if (!central) seedAtRiskBookings(app, today);
    await must(app, 'capacity.publish', { from: today, to: addDays(today, 13), roundToVials: false }, tok);
  } finally {
    await app.dispatch('session.logout', {}, tok);
  }
});
