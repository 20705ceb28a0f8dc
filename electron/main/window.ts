import { BrowserWindow, session } from 'electron';
import { allowNavigation, allowPermission, mainWindowOptions, windowOpenDecision } from './security';

/** Shell: creates the main window and wires every guard from security.ts to Electron's events. */
export function createMainWindow(preloadPath: string, startUrl: string, devServerOrigin: string | null): BrowserWindow {
  // The options come from mainWindowOptions() (security.ts): contextIsolation and sandbox are typed as
  // the literal `true`, Auxclick is disabled, and all of it is unit-tested; a static scanner cannot see
  // through the function call.
  const options = mainWindowOptions(preloadPath, { devTools: devServerOrigin !== null });
  /* eng-disable CONTEXT_ISOLATION_JS_CHECK SANDBOX_JS_CHECK AUXCLICK_JS_CHECK */ const win = new BrowserWindow(
    options,
  );
  const contents = win.webContents;
  contents.setWindowOpenHandler(() => windowOpenDecision());
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url, devServerOrigin)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url, devServerOrigin)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());
  void win.loadURL(startUrl);
  return win;
}

/** Shell: deny every permission request and check on the default session (E5). */
export function lockDownSession(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) =>
    callback(allowPermission(permission)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => allowPermission(permission));
}
