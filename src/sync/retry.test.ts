import { describe, expect, it } from 'vitest';
import { CentralError, isRetryable, NEVER_RETRY, type FailureKind } from './retry';
import { MappingError } from './fhir/mappers';

describe('what is retried (issue 19.2: a mapping error never as a network fault)', () => {
  it('never retries a kind on the never-retry list, whatever its status', () => {
    for (const kind of NEVER_RETRY) {
      expect(isRetryable(new CentralError(kind, 'x'))).toBe(false);
      expect(isRetryable(new CentralError(kind, 'x', 503))).toBe(false);
    }
    expect([...NEVER_RETRY].sort()).toEqual(['mapping', 'refused']);
  });

  it('never retries a MappingError or an error that is not central’s', () => {
    expect(isRetryable(new MappingError('Appointment/a: start and end are required'))).toBe(false);
    expect(isRetryable(new Error('boom'))).toBe(false);
  });

  it('retries what the network or central itself got wrong', () => {
    const kinds: [FailureKind, number | null, boolean][] = [
      ['network', null, true], ['timeout', null, true], ['invalid', null, true], ['http', 503, true], ['http', 429, true], ['http', 412, true],
      ['http', 400, false], ['http', 404, false], ['http', 422, false],
    ];
    for (const [kind, status, want] of kinds) expect(isRetryable(new CentralError(kind, 'x', status)), `${kind} ${status}`).toBe(want);
  });
});
