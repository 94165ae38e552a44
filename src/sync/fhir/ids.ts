import { createHash } from 'node:crypto';

/**
 * Deterministic ids for what VaxDesk creates at central. A retried PUT of the same local record
 * must land on the same server resource, whichever desk or run sends it, so ids are derived from
 * local facts instead of generated (RFC 9562 UUIDv5 over a VaxDesk namespace).
 */
export const VAXDESK_NAMESPACE = '5f0b6e2c-8a51-4d1e-9a47-0c5d7f9e3b21';

export function uuidv5(name: string, namespace: string = VAXDESK_NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  if (ns.length !== 16) throw new Error('namespace must be a UUID');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** FHIR ids allow [A-Za-z0-9-.] up to 64 characters (R4 §2.24.0.1 "id"). */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

function idPart(s: string): string {
  return s.replace(/[^A-Za-z0-9\-.]/g, '-');
}

/** One Immunization per local vaccination record, per center. */
export const immunizationId = (centerId: string, vaccinationId: string) => uuidv5(`immunization:${centerId}:${vaccinationId}`);
/** One Patient per national number, whoever creates it (two centers converge on the same id). */
export const patientId = (niss: string) => uuidv5(`patient:${niss}`);
/** The center's one Schedule. */
export const scheduleId = (centerId: string) => `${idPart(centerId)}-schedule`.slice(0, 64);
/** A published slot: `{center}-{date}-{HHmm}` as in SMART Scheduling Links. */
export function slotId(centerId: string, date: string, time: string): string {
  const id = `${idPart(centerId)}-${date}-${time.replace(':', '')}`;
  if (!FHIR_ID.test(id)) throw new Error(`slot id too long or invalid: ${id}`);
  return id;
}
