/**
 * Reads a whole CSV invitation list and validates every row, without touching the database:
 * bytes and the known products in, the rows it would import and every problem (with its line)
 * out. The import commits only when this finds nothing wrong.
 */
import { checkNiss, stripNiss } from '../../domain/niss';
import { brusselsInstant, localDate, localTime } from '../../domain/time';
import { decodeText, type TextEncoding } from './decode';
import { detectDelimiter, readCsv, CSV_LIMITS, type Delimiter } from './csv-read';
import {
  INVITATION_CODE, mappingProblems, parseChannels, parseDate, parseDateTime, parseStatus, parseTime, problem, productResolver, proposeMapping,
  type ColumnMapping, type ImportField, type Problem,
} from './fields';
import type { InvitationStatus } from '../../db/invitations';

export const IMPORT_LIMITS = {
  /** Bigger than any center's list (100,000 rows of ~150 bytes is 15 MB); bigger files are refused unread. */
  maxFileBytes: 32 * 1024 * 1024,
  maxRows: 100_000,
  /** A report of thousands of errors helps nobody; the count says how many there are. */
  maxProblemsListed: 500,
  /** Appointments without an end in the file last this long (the usual 2021 slot). */
  appointmentMinutes: 10,
} as const;

/** One valid row: what upsertInvitation() will get, before ids and versions are added. */
export interface ImportDraft {
  line: number;
  code: string;
  person: { niss: string; familyName: string; givenName: string; birthDate: string | null };
  startAt: string;
  endAt: string;
  doseNumber: number;
  productCode: string | null;
  status: InvitationStatus;
  channels: string[];
}

export interface CsvAnalysis {
  encoding: TextEncoding | null;
  delimiter: Delimiter | null;
  headers: string[];
  /** The mapping used (the caller's, or the proposed one). */
  mapping: ColumnMapping;
  proposedMapping: ColumnMapping;
  /** The first data rows as read, for the preview table. */
  sample: { line: number; cells: string[] }[];
  rows: number;
  /** Rows without a problem of their own (the file imports only when every row is valid). */
  valid: number;
  drafts: ImportDraft[];
  problems: Problem[];
  problemCount: number;
}

export interface AnalyseOptions {
  mapping?: ColumnMapping;
  delimiter?: Delimiter;
  products: readonly { code: string; name: string }[];
  /** The Brussels date today: birth dates after it are refused. */
  today: string;
  sampleRows?: number;
}

class Problems {
  list: Problem[] = [];
  count = 0;
  /** `always`: a problem that ends the reading (too many rows, an unclosed quote) is listed even past the cap. */
  add(p: Problem, always = false): void {
    this.count++;
    if (always || this.list.length < IMPORT_LIMITS.maxProblemsListed) this.list.push(p);
  }
}

