import { app, type BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc, forwardEvents } from './ipc';
import { createCore, type Core } from './core/core';
import { CoreError } from './core/errors';
import { defaultDataDir } from './core/paths';
import { disableCoreDumps } from './core/process';
import { electronSqliteBinding } from './native';
import { createOpenExternal, notify, registerAppScheme, serveRenderer } from './platform';
import { APP_ORIGIN } from './security';
import { applyLoginItem, createTray } from './tray';
import { createMainWindow, lockDownSession } from './window';

/** Shell entry: wires the Electron-free core to a window. Nothing else lives here. */
const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL ?? null;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The main process holds every secret: a core dump of it must not.
  disableCoreDumps();
  registerAppScheme();
  let core: Core | null = null;
  let window: BrowserWindow | null = null;
  let quitting = false;
  /** With start at login on, closing the window keeps Gatehouse in the tray; otherwise it quits. */
  let keepInTray = false;
  /** Opened at login with --hidden: stay in the tray until asked. */
  const startHidden = process.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAtLogin === true;

  app.on('second-instance', () => {
    if (window) {
      if (window.isMinimized()) window.restore();
      window.focus();
    }
  });

  app
    .whenReady()
    .then(async () => {
      lockDownSession();
      serveRenderer(join(here, '../renderer'));
      const dataDir = process.env.GATEHOUSE_DATA_DIR ?? app.getPath('userData') ?? defaultDataDir();
      try {
        core = createCore({
          dataDir,
          appVersion: app.getVersion(),
          nativeBinding: electronSqliteBinding(app.getAppPath(), process.versions.electron, app.isPackaged),
          preferences: new ElectronStore({
            cwd: dataDir,
            name: 'config',
            configFileMode: 0o600,
            clearInvalidConfig: false,
          }),
          openExternal: createOpenExternal('any-https'),
          notify,
          background: true,
        });
      } catch (error) {
        const { dialog } = await import('electron');
        dialog.showErrorBox('Gatehouse cannot start', error instanceof CoreError ? error.message : String(error));
        app.quit();
        return;
      }
      const actor = `${userInfo().username} (app)`;
      const caller = { actor, role: 'admin' as const, face: 'ipc' as const };
      const started = core;
      registerIpc(started, caller, devServerOrigin);
      const showWindow = (): BrowserWindow => {
        if (window && !window.isDestroyed()) return window;
        window = createMainWindow(
          join(here, '../preload/index.cjs'),
          devServerUrl ?? `${APP_ORIGIN}/index.html`,
          devServerOrigin,
        );
        forwardEvents(started, window.webContents);
        // Closing the window keeps Gatehouse in the tray, so the keep-alive goes on.
        window.on('close', (event) => {
          if (quitting || !keepInTray) return;
          event.preventDefault();
          window?.hide();
        });
        return window;
      };
      const win = showWindow();
      if (startHidden) win.hide();
      createTray(started, caller, showWindow, (s) => (keepInTray = s.startAtLogin));
      const settings = await started.invoke('settings:get', undefined, caller);
      if (settings.ok) {
        const current = settings.value as { startAtLogin: boolean };
        keepInTray = current.startAtLogin;
        applyLoginItem(current);
      }
      void started.start();
    })
    .catch((error: unknown) => {
      process.stderr.write(`Gatehouse failed to start: ${String(error)}\n`);
      app.quit();
    });

  app.on('before-quit', () => {
    quitting = true;
  });
  app.on('will-quit', () => core?.close());
  // In tray mode the window only hides; otherwise closing it quits, as before.
  app.on('window-all-closed', () => {
    if (!keepInTray) app.quit();
  });
}
