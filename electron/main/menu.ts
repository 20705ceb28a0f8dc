import type { MenuItemConstructorOptions } from 'electron';
import { SCREEN_IDS, type Account, type ScreenId } from '../../shared/domain';
import { attentionReason } from '../../shared/levels';

const SCREEN_LABELS: Record<ScreenId, string> = {
  accounts: 'Accounts',
  enroll: 'Enroll',
  sessions: 'Sessions',
  resync: 'Re-sync',
  incidents: 'Incidents',
  audit: 'Audit',
  settings: 'Settings',
};

export interface MenuActions {
  navigate(screen: ScreenId): void;
  refreshDue(): void;
}

/**
 * Shell: the application menu, as a plain template (unit-tested in tests/shell.test.ts). The usual
 * roles (edit, zoom, window, quit) and a shortcut for every screen: Ctrl/Cmd+1 … 7 in navigation
 * order, Ctrl/Cmd+N to enrol, Ctrl/Cmd+, for Settings on macOS.
 */
export function appMenuTemplate(platform: NodeJS.Platform, actions: MenuActions): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const screens: MenuItemConstructorOptions[] = SCREEN_IDS.map((id, i) => ({
    label: SCREEN_LABELS[id],
    accelerator: `CmdOrCtrl+${i + 1}`,
    click: () => actions.navigate(id),
  }));
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Enrol an account…', accelerator: 'CmdOrCtrl+N', click: () => actions.navigate('enroll') },
        {
          label: 'Force a customer re-sync…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () => actions.navigate('resync'),
        },
        { label: 'Refresh due accounts now', accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.refreshDue() },
        { type: 'separator' },
        ...(mac
          ? [{ label: 'Settings…', accelerator: 'Cmd+,', click: () => actions.navigate('settings') }]
          : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        ...screens,
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [{ label: 'Storage and system health', click: () => actions.navigate('settings') }],
    },
  ];
}

/** How many accounts the tray menu names before "and N more". */
export const TRAY_ATTENTION_ITEMS = 5;

/**
 * Shell: the tray menu, listing what needs attention first (pure, so it is unit-tested). `first` are
 * the most urgent accounts that need attention, as the store ordered them; `count` is how many do.
 */
export function trayMenuTemplate(
  attention: { first: readonly Account[]; count: number },
  actions: { open(accountId?: string): void; refreshDue(): void; quit(): void },
): MenuItemConstructorOptions[] {
  const listed: MenuItemConstructorOptions[] =
    attention.count === 0
      ? []
      : [
          { label: `Needs attention (${attention.count})`, enabled: false },
          ...attention.first.slice(0, TRAY_ATTENTION_ITEMS).map((a) => ({
            label: `${a.label.slice(0, 60)} — ${attentionReason(a)}`,
            click: () => actions.open(a.id),
          })),
          ...(attention.count > TRAY_ATTENTION_ITEMS
            ? [{ label: `and ${attention.count - TRAY_ATTENTION_ITEMS} more…`, click: () => actions.open() }]
            : []),
          { type: 'separator' as const },
        ];
  return [
    ...listed,
    { label: 'Open Gatehouse', click: () => actions.open() },
    { label: 'Refresh due accounts now', click: () => actions.refreshDue() },
    { type: 'separator' },
    { label: 'Quit Gatehouse', click: () => actions.quit() },
  ];
}