export function analyseCsv(bytes: Uint8Array, opts: AnalyseOptions): CsvAnalysis {
  const problems = new Problems();
  const empty = (): CsvAnalysis => ({
    encoding: null, delimiter: null, headers: [], mapping: {}, proposedMapping: {}, sample: [], rows: 0, valid: 0, drafts: [], problems: problems.list, problemCount: problems.count,
  });
  if (bytes.length > IMPORT_LIMITS.maxFileBytes) {
    problems.add(problem(null, 'file_too_large', `The file is larger than ${IMPORT_LIMITS.maxFileBytes / 1024 / 1024} MB; split it into smaller lists.`, { params: { maxMb: IMPORT_LIMITS.maxFileBytes / 1024 / 1024 } }));
    return empty();
  }
  const decoded = decodeText(bytes);
  if (!decoded.ok) {
    if (decoded.reason === 'empty') problems.add(problem(null, 'file_empty', 'The file is empty.'));
    else problems.add(problem(null, 'file_binary', 'This is not a text (CSV) file: save the list from the spreadsheet as "CSV".'));
    return empty();
  }
  const delimiter = opts.delimiter ?? detectDelimiter(decoded.text);
  const rows = readCsv(decoded.text, delimiter);
  const first = rows.next();
  if (first.done || first.value.kind !== 'row') {
    if (!first.done && first.value.kind === 'unclosedQuote') problems.add(problem(first.value.line, 'unclosed_quote', `Line ${first.value.line}: a quote (") is opened and never closed.`));
    else problems.add(problem(null, 'file_empty', 'The file is empty.'));
    return { ...empty(), encoding: decoded.encoding, delimiter };
  }
  const headers = first.value.cells.map((h) => h.trim());
  const proposedMapping = proposeMapping(headers);
  const mapping = opts.mapping ?? proposedMapping;
  const result: CsvAnalysis = { ...empty(), encoding: decoded.encoding, delimiter, headers, mapping, proposedMapping };
  const mapProblems = mappingProblems(mapping, headers.length);
  for (const p of mapProblems) problems.add(p);

  const sampleRows = opts.sampleRows ?? 5;
  const product = productResolver(opts.products);
  const seen = new Seen();
  const clock = new Map<string, Date | null>();
  const canRead = mapProblems.length === 0;
  for (const item of rows) {
    if (item.kind === 'unclosedQuote') {
      problems.add(problem(item.line, 'unclosed_quote', `Line ${item.line}: a quote (") is opened and never closed; nothing after it can be read.`), true);
      break;
    }
    result.rows++;
    if (result.rows > IMPORT_LIMITS.maxRows) {
      problems.add(problem(item.line, 'too_many_rows', `More than ${IMPORT_LIMITS.maxRows} rows: split the list into smaller files.`, { params: { max: IMPORT_LIMITS.maxRows } }), true);
      result.rows--;
      break;
    }
    if (result.sample.length < sampleRows) result.sample.push({ line: item.line, cells: item.cells });
    if (item.tooManyColumns) problems.add(problem(item.line, 'too_many_columns', `Line ${item.line}: more than ${CSV_LIMITS.maxColumns} columns.`));
    for (const c of item.longCells) {
      problems.add(problem(item.line, 'cell_too_long', `Line ${item.line}, column ${c + 1}: longer than ${CSV_LIMITS.maxCell} characters.`, { params: { column: c + 1, max: CSV_LIMITS.maxCell } }));
    }
    if (!canRead) continue;
    const before = problems.count;
    const draft = readRow(item.line, item.cells, mapping, { clock, product, today: opts.today, problems });
    if (draft && problems.count === before) {
      seen.check(draft, item.cells, problems);
      if (problems.count === before) {
        result.valid++;
        result.drafts.push(draft);
      }
    }
  }
  if (result.rows === 0 && problems.count === 0) problems.add(problem(null, 'no_rows', 'The file has a header row but no invitations.'));
  // A file with problems imports nothing, so its drafts are not needed; free them early.
  if (problems.count > 0) result.drafts = [];
  result.problems = problems.list;
  result.problemCount = problems.count;
  return result;
}

interface RowCtx {
  /** Lists repeat the same few dates and times; the time-zone arithmetic is done once per pair. */
  clock: Map<string, Date | null>;
  product: (s: string) => string | null;
  today: string;
  problems: Problems;
}

