import { app, dialog, ipcMain, Menu, screen, type BrowserWindow } from 'electron';
import ElectronStore from 'electron-store';
import { userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerIpc, forwardEvents } from './ipc';
import { createCore, type Core } from './core/core';
import { configuredStoreUrl } from './core/store/location';
import { CoreError } from './core/errors';
import { defaultDataDir } from './core/paths';
import { parseOverridesEnv } from './core/providers/endpoints';
import { disableCoreDumps } from './core/process';
import { electronSqliteBinding } from './native';
import { createNotify, createOpenExternal, registerAppScheme, serveRenderer } from './platform';
import { appMenuTemplate, shellTranslator } from './menu';
import { restorableState, WINDOW_STATE_KEY } from './window-state';
import { IPC_EVENT } from '../../shared/api';
import type { ScreenId, Settings } from '../../shared/domain';
import { APP_ORIGIN } from './security';
import { applyLoginItem, createTray } from './tray';
import { createMainWindow, lockDownSession } from './window';

/** Shell entry: wires the Electron-free core to a window. Nothing else lives here. */
const here = dirname(fileURLToPath(import.meta.url));
const devServerUrl = process.env.ELECTRON_RENDERER_URL ?? null;
const devServerOrigin = devServerUrl ? new URL(devServerUrl).origin : null;

/**
 * The preferences file through electron-store. Its constructor answers `electron-store-get-data`
 * for any frame that asks; the renderer never uses it, so that channel is closed again at once.
 */
function openAppPreferences(dataDir: string): ElectronStore<Record<string, unknown>> {
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: dataDir,
    name: 'config',
    configFileMode: 0o600,
    clearInvalidConfig: false,
  });
  ipcMain.removeAllListeners('electron-store-get-data');
  return store;
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // The main process holds every secret: a core dump of it must not.
  disableCoreDumps();
  registerAppScheme();
  let core: Core | null = null;
  let window: BrowserWindow | null = null;
  let quitting = false;
  let tray: { dispose(): void } | null = null;
  /** With start at login on, closing the window keeps Gatehouse in the tray; otherwise it quits. */
  let keepInTray = false;
  /** Opened at login with --hidden: stay in the tray until asked. */
  const startHidden = process.argv.includes('--hidden') || app.getLoginItemSettings().wasOpenedAtLogin === true;

  /** Shows the window (making it when needed); set once the core is up. */
  let bringBack: (() => void) | null = null;
  /** Shows a screen, or an account's drawer; set once the window exists. */
  let navigate: ((screen: ScreenId, accountId?: string) => void) | null = null;
  const openAccount = (accountId?: string) => navigate?.('accounts', accountId);
  // Launching Gatehouse again while it runs (maybe hidden in the tray) brings its window back:
  // restore() and focus() alone do nothing on a hidden window.
  app.on('second-instance', () => bringBack?.());

  app
    .whenReady()
    .then(async () => {
      lockDownSession(devServerOrigin);
      serveRenderer(join(here, '../renderer'));
      const dataDir = process.env.GATEHOUSE_DATA_DIR ?? app.getPath('userData') ?? defaultDataDir();
      let preferences: ElectronStore<Record<string, unknown>>;
      try {
        preferences = openAppPreferences(dataDir);
        const storeUrl = configuredStoreUrl(dataDir);
        core = await createCore({
          dataDir,
          ...(storeUrl ? { storeUrl } : {}),
          appVersion: app.getVersion(),
          nativeBinding: electronSqliteBinding(app.getAppPath(), process.versions.electron, app.isPackaged),
          preferences,
          openExternal: createOpenExternal('any-https'),
          notify: createNotify((accountId) => openAccount(accountId)),
          // `npm run demo` points the app at its local stand-ins; only loopback targets are accepted.
          endpointOverrides: parseOverridesEnv(process.env.GATEHOUSE_ENDPOINT_OVERRIDES),
          background: true,
          warmStore: true,
          locales: app.getPreferredSystemLanguages(),
        });
      } catch (error) {
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
        const saved = restorableState(preferences.get(WINDOW_STATE_KEY), screen.getAllDisplays());
        window = createMainWindow(
          join(here, '../preload/index.cjs'),
          devServerUrl ?? `${APP_ORIGIN}/index.html`,
          devServerOrigin,
          !startHidden,
          saved,
        );
        const win = window;
        forwardEvents(started, win.webContents);
        // Size and place are remembered: saved when they change (at most every half second) and at close.
        let pending: NodeJS.Timeout | null = null;
        const remember = () => {
          if (win.isDestroyed() || win.isMinimized()) return;
          // The normal bounds, so that un-maximizing next time returns to them.
          preferences.set(WINDOW_STATE_KEY, { ...win.getNormalBounds(), maximized: win.isMaximized() });
        };
        const later = () => {
          pending ??= setTimeout(() => {
            pending = null;
            remember();
          }, 500);
        };
        win.on('resize', later);
        win.on('move', later);
        // Closing the window keeps Gatehouse in the tray, so the keep-alive goes on.
        win.on('close', (event) => {
          if (pending) clearTimeout(pending);
          pending = null;
          remember();
          if (quitting || !keepInTray) return;
          event.preventDefault();
          win.hide();
        });
        return win;
      };
      showWindow();
      bringBack = () => {
        const win = showWindow();
        if (win.isMinimized()) win.restore();
        win.show();
        win.focus();
      };
      /** Brings the window back on a screen, or on an account's drawer. */
      navigate = (target, accountId) => {
        bringBack?.();
        const contents = showWindow().webContents;
        if (!contents.isDestroyed())
          contents.send(IPC_EVENT, 'app:navigate', { screen: target, ...(accountId ? { accountId } : {}) });
      };
      // The menus speak the Language setting's language (or the OS's), and follow it when it changes.
      const setMenu = (language: Settings['language']) =>
        Menu.setApplicationMenu(
          Menu.buildFromTemplate(
            appMenuTemplate(
              process.platform,
              {
                navigate: (target) => navigate?.(target),
                refreshDue: () => void started.invoke('tokens:refresh', { due: true }, caller),
              },
              shellTranslator(language, app.getPreferredSystemLanguages()),
            ),
          ),
        );
      setMenu('system');
      started.events.subscribe((event, payload) => {
        if (event === 'settings:changed') setMenu((payload as Settings).language);
      });
      tray = createTray(
        started,
        caller,
        (accountId) => openAccount(accountId),
        (s) => (keepInTray = s.startAtLogin),
      );
      const settings = await started.invoke('settings:get', undefined, caller);
      if (settings.ok) {
        const current = settings.value as Settings;
        setMenu(current.language);
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
  let closed = false;
  app.on('will-quit', (event) => {
    tray?.dispose();
    if (!core || closed) return;
    // Electron ends the process right after this event without waiting for promises. The core is
    // closed first (sign-ins in flight recorded as interrupted, the audit head kept, the database
    // closed cleanly so its next start skips the full integrity read), then the app exits; a close
    // that hangs (a keychain that does not answer) holds the quit for 5 s at most.
    event.preventDefault();
    closed = true;
    const closing = core.close().catch(() => undefined);
    const limit = new Promise<void>((resolve) => setTimeout(resolve, 5_000).unref());
    void Promise.race([closing, limit]).then(() => app.exit(0));
  });
  // In tray mode the window only hides; otherwise closing it quits, as before.
  app.on('window-all-closed', () => {
    if (!keepInTray) app.quit();
  });
}
