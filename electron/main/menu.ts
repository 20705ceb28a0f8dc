import type { MenuItemConstructorOptions } from 'electron';
import type { TFunction } from 'i18next';
import { SCREEN_IDS, type Account, type ScreenId } from '../../shared/domain';
import { createTranslator, inEnglish, resolveLanguage } from '../../shared/i18n';
import type { Settings } from '../../shared/domain';

/** The shell's words (menus, tray): the Language setting's language, or the OS's. */
export function shellTranslator(language: Settings['language'], osLocales: readonly string[]): TFunction {
  return createTranslator(resolveLanguage(language, osLocales)).t;
}

export interface MenuActions {
  navigate(screen: ScreenId): void;
  refreshDue(): void;
}

/**
 * Shell: the application menu, as a plain template (unit-tested in tests/shell.test.ts). The usual
 * roles (edit, zoom, window, quit) and a shortcut for every screen: Ctrl/Cmd+1 … 7 in navigation
 * order, Ctrl/Cmd+N to enrol, Ctrl/Cmd+, for Settings on macOS.
 */
export function appMenuTemplate(
  platform: NodeJS.Platform,
  actions: MenuActions,
  /** The menus' language (the Language setting's, or the OS's). */
  t: TFunction = inEnglish,
): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin';
  const screens: MenuItemConstructorOptions[] = SCREEN_IDS.map((id, i) => ({
    label: t(`nav.${id}`),
    accelerator: `CmdOrCtrl+${i + 1}`,
    click: () => actions.navigate(id),
  }));
  return [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    {
      label: t('shell.file'),
      submenu: [
        { label: t('shell.enrol'), accelerator: 'CmdOrCtrl+N', click: () => actions.navigate('enroll') },
        {
          label: t('shell.resync'),
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () => actions.navigate('resync'),
        },
        { label: t('palette.refreshDue'), accelerator: 'CmdOrCtrl+Shift+R', click: () => actions.refreshDue() },
        { type: 'separator' },
        ...(mac
          ? [{ label: t('shell.settings'), accelerator: 'Cmd+,', click: () => actions.navigate('settings') }]
          : [{ role: 'quit' as const }]),
      ],
    },
    { role: 'editMenu' },
    {
      label: t('shell.view'),
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
      submenu: [{ label: t('settings.health.title'), click: () => actions.navigate('settings') }],
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
  t: TFunction = inEnglish,
): MenuItemConstructorOptions[] {
  const listed: MenuItemConstructorOptions[] =
    attention.count === 0
      ? []
      : [
          { label: t('shell.needsAttention', { count: attention.count }), enabled: false },
          ...attention.first.slice(0, TRAY_ATTENTION_ITEMS).map((a) => ({
            label: `${a.label.slice(0, 60)} — ${t(`health.${a.health.key}`)}`,
            click: () => actions.open(a.id),
          })),
          ...(attention.count > TRAY_ATTENTION_ITEMS
            ? [
                {
                  label: t('shell.andMore', { count: attention.count - TRAY_ATTENTION_ITEMS }),
                  click: () => actions.open(),
                },
              ]
            : []),
          { type: 'separator' as const },
        ];
  return [
    ...listed,
    { label: t('shell.open'), click: () => actions.open() },
    { label: t('palette.refreshDue'), click: () => actions.refreshDue() },
    { type: 'separator' },
    { label: t('shell.quit'), click: () => actions.quit() },
  ];
}
