import type { Session, WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY } from '../src/server/csp';

/** The renderer is served from this privileged scheme and host only (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'vaxdesk';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** True for URLs of the app's own renderer. Node gives non-special schemes an opaque origin, so compare parts. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

interface PreventableEvent {
  preventDefault(): void;
}

/** Navigation of any kind is refused: the app is one page, and a navigated window keeps its preload. */
export function refuseNavigation(event: PreventableEvent, url?: string): void {
  event.preventDefault();
  console.warn(`[vaxdesk] navigation refused${url ? `: ${String(url).slice(0, 200)}` : ''}`);
}

/** New windows (window.open, target=_blank, middle-click) are never created. */
export function refuseWindowOpen(): { action: 'deny' } {
  return { action: 'deny' };
}

/** Applied to every web contents the app creates, the main window's and any other. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (e, url) => refuseNavigation(e, url));
  contents.on('will-frame-navigate', (e) => refuseNavigation(e, e.url));
  contents.on('will-redirect', (e, url) => refuseNavigation(e, url));
  contents.on('will-attach-webview', (e) => refuseNavigation(e, 'webview'));
  contents.setWindowOpenHandler(refuseWindowOpen);
}

/** Permission requests and checks (camera, geolocation, notifications, HID, …): all refused. */
export function refusePermissionRequest(_contents: unknown, _permission: string, callback: (granted: boolean) => void): void {
  callback(false);
}

export function refusePermissionCheck(): boolean {
  return false;
}

type HeadersDetails = { responseHeaders?: Record<string, string[] | string> };
type HeadersCallback = (response: { responseHeaders?: Record<string, string[] | string> }) => void;

/** Adds the strict policy to every response, replacing whatever CSP a response brought itself. */
export function addSecurityHeaders(details: HeadersDetails, callback: HeadersCallback): void {
  const headers: Record<string, string[] | string> = {};
  for (const [name, value] of Object.entries(details.responseHeaders ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') headers[name] = value;
  }
  headers['Content-Security-Policy'] = [CONTENT_SECURITY_POLICY];
  headers['X-Content-Type-Options'] = ['nosniff'];
  callback({ responseHeaders: headers });
}

/** Locks down a session: permissions, device access and the response headers. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler(refusePermissionRequest);
  session.setPermissionCheckHandler(refusePermissionCheck);
  session.setDevicePermissionHandler(refusePermissionCheck);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
  session.webRequest.onHeadersReceived(addSecurityHeaders);
  // Nothing is ever downloaded through the window; refuse rather than write files silently.
  session.on('will-download', (e) => e.preventDefault());
}

export { CONTENT_SECURITY_POLICY };
