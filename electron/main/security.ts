/**
 * Every security decision of the Electron shell, as plain functions the shell hands Electron's
 * objects to. No `electron` import here, so each rule is unit-tested in Node (SECURITY.md E2–E18).
 */
import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, normalize, relative, resolve, sep } from 'node:path';

/** The origin the renderer is served from (E18: a custom protocol, never file://). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'gatehouse';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The renderer's Content-Security-Policy (E7), also set as a response header on app:// responses. */
export const RENDERER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/**
 * BrowserWindow webPreferences. The literal types make a weakened setting a compile error (E2–E11).
 */
export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  /** Middle-click must not open a window (Electronegativity AUXCLICK). */
  disableBlinkFeatures: 'Auxclick';
  devTools: boolean;
}

/** Window options for the main window. */
export function mainWindowOptions(preloadPath: string, options: { devTools: boolean }) {
  const webPreferences: SecureWebPreferences = {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    disableBlinkFeatures: 'Auxclick',
    devTools: options.devTools,
  };
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Gatehouse',
    backgroundColor: '#0f172a',
    webPreferences,
  };
}

/** True only for the app's own origin (compared by parsed origin, never by prefix). E13, E17. */
export function isAppUrl(url: string | null | undefined, devServerOrigin: string | null = null): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devServerOrigin !== null && parsed.origin === devServerOrigin;
}

/** will-navigate / will-redirect: the app never navigates away from itself (E13). */
export function allowNavigation(url: string, devServerOrigin: string | null = null): boolean {
  return isAppUrl(url, devServerOrigin);
}

/** setWindowOpenHandler: no window is ever opened by the renderer (E14). */
export function windowOpenDecision(): { action: 'deny' } {
  return { action: 'deny' };
}

/**
 * Permission request and check handlers (E5): everything is denied, except writing to the clipboard
 * from the app's own page (every Copy button), which Chromium asks for as `clipboard-sanitized-write`.
 * Reading the clipboard is never allowed.
 */
export function allowPermission(
  permission: string,
  requestingUrl: string | null | undefined = null,
  devServerOrigin: string | null = null,
): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl, devServerOrigin);
}

/** IPC sender validation (E17): the top frame of the app's own origin, and nothing else. */
export function isTrustedSender(
  frame: { url: string; parent: unknown } | null | undefined,
  devServerOrigin: string | null = null,
): boolean {
  if (!frame) return false;
  if (frame.parent) return false;
  return isAppUrl(frame.url, devServerOrigin);
}

/**
 * The openExternal wrapper's rule (E15, O1): https to an allowed host, or http to a loopback
 * address (local identity providers); no userinfo, no control characters. The core is the only
 * caller and builds sign-in URLs from provider templates, so its faces pass 'any-https'.
 */
export function safeExternalUrl(raw: string, allowedHosts: ReadonlySet<string> | 'any-https'): URL | null {
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (typeof raw !== 'string' || raw.length > 8192 || /[\u0000-\u001f\u007f\s]/.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  const host = url.hostname.toLowerCase();
  if (url.protocol === 'https:' && (allowedHosts === 'any-https' || allowedHosts.has(host))) return url;
  if (url.protocol === 'http:' && isLoopbackHost(host)) return url;
  return null;
}

/** 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Maps an app:// request to a file inside `root`, or null. Rejects traversal in every encoding,
 * NUL bytes and other hosts (E18). `/` serves index.html.
 */
export function resolveAppAsset(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const target = resolve(base, `.${normalize(path)}`);
  if (!isInside(base, target)) return null;
  // A symlink inside the bundle must not lead out of it, and a folder is never listed.
  try {
    if (!isInside(realpathSync(base), realpathSync(target))) return null;
    if (!statSync(target).isFile()) return null;
  } catch {
    return null;
  }
  return target;
}

function isInside(base: string, target: string): boolean {
  const rel = relative(base, target);
  return !(rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..'));
}
