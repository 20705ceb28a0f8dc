import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { I18N_OPTIONS, resolveLanguage, sayWith, withNumberFormats, type Language } from '../../shared/i18n';

/** The renderer's i18next, in the OS's language until the settings say otherwise. */
void i18next.use(initReactI18next).init({ ...I18N_OPTIONS, lng: resolveLanguage('system', navigator.languages) });
withNumberFormats(i18next);
document.documentElement.lang = i18next.language;

/**
 * Makes the number format of the current language once (the first costs tens of milliseconds: the
 * browser loads its locale data), while the first window is on its way rather than after it came.
 */
export function warmUp(): void {
  i18next.services.formatter?.format(0, 'number', i18next.language);
}

/** Follows the Language setting ("system" is the OS's preferred languages). */
export function applyLanguage(preference: Language | 'system'): void {
  const language = resolveLanguage(preference, navigator.languages);
  if (i18next.language !== language) void i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/** The language the screens speak now (for `Intl`). */
export function currentLanguage(): string {
  return i18next.language;
}

/** The translation function outside React (formatters, stores). */
export const t = i18next.t.bind(i18next);

/**
 * A message of the core in the screens' language: its catalogue words (`say`) when the catalogue has
 * them, else the English the core wrote.
 */
export function spoken(english: string, say?: { key: string; params?: Record<string, string | number> }): string {
  if (!say || !i18next.exists(say.key, say.params)) return english;
  return sayWith(i18next.t, say);
}

export { useTranslation };
