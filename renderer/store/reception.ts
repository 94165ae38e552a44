import type { ApiError } from '../../src/api/errors';
import type { DayCountersResult, DeskOptions, LeftoverRow, ReceptionHit, SearchResult } from '../../src/api/contract/reception';
import { api } from '../api';
import type { SliceCreator } from './types';

export type DayFilter = 'all' | 'toCome' | 'arrived' | 'vaccinated' | 'noshow' | 'cancelled' | 'walkin';
export type DaySort = 'time' | 'name' | 'status';

export interface ReceptionSlice {
  reception: {
    search: SearchResult | null;
    searching: boolean;
    /** The appointment on the desk (selected from the results or the day list). */
    current: ReceptionHit | null;
    options: DeskOptions | null;
    counters: DayCountersResult | null;
    rows: ReceptionHit[];
    filter: DayFilter;
    sort: DaySort;
    leftover: LeftoverRow[];
    error: ApiError | null;
    runSearch(query: string): Promise<SearchResult | null>;
    select(hit: ReceptionHit | null): void;
    /**
     * A fresh copy of one appointment (after an action or a reload): it replaces every copy on
     * screen, the current person, the search results and the day list, so a row never shows a
     * status the detail has left behind.
     */
    put(hit: ReceptionHit): void;
    /** Reloads what other desks may have changed: counters, day list, options, the current person. */
    refresh(): Promise<void>;
    setView(filter: DayFilter, sort: DaySort): Promise<void>;
  };
}

export const createReceptionSlice: SliceCreator<ReceptionSlice> = (set, get) => {
  const patch = (p: Partial<ReceptionSlice['reception']>) => set((s) => ({ reception: { ...s.reception, ...p } }));
  let seq = 0;
  return {
    reception: {
      search: null,
      searching: false,
      current: null,
      options: null,
      counters: null,
      rows: [],
      filter: 'all',
      sort: 'time',
      leftover: [],
      error: null,

      async runSearch(query) {
        // Scanners fire searches back to back: only the newest answer may land.
        const mine = ++seq;
        patch({ searching: true });
        const r = await api['invitations.search']({ query });
        if (mine !== seq) return null;
        if (!r.ok) {
          patch({ searching: false, error: r.error, search: null, current: null });
          return null;
        }
        // A new search starts a new person: nothing actionable of the previous one stays on screen.
        patch({ searching: false, error: null, search: r.value, current: r.value.hits.length === 1 ? r.value.hits[0]! : null });
        return r.value;
      },
      select: (hit) => {
        patch({ current: hit });
        if (hit) get().reception.put(hit);
      },
      put(hit) {
        const { current, search, rows } = get().reception;
        const swap = (h: ReceptionHit) => (h.invitationId === hit.invitationId ? hit : h);
        patch({
          current: current?.invitationId === hit.invitationId ? hit : current,
          search: search && search.hits.some((h) => h.invitationId === hit.invitationId) ? { ...search, hits: search.hits.map(swap) } : search,
          rows: rows.some((h) => h.invitationId === hit.invitationId) ? rows.map(swap) : rows,
        });
      },
      async refresh() {
        const { filter, sort, current } = get().reception;
        const [c, l, o, lo, cur] = await Promise.all([
          api['day.counters']({}),
          api['day.list']({ filter, sort }),
          api['desk.options']({}),
          api['day.leftover']({}),
          current ? api['invitations.get']({ invitationId: current.invitationId }) : Promise.resolve(null),
        ]);
        patch({
          ...(c.ok ? { counters: c.value } : {}),
          ...(l.ok ? { rows: l.value.rows } : {}),
          ...(o.ok ? { options: o.value } : {}),
          ...(lo.ok ? { leftover: lo.value } : {}),
        });
        if (cur && cur.ok) get().reception.put(cur.value);
      },
      async setView(filter, sort) {
        patch({ filter, sort });
        const l = await api['day.list']({ filter, sort });
        if (l.ok) patch({ rows: l.value.rows });
      },
    },
  };
};
