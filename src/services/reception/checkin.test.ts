import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { addInvitation, addPerson, configureCenter } from './test-fixtures';
import { useDayCapacity } from './common';

let t: TestApp;
let tok: string;
let tok2: string;
beforeEach(async () => {
  t = testApp();
  configureCenter(t);
  const coord = await t.setup();
  tok = await t.staffToken('receptionist', coord, 'Rita Desk');
  tok2 = await t.staffToken('receptionist', coord, 'Bart Desk');
});
afterEach(() => {
  useDayCapacity(() => null);
  t?.cleanup();
});

const booked = (spec: Parameters<typeof addInvitation>[2] = { day: '2021-03-01' }) => addInvitation(t, addPerson(t, { familyName: 'Peeters', givenName: 'Jan' }).id, spec);
const outboxFor = (id: string) => t.core.store.outbox.forResource(`appointment:${id}`).map((e) => JSON.parse(e.payload) as { status?: string });
const auditActions = () => t.core.store.audit.recent(1e9, 50).map((r) => r.action);

describe('check-in', () => {
  it('records the arrival with time, desk and staff, its outbox entry and audit row, and announces it', async () => {
    const inv = booked();
    const seen: string[] = [];
    t.core.events.subscribe((e) => seen.push(e.kind));
    const r = await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    expect(r.hit).toMatchObject({ status: 'arrived', arrival: { at: '2021-03-01T09:00:00.000Z', deskId: 'desk-1', staffName: 'Rita Desk' } });
    expect(outboxFor(inv.id)).toEqual([{ invitationId: inv.id, status: 'arrived', at: '2021-03-01T09:00:00.000Z' }]);
    expect(auditActions()).toContain('arrival.checkIn');
    expect(seen).toEqual(expect.arrayContaining(['arrivals', 'invitations']));
  });

  it('never records a second arrival and says when, where and by whom the first was', async () => {
    const inv = booked();
    await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    t.clock.advance(60_000);
    const again = await t.call('arrivals.checkIn', { invitationId: inv.id, override: { guards: ['cancelled'], reason: 'trying anyway' } }, tok2);
    expect(again).toMatchObject({ ok: false, error: { code: 'ALREADY_CHECKED_IN', details: { at: '2021-03-01T09:00:00.000Z', deskId: 'desk-1', staffName: 'Rita Desk' } } });
    expect(outboxFor(inv.id)).toHaveLength(1);
  });

  it('guards a cancelled invitation and one for another day; overriding needs the guard named and a reason, which is audited', async () => {
    const tomorrow = booked({ day: '2021-03-02', time: '14:00' });
    const r = await t.call('arrivals.checkIn', { invitationId: tomorrow.id }, tok);
    expect(r).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guard: 'otherDay', direction: 'early', day: '2021-03-02', days: 1 } } });
    expect(await t.call('arrivals.checkIn', { invitationId: tomorrow.id, override: { guards: ['otherDay'], reason: 'x' } }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('arrivals.checkIn', { invitationId: tomorrow.id, override: { guards: ['cancelled'], reason: 'wrong guard' } }, tok)).toMatchObject({ ok: false, error: { code: 'GUARD' } });
    expect(t.core.store.arrivals.arrival(tomorrow.id)).toBeUndefined();
    const ok = await t.must('arrivals.checkIn', { invitationId: tomorrow.id, override: { guards: ['otherDay'], reason: 'Works nights tomorrow' } }, tok);
    expect(ok.overridden).toEqual(['otherDay']);
    expect(t.core.store.arrivals.arrival(tomorrow.id)).toMatchObject({ overrides: ['otherDay'], overrideReason: 'Works nights tomorrow' });
    const overrideRow = t.core.store.audit.recent(1e9, 10).find((a) => a.action === 'arrival.override')!;
    expect(JSON.parse(overrideRow.detail)).toEqual({ guards: ['otherDay'], reason: 'Works nights tomorrow' });

    const cancelled = booked({ day: '2021-03-01', status: 'cancelled' });
    expect(await t.call('arrivals.checkIn', { invitationId: cancelled.id }, tok)).toMatchObject({ ok: false, error: { details: { guard: 'cancelled' } } });
    const late = booked({ day: '2021-02-27' });
    expect(await t.call('arrivals.checkIn', { invitationId: late.id }, tok)).toMatchObject({ ok: false, error: { details: { guard: 'otherDay', direction: 'late', days: 2 } } });
  });

  it('guards an invitation for another center', async () => {
    const inv = booked({ day: '2021-03-01', centerId: 'center-b' });
    expect(await t.call('arrivals.checkIn', { invitationId: inv.id }, tok)).toMatchObject({ ok: false, error: { details: { guard: 'otherCenter', centerId: 'center-b' } } });
    expect((await t.must('invitations.get', { invitationId: inv.id }, tok)).otherCenter).toBe(true);
  });

  it("guards a second dose before the product's minimum interval, from the first-dose invitation or the recorded vaccination", async () => {
    const p = addPerson(t, { familyName: 'Lambert', givenName: 'Luc' });
    addInvitation(t, p.id, { day: '2021-02-15', doseNumber: 1, status: 'fulfilled' });
    const second = addInvitation(t, p.id, { day: '2021-03-01', doseNumber: 2 });
    expect(await t.call('arrivals.checkIn', { invitationId: second.id }, tok)).toMatchObject({
      ok: false,
      error: { code: 'GUARD', details: { guard: 'interval', previousDate: '2021-02-15', minDays: 21, earliestDate: '2021-03-08' } },
    });
    const q = addPerson(t, { familyName: 'Lambert', givenName: 'Anne' });
    addInvitation(t, q.id, { day: '2021-02-08', doseNumber: 1, status: 'fulfilled' });
    const fine = addInvitation(t, q.id, { day: '2021-03-01', doseNumber: 2 });
    expect(await t.call('arrivals.checkIn', { invitationId: fine.id }, tok)).toMatchObject({ ok: true });
  });

  it('guards the day at capacity for someone the day did not count, using the planning figure', async () => {
    useDayCapacity((_s, day) => (day === '2021-03-01' ? { open: true, published: 1, booked: 1 } : null));
    const today = booked();
    const tomorrow = booked({ day: '2021-03-02' });
    expect(await t.call('arrivals.checkIn', { invitationId: today.id }, tok)).toMatchObject({ ok: true });
    expect(await t.call('arrivals.checkIn', { invitationId: tomorrow.id, override: { guards: ['otherDay'], reason: 'came early' } }, tok)).toMatchObject({
      ok: false,
      error: { code: 'GUARD', details: { guard: 'capacity', published: 1 } },
    });
    expect(await t.call('arrivals.checkIn', { invitationId: tomorrow.id, override: { guards: ['otherDay', 'capacity'], reason: 'came early, leftover dose' } }, tok)).toMatchObject({ ok: true });
  });

  it('undoes a mistaken check-in with a reason, back to booked', async () => {
    const inv = booked();
    await t.must('arrivals.checkIn', { invitationId: inv.id }, tok);
    const h = await t.must('arrivals.undo', { invitationId: inv.id, reason: 'wrong person' }, tok);
    expect(h).toMatchObject({ status: 'booked', arrival: null });
    expect(outboxFor(inv.id).map((e) => e.status)).toEqual(['arrived', 'booked']);
    expect(await t.call('arrivals.undo', { invitationId: inv.id, reason: 'again' }, tok)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call('arrivals.checkIn', { invitationId: inv.id }, tok)).toMatchObject({ ok: true });
  });

  it('refuses unknown and malformed ids without changing anything', async () => {
    expect(await t.call('arrivals.checkIn', { invitationId: 'nope' }, tok)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await t.call('arrivals.checkIn', { invitationId: "x'; DELETE FROM arrivals; --" }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('arrivals.checkIn', { invitationId: 'a'.repeat(10_000) }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.core.store.outbox.counts()).toEqual({ pending: 0, parked: 0 });
  });
});

