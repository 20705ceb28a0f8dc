import { app, Menu, nativeImage, Tray } from 'electron';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { AccountWindow, ExpiryLevel, Settings } from '../../shared/domain';
import { worstLevel } from '../../shared/levels';
import { shellTranslator, TRAY_ATTENTION_ITEMS, trayMenuTemplate } from './menu';
import type { Core } from './core/core';
import type { Caller } from './core/router/router';
import trayCritical from '../../resources/tray-critical.png?asset';
import trayExpired from '../../resources/tray-expired.png?asset';
import trayOk from '../../resources/tray-ok.png?asset';
import trayUnknown from '../../resources/tray-unknown.png?asset';
import trayWarning from '../../resources/tray-warning.png?asset';

const ICONS: Record<ExpiryLevel, string> = {
  ok: trayOk,
  warning: trayWarning,
  critical: trayCritical,
  expired: trayExpired,
  unknown: trayUnknown,
};

/**
 * Shell: the tray icon shows the worst expiry level of all accounts. With `startAtLogin` on, closing
 * the window keeps Gatehouse (and its keep-alive) running there; Quit is in the tray menu.
 */
export function createTray(
  core: Core,
  caller: Caller,
  openAccount: (accountId?: string) => void,
  onSettings: (settings: Settings) => void,
): { dispose(): void } {
  const tray = new Tray(nativeImage.createFromPath(ICONS.unknown));
  tray.setToolTip('Gatehouse');
  const actions = {
    open: openAccount,
    refreshDue: () => void core.invoke('tokens:refresh', { due: true }, caller),
    quit: () => app.quit(),
  };
  let t = shellTranslator('system', app.getPreferredSystemLanguages());
  tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ first: [], count: 0 }, actions, t)));
  tray.on('click', () => openAccount());

  let timer: NodeJS.Timeout | null = null;
  const update = async () => {
    timer = null;
    // The most urgent few and the counts: the store does the work, whatever the number of accounts.
    const result = await core.invoke(
      'accounts:window',
      { level: 'attention', sort: 'expiry', limit: TRAY_ATTENTION_ITEMS },
      caller,
    );
    if (!result.ok || tray.isDestroyed()) return;
    const { rows, counts } = result.value as AccountWindow;
    if (!counts) return;
    const worst = worstLevel(counts, t);
    tray.setImage(nativeImage.createFromPath(ICONS[worst.level]));
    tray.setToolTip(`Gatehouse — ${worst.summary}`);
    tray.setContextMenu(Menu.buildFromTemplate(trayMenuTemplate({ first: rows, count: counts.attention }, actions, t)));
  };
  // Coalesce bursts of changes (a sweep over thousands of accounts) into one update.
  const schedule = () => {
    timer ??= setTimeout(() => void update(), 2_000);
  };
  const stop = core.events.subscribe((event, payload) => {
    if (event === 'accounts:changed') schedule();
    if (event === 'settings:changed') {
      applyLoginItem(payload as Settings);
      onSettings(payload as Settings);
      t = shellTranslator((payload as Settings).language, app.getPreferredSystemLanguages());
      schedule();
    }
  });
  void update();
  const minute = setInterval(schedule, 60_000);
  return {
    dispose() {
      stop();
      clearInterval(minute);
      if (timer) clearTimeout(timer);
      tray.destroy();
    },
  };
}

/**
 * Start at login, minimised to the tray (`--hidden`). macOS and Windows have login items; Linux
 * desktops read an XDG autostart entry, which is written or removed here.
 */
export function applyLoginItem(settings: Pick<Settings, 'startAtLogin'>): void {
  // Unpackaged (`npm start`), the executable is Electron itself: it must be told which app to open,
  // or login starts a bare Electron window.
  const appArgs = app.isPackaged ? ['--hidden'] : [app.getAppPath(), '--hidden'];
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: settings.startAtLogin, args: appArgs });
    return;
  }
  const dir = join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'autostart');
  const file = join(dir, 'gatehouse.desktop');
  try {
    if (!settings.startAtLogin) {
      rmSync(file, { force: true });
      return;
    }
    mkdirSync(dir, { recursive: true });
    const exec = [process.env.APPIMAGE ?? process.execPath, ...(process.env.APPIMAGE ? ['--hidden'] : appArgs)]
      .map((arg) => (arg.startsWith('--') ? arg : `"${arg.replace(/["\\`$]/g, '')}"`))
      .join(' ');
    writeFileSync(
      file,
      `[Desktop Entry]\nType=Application\nName=Gatehouse\nExec=${exec}\nX-GNOME-Autostart-enabled=true\n`,
      { mode: 0o644 },
    );
  } catch {
    // Not fatal: the setting stays, and the README shows how to schedule the keep-alive instead.
  }
}
