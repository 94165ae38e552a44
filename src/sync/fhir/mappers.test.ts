import { describe, expect, it } from 'vitest';
import {
  appointmentToInvitation,
  CHANNEL_SYSTEM,
  EXT_DOSE_NUMBER,
  EXT_PLANNED_PRODUCT,
  INVITATION_SYSTEM,
  invitationToAppointment,
  MappingError,
  NATIONAL_SYSTEMS,
  patientResource,
  slotCapacity,
  slotResource,
  SSIN_SYSTEM,
  withdrawnSlot,
  withStatus,
  type InvitationFacts,
} from './mappers';
import { immunizationId, slotId, uuidv5 } from './ids';

const person = { niss: '85073003328', familyName: 'Van den Bossche', givenName: 'Jean', birthDate: '1985-07-30', phone: '+32470123456' };
const facts: InvitationFacts = {
  id: 'appt-1',
  code: 'ABCDEFGHJKLM',
  startAt: '2021-03-28T07:00:00.000Z',
  endAt: '2021-03-28T07:15:00.000Z',
  doseNumber: 2,
  productCode: 'COMIRNATY',
  status: 'booked',
  channels: ['email', 'sms'],
  person,
};
const ctx = { centerId: 'c1', locationId: 'loc-1' };
const withMeta = (a: object) => ({ ...a, meta: { ...(a as { meta?: object }).meta, versionId: 'v1', lastUpdated: '2021-03-01T10:00:00.000+01:00' } });

function contained(over: Record<string, unknown> = {}) {
  return {
    resourceType: 'Appointment',
    id: 'appt-9',
    meta: { versionId: '3', lastUpdated: '2021-03-02T08:00:00Z', tag: [{ system: CHANNEL_SYSTEM, code: 'letter' }] },
    status: 'booked',
    start: '2021-03-28T09:00:00+02:00',
    end: '2021-03-28T09:15:00+02:00',
    identifier: [{ system: INVITATION_SYSTEM, value: 'ZZZZ2345ABCD' }],
    contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: SSIN_SYSTEM, value: '17073003384' }], name: [{ family: 'Peeters', given: ['Zoë', 'Anne'] }], birthDate: '2017-07-30' }],
    participant: [{ actor: { reference: 'Location/loc-1' } }, { actor: { reference: '#p' } }],
    extension: [{ url: EXT_DOSE_NUMBER, valueInteger: 1 }, { url: EXT_PLANNED_PRODUCT, valueCoding: { code: 'SPIKEVAX' } }],
    ...over,
  };
}

describe('appointment ↔ invitation', () => {
  it('round-trips what VaxDesk writes', () => {
    const a = withMeta(invitationToAppointment(facts, 'loc-1', NATIONAL_SYSTEMS));
    const inv = appointmentToInvitation(a, ctx)!;
    expect(inv).toEqual({
      id: 'appt-1',
      code: 'ABCDEFGHJKLM',
      person: { niss: person.niss, familyName: 'Van den Bossche', givenName: 'Jean', birthDate: null },
      centerId: 'c1',
      startAt: facts.startAt,
      endAt: facts.endAt,
      doseNumber: 2,
      productCode: 'COMIRNATY',
      status: 'booked',
      channels: ['sms', 'email'],
      source: 'central',
      versionId: 'v1',
      lastUpdated: '2021-03-01T09:00:00.000Z',
    });
  });

  it('reads a contained Patient with birth date, normalises instants to UTC', () => {
    const inv = appointmentToInvitation(contained(), ctx, 'import')!;
    expect(inv.person).toEqual({ niss: '17073003384', familyName: 'Peeters', givenName: 'Zoë Anne', birthDate: '2017-07-30', phone: null });
    expect(inv.startAt).toBe('2021-03-28T07:00:00.000Z');
    expect(inv.channels).toEqual(['letter']);
    expect(inv.source).toBe('import');
    expect(inv.productCode).toBe('SPIKEVAX');
  });

  it('maps central-only statuses and skips appointments that are not invitations', () => {
    expect(appointmentToInvitation(contained({ status: 'checked-in' }), ctx)!.status).toBe('arrived');
    expect(appointmentToInvitation(contained({ status: 'entered-in-error' }), ctx)!.status).toBe('cancelled');
    expect(appointmentToInvitation(contained({ status: 'proposed' }), ctx)).toBeNull();
  });

  it.each([
    ['another location', { participant: [{ actor: { reference: 'Location/other' } }, { actor: { reference: '#p' } }] }, /not at Location\/loc-1/],
    ['bad NISS checksum', { contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: SSIN_SYSTEM, value: '85073003329' }], name: [{ family: 'X' }] }] }, /invalid national number/],
    ['no patient', { participant: [{ actor: { reference: 'Location/loc-1' } }] }, /no patient/],
    ['dangling contained ref', { contained: [] }, /not contained/],
    ['no invitation id', { identifier: [] }, /national invitation id/],
    ['end before start', { end: '2021-03-28T08:00:00+02:00' }, /end is not after start/],
    ['no time zone', { start: '2021-03-28T09:00:00' }, /start/],
    ['unknown status', { status: 'maybe' }, /status/],
    ['dose 0', { extension: [{ url: EXT_DOSE_NUMBER, valueInteger: 0 }] }, /dose number/],
    ['huge string', { comment: 'x'.repeat(10_000) }, /comment/],
    ['wrong type', { resourceType: 'Patient' }, /resourceType/],
    ['bad id', { id: 'a b' }, /id/],
    ['unknown channel', { meta: { tag: [{ system: CHANNEL_SYSTEM, code: 'pigeon' }] } }, /channel/],
  ])('refuses %s with a message naming the problem', (_name, over, msg) => {
    expect(() => appointmentToInvitation(contained(over), ctx)).toThrow(MappingError);
    expect(() => appointmentToInvitation(contained(over), ctx)).toThrow(msg);
  });

  it('refuses things that are not objects', () => {
    for (const x of [null, 42, 'Appointment', [], {}]) expect(() => appointmentToInvitation(x, ctx)).toThrow(MappingError);
  });
});

