import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../src/api/contract';
import type { BridgeApi, VaxdeskBridge } from '../src/api/bridge';
import type { ChangeEvent } from '../src/api/method';
import { API_CHANNEL, CHANGE_CHANNEL } from './channels';

// One plain function per contract method. The renderer gets these closures, never ipcRenderer:
// it can only ask for a named method, which the main process checks again.
const api = Object.fromEntries(
  METHOD_NAMES.map((name) => [
    name,
    (input: unknown, token: string | null, requestId?: string) => ipcRenderer.invoke(API_CHANNEL, name, input, token, requestId),
  ]),
) as unknown as BridgeApi;

const bridge: VaxdeskBridge = {
  api: Object.freeze(api),
  onChange(listener) {
    if (typeof listener !== 'function') throw new TypeError('onChange needs a function');
    // The IPC event carries `sender` (the ipcRenderer itself): only the payload crosses over.
    const relay = (_event: IpcRendererEvent, e: ChangeEvent) => listener(e);
    ipcRenderer.on(CHANGE_CHANNEL, relay);
    return () => {
      ipcRenderer.removeListener(CHANGE_CHANNEL, relay);
    };
  },
};

contextBridge.exposeInMainWorld('vaxdesk', bridge);
