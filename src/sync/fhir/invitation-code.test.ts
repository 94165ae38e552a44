import { describe, expect, it } from 'vitest';
import { appointmentToInvitation, INVITATION_SYSTEM, MappingError, SSIN_SYSTEM } from './mappers';

const NATIONAL = 'https://www.vaccination-info.be/fhir/NamingSystem/invitation';
const ctx = { centerId: 'c1', locationId: 'loc-1' };

function appointment(over: Record<string, unknown> = {}) {
  return {
    resourceType: 'Appointment',
    id: 'appt-9',
    meta: { versionId: '3', lastUpdated: '2021-03-02T08:00:00Z' },
    status: 'booked',
    start: '2021-03-28T09:00:00+02:00',
    end: '2021-03-28T09:15:00+02:00',
    identifier: [{ system: NATIONAL, value: 'ZZZZ2345ABCD' }],
    contained: [{ resourceType: 'Patient', id: 'p', identifier: [{ system: SSIN_SYSTEM, value: '17073003384' }], name: [{ family: 'Peeters', given: ['Zoë'] }] }],
    participant: [{ actor: { reference: 'Location/loc-1' } }, { actor: { reference: '#p' } }],
    ...over,
  };
}

describe('the national invitation id (issue 19.1)', () => {
  it("takes a national server's own identifier system, with nothing configured", () => {
    expect(appointmentToInvitation(appointment(), ctx)!.code).toBe('ZZZZ2345ABCD');
  });

  it('takes only the configured system when there is one, whatever comes first', () => {
    const a = appointment({ identifier: [{ system: 'urn:oid:1.2.3', value: 'INTERNAL-1' }, { system: NATIONAL, value: 'ZZZZ2345ABCD' }] });
    expect(appointmentToInvitation(a, { ...ctx, invitationSystem: NATIONAL })!.code).toBe('ZZZZ2345ABCD');
    expect(appointmentToInvitation(a, ctx)!.code).toBe('INTERNAL-1');
    expect(() => appointmentToInvitation(a, { ...ctx, invitationSystem: INVITATION_SYSTEM })).toThrow(/no identifier in the invitation system/);
  });

  it("falls back to the Appointment's id when it has no identifier at all", () => {
    expect(appointmentToInvitation(appointment({ identifier: undefined }), { ...ctx, invitationSystem: NATIONAL })!.code).toBe('appt-9');
    expect(appointmentToInvitation(appointment({ identifier: [] }), ctx)!.code).toBe('appt-9');
    expect(appointmentToInvitation(appointment({ identifier: [{ system: NATIONAL }] }), ctx)!.code).toBe('appt-9');
    // An id that cannot be printed and typed at the desk is no code.
    expect(() => appointmentToInvitation(appointment({ identifier: [], id: 'a.b' }), ctx)).toThrow(MappingError);
    expect(() => appointmentToInvitation(appointment({ identifier: [], id: '123' }), ctx)).toThrow(/cannot serve as an invitation code/);
  });

  it('still refuses a code that cannot be printed', () => {
    expect(() => appointmentToInvitation(appointment({ identifier: [{ system: NATIONAL, value: 'no spaces allowed' }] }), ctx)).toThrow(/invalid national invitation id/);
  });
});