describe('status push', () => {
  it('moves forward only', () => {
    expect(withStatus({ status: 'booked' }, 'arrived')).toEqual({ status: 'arrived' });
    expect(withStatus({ status: 'arrived' }, 'fulfilled')).toEqual({ status: 'fulfilled' });
    expect(withStatus({ status: 'noshow' }, 'fulfilled')).toBeNull();
    expect(withStatus({ status: 'arrived' }, 'arrived')).toBeNull();
    // Someone came despite a late cancellation: what happened at the desk wins.
    expect(withStatus({ status: 'cancelled' }, 'arrived')).toEqual({ status: 'arrived' });
    expect(withStatus({ status: 'cancelled' }, 'booked')).toBeNull();
    expect(withStatus({ status: 'entered-in-error' }, 'arrived')).toBeNull();
    // Deliberate local undos, one step back from exactly where VaxDesk put it.
    expect(withStatus({ status: 'arrived' }, 'booked')).toEqual({ status: 'booked' });
    expect(withStatus({ status: 'fulfilled' }, 'arrived')).toEqual({ status: 'arrived' });
    expect(withStatus({ status: 'noshow' }, 'booked')).toEqual({ status: 'booked' });
    expect(withStatus({ status: 'fulfilled' }, 'booked')).toBeNull();
    expect(withStatus({ status: 'noshow' }, 'arrived')).toBeNull();
    expect(withStatus({ status: 'fulfilled' }, 'arrived', false)).toBeNull();
    expect(withStatus({ status: 'booked' }, 'arrived', false)).toEqual({ status: 'arrived' });
    expect(withStatus({ status: 'arrived' }, 'cancelled')).toEqual({ status: 'cancelled' }); // a walk-in taken back
    expect(withStatus({ status: 'arrived' }, 'cancelled', false)).toBeNull();
    expect(withStatus({ status: 'booked' }, 'cancelled')).toBeNull();
  });
});

describe('deterministic ids', () => {
  it('uuidv5 matches the RFC 9562 example', () => {
    expect(uuidv5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });
  it('is stable per center and local id', () => {
    expect(immunizationId('c1', 'v1')).toBe(immunizationId('c1', 'v1'));
    expect(immunizationId('c1', 'v1')).not.toBe(immunizationId('c2', 'v1'));
    // A Patient is created conditionally on its SSIN: VaxDesk never invents its id (issue 19.4).
    expect(patientResource(person).id).toBeUndefined();
    expect(slotId('brussels heysel', '2021-03-28', '09:15')).toBe('brussels-heysel-2021-03-28-0915');
    expect(() => slotId('x'.repeat(60), '2021-03-28', '09:15')).toThrow();
  });
});

describe('schedule and slots', () => {
  it('places slots in Brussels time across the DST change and withdraws without deleting', () => {
    const s = slotResource({ date: '2021-03-28', time: '09:00', minutes: 15, capacity: 6 }, ctx);
    expect(s.start).toBe('2021-03-28T07:00:00.000Z');
    expect(s.end).toBe('2021-03-28T07:15:00.000Z');
    expect(slotCapacity(s)).toBe(6);
    expect(slotResource({ date: '2021-03-27', time: '09:00', minutes: 15, capacity: 6 }, ctx).start).toBe('2021-03-27T08:00:00.000Z');
    const w = withdrawnSlot(s);
    expect(w.status).toBe('busy-unavailable');
    expect(w.id).toBe(s.id);
    expect(slotCapacity(w)).toBe(0);
  });
});
