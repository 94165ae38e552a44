import type { CodeableConcept, Coding, Extension, Immunization } from 'fhir/r4';
import { immunizationId } from './ids';
import { patientReference, type PersonFacts } from './mappers';
import {
  ACT_REASON_SYSTEM,
  ATC_SYSTEM,
  BE_EXT_ADMINISTERED_PRODUCT,
  BE_EXT_RECORDER,
  BE_VACCINATION_PROFILE,
  CVX_SYSTEM,
  PERFORMER_FUNCTION_SYSTEM,
  SNOMED_SYSTEM,
  type CenterSystems,
} from './vocabulary';

/**
 * The Immunization VaxDesk reports, shaped by the HL7 Belgium vaccination IG (BeVaccination,
 * hl7.fhir.be.vaccination 1.1.x) on top of FHIR R4. What the profile asks and what we do:
 * - vaccineCode is bound (required) to be-vs-vaccine-code, whose one COVID-19 concept is SNOMED CT
 *   28531000087107; the CVX code of the product follows as a second coding for systems that only
 *   know CVX, and the product name is the text.
 * - lotNumber, expirationDate, location and protocolApplied are 0..0 in the profile: the lot and its
 *   expiry travel in be-ext-administeredProduct (lotNumber, expirationDate, coded = the ATC code the
 *   invariant be-rule-vaccination-2 accepts), and the center is the performer Organization.
 * - recorded is 1..1, and the be-ext-recorder extension (1..1) names who recorded it: the staff
 *   member, by the center's staff identifier (a Practitioner central may not hold).
 * - a refusal or deferral is `not-done` with a statusReason from be-vs-vaccination-status-reason
 *   (v3-ActReason PATOBJ and MEDPREC are in it).
 * - patient is BePatient: the Patient central holds when we know its id, always with the SSIN.
 */

/** SNOMED CT in be-vs-vaccine-code: "Vaccine product against SARS-CoV-2 (medicinal product)". */
export const SNOMED_COVID_VACCINE: Coding = { system: SNOMED_SYSTEM, code: '28531000087107', display: 'Vaccine product against severe acute respiratory syndrome coronavirus 2' };

interface ProductCodes {
  name: string;
  cvx: { code: string; display: string };
  /** WHO ATC (2022+): J07BN01 RNA-based, J07BN02 viral vector, non-replicating. */
  atc: { code: string; display: string };
}
const RNA = { code: 'J07BN01', display: 'covid-19, RNA-based vaccine' };
const VECTOR = { code: 'J07BN02', display: 'covid-19, viral vector, non-replicating' };
const PRODUCTS: Record<string, ProductCodes> = {
  COMIRNATY: { name: 'Comirnaty', cvx: { code: '208', display: 'COVID-19, mRNA, LNP-S, PF, 30 mcg/0.3 mL dose' }, atc: RNA },
  SPIKEVAX: { name: 'Spikevax', cvx: { code: '207', display: 'COVID-19, mRNA, LNP-S, PF, 100 mcg/0.5 mL dose' }, atc: RNA },
  VAXZEVRIA: { name: 'Vaxzevria', cvx: { code: '210', display: 'COVID-19 vaccine, vector-nr, rS-ChAdOx1, PF, 0.5 mL' }, atc: VECTOR },
  JCOVDEN: { name: 'Jcovden', cvx: { code: '212', display: 'COVID-19 vaccine, vector-nr, rS-Ad26, PF, 0.5 mL' }, atc: VECTOR },
};
const CVX_UNSPECIFIED = { code: '213', display: 'SARS-COV-2 (COVID-19) vaccine, UNSPECIFIED FORMULATION' };

/** Why a dose was not given, in be-vs-vaccination-status-reason. */
const NOT_DONE: Record<'refused' | 'deferred', Coding> = {
  refused: { system: ACT_REASON_SYSTEM, code: 'PATOBJ', display: 'patient objection' },
  deferred: { system: ACT_REASON_SYSTEM, code: 'MEDPREC', display: 'medical precaution' },
};

/** What the local records say happened to a person after check-in, as the push reports it. */
export interface VaccinationFacts {
  /** The local outcome record's id: the Immunization's deterministic id comes from it. */
  id: string;
  invitationId: string;
  outcome: 'vaccinated' | 'refused' | 'deferred';
  at: string;
  /** Given product (vaccinated) or the planned one (not given); null when none was planned. */
  productCode: string | null;
  lotNumber: string | null;
  lotExpiry?: string | null;
  person: PersonFacts;
  /** Who recorded it; null for a record without a staff member (an import). */
  staff: { id: string; name: string } | null;
}

export interface ImmunizationContext {
  centerId: string;
  centerName?: string | null;
  systems: CenterSystems;
}

function vaccineCode(productCode: string | null): CodeableConcept {
  const p = productCode ? PRODUCTS[productCode] : undefined;
  const cvx = p?.cvx ?? CVX_UNSPECIFIED;
  return { coding: [SNOMED_COVID_VACCINE, { system: CVX_SYSTEM, ...cvx }], text: p?.name ?? 'COVID-19 vaccine' };
}

function administeredProduct(v: VaccinationFacts, systems: CenterSystems): Extension | null {
  if (v.outcome !== 'vaccinated') return null;
  const p = v.productCode ? PRODUCTS[v.productCode] : undefined;
  const parts: Extension[] = [];
  const coding: Coding[] = [];
  if (p) coding.push({ system: ATC_SYSTEM, ...p.atc });
  if (v.productCode) coding.push({ system: systems.product, code: v.productCode });
  if (coding.length) parts.push({ url: 'coded', valueCodeableConcept: { coding, ...(p ? { text: p.name } : {}) } });
  if (v.lotNumber) parts.push({ url: 'lotNumber', valueString: v.lotNumber });
  if (v.lotExpiry) parts.push({ url: 'expirationDate', valueDate: v.lotExpiry });
  return parts.length ? { url: BE_EXT_ADMINISTERED_PRODUCT, extension: parts } : null;
}

export function immunizationResource(v: VaccinationFacts, ctx: ImmunizationContext): Immunization {
  const { systems } = ctx;
  const center = { type: 'Organization', identifier: { system: systems.centerId, value: ctx.centerId }, ...(ctx.centerName ? { display: ctx.centerName } : {}) };
  const recorder = v.staff ? { type: 'Practitioner', identifier: { system: systems.staffId, value: v.staff.id }, display: v.staff.name } : center;
  const product = administeredProduct(v, systems);
  const at = new Date(v.at).toISOString();
  return {
    resourceType: 'Immunization',
    id: immunizationId(ctx.centerId, v.id),
    meta: { profile: [BE_VACCINATION_PROFILE] },
    extension: [{ url: BE_EXT_RECORDER, valueReference: recorder }, ...(product ? [product] : [])],
    identifier: [{ system: systems.vaccinationId, value: v.id }],
    status: v.outcome === 'vaccinated' ? 'completed' : 'not-done',
    ...(v.outcome === 'vaccinated' ? {} : { statusReason: { coding: [NOT_DONE[v.outcome]] } }),
    vaccineCode: vaccineCode(v.productCode),
    patient: patientReference(v.person),
    occurrenceDateTime: at,
    recorded: at,
    primarySource: true,
    performer: [{ function: { coding: [{ system: PERFORMER_FUNCTION_SYSTEM, code: 'AP', display: 'Administering Provider' }] }, actor: center }],
  };
}