describe('walk-ins', () => {
  const walkin = { niss: '85.07.30-033.28', familyName: 'Dubois', givenName: 'Chloé', birthDate: '1985-07-30', reason: 'Lost her letter' };

  it('creates the person, a local walk-in invitation and the arrival in one go, with a walk-in outbox entry', async () => {
    const r = await t.must('walkins.register', walkin, tok);
    expect(r).toMatchObject({ matchedExisting: false, hit: { familyName: 'Dubois', status: 'arrived', walkin: true, day: '2021-03-01', nissMasked: '••.••.••-•33.28' } });
    expect(t.core.store.outbox.forResource(`appointment:${r.hit.invitationId}`).map((e) => e.kind)).toEqual(['walkin']);
    expect(t.core.store.arrivals.arrival(r.hit.invitationId)).toMatchObject({ walkinReason: 'Lost her letter' });
  });

  it('matches an existing person by national number so nobody is created twice', async () => {
    const p = addPerson(t, { familyName: 'Dubois', givenName: 'Chloé', niss: '85073003328', birthDate: '1985-07-30' });
    addInvitation(t, p.id, { day: '2021-01-10' });
    const r = await t.must('walkins.register', { ...walkin, familyName: 'DUBOIS' }, tok);
    expect(r.matchedExisting).toBe(true);
    expect(r.hit.personId).toBe(p.id);
    const n = t.core.store.db.prepare(`SELECT count(*) AS n FROM people WHERE niss = '85073003328'`).get() as { n: number };
    expect(n.n).toBe(1);
    // The same person again the same day: they already have today's (walk-in) appointment.
    expect(await t.call('walkins.register', walkin, tok2)).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { invitationId: r.hit.invitationId } } });
  });

  it('sends someone booked today to their own appointment', async () => {
    const p = addPerson(t, { familyName: 'Dubois', givenName: 'Chloé', niss: '85073003328', birthDate: '1985-07-30' });
    const inv = addInvitation(t, p.id, { day: '2021-03-01' });
    expect(await t.call('walkins.register', walkin, tok)).toMatchObject({ ok: false, error: { code: 'CONFLICT', details: { invitationId: inv.id } } });
  });

  it('refuses a typo in the national number, a birth date that contradicts it, and junk', async () => {
    expect(await t.call('walkins.register', { ...walkin, niss: '85.07.30-033.29' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'niss', reason: 'checksum' } } });
    expect(await t.call('walkins.register', { ...walkin, birthDate: '1985-07-31' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', details: { field: 'birthDate' } } });
    expect(await t.call('walkins.register', { ...walkin, familyName: 'x'.repeat(10_000) }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('walkins.register', { ...walkin, reason: '' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('walkins.register', { ...walkin, birthDate: '1985-02-30' }, tok)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(t.core.store.invitations.count()).toBe(0);
    // HTML in a name is stored as text, never interpreted.
    const r = await t.must('walkins.register', { ...walkin, givenName: '<img src=x onerror=alert(1)>' }, tok);
    expect(r.hit.givenName).toBe('<img src=x onerror=alert(1)>');
  });

  it('guards a walk-in on a day at capacity (overridable with a reason)', async () => {
    useDayCapacity(() => ({ open: true, published: 10, booked: 10 }));
    expect(await t.call('walkins.register', walkin, tok)).toMatchObject({ ok: false, error: { code: 'GUARD', details: { guard: 'capacity' } } });
    expect(t.core.store.people.byNiss('85073003328')).toBeUndefined();
    expect(await t.call('walkins.register', { ...walkin, override: { guards: ['capacity'], reason: 'Standby list, leftover dose' } }, tok)).toMatchObject({ ok: true });
  });
});
