import type { ReceptionRow } from '../../db/reception-search';
import type { SearchNotice, SearchResult } from '../../api/contract/reception';
import { cleanQuery, compactCode, parseSearchQuery } from '../../domain/search-query';
import { maskNiss } from '../../domain/niss';
import type { Call } from '../context';
import { toHit, today } from './common';

const NISS_NOTICE: Record<'format' | 'checksum' | 'date', SearchNotice> = { format: 'nissFormat', checksum: 'nissChecksum', date: 'nissDate' };

/**
 * The one search box. An exact invitation code is tried first whatever the text looks like
 * (one index lookup): codes are what scanners send, and a code must never be mistaken for a name.
 */
export function search(call: Call, raw: string, limit: number): SearchResult {
  const { store } = call.core;
  const centerId = store.center.id();
  const day = today(call);
  const none = (notice: SearchNotice, kind: SearchResult['kind'] = 'none'): SearchResult => ({ kind, hits: [], notice, more: false, person: null });

  const cleaned = cleanQuery(raw);
  const code = compactCode(cleaned);
  if (code) {
    const r = store.receptionSearch.byCode(code);
    if (r) return { kind: 'code', hits: [toHit(r, centerId)], notice: null, more: false, person: null };
  }

  const q = parseSearchQuery(raw);
  // One row more than asked tells whether there are more.
  const take = limit + 1;
  const found = (kind: SearchResult['kind'], rows: ReceptionRow[]): SearchResult =>
    rows.length === 0
      ? none('notFound', kind)
      : { kind, hits: rows.slice(0, limit).map((r) => toHit(r, centerId)), notice: null, more: rows.length > limit, person: null };

  switch (q.kind) {
    case 'empty':
      return none('empty');
    case 'code':
      return none('codeNotFound', 'code');
    case 'nissInvalid':
      return none(NISS_NOTICE[q.reason], 'niss');
    case 'invalid':
      return none(q.reason);
    case 'niss': {
      const rows = store.receptionSearch.byNiss(q.niss, day, take);
      if (rows.length > 0) return found('niss', rows);
      const p = store.people.byNiss(q.niss);
      return {
        ...none('notFound', 'niss'),
        person: p ? { personId: p.id, familyName: p.familyName, givenName: p.givenName, birthDate: p.birthDate, nissMasked: maskNiss(q.niss) } : null,
      };
    }
    case 'birthDate':
      return found('birthDate', store.receptionSearch.byBirthDate(q.date, day, take));
    case 'name':
      return found('name', store.receptionSearch.byName(q.words, day, take));
    default: {
      const never: never = q;
      throw new Error(`unhandled query ${String(never)}`);
    }
  }
}
