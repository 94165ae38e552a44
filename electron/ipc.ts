import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { fail, type Result } from '../src/api/errors';
import type { Dispatch } from '../src/api/dispatch';
import type { EventBus } from '../src/api/events';
import { API_CHANNEL, CHANGE_CHANNEL } from './channels';
import { APP_HOST, APP_SCHEME, isAppUrl } from './security';

type SenderEvent = Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>;

/**
 * Only the main window's own top frame, showing the app's own page, may call the core. A frame
 * embedded in it, another window, or the main window after it somehow left app:// is refused.
 */
export function isTrustedSender(event: SenderEvent, main: WebContents | null): boolean {
  if (!main || main.isDestroyed()) return false;
  if (event.sender?.id !== main.id) return false;
  const frame = event.senderFrame;
  if (!frame || frame.detached || frame.parent !== null) return false;
  const top = main.mainFrame;
  if (frame.processId !== top.processId || frame.routingId !== top.routingId) return false;
  return frame.origin === `${APP_SCHEME}://${APP_HOST}` && isAppUrl(frame.url);
}

export type ApiHandler = (event: SenderEvent, method: unknown, input: unknown, token: unknown, requestId?: unknown) => Promise<Result<unknown>>;

/** The one IPC entry point: checks the sender, then hands everything to the dispatcher, which validates the rest. */
export function createApiHandler(dispatch: Dispatch, mainContents: () => WebContents | null): ApiHandler {
  return async (event, method, input, token, requestId) => {
    if (!isTrustedSender(event, mainContents())) {
      console.warn('[vaxdesk] IPC call refused from an untrusted frame');
      return fail('FORBIDDEN', 'This window is not allowed to use VaxDesk.');
    }
    // No coercion: an object whose toString() names a method is not a method name.
    if (typeof method !== 'string') return fail('UNKNOWN_METHOD', 'The method name must be a string.');
    // The dispatcher checks the request id's form; anything but a string is no id at all.
    return dispatch(method, input, typeof token === 'string' ? token : null, { requestId: typeof requestId === 'string' ? requestId : null });
  };
}

/** Wires the API channel and forwards change events to the main window; returns the undo. */
export function registerIpc(ipcMain: IpcMain, dispatch: Dispatch, events: EventBus, mainContents: () => WebContents | null): () => void {
  ipcMain.handle(API_CHANNEL, createApiHandler(dispatch, mainContents));
  const unsubscribe = events.subscribe((e) => {
    const contents = mainContents();
    if (contents && !contents.isDestroyed()) contents.send(CHANGE_CHANNEL, e);
  });
  return () => {
    unsubscribe();
    ipcMain.removeHandler(API_CHANNEL);
  };
}
