import type { TFunction } from 'i18next';
import type { Say } from '../../../shared/result';
import { createTranslator, resolveLanguage, sayWith, type Language } from '../../../shared/i18n';
import type { Services } from './services';
import { readSettings } from './settings/preferences';

/**
 * The OS's preferred languages as a plain process sees them: LC_ALL, LC_MESSAGES, LANG, LANGUAGE
 * (ko_KR.UTF-8 → ko-KR), then ICU's default locale.
 */
export function environmentLocales(env: NodeJS.ProcessEnv = process.env): string[] {
  const found: string[] = [];
  for (const name of ['LC_ALL', 'LC_MESSAGES', 'LANG']) {
    const value = env[name];
    if (value && value !== 'C' && value !== 'POSIX') {
      found.push(value);
      break;
    }
  }
  for (const part of (env.LANGUAGE ?? '').split(':')) if (part) found.push(part);
  found.push(Intl.DateTimeFormat().resolvedOptions().locale);
  return found;
}

const translators = new Map<Language, TFunction>();

/**
 * What the core says to a person outside the screens (a desktop notification, Slack, the page a
 * sign-in ends on in the browser), in the Language setting's language, or the OS's: the settings
 * are read once per call, so read it once per message.
 */
export function voice(s: Pick<Services, 'prefs' | 'locales'>): { t: TFunction; language: Language } {
  const language = spokenLanguage(s);
  let t = translators.get(language);
  if (!t) translators.set(language, (t = createTranslator(language).t));
  return { t, language };
}

/** The translation function of `voice`. */
export function speaker(s: Pick<Services, 'prefs' | 'locales'>): TFunction {
  return voice(s).t;
}

/** The language the core speaks to a person now: the Language setting's, or the OS's. */
export function spokenLanguage(s: Pick<Services, 'prefs' | 'locales'>): Language {
  return resolveLanguage(readSettings(s.prefs).settings.language, s.locales);
}

/** A Say in `t`'s language. */
export function spoken(t: TFunction, say: Say): string {
  return sayWith(t, say);
}
