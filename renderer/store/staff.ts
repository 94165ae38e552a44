import type { ApiError } from '../../src/api/errors';
import type { AuditItem, StaffSummary } from '../../src/api/contract/core';
import type { In } from '../../src/api/contract';
import { api } from '../api';
import type { SliceCreator } from './types';

export const AUDIT_PAGE = 25;

export interface StaffSlice {
  staff: {
    list: StaffSummary[];
    loaded: boolean;
    error: ApiError | null;
    audit: AuditItem[];
    /** The sequence numbers that started each page seen so far, to page back towards the newest. */
    auditPages: (number | undefined)[];
    auditHasOlder: boolean;
    load(): Promise<void>;
    create(input: In<'staff.create'>): Promise<ApiError | null>;
    setActive(staffId: string, active: boolean): Promise<ApiError | null>;
    resetPin(staffId: string, pin: string): Promise<ApiError | null>;
    loadAudit(beforeSeq?: number): Promise<void>;
    auditOlder(): Promise<void>;
    auditNewer(): Promise<void>;
  };
}

/** One page of the audit log, newest first; one extra row tells whether an older page exists. */
async function fetchAuditPage(beforeSeq: number | undefined, apply: (p: Partial<StaffSlice['staff']>) => void): Promise<void> {
  const r = await api['audit.list']({ limit: AUDIT_PAGE + 1, ...(beforeSeq ? { beforeSeq } : {}) });
  if (!r.ok) return apply({ error: r.error });
  apply({ audit: r.value.slice(0, AUDIT_PAGE), auditHasOlder: r.value.length > AUDIT_PAGE, error: null });
}

export const createStaffSlice: SliceCreator<StaffSlice> = (set, get) => {
  const patch = (p: Partial<StaffSlice['staff']>) => set((s) => ({ staff: { ...s.staff, ...p } }));
  const after = async (r: { ok: true } | { ok: false; error: ApiError }) => {
    if (!r.ok) return r.error;
    // The change event refreshes other desks; this one refreshes at once so the row is there on return.
    await get().staff.load();
    return null;
  };
  return {
    staff: {
      list: [],
      loaded: false,
      error: null,
      audit: [],
      auditPages: [undefined],
      auditHasOlder: false,

      async load() {
        const r = await api['staff.list']({});
        if (r.ok) patch({ list: r.value, loaded: true, error: null });
        else patch({ error: r.error, loaded: true });
      },
      async create(input) {
        return after(await api['staff.create'](input));
      },
      async setActive(staffId, active) {
        return after(await api['staff.setActive']({ staffId, active }));
      },
      async resetPin(staffId, pin) {
        return after(await api['staff.resetPin']({ staffId, pin }));
      },

      async loadAudit(beforeSeq) {
        await fetchAuditPage(beforeSeq, (p) => patch(p));
      },
      async auditOlder() {
        const { audit, auditPages } = get().staff;
        const last = audit[audit.length - 1];
        if (!last) return;
        // The page number and its rows change together, so the screen never shows one without the other.
        await fetchAuditPage(last.seq, (p) => patch({ ...p, auditPages: [...auditPages, last.seq] }));
      },
      async auditNewer() {
        const pages = get().staff.auditPages.slice(0, -1);
        if (pages.length === 0) return;
        await fetchAuditPage(pages[pages.length - 1], (p) => patch({ ...p, auditPages: pages }));
      },
    },
  };
};