function readRow(line: number, cells: string[], m: ColumnMapping, ctx: RowCtx): ImportDraft | null {
  const cell = (f: ImportField) => (m[f] == null ? '' : (cells[m[f]!] ?? '').trim());
  const bad = (f: ImportField, code: Problem['code'], message: string, params?: Problem['params']) =>
    ctx.problems.add(problem(line, code, `Line ${line}: ${message}`, { field: f, ...(params ? { params } : {}) }));
  let ok = true;
  const required = (f: ImportField, what: string) => {
    const v = cell(f);
    if (v === '') {
      bad(f, 'required', `${what} is empty.`);
      ok = false;
    }
    return v;
  };

  const code = required('code', 'the invitation code');
  if (code && !INVITATION_CODE.test(code)) {
    bad('code', 'code_invalid', `invitation code "${code.slice(0, 50)}" is not 4-40 letters, digits or dashes.`, { value: code.slice(0, 50) });
    ok = false;
  }

  const rawNiss = required('niss', 'the national number');
  let niss = '';
  let nissBirth: string | null = null;
  let bis = false;
  if (rawNiss) {
    const c = checkNiss(rawNiss);
    if (c.ok) {
      niss = c.niss;
      nissBirth = c.birthDate;
      bis = c.bis;
    } else {
      ok = false;
      const shown = stripNiss(rawNiss).slice(0, 20);
      if (c.reason === 'format') bad('niss', 'niss_format', `national number "${shown}" does not have 11 digits.`, { value: shown });
      else if (c.reason === 'checksum') bad('niss', 'niss_checksum', `national number ${shown}: the check digits are wrong (typing error?).`, { value: shown });
      else bad('niss', 'niss_date', `national number ${shown} has an impossible birth date.`, { value: shown });
    }
  }

  const familyName = required('familyName', 'the family name');
  const givenName = cell('givenName');
  for (const [f, v] of [['familyName', familyName], ['givenName', givenName]] as const) {
    if (v.length > 120) {
      bad(f, 'name_too_long', 'a name is longer than 120 characters.');
      ok = false;
    }
  }

  let birthDate: string | null = null;
  const rawBirth = cell('birthDate');
  if (rawBirth) {
    birthDate = parseDate(rawBirth);
    if (!birthDate || birthDate > ctx.today) {
      bad('birthDate', 'birthdate_invalid', `birth date "${rawBirth.slice(0, 30)}" is not a real date in the past.`, { value: rawBirth.slice(0, 30) });
      ok = false;
    } else if (nissBirth && !bis && nissBirth !== birthDate) {
      bad('birthDate', 'birthdate_mismatch', `birth date ${birthDate} does not match the national number (${nissBirth}).`, { value: birthDate, expected: nissBirth });
      ok = false;
    }
  } else birthDate = bis ? null : nissBirth;

  let start: Date | null = null;
  if (m.datetime != null) {
    const raw = required('datetime', 'the appointment date and time');
    if (raw) {
      const dt = parseDateTime(raw);
      if (!dt) bad('datetime', 'datetime_invalid', `appointment "${raw.slice(0, 40)}" is not a date and time (e.g. 2021-03-01 09:30).`, { value: raw.slice(0, 40) });
      else start = 'instant' in dt ? dt.instant : wallClock(ctx.clock, dt.date, dt.time, 'datetime', bad);
    }
  } else {
    const rawDate = required('date', 'the appointment date');
    const rawTime = required('time', 'the appointment time');
    const date = rawDate ? parseDate(rawDate) : null;
    const time = rawTime ? parseTime(rawTime) : null;
    if (rawDate && !date) bad('date', 'date_invalid', `appointment date "${rawDate.slice(0, 30)}" is not a real date.`, { value: rawDate.slice(0, 30) });
    if (rawTime && !time) bad('time', 'time_invalid', `appointment time "${rawTime.slice(0, 30)}" is not a time of day (00:00-23:59).`, { value: rawTime.slice(0, 30) });
    if (date && time) start = wallClock(ctx.clock, date, time, 'time', bad);
  }
  if (!start) ok = false;
  else if (start.getUTCFullYear() < 2020 || start.getUTCFullYear() > 2099) {
    bad(m.datetime != null ? 'datetime' : 'date', 'date_invalid', 'the appointment is not between 2020 and 2099.');
    ok = false;
  }

  let doseNumber = 1;
  const rawDose = cell('doseNumber');
  if (rawDose) {
    doseNumber = /^\d{1,2}$/.test(rawDose) ? Number(rawDose) : NaN;
    if (!(doseNumber >= 1 && doseNumber <= 9)) {
      bad('doseNumber', 'dose_invalid', `dose number "${rawDose.slice(0, 20)}" is not 1 to 9.`, { value: rawDose.slice(0, 20) });
      ok = false;
    }
  }

  let productCode: string | null = null;
  const rawProduct = cell('product');
  if (rawProduct) {
    productCode = ctx.product(rawProduct);
    if (!productCode) {
      bad('product', 'product_unknown', `unknown product "${rawProduct.slice(0, 40)}".`, { value: rawProduct.slice(0, 40) });
      ok = false;
    }
  }

  const rawStatus = cell('status');
  const status = parseStatus(rawStatus);
  if (!status) {
    bad('status', 'status_unknown', `unknown status "${rawStatus.slice(0, 30)}" (booked, cancelled, arrived, fulfilled, noshow).`, { value: rawStatus.slice(0, 30) });
    ok = false;
  }

  let channels: string[] = [];
  const ch = parseChannels(cell('channels'));
  if (ch.ok) channels = ch.channels;
  else {
    bad('channels', 'channel_unknown', `unknown channel "${ch.word}" (sms, email, letter).`, { value: ch.word });
    ok = false;
  }

  if (!ok || !start || !status) return null;
  return {
    line,
    code,
    person: { niss, familyName, givenName, birthDate },
    startAt: start.toISOString(),
    endAt: new Date(start.getTime() + IMPORT_LIMITS.appointmentMinutes * 60_000).toISOString(),
    doseNumber,
    productCode,
    status,
    channels,
  };
}

