import type { VaxdeskBridge } from '../src/api/bridge';

// The Electron preload (electron/preload.ts) exposes exactly this object; in a browser it is absent.
declare global {
  interface Window {
    readonly vaxdesk?: VaxdeskBridge;
  }
}

export {};
