/**
 * A day's arrivals and doses as files for the central system's return: a FHIR transaction Bundle
 * built with the sync's own mappers and deterministic ids (so uploading it, then letting the sync
 * push the same records, lands on the same resources instead of duplicating them), and a CSV for
 * people, whose columns the CSV import reads back.
 */
import type { Bundle, BundleEntry, Resource } from 'fhir/r4';
import type { Store } from '../../db/store';
import type { DayRecord } from '../../db/files';
import type { ExportFile } from '../../api/contract/files';
import { toCsv, type CsvValue } from '../../domain/csv';
import { localDate, localTime } from '../../domain/time';
import { immunizationResource, invitationToAppointment, patientResource, type PersonFacts } from '../../sync/fhir/mappers';
import { immunizationId } from '../../sync/fhir/ids';

export interface ExportContext {
  centerId: string;
  /** The center's FHIR Location id; the center id stands in until the connection is configured. */
  locationId: string;
}

export function exportContext(store: Store): ExportContext {
  const centerId = store.center.id() ?? 'center';
  const locationId = store.settings.get<{ locationId?: string }>('sync.connection')?.locationId ?? centerId;
  return { centerId, locationId };
}

const brussels = (iso: string | null) => (iso ? `${localDate(iso)} ${localTime(iso)}` : '');
const personOf = (r: DayRecord): PersonFacts | null =>
  r.niss ? { niss: r.niss, familyName: r.familyName, givenName: r.givenName, birthDate: r.birthDate, phone: r.phone } : null;

export const EXPORT_CSV_HEADER = [
  'invitation code', 'national number', 'family name', 'given name', 'birth date', 'appointment start', 'dose number', 'product', 'status', 'channels',
  'arrived at', 'desk', 'walk-in', 'outcome', 'vaccinated at', 'vaccine given', 'lot number', 'dose given', 'appointment id', 'immunization id',
] as const;

export function exportDayCsv(records: readonly DayRecord[], day: string, ctx: ExportContext): ExportFile {
  const rows: CsvValue[][] = [[...EXPORT_CSV_HEADER]];
  let immunizations = 0;
  for (const r of records) {
    const vaccinated = r.outcome === 'vaccinated' && r.outcomeId !== null;
    if (vaccinated) immunizations++;
    rows.push([
      r.code, r.niss ?? '', r.familyName, r.givenName, r.birthDate ?? '', brussels(r.startAt), r.doseNumber, r.productCode ?? '', r.status, r.channels.join('|'),
      brussels(r.arrivedAt), r.deskId ?? '', r.source === 'walkin' ? 'yes' : '', r.outcome ?? '', vaccinated ? brussels(r.outcomeAt) : '',
      vaccinated ? (r.givenProductCode ?? '') : '', vaccinated ? (r.lotNumber ?? '') : '', vaccinated ? r.givenDoseNumber : '', r.invitationId,
      vaccinated ? immunizationId(ctx.centerId, r.outcomeId!) : '',
    ]);
  }
  return { filename: `vaxdesk-${ctx.centerId}-${day}.csv`, mime: 'text/csv', text: toCsv(rows), appointments: records.length, immunizations, skipped: 0 };
}

export function exportDayBundle(records: readonly DayRecord[], day: string, ctx: ExportContext, now: Date): ExportFile {
  const entry: BundleEntry[] = [];
  const put = (resource: Resource & { id?: string }) => entry.push({ resource, request: { method: 'PUT', url: `${resource.resourceType}/${resource.id}` } });
  let appointments = 0;
  let immunizations = 0;
  let skipped = 0;
  const patientsDone = new Set<string>();
  for (const r of records) {
    const person = personOf(r);
    // FHIR needs the national number to name the person; such records stay in the CSV only.
    if (!person) {
      skipped++;
      continue;
    }
    // A walk-in does not exist at central yet: its Patient comes first, as the sync's walk-in push does.
    if (r.source === 'walkin' && !patientsDone.has(person.niss)) {
      patientsDone.add(person.niss);
      put(patientResource(person));
    }
    put(
      invitationToAppointment(
        { id: r.invitationId, code: r.code, startAt: r.startAt, endAt: r.endAt, doseNumber: r.doseNumber, productCode: r.productCode, status: r.status, channels: r.channels, person },
        ctx.locationId,
      ),
    );
    appointments++;
    if (r.outcome === 'vaccinated' && r.outcomeId && r.givenProductCode && r.lotNumber && r.outcomeAt) {
      put(
        immunizationResource(
          { id: r.outcomeId, invitationId: r.invitationId, at: r.outcomeAt, doseNumber: r.givenDoseNumber ?? r.doseNumber, productCode: r.givenProductCode, lotNumber: r.lotNumber, person },
          ctx,
        ),
      );
      immunizations++;
    }
  }
  const bundle: Bundle = { resourceType: 'Bundle', type: 'transaction', timestamp: now.toISOString(), entry };
  return {
    filename: `vaxdesk-${ctx.centerId}-${day}.fhir.json`,
    mime: 'application/fhir+json',
    text: `${JSON.stringify(bundle, null, 2)}\n`,
    appointments,
    immunizations,
    skipped,
  };
}

export function exportDay(store: Store, day: string, format: 'csv' | 'fhir', now: Date): ExportFile {
  const ctx = exportContext(store);
  const records = store.files.dayRecords(day);
  return format === 'csv' ? exportDayCsv(records, day, ctx) : exportDayBundle(records, day, ctx, now);
}
