import { uuidv5 } from './ids';

/**
 * Every system and extension URI VaxDesk itself writes, in one place (docs/fhir.md lists them).
 * Each is either a published standard one (HL7, SNOMED CT, the eHealth/HL7 Belgium IGs) or one of
 * the center's own, under the connection setting `systemBase` (an http(s) base the center
 * controls, e.g. "https://fhir.vaccination-heizel.be"). Never a `.invalid` host: a national
 * system stores these URIs forever, and one nobody owns can never be resolved or registered.
 */

/** HL7 Belgium: the national register number (INSZ/NISS). */
export const SSIN_SYSTEM = 'https://www.ehealth.fgov.be/standards/fhir/core/NamingSystem/ssin';
/** BeVaccination (hl7.fhir.be.vaccination), the Belgian profile of Immunization. */
export const BE_VACCINATION_PROFILE = 'https://www.ehealth.fgov.be/standards/fhir/vaccination/StructureDefinition/be-vaccination';
/** BeAdministeredProduct: complex extension with `coded`, `lotNumber`, `expirationDate`, `reference`. */
export const BE_EXT_ADMINISTERED_PRODUCT = 'https://www.ehealth.fgov.be/standards/fhir/vaccination/StructureDefinition/be-ext-administeredProduct';
/** BeExtRecorder (HL7 Belgium core): who recorded the vaccination; BeVaccination makes it 1..1. */
export const BE_EXT_RECORDER = 'https://www.ehealth.fgov.be/standards/fhir/core/StructureDefinition/be-ext-recorder';
export const SNOMED_SYSTEM = 'http://snomed.info/sct';
export const CVX_SYSTEM = 'http://hl7.org/fhir/sid/cvx';
export const ATC_SYSTEM = 'http://whocc.no/atc';
export const ACT_REASON_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v3-ActReason';
export const PERFORMER_FUNCTION_SYSTEM = 'http://terminology.hl7.org/CodeSystem/v2-0443';
export const SERVICE_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/service-type';
export const SLOT_CAPACITY_EXT = 'http://fhir-registry.smarthealthit.org/StructureDefinition/slot-capacity';

/** The center's own URIs, each below its configured base (or a stable URN when none is set). */
export interface CenterSystems {
  /** Appointment.identifier of a walk-in (VaxDesk makes the code: there is no national one). */
  walkinId: string;
  /** Immunization.identifier: the local vaccination record's id. */
  vaccinationId: string;
  /** Organization identifier of the center itself (performer), the value being the center id. */
  centerId: string;
  /** Practitioner identifier of a staff member (recorder), the value being the local staff id. */
  staffId: string;
  /** The local product codes (COMIRNATY, SPIKEVAX…) as a code system. */
  product: string;
  /** Extensions on a walk-in's Appointment: FHIR R4 Appointment has no element for these. */
  doseNumberExt: string;
  plannedProductExt: string;
  /** meta.tag codes for the channels an invitation went by (sms | email | letter). */
  channel: string;
}

const PATHS: Record<keyof CenterSystems, string> = {
  walkinId: 'NamingSystem/walk-in',
  vaccinationId: 'NamingSystem/vaccination',
  centerId: 'NamingSystem/center',
  staffId: 'NamingSystem/staff',
  product: 'CodeSystem/vaccine-product',
  doseNumberExt: 'StructureDefinition/dose-number',
  plannedProductExt: 'StructureDefinition/planned-product',
  channel: 'CodeSystem/invitation-channel',
};

/** What `systemBase` may be: an absolute http(s) URL without query, fragment or trailing slash. */
export const SYSTEM_BASE = /^https?:\/\/[A-Za-z0-9.-]+(?::\d{1,5})?(?:\/[A-Za-z0-9._~%!$&'()*+,;=:@-]+)*$/;

/**
 * The center's URIs. Without a configured base, each is `urn:uuid:` + a UUIDv5 of the center and
 * the purpose (RFC 9562 §5.5): a standard URI scheme that needs no domain, stays the same on
 * every desk and run of this center, and cannot collide with anybody's URL.
 */
export function centerSystems(centerId: string, systemBase: string | null | undefined): CenterSystems {
  const base = systemBase?.replace(/\/+$/, '') || null;
  if (base !== null && (!SYSTEM_BASE.test(base) || /\.invalid(?:[:/]|$)/i.test(base))) throw new Error(`invalid systemBase ${base.slice(0, 100)}`);
  const out = {} as CenterSystems;
  for (const [k, p] of Object.entries(PATHS) as [keyof CenterSystems, string][]) {
    out[k] = base ? `${base}/${p}` : `urn:uuid:${uuidv5(`center-system:${centerId}:${p}`)}`;
  }
  return out;
}
