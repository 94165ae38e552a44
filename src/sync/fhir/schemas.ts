import { z } from 'zod';
import { FHIR_ID } from './ids';

/**
 * What VaxDesk accepts from the central system (or a FHIR file), checked before anything is
 * stored. Only the fields VaxDesk reads are validated; other FHIR elements are allowed and
 * ignored (z.looseObject), because a national profile adds elements we do not know. Every
 * string and array is bounded: a hostile or broken server must not make us allocate without end.
 */
const Str = (max: number) => z.string().max(max);
export const FhirIdSchema = z.string().regex(FHIR_ID, 'invalid FHIR id');
/** FHIR instant: always with a time zone (R4 "instant"). */
export const FhirInstant = z.iso.datetime({ offset: true, local: false }).max(40);
/** FHIR dateTime as Appointment.start/end use it; VaxDesk requires the full instant form. */
export const FhirDateTime = FhirInstant;
export const FhirDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

export const Coding = z.looseObject({ system: Str(300).optional(), code: Str(100).optional(), display: Str(300).optional() });
export const CodeableConcept = z.looseObject({ coding: z.array(Coding).max(20).optional(), text: Str(300).optional() });
export const Identifier = z.looseObject({ system: Str(300).optional(), value: Str(200).optional() });
export const Reference = z.looseObject({ reference: Str(300).optional(), identifier: Identifier.optional(), display: Str(300).optional() });
export const Extension = z.looseObject({
  url: Str(300),
  valueInteger: z.number().int().optional(),
  valueString: Str(300).optional(),
  valueCoding: Coding.optional(),
  valueCode: Str(100).optional(),
});
export const Meta = z.looseObject({
  versionId: Str(64).optional(),
  lastUpdated: FhirInstant.optional(),
  tag: z.array(Coding).max(20).optional(),
});

export const HumanName = z.looseObject({ use: Str(20).optional(), family: Str(200).optional(), given: z.array(Str(200)).max(10).optional(), text: Str(300).optional() });
export const PatientSchema = z.looseObject({
  resourceType: z.literal('Patient'),
  id: FhirIdSchema.optional(),
  meta: Meta.optional(),
  identifier: z.array(Identifier).max(20).optional(),
  name: z.array(HumanName).max(10).optional(),
  birthDate: FhirDate.optional(),
  telecom: z.array(z.looseObject({ system: Str(20).optional(), value: Str(200).optional(), use: Str(20).optional() })).max(10).optional(),
});

export const APPOINTMENT_STATUSES = [
  'proposed', 'pending', 'booked', 'arrived', 'fulfilled', 'cancelled', 'noshow', 'entered-in-error', 'checked-in', 'waitlist',
] as const;

export const AppointmentSchema = z.looseObject({
  resourceType: z.literal('Appointment'),
  id: FhirIdSchema,
  meta: Meta.optional(),
  status: z.enum(APPOINTMENT_STATUSES),
  start: FhirDateTime.optional(),
  end: FhirDateTime.optional(),
  identifier: z.array(Identifier).max(20).optional(),
  serviceType: z.array(CodeableConcept).max(10).optional(),
  participant: z.array(z.looseObject({ actor: Reference.optional(), status: Str(40).optional() })).max(20),
  extension: z.array(Extension).max(30).optional(),
  contained: z.array(z.looseObject({ resourceType: Str(64), id: Str(64).optional() })).max(5).optional(),
  comment: Str(2000).optional(),
});

export const BundleLink = z.looseObject({ relation: Str(40), url: Str(4000) });
/** A search page. Entries stay unknown here: each is checked by the resource schema of its type. */
export const SearchBundleSchema = z.looseObject({
  resourceType: z.literal('Bundle'),
  type: z.literal('searchset'),
  total: z.number().int().min(0).optional(),
  link: z.array(BundleLink).max(10).optional(),
  // 1,000 matches and what _include brings along (a Patient and a Location each, at most).
  entry: z
    .array(z.looseObject({ fullUrl: Str(4000).optional(), search: z.looseObject({ mode: Str(20).optional() }).optional(), resource: z.looseObject({ resourceType: Str(64) }) }))
    .max(3000)
    .optional(),
});

/** The answer to a PUT/POST: the stored resource with its new version. */
export const StoredResourceSchema = z.looseObject({
  resourceType: Str(64),
  id: FhirIdSchema,
  meta: z.looseObject({ versionId: Str(64), lastUpdated: FhirInstant }),
});

export const OperationOutcomeSchema = z.looseObject({
  resourceType: z.literal('OperationOutcome'),
  issue: z
    .array(z.looseObject({ severity: Str(20).optional(), code: Str(60).optional(), diagnostics: Str(2000).optional(), details: z.looseObject({ text: Str(2000).optional() }).optional() }))
    .max(50),
});

export const CapabilityStatementSchema = z.looseObject({
  resourceType: z.literal('CapabilityStatement'),
  fhirVersion: Str(20).optional(),
  software: z.looseObject({ name: Str(200).optional(), version: Str(100).optional() }).optional(),
});

export const LocationSchema = z.looseObject({ resourceType: z.literal('Location'), id: FhirIdSchema, name: Str(300).optional() });

export type FhirAppointmentIn = z.infer<typeof AppointmentSchema>;
export type FhirPatientIn = z.infer<typeof PatientSchema>;
export type SearchBundle = z.infer<typeof SearchBundleSchema>;
