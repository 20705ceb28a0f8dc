import { Notification, net, protocol, shell } from 'electron';
import { pathToFileURL } from 'node:url';
import { APP_SCHEME, RENDERER_CSP, resolveAppAsset, safeExternalUrl } from './security';

/** Shell: the app:// scheme must be registered as privileged before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** Shell: serves the built renderer from `root` over app://, with the CSP as a header. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppAsset(root, request.url);
    if (!file) return new Response('Not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', RENDERER_CSP);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}

/** Shell: the single openExternal wrapper (E15); anything but an allowed URL is refused. */
export function createOpenExternal(allowedHosts: ReadonlySet<string> | 'any-https') {
  return async (raw: string): Promise<void> => {
    const url = safeExternalUrl(raw, allowedHosts);
    if (!url) throw new Error('Refused to open a URL that is not an allowed sign-in address.');
    // The one call site, behind safeExternalUrl (https to allowed hosts, or loopback http).
    await shell.openExternal(url.href); /* eng-disable OPEN_EXTERNAL_JS_CHECK */
  };
}

/** Shell: desktop notifications where the platform has them; a click opens what it is about. */
export function createNotify(open: (accountId?: string) => void) {
  return ({ title, body, accountId }: { title: string; body: string; accountId?: string }): void => {
    if (!Notification.isSupported()) return;
    const notification = new Notification({ title, body });
    notification.on('click', () => open(accountId));
    notification.show();
  };
}
