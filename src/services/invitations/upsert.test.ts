import { afterEach, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../testing/harness';
import { upsertInvitation, UpsertConflict, type IncomingInvitation } from './upsert';

let t: TestApp;
afterEach(() => t?.cleanup());

const base = (over: Partial<IncomingInvitation> = {}): IncomingInvitation => ({
  id: 'appt-1',
  code: 'ABCDEFGHJKLM',
  person: { niss: '85073003328', familyName: 'Van den Bossche', givenName: 'Jean', birthDate: '1985-07-30' },
  centerId: 'c1',
  startAt: '2021-03-27T23:30:00.000Z', // 00:30 on the 28th in Brussels
  endAt: '2021-03-27T23:45:00.000Z',
  doseNumber: 1,
  productCode: 'COMIRNATY',
  status: 'booked',
  channels: ['sms'],
  source: 'central',
  versionId: '1',
  lastUpdated: '2021-03-01T00:00:00.000Z',
  ...over,
});

describe('upsertInvitation', () => {
  it('inserts, skips an unchanged version, updates a new one, and files the Brussels day', () => {
    t = testApp();
    const { store } = t.core;
    expect(store.tx(() => upsertInvitation(store, base(), 'now'))).toBe('inserted');
    expect(store.invitations.get('appt-1')!.day).toBe('2021-03-28');
    expect(store.tx(() => upsertInvitation(store, base({ startAt: '2021-03-29T08:00:00.000Z' }), 'now'))).toBe('unchanged');
    expect(store.tx(() => upsertInvitation(store, base({ versionId: '2', startAt: '2021-03-29T08:00:00.000Z' }), 'now'))).toBe('updated');
    expect(store.invitations.get('appt-1')!.day).toBe('2021-03-29');
  });

  it('matches the person by national number instead of creating them twice', () => {
    t = testApp();
    const { store } = t.core;
    store.tx(() => upsertInvitation(store, base(), 'now'));
    store.tx(() => upsertInvitation(store, base({ id: 'appt-2', code: 'ZZZZZZZZZZZZ', doseNumber: 2, person: { ...base().person, familyName: 'Vandenbossche' } }), 'now'));
    const a = store.invitations.get('appt-1')!;
    const b = store.invitations.get('appt-2')!;
    expect(a.personId).toBe(b.personId);
    expect(store.people.get(a.personId)!.familyName).toBe('Vandenbossche');
  });

  it('never moves a local arrival or outcome backward', () => {
    t = testApp();
    const { store } = t.core;
    store.tx(() => upsertInvitation(store, base(), 'now'));
    const local = store.invitations.get('appt-1')!;
    store.tx(() => store.invitations.update({ ...local, status: 'arrived' }, 'now'));
    store.tx(() => upsertInvitation(store, base({ versionId: '3', status: 'booked' }), 'now'));
    expect(store.invitations.get('appt-1')!.status).toBe('arrived');
    store.tx(() => upsertInvitation(store, base({ versionId: '4', status: 'cancelled' }), 'now'));
    expect(store.invitations.get('appt-1')!.status).toBe('arrived');
    store.tx(() => upsertInvitation(store, base({ versionId: '5', status: 'fulfilled' }), 'now'));
    expect(store.invitations.get('appt-1')!.status).toBe('fulfilled');
  });

  it('refuses a code that belongs to another invitation and leaves the page unwritten', () => {
    t = testApp();
    const { store } = t.core;
    store.tx(() => upsertInvitation(store, base(), 'now'));
    expect(() =>
      store.tx(() => {
        upsertInvitation(store, base({ id: 'appt-9', code: 'QQQQQQQQQQQQ', person: { ...base().person, niss: '17073003384' } }), 'now');
        upsertInvitation(store, base({ id: 'appt-3' }), 'now');
      }),
    ).toThrow(UpsertConflict);
    expect(store.invitations.get('appt-9')).toBeUndefined();
    expect(store.people.byNiss('17073003384')).toBeUndefined();
  });
  it('a refused code inside a pull that goes on leaves no trace of that invitation, and the next one lands', () => {
    t = testApp();
    const { store } = t.core;
    store.tx(() => upsertInvitation(store, base(), 'now'));
    store.tx(() => {
      // As the pull does: one row refused, the rest of the page stored.
      expect(() => upsertInvitation(store, base({ id: 'appt-3', person: { ...base().person, niss: '17073003384' } }), 'now')).toThrow(/already belongs to another invitation \(appt-1\)/);
      upsertInvitation(store, base({ id: 'appt-4', code: 'ZZZZZZZZZZZZ' }), 'now');
    });
    expect(store.invitations.get('appt-3')).toBeUndefined();
    expect(store.invitations.get('appt-4')?.code).toBe('ZZZZZZZZZZZZ');
    expect(store.invitations.byCode(base().code)?.id).toBe('appt-1');
    const dayRows = store.db.prepare(`SELECT DISTINCT invitation_id FROM day_name_tokens ORDER BY 1`).pluck().all();
    expect(dayRows).toEqual(['appt-1', 'appt-4']);
  });
});
