import { createInstance, type i18n, type TFunction } from 'i18next';
import { en } from './en';
import { fr } from './fr';
import { ko } from './ko';

/** The languages every string exists in (the CI check holds each to English's keys). */
export const LANGUAGES = ['en', 'ko', 'fr'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Each language's name in itself, for the language picker. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', ko: '한국어', fr: 'Français' };

/** The catalogues, as i18next resources (one namespace). */
export const RESOURCES = {
  en: { translation: en },
  ko: { translation: ko },
  fr: { translation: fr },
} as const;

/**
 * The language to speak: the one chosen, or the first of the OS's preferred locales that Gatehouse
 * speaks ("ko-KR" → ko), else English.
 */
export function resolveLanguage(preference: Language | 'system', locales: readonly string[]): Language {
  if (preference !== 'system') return preference;
  for (const locale of locales) {
    const base = locale.toLowerCase().split(/[-_.@]/)[0];
    const found = LANGUAGES.find((l) => l === base);
    if (found) return found;
  }
  return 'en';
}

/** The shared i18next options: English is the fallback, React escapes, plurals come from `Intl`. */
export const I18N_OPTIONS = {
  resources: RESOURCES,
  fallbackLng: 'en',
  supportedLngs: LANGUAGES as unknown as string[],
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
  showSupportNotice: false,
} as const;

/**
 * `{{count, number}}` with one `Intl.NumberFormat` per language, made once. i18next's own cache keys
 * its formatters on every parameter of the call, so it built a new one for each string with a new
 * count (issue #16, B5: about a quarter of the Accounts screen's first render).
 */
export function withNumberFormats(instance: i18n): void {
  const formats = new Map<string, Intl.NumberFormat>();
  instance.services.formatter?.add('number', (value: unknown, lng: string | undefined) => {
    const language = lng ?? 'en';
    let format = formats.get(language);
    if (!format) {
      format = new Intl.NumberFormat(language);
      formats.set(language, format);
    }
    return typeof value === 'number' ? format.format(value) : String(value);
  });
}

/** A separate i18next instance in `language`, ready at once (the catalogues are bundled). */
export function createTranslator(language: Language): { i18n: i18n; t: TFunction } {
  const instance = createInstance();
  void instance.init({ ...I18N_OPTIONS, lng: language });
  withNumberFormats(instance);
  return { i18n: instance, t: instance.t.bind(instance) };
}

/** English, for what the core writes itself (logs, the CLI, stored text) from the same catalogue. */
export const inEnglish: TFunction = ((...args: unknown[]) => {
  // Made on first use: the renderer imports this module but speaks through its own instance.
  english ??= createTranslator('en').t;
  return (english as unknown as (...a: unknown[]) => string)(...args);
}) as unknown as TFunction;
let english: TFunction | null = null;

/**
 * A schema's own complaint, written in the schema as a catalogue key ("field.custom.mallId"), as a
 * Say; null for any other text (which is shown as it is).
 */
export function customIssue(message: string): { key: string } | null {
  return message.startsWith('field.custom.') && inEnglish(message as never) !== message ? { key: message } : null;
}

/**
 * A Say in `t`'s language. A value that is itself a schema's complaint key ("field.custom.email") is
 * said too, so "{{field}} {{problem}}" reads whole in every language.
 */
export function sayWith(t: TFunction, say: { key: string; params?: Record<string, string | number> }): string {
  const params: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(say.params ?? {}))
    params[name] = typeof value === 'string' && customIssue(value) ? t(value as never) : value;
  return (t as unknown as (key: string, params: object) => string)(say.key, params);
}
