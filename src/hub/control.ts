import type { App } from '../core';
import type { HubInfo } from '../api/contract/hub';
import type { HubControl } from './handlers';
import { ensureHubCert } from './cert';
import { startHubListener, type HubListener } from './hub-server';

export const HUB_DEFAULT_PORT = 5443;
const SETTING = 'hub.listen';

/**
 * Turns the hub's LAN listener on and off (the coordinator's switch, or `serve --hub`) and
 * remembers it, so a restarted hub listens again where it did.
 */
export function hubControl(app: App, dataDir: string): HubControl & { resume(): Promise<HubInfo>; close(): Promise<void> } {
  let listener: HubListener | null = null;
  let fingerprint: string | null = null;
  const { store } = app.core;
  const info = (): HubInfo => ({ enabled: listener !== null, url: listener?.url ?? null, fingerprint: listener?.fingerprint ?? fingerprint });
  const ctl = {
    info,
    async enable(enabled: boolean, host?: string, port?: number): Promise<HubInfo> {
      if (listener) {
        await listener.close();
        listener = null;
      }
      if (!enabled) {
        store.tx(() => store.settings.delete(SETTING));
        return info();
      }
      const prev = store.settings.get<{ host: string; port: number }>(SETTING);
      const where = { host: host ?? prev?.host ?? '127.0.0.1', port: port ?? prev?.port ?? HUB_DEFAULT_PORT };
      fingerprint = (await ensureHubCert(dataDir, app.core.clock())).fingerprint;
      listener = await startHubListener(app, { dataDir, ...where });
      store.tx(() => store.settings.put(SETTING, where));
      return info();
    },
    async resume(): Promise<HubInfo> {
      const prev = store.settings.get<{ host: string; port: number }>(SETTING);
      return prev ? ctl.enable(true, prev.host, prev.port) : info();
    },
    async close(): Promise<void> {
      await listener?.close();
      listener = null;
    },
  };
  app.core.extensions.hubControl = ctl;
  return ctl;
}
