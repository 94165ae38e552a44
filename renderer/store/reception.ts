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
          patch({ searching: false, error: r.error, search: null });
          return null;
        }
        patch({ searching: false, error: null, search: r.value, current: r.value.hits.length === 1 ? r.value.hits[0]! : get().reception.current });
        return r.value;
      },
      select: (hit) => patch({ current: hit }),
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
          ...(cur && cur.ok && get().reception.current?.invitationId === cur.value.invitationId ? { current: cur.value } : {}),
        });
      },
      async setView(filter, sort) {
        patch({ filter, sort });
        const l = await api['day.list']({ filter, sort });
        if (l.ok) patch({ rows: l.value.rows });
      },
    },
  };
};
