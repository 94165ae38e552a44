import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { dbFingerprint } from '../../testing/fingerprint';
import type { OutboxEntry } from '../../db/outbox';
import { at, book, configureCenter, lot, staffLogin } from './fixture-day';

let t: TestApp;
afterEach(() => t?.cleanup());
const D = '2021-04-12';

async function start() {
  t = testApp({ clockStart: '2021-04-12T06:00:00Z' });
  const first = await t.setup();
  await t.must('settings.updateSecurity', { idleLockMinutes: 240 }, first);
  configureCenter(t);
  const asDesk = await staffLogin(t, first, 'receptionist', 'Desk One');
  const asPaper = await staffLogin(t, first, 'receptionist', 'Paper Clerk');
  const asCoord = await staffLogin(t, first, 'coordinator', 'Coco Ordinator');
  return { asDesk, asPaper, asCoord, L1: lot(t, 'COMIRNATY', 'L1', 2, 6) };
}

/** Outbox rows of a resource with ids, times and per-record ids replaced, to compare two people's rows. */
function shape(rows: OutboxEntry[], ids: Record<string, string>) {
  return rows.map((r) => {
    let p = r.payload;
    for (const [id, name] of Object.entries(ids)) p = p.split(id).join(name);
    return { kind: r.kind, payload: JSON.parse(p.replace(/"at":"[^"]+"/g, '"at":"T"')) as unknown, status: r.status };
  });
}

describe('bulk entry afterwards', () => {
  it('writes the same records and outbox entries as a live check-in, at the real time, marked late by whoever typed it', async () => {
    const { asDesk, asPaper, L1 } = await start();
    const live = book(t, { familyName: 'Live', day: D, time: '09:00' });
    const paper = book(t, { familyName: 'Paper', day: D, time: '09:10' });
    at(t, D, '09:01');
    const desk = await asDesk();
    await t.must('arrivals.checkIn', { invitationId: live.id }, desk);
    const liveOut = await t.must('outcomes.record', { invitationId: live.id, outcome: 'vaccinated', lotId: L1 }, desk);

    at(t, '2021-04-13', '08:30'); // typed in the next morning
    const clerk = await asPaper();
    const r = await t.must('bulk.record', { invitationId: paper.id, day: D, time: '09:12', action: 'vaccinated', lotId: L1 }, clerk);
    expect(r.recorded).toEqual(['arrival', 'outcome']);
    expect(r.happenedAt).toBe('2021-04-12T07:12:00.000Z');
    expect(r.hit).toMatchObject({ status: 'fulfilled', outcome: 'vaccinated', arrival: { at: '2021-04-12T07:12:00.000Z', staffName: 'Paper Clerk' } });

    const { store } = t.core;
    const paperOutcome = store.arrivals.outcome(paper.id)!;
    expect(store.arrivals.arrival(paper.id)).toMatchObject({ day: D, at: '2021-04-12T07:12:00.000Z' });
    expect(paperOutcome).toMatchObject({ day: D, at: '2021-04-12T07:12:00.000Z', outcome: 'vaccinated', lotId: L1 });
    // The same outbox rows as the live person: arrived, then the immunization, then fulfilled.
    const rowsOf = (inv: string, vacc: string) => [...store.outbox.forResource(`appointment:${inv}`), ...store.outbox.forResource(`immunization:${vacc}`)];
    const liveRows = shape(rowsOf(live.id, liveOut.outcomeId), { [live.id]: 'INV', [liveOut.outcomeId]: 'VAC' });
    const paperRows = shape(rowsOf(paper.id, paperOutcome.id), { [paper.id]: 'INV', [paperOutcome.id]: 'VAC' });
    expect(paperRows).toEqual(liveRows);
    expect(paperRows.map((x) => x.kind)).toEqual(['appointment.status', 'appointment.status', 'immunization']);
    // The dose left the lot at the real time (the open-vial view depends on it).
    expect(store.db.prepare(`SELECT at FROM dose_events WHERE ref = ?`).get(paperOutcome.id)).toEqual({ at: '2021-04-12T07:12:00.000Z' });

    const entries = await t.must('bulk.entries', { day: D }, clerk);
    expect(entries.map((e) => [e.familyName, e.kind, e.happenedAt, e.enteredAt, e.enteredByName])).toEqual([
      ['Paper', 'arrival', '2021-04-12T07:12:00.000Z', '2021-04-13T06:30:00.000Z', 'Paper Clerk'],
      ['Paper', 'outcome', '2021-04-12T07:12:00.000Z', '2021-04-13T06:30:00.000Z', 'Paper Clerk'],
    ]);
    const audit = store.db.prepare(`SELECT at, actor_name AS actor, detail FROM audit_log WHERE action = 'bulk.entry'`).all();
    expect(audit).toEqual([{ at: '2021-04-13T06:30:00.000Z', actor: 'Paper Clerk', detail: expect.stringContaining('"happenedAt":"2021-04-12T07:12:00.000Z"') }]);
  });

  it('adds a paper walk-in, vaccinated, and records arrived-only, refused and no-show lines', async () => {
    const { asPaper, L1 } = await start();
    const a = book(t, { familyName: 'Arrived', day: D, time: '10:00' });
    const b = book(t, { familyName: 'Refused', day: D, time: '10:10' });
    const c = book(t, { familyName: 'Absent', day: D, time: '10:20' });
    at(t, D, '16:00');
    const clerk = await asPaper();
    expect((await t.must('bulk.record', { invitationId: a.id, day: D, time: '10:02', action: 'arrived' }, clerk)).hit.status).toBe('arrived');
    expect((await t.must('bulk.record', { invitationId: b.id, day: D, time: '10:11', action: 'refused', note: 'Changed their mind' }, clerk)).recorded).toEqual(['arrival', 'outcome']);
    expect((await t.must('bulk.record', { invitationId: c.id, day: D, time: '10:20', action: 'noshow' }, clerk)).hit.status).toBe('noshow');
    expect(t.core.store.outbox.forResource(`appointment:${c.id}`).map((r) => JSON.parse(r.payload).status)).toEqual(['noshow']);
    const w = await t.must('bulk.walkin', {
      day: D, time: '10:40', niss: '85073003328', familyName: 'Dubois', givenName: 'Marc', birthDate: '1985-07-30', reason: 'Written on the sheet', vaccinatedLotId: L1,
    }, clerk);
    expect(w.recorded).toEqual(['walkin', 'outcome']);
    expect(w.hit).toMatchObject({ walkin: true, status: 'fulfilled', startAt: '2021-04-12T08:40:00.000Z' });
    expect(t.core.store.outbox.forResource(`appointment:${w.hit.invitationId}`).map((r) => r.kind)).toEqual(['walkin', 'appointment.status']);
    const list = await t.must('day.list', { day: D, filter: 'walkin' }, clerk);
    expect(list.rows.map((r) => r.familyName)).toEqual(['Dubois']);
    expect((await t.must('bulk.entries', { day: D }, clerk)).map((e) => `${e.familyName}:${e.kind}`)).toEqual([
      'Arrived:arrival', 'Refused:arrival', 'Refused:outcome', 'Absent:noshow', 'Dubois:walkin', 'Dubois:outcome',
    ]);
  });

  it('keeps reception guards, and a refused part leaves nothing behind', async () => {
    const { asPaper, asDesk } = await start();
    const tomorrow = book(t, { familyName: 'Early', day: '2021-04-13', time: '10:00' });
    const p = book(t, { familyName: 'Paper', day: D, time: '10:00' });
    const empty = lot(t, 'SPIKEVAX', 'EMPTY', 0, 10);
    at(t, D, '15:00');
    const clerk = await asPaper();
    const before = dbFingerprint(t.core.store.db);
    const bad: [Parameters<typeof t.call<'bulk.record'>>[1], string][] = [
      [{ invitationId: tomorrow.id, day: D, time: '10:00', action: 'arrived' }, 'GUARD'],
      [{ invitationId: p.id, day: D, time: '16:00', action: 'arrived' }, 'INVALID_INPUT'], // in the future
      [{ invitationId: p.id, day: '2021-03-20', time: '10:00', action: 'arrived' }, 'INVALID_INPUT'], // too long ago
      [{ invitationId: p.id, day: D, time: '25:00', action: 'arrived' }, 'INVALID_INPUT'],
      [{ invitationId: p.id, day: D, time: '10:00', action: 'vaccinated', lotId: empty }, 'STOCK'], // the check-in must not stay
      [{ invitationId: p.id, day: D, time: '10:00', action: 'vaccinated' }, 'INVALID_INPUT'], // no lot and no desk default
      [{ invitationId: 'missing', day: D, time: '10:00', action: 'arrived' }, 'NOT_FOUND'],
      [{ invitationId: p.id, day: D, time: '10:00', action: 'teleported' as 'arrived' }, 'INVALID_INPUT'],
      [{ invitationId: p.id, day: '2021-04-11', time: '10:00', action: 'noshow' }, 'INVALID_INPUT'],
    ];
    for (const [input, code] of bad) expect(await t.call('bulk.record', input, clerk), JSON.stringify(input)).toMatchObject({ ok: false, error: { code } });
    expect(await t.call('bulk.walkin', { day: D, time: '10:00', niss: '85073003329', familyName: 'X', givenName: 'Y', birthDate: '1985-07-30', reason: 'typo' }, clerk)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await t.call('bulk.record', { invitationId: p.id, day: D, time: '10:00', action: 'arrived' }, null)).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);

    // An override with a reason goes through, as it does live.
    const ok = await t.must('bulk.record', { invitationId: tomorrow.id, day: D, time: '10:00', action: 'arrived', override: { guards: ['otherDay'], reason: 'Came a day early, on paper' } }, clerk);
    expect(ok.hit.status).toBe('arrived');
    // Already checked in live: reception's own answer.
    const desk = await asDesk();
    await t.must('arrivals.checkIn', { invitationId: p.id }, desk);
    expect(await t.call('bulk.record', { invitationId: p.id, day: D, time: '10:00', action: 'arrived' }, clerk)).toMatchObject({ ok: false, error: { code: 'ALREADY_CHECKED_IN' } });
    // An outcome on paper before the live check-in time is a typo in the time.
    expect(await t.call('bulk.record', { invitationId: p.id, day: D, time: '09:00', action: 'refused' }, clerk)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect((await t.must('bulk.record', { invitationId: p.id, day: D, time: '15:00', action: 'deferred' }, clerk)).recorded).toEqual(['outcome']);
  });
});

describe('standby list: accepted people become walk-ins', () => {
  it('turns an accepted call into a walk-in for today through reception, with its outbox entry', async () => {
    const { asCoord } = await start();
    at(t, D, '16:30');
    const coord = await asCoord();
    const s = await t.must('standby.add', { niss: '17073003384', familyName: 'Lambert', givenName: 'Lea', phone: '+32 470 11 22 33', priorityGroup: '65plus' }, coord);
    const accepted = await t.must('standby.recordCall', { id: s.id, result: 'accepted' }, coord);
    expect(accepted.invitationId).toBeTruthy();
    const list = await t.must('day.list', { day: D, filter: 'walkin' }, coord);
    expect(list.rows).toHaveLength(1);
    expect(list.rows[0]).toMatchObject({ invitationId: accepted.invitationId, familyName: 'Lambert', walkin: true, status: 'arrived', nissMasked: '••.••.••-•33.84' });
    expect(t.core.store.outbox.forResource(`appointment:${accepted.invitationId}`).map((r) => r.kind)).toEqual(['walkin']);
    const r = await t.must('reports.day', { day: D }, coord);
    expect(r.totals).toMatchObject({ walkIns: 1, arrived: 1 });
  });

  it('still works after the day was closed, and a failed walk-in leaves the person waiting', async () => {
    const { asCoord } = await start();
    const booked = book(t, { familyName: 'Booked', day: D, time: '09:00' });
    at(t, D, '17:00');
    const coord = await asCoord();
    await t.must('day.close', { day: D }, coord);
    const s = await t.must('standby.add', { niss: '85073003328', familyName: 'Dubois', givenName: 'Marc', phone: '0470 11 22 33', priorityGroup: 'everyone' }, coord);
    expect((await t.must('standby.recordCall', { id: s.id, result: 'accepted' }, coord)).status).toBe('accepted');
    // Someone already booked today cannot become a second appointment: the call fails and nothing is recorded.
    t.core.store.db.prepare(`UPDATE people SET niss = '17073003384' WHERE id = ?`).run(booked.personId);
    t.core.store.db.prepare(`UPDATE invitations SET status = 'booked' WHERE id = ?`).run(booked.id);
    const s2 = await t.must('standby.add', { niss: '17073003384', familyName: 'Booked', givenName: 'Anna', phone: '0470 11 22 34', priorityGroup: 'everyone' }, coord);
    const before = dbFingerprint(t.core.store.db);
    expect(await t.call('standby.recordCall', { id: s2.id, result: 'accepted' }, coord)).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(dbFingerprint(t.core.store.db)).toBe(before);
    expect((await t.must('standby.list', {}, coord)).map((e) => e.familyName)).toEqual(['Booked']);
  });
});
