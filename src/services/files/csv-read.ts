/**
 * A small RFC 4180 reader for invitation lists: pure, bounded, and line-numbered so every
 * problem can be reported as "line 12". It never builds the whole table: rows are yielded one at
 * a time and cells are capped while they are read, so a hostile file cannot make a cell (or a
 * row) grow without end.
 */
export type Delimiter = ';' | ',' | '\t';

export const CSV_LIMITS = {
  /** Longer than any name, code or date; a longer cell is an error, not silently cut. */
  maxCell: 300,
  maxColumns: 60,
} as const;

export interface CsvRow {
  /** The physical line the record starts on (1-based), as a spreadsheet or editor shows it. */
  line: number;
  cells: string[];
  /** Cell indexes that were longer than CSV_LIMITS.maxCell (their text is cut). */
  longCells: number[];
  /** The record had more than CSV_LIMITS.maxColumns cells (the rest are dropped). */
  tooManyColumns: boolean;
}

export type CsvItem = ({ kind: 'row' } & CsvRow) | { kind: 'unclosedQuote'; line: number };

/**
 * The delimiter of the header line: the one of ; , tab that occurs most outside quotes.
 * A tie (or none) goes to ';', what Excel writes in Belgium.
 */
export function detectDelimiter(text: string): Delimiter {
  const counts: Record<Delimiter, number> = { ';': 0, ',': 0, '\t': 0 };
  let inQuotes = false;
  const end = Math.min(text.length, 20_000);
  for (let i = 0; i < end; i++) {
    const c = text[i]!;
    if (c === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (c === '\n' || c === '\r')) {
      if (counts[';'] + counts[','] + counts['\t'] > 0) break;
    } else if (!inQuotes && (c === ';' || c === ',' || c === '\t')) counts[c]++;
  }
  let best: Delimiter = ';';
  for (const d of [',', '\t'] as const) if (counts[d] > counts[best]) best = d;
  return best;
}

/** Yields every non-blank record of the text. Stops after an unclosed quote (the rest is unreadable). */
export function* readCsv(text: string, delimiter: Delimiter): Generator<CsvItem> {
  const max = CSV_LIMITS.maxCell;
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const startLine = line;
    const cells: string[] = [];
    const longCells: number[] = [];
    let tooManyColumns = false;
    let endOfRecord = false;
    while (!endOfRecord) {
      let cell = '';
      let long = false;
      const push = (s: string) => {
        if (long) return;
        if (cell.length + s.length > max) {
          cell = (cell + s).slice(0, max);
          long = true;
        } else cell += s;
      };
      if (text[i] === '"') {
        const quoteLine = line;
        i++;
        let closed = false;
        while (i < n) {
          const q = text.indexOf('"', i);
          if (q === -1) break;
          const chunk = text.slice(i, q);
          for (let k = chunk.indexOf('\n'); k !== -1; k = chunk.indexOf('\n', k + 1)) line++;
          push(chunk);
          if (text[q + 1] === '"') {
            push('"');
            i = q + 2;
          } else {
            i = q + 1;
            closed = true;
            break;
          }
        }
        if (!closed) {
          yield { kind: 'unclosedQuote', line: quoteLine };
          return;
        }
      }
      // Unquoted text (or what follows a closing quote, kept as written).
      let j = i;
      while (j < n) {
        const c = text.charCodeAt(j);
        if (c === 10 || c === 13 || text[j] === delimiter) break;
        j++;
      }
      push(text.slice(i, j));
      i = j;
      if (long) longCells.push(cells.length);
      cells.push(cell);
      if (cells.length === CSV_LIMITS.maxColumns && text[i] === delimiter) {
        // The rest of the record is dropped unread, cell by cell it would cost seconds on a
        // hostile line of millions of delimiters.
        tooManyColumns = true;
        const skipped = skipRecord(text, i);
        if (skipped === null) {
          yield { kind: 'unclosedQuote', line };
          return;
        }
        line += skipped.lines;
        i = skipped.end;
      }
      if (i >= n) endOfRecord = true;
      else if (text[i] === delimiter) i++;
      else {
        if (text[i] === '\r' && text[i + 1] === '\n') i++;
        i++;
        line++;
        endOfRecord = true;
      }
    }
    if (cells.length === 1 && cells[0]!.trim() === '' && !tooManyColumns) continue;
    yield { kind: 'row', line: startLine, cells, longCells, tooManyColumns };
  }
}

/** From inside a record to the start of the next one: its end offset and the line breaks passed, or null for an unclosed quote. */
function skipRecord(text: string, from: number): { end: number; lines: number } | null {
  let inQuotes = false;
  let lines = 0;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) inQuotes = !inQuotes;
    else if (c === 10 || c === 13) {
      if (!inQuotes) return { end: i, lines };
      if (c === 10) lines++;
    }
  }
  return inQuotes ? null : { end: text.length, lines };
}
