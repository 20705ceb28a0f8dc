import { BrowserWindow, session } from 'electron';
import type { WindowState } from './window-state';
import { allowNavigation, allowPermission, mainWindowOptions, windowOpenDecision } from './security';

/** Shell: creates the main window and wires every guard from security.ts to Electron's events. */
export function createMainWindow(
  preloadPath: string,
  startUrl: string,
  devServerOrigin: string | null,
  showWhenReady: boolean,
  saved: WindowState | null = null,
): BrowserWindow {
  // The options come from mainWindowOptions() (security.ts): contextIsolation and sandbox are typed as
  // the literal `true`, Auxclick is disabled, and all of it is unit-tested; a static scanner cannot see
  // through the function call.
  const options = {
    ...mainWindowOptions(preloadPath, { devTools: devServerOrigin !== null }),
    ...(saved ? { x: saved.x, y: saved.y, width: saved.width, height: saved.height } : {}),
  };
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
  // Started hidden (at login, --hidden): ready-to-show fires for a hidden window too, and must not show it.
  // maximize() also shows a hidden window, so it waits for the moment the window is shown anyway.
  if (showWhenReady)
    win.once('ready-to-show', () => {
      if (saved?.maximized) win.maximize();
      win.show();
    });
  void win.loadURL(startUrl);
  return win;
}

/** Shell: deny every permission request and check on the default session (E5). */
export function lockDownSession(devServerOrigin: string | null): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl, devServerOrigin)),
  );
  session.defaultSession.setPermissionCheckHandler((_contents, permission, requestingOrigin) =>
    allowPermission(permission, requestingOrigin, devServerOrigin),
  );
}
