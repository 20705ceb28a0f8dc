import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import { I18N_OPTIONS, resolveLanguage, sayWith, withNumberFormats, type Language } from '../../shared/i18n';

/** The renderer's i18next, in the OS's language until the settings say otherwise. */
void i18next.use(initReactI18next).init({ ...I18N_OPTIONS, lng: resolveLanguage('system', navigator.languages) });
withNumberFormats(i18next);
document.documentElement.lang = i18next.language;

/**
 * Makes the number format of the current language once (the first costs tens of milliseconds: the
 * browser loads its locale data), and says a first counted phrase (i18next's first plural, with its
 * interpolation and format: 4–11 ms more in Chromium here), while the first window is on its way
 * rather than after it came.
 */
export function warmUp(): void {
  i18next.services.formatter?.format(0, 'number', i18next.language);
  i18next.t('accounts.total', { count: 2 });
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

/**
 * What a key says in the current language with the given values filled in, by key and values: the
 * catalogues never change, so neither does the answer. Emptied when the language changes, and when
 * it grows past a few thousand phrases (a label per account scrolled past).
 */
const said = new Map<string, string>();
const SAID_AT_MOST = 4000;
i18next.on('languageChanged', () => said.clear());

/** The cache's name for a call: null when a value is not text, a number or a boolean (never kept). */
function phraseId(key: unknown, rest: unknown[]): string | null {
  if (typeof key !== 'string' || rest.length > 1) return null;
  const values = rest[0];
  if (values === undefined) return key;
  if (typeof values !== 'object' || values === null) return null;
  for (const value of Object.values(values)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return null;
  }
  return `${key}\u0000${JSON.stringify(values)}`;
}

/**
 * The translation function outside React (formatters, stores). Each phrase is resolved once per
 * language: i18next resolves every call afresh (fallbacks, plural rules, interpolation, formats),
 * 0.1–1 ms each while the page is new, and the Accounts screen's first render says a few hundred
 * (issue #16, B5).
 */
export const t = ((key: unknown, ...rest: unknown[]) => {
  const say = () => (i18next.t as unknown as (key: unknown, ...rest: unknown[]) => string).call(i18next, key, ...rest);
  const id = phraseId(key, rest);
  if (id === null) return say();
  let text = said.get(id);
  if (text === undefined) {
    text = say();
    if (said.size >= SAID_AT_MOST) said.clear();
    said.set(id, text);
  }
  return text;
}) as unknown as typeof i18next.t;

/**
 * A message of the core in the screens' language: its catalogue words (`say`) when the catalogue has
 * them, else the English the core wrote.
 */
export function spoken(english: string, say?: { key: string; params?: Record<string, string | number> }): string {
  if (!say || !i18next.exists(say.key, say.params)) return english;
  return sayWith(i18next.t, say);
}

export { useTranslation };
