import type { ApiError } from '../../src/api/errors';
import type { ConnectionTest, ConnectionView, ParkedChange, SyncStatus } from '../../src/api/contract/sync';
import { api } from '../api';
import type { SliceCreator } from './types';

export interface SyncSlice {
  sync: {
    status: SyncStatus | null;
    parked: ParkedChange[];
    connection: ConnectionView | null;
    error: ApiError | null;
    loadStatus(): Promise<void>;
    loadParked(): Promise<void>;
    loadConnection(): Promise<void>;
    runNow(full?: boolean): Promise<ApiError | null>;
    saveConnection(input: { baseUrl: string; locationId: string; token?: string; confirmCenterChange?: boolean }): Promise<ApiError | null>;
    testConnection(input: { baseUrl?: string; locationId?: string; token?: string }): Promise<{ ok: true; value: ConnectionTest } | { ok: false; error: ApiError }>;
    retry(id: number): Promise<ApiError | null>;
    discard(id: number, reason: string): Promise<ApiError | null>;
  };
}

export const createSyncSlice: SliceCreator<SyncSlice> = (set, get) => {
  const patch = (p: Partial<SyncSlice['sync']>) => set((s) => ({ sync: { ...s.sync, ...p } }));
  // A long pull announces every page: one request in flight and one queued behind it is enough.
  let inFlight: Promise<void> | null = null;
  let again = false;
  const fetchStatus = async (): Promise<void> => {
    const r = await api['sync.status']({});
    if (r.ok) patch({ status: r.value, error: null });
    else patch({ error: r.error });
  };
  return {
    sync: {
      status: null,
      parked: [],
      connection: null,
      error: null,
      loadStatus() {
        if (inFlight) {
          again = true;
          return inFlight;
        }
        inFlight = (async () => {
          do {
            again = false;
            await fetchStatus();
          } while (again);
          inFlight = null;
        })();
        return inFlight;
      },
      async loadParked() {
        const r = await api['sync.parked']({});
        if (r.ok) patch({ parked: r.value });
      },
      async loadConnection() {
        const r = await api['sync.getConnection']({});
        if (r.ok) patch({ connection: r.value });
      },
      async runNow(full = false) {
        const r = await api['sync.run']({ full });
        await get().sync.loadStatus();
        return r.ok ? null : r.error;
      },
      async saveConnection(input) {
        const r = await api['sync.setConnection'](input);
        if (!r.ok) return r.error;
        patch({ connection: r.value });
        await get().sync.loadStatus();
        return null;
      },
      testConnection: (input) => api['sync.testConnection'](input),
      async retry(id) {
        const r = await api['sync.retryParked']({ id });
        await get().sync.loadParked();
        return r.ok ? null : r.error;
      },
      async discard(id, reason) {
        const r = await api['sync.discardParked']({ id, reason });
        await get().sync.loadParked();
        return r.ok ? null : r.error;
      },
    },
  };
};