/** A Brussels wall-clock time, refusing the hour that does not exist when the clocks go forward. */
function wallClock(
  cache: Map<string, Date | null>,
  date: string,
  time: string,
  f: ImportField,
  bad: (f: ImportField, code: Problem['code'], message: string, params?: Problem['params']) => void,
): Date | null {
  const key = `${date} ${time}`;
  let d = cache.get(key);
  if (d === undefined) {
    const at = brusselsInstant(date, time);
    d = localDate(at) === date && localTime(at) === time ? at : null;
    cache.set(key, d);
  }
  if (!d) {
    bad(f, 'time_nonexistent', `${date} ${time} does not exist in Brussels (the clocks go forward that night).`, { value: `${date} ${time}` });
    return null;
  }
  return d;
}

/** Rows that repeat: the same line twice, a code twice, one person's dose twice, one number with two names. */
class Seen {
  private rows = new Map<string, number>();
  private codes = new Map<string, number>();
  private doses = new Map<string, number>();
  private people = new Map<string, { line: number; name: string }>();

  check(d: ImportDraft, cells: string[], problems: Problems): void {
    const key = cells.map((c) => c.trim()).join('\u0001');
    const dupRow = this.rows.get(key);
    if (dupRow !== undefined) {
      problems.add(problem(d.line, 'duplicate_row', `Line ${d.line} repeats line ${dupRow}.`, { params: { other: dupRow } }));
      return;
    }
    this.rows.set(key, d.line);
    const code = d.code.toUpperCase();
    const dupCode = this.codes.get(code);
    if (dupCode !== undefined) problems.add(problem(d.line, 'duplicate_code', `Line ${d.line}: invitation code ${d.code} is also on line ${dupCode}.`, { field: 'code', params: { other: dupCode, value: d.code } }));
    else this.codes.set(code, d.line);
    const doseKey = `${d.person.niss}:${d.doseNumber}`;
    const dupDose = this.doses.get(doseKey);
    if (dupDose !== undefined) {
      problems.add(problem(d.line, 'duplicate_dose', `Line ${d.line}: this person already has dose ${d.doseNumber} on line ${dupDose}.`, { field: 'doseNumber', params: { other: dupDose, dose: d.doseNumber } }));
    } else this.doses.set(doseKey, d.line);
    const name = `${d.person.familyName}\u0001${d.person.givenName}`.toLowerCase();
    const person = this.people.get(d.person.niss);
    if (person && person.name !== name) {
      problems.add(problem(d.line, 'person_conflict', `Line ${d.line}: the same national number has another name on line ${person.line}.`, { field: 'niss', params: { other: person.line } }));
    } else if (!person) this.people.set(d.person.niss, { line: d.line, name });
  }
}
