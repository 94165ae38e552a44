/**
 * The columns of an invitation list and how their values are read: pure functions, the clock
 * (for "a birth date in the future") passed in. Every refusal is a Problem with a stable code the
 * screens translate, the line it is on, and an English message for the command line and logs.
 */
import type { InvitationStatus } from '../../db/invitations';

export const IMPORT_FIELDS = ['code', 'niss', 'familyName', 'givenName', 'birthDate', 'date', 'time', 'datetime', 'doseNumber', 'product', 'status', 'channels'] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Field → 0-based column index; a field that is absent (or null) is not in the file. */
export type ColumnMapping = Partial<Record<ImportField, number | null>>;

export const PROBLEM_CODES = [
  'file_empty', 'file_binary', 'file_too_large', 'unclosed_quote', 'too_many_rows', 'no_rows', 'json_invalid', 'fhir_invalid',
  'column_missing', 'column_unknown', 'column_twice', 'cell_too_long', 'too_many_columns',
  'required', 'code_invalid', 'niss_format', 'niss_checksum', 'niss_date', 'name_too_long', 'birthdate_invalid', 'birthdate_mismatch',
  'date_invalid', 'time_invalid', 'time_nonexistent', 'datetime_invalid', 'dose_invalid', 'product_unknown', 'status_unknown', 'channel_unknown',
  'duplicate_row', 'duplicate_code', 'duplicate_dose', 'person_conflict', 'code_taken', 'conflict', 'no_center',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export interface Problem {
  /** 1-based line of the file (CSV, NDJSON) or null for the file as a whole. */
  line: number | null;
  /** For a Bundle: the 0-based entry index. */
  entry?: number;
  field?: ImportField;
  code: ProblemCode;
  message: string;
  params?: Record<string, string | number>;
}

export const problem = (line: number | null, code: ProblemCode, message: string, extra: Partial<Problem> = {}): Problem => ({ line, code, message, ...extra });

/** Lowercase letters and digits only, accents removed: "Date de naissance" → "datedenaissance". */
export function normaliseHeader(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Header names in Dutch, French and English that mean each field. */
const HEADER_NAMES: Record<ImportField, string[]> = {
  code: ['invitationcode', 'code', 'uitnodigingscode', 'codeinvitation', 'codedinvitation', 'invitation', 'uitnodiging', 'invitationid', 'nationalinvitationid'],
  niss: ['nationalnumber', 'niss', 'insz', 'rijksregisternummer', 'rijksregister', 'numeronational', 'registrenational', 'rrn', 'ssin', 'nn'],
  familyName: ['familyname', 'lastname', 'surname', 'name', 'naam', 'achternaam', 'familienaam', 'nom', 'nomdefamille'],
  givenName: ['givenname', 'firstname', 'voornaam', 'prenom'],
  birthDate: ['birthdate', 'dateofbirth', 'geboortedatum', 'datedenaissance', 'naissance', 'geboorte', 'dob'],
  date: ['appointmentdate', 'date', 'datum', 'afspraakdatum', 'daterendezvous', 'dag', 'jour', 'day'],
  time: ['appointmenttime', 'time', 'tijd', 'uur', 'tijdstip', 'heure', 'heurerendezvous', 'afspraakuur'],
  datetime: ['appointmentstart', 'datetime', 'start', 'appointment', 'afspraak', 'rendezvous', 'startat'],
  doseNumber: ['dosenumber', 'dose', 'dosis', 'dosisnummer', 'numerodedose', 'dosenr', 'dosisnr'],
  product: ['product', 'vaccine', 'vaccin', 'produit', 'productcode'],
  status: ['status', 'statut'],
  channels: ['channels', 'channel', 'kanalen', 'kanaal', 'canaux', 'canal'],
};

/** The mapping a person most likely means, from the header row; they can change it in the preview. */
export function proposeMapping(headers: readonly string[]): ColumnMapping {
  const norm = headers.map(normaliseHeader);
  const used = new Set<number>();
  const m: ColumnMapping = {};
  for (const f of IMPORT_FIELDS) {
    for (const name of HEADER_NAMES[f]) {
      const i = norm.findIndex((h, k) => h === name && !used.has(k));
      if (i >= 0) {
        m[f] = i;
        used.add(i);
        break;
      }
    }
  }
  // "Appointment" alone next to separate date and time columns is not the date-time.
  if (m.date != null && m.time != null && m.datetime != null) delete m.datetime;
  return m;
}

/** What a mapping must name before any row can be read. */
export function mappingProblems(m: ColumnMapping, columns: number): Problem[] {
  const out: Problem[] = [];
  const seen = new Map<number, ImportField>();
  for (const f of IMPORT_FIELDS) {
    const c = m[f];
    if (c == null) continue;
    if (!Number.isInteger(c) || c < 0 || c >= columns) out.push(problem(1, 'column_unknown', `The column chosen for ${f} is not in the file.`, { field: f }));
    else if (seen.has(c)) out.push(problem(1, 'column_twice', `Column ${c + 1} is used for both ${seen.get(c)} and ${f}.`, { field: f, params: { column: c + 1, other: seen.get(c)! } }));
    else seen.set(c, f);
  }
  for (const f of ['code', 'niss', 'familyName'] as const) {
    if (m[f] == null) out.push(problem(null, 'column_missing', `No column for ${f}: the file needs one (or choose it in the preview).`, { field: f }));
  }
  if (m.datetime == null && (m.date == null || m.time == null)) {
    const f: ImportField = m.date == null ? 'date' : 'time';
    out.push(problem(null, 'column_missing', 'No column for the appointment: the file needs a date and a time column, or one date-time column.', { field: f }));
  }
  return out;
}

const realDate = (y: number, mo: number, d: number): string | null => {
  if (y < 1880 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  const t = new Date(Date.UTC(y, mo - 1, d));
  if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) return null;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
};

/** YYYY-MM-DD, or the Belgian DD/MM/YYYY (also with - or .); null when it is not a real date. */
export function parseDate(s: string): string | null {
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return realDate(+m[1]!, +m[2]!, +m[3]!);
  m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(s);
  if (m) return realDate(+m[3]!, +m[2]!, +m[1]!);
  return null;
}

/** H:mm, HH:mm, HH:mm:ss, or 9u30 / 9h30 as people write it; null outside 00:00-23:59. */
export function parseTime(s: string): string | null {
  const m = /^(\d{1,2})[:hHuU.](\d{2})(?::(\d{2}))?$/.exec(s);
  if (!m) return null;
  const h = +m[1]!;
  const mi = +m[2]!;
  if (h > 23 || mi > 59 || (m[3] !== undefined && +m[3] > 59)) return null;
  return `${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`;
}

/** A full instant with its offset, or a Brussels wall-clock date and time. */
export function parseDateTime(s: string): { instant: Date } | { date: string; time: string } | null {
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) {
    const t = Date.parse(s);
    return Number.isNaN(t) || !parseDate(s.slice(0, 10)) || !parseTime(s.slice(11, 16)) ? null : { instant: new Date(t) };
  }
  const m = /^(\S+)(?:\s+|T)(\S+)$/.exec(s);
  if (!m) return null;
  const date = parseDate(m[1]!);
  const time = parseTime(m[2]!);
  return date && time ? { date, time } : null;
}

const STATUS_NAMES: Record<string, InvitationStatus> = {
  booked: 'booked', geboekt: 'booked', gepland: 'booked', planned: 'booked', reserve: 'booked', prevu: 'booked', confirmed: 'booked', bevestigd: 'booked', confirme: 'booked',
  cancelled: 'cancelled', canceled: 'cancelled', geannuleerd: 'cancelled', annule: 'cancelled',
  arrived: 'arrived', aangekomen: 'arrived', arrive: 'arrived', checkedin: 'arrived',
  fulfilled: 'fulfilled', gevaccineerd: 'fulfilled', vaccine: 'fulfilled', vaccinated: 'fulfilled',
  noshow: 'noshow', afwezig: 'noshow', absent: 'noshow', nietopgedaagd: 'noshow',
};
/** An empty status is a booking: that is what an invitation list is. */
export function parseStatus(s: string): InvitationStatus | null {
  return s === '' ? 'booked' : (STATUS_NAMES[normaliseHeader(s)] ?? null);
}

const CHANNEL_NAMES: Record<string, 'sms' | 'email' | 'letter'> = {
  sms: 'sms', text: 'sms', email: 'email', mail: 'email', courriel: 'email', letter: 'letter', brief: 'letter', lettre: 'letter', courrier: 'letter', post: 'letter',
};
/** "sms|email", "SMS, brief", "e-mail / lettre": the channels in a fixed order, or the word not understood. */
export function parseChannels(s: string): { ok: true; channels: string[] } | { ok: false; word: string } {
  const found = new Set<string>();
  for (const w of s.split(/[|,;/+\s]+/).filter(Boolean)) {
    const c = CHANNEL_NAMES[normaliseHeader(w)];
    if (!c) return { ok: false, word: w.slice(0, 40) };
    found.add(c);
  }
  return { ok: true, channels: ['sms', 'email', 'letter'].filter((c) => found.has(c)) };
}

/** Brand and manufacturer names people put in lists, per product code. */
const PRODUCT_ALIASES: Record<string, string[]> = {
  COMIRNATY: ['pfizer', 'biontech', 'pfizerbiontech', 'bnt162b2'],
  SPIKEVAX: ['moderna', 'mrna1273'],
  VAXZEVRIA: ['astrazeneca', 'az', 'oxfordastrazeneca', 'azd1222'],
  JCOVDEN: ['janssen', 'johnsonjohnson', 'jj', 'jnj', 'ad26cov2s'],
};
export function productResolver(products: readonly { code: string; name: string }[]): (s: string) => string | null {
  const map = new Map<string, string>();
  for (const p of products) {
    map.set(normaliseHeader(p.code), p.code);
    map.set(normaliseHeader(p.name), p.code);
    for (const a of PRODUCT_ALIASES[p.code] ?? []) map.set(a, p.code);
  }
  return (s) => map.get(normaliseHeader(s)) ?? null;
}

export const INVITATION_CODE = /^[A-Za-z0-9-]{4,40}$/;
