import { describe, expect, it } from 'vitest';
import { createTranslator, LANGUAGES, RESOURCES, resolveLanguage, type Language } from '../shared/i18n';

/** Every leaf of a catalogue as "a.b.c" → text. */
function flatten(node: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof node === 'string') out.set(prefix, node);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

const PLURAL = /_(zero|one|two|few|many|other)$/;
const placeholders = (text: string) =>
  new Set([...text.matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1] as string));

/** The keys a language must have: English's, with each plural group in that language's own forms. */
function expectedKeys(language: Language): Map<string, string> {
  const english = flatten(RESOURCES.en.translation);
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const want = new Map<string, string>();
  for (const [key, text] of english) {
    if (!PLURAL.test(key)) want.set(key, text);
    else if (key.endsWith('_other')) {
      const base = key.replace(PLURAL, '');
      // i18next uses the language's CLDR forms; "zero", "two" and "few" do not occur in these three.
      for (const c of categories) want.set(`${base}_${c}`, text);
    }
  }
  return want;
}

describe('catalogues: no key is missing in any language (the CI check)', () => {
  for (const language of LANGUAGES) {
    it(`${language} has exactly the keys it needs, each with English's placeholders`, () => {
      const have = flatten(RESOURCES[language].translation);
      const want = expectedKeys(language);
      const missing = [...want.keys()].filter((k) => !have.has(k));
      const extra = [...have.keys()].filter((k) => !want.has(k));
      expect({ missing, extra }).toEqual({ missing: [], extra: [] });
      for (const [key, english] of want) {
        const text = have.get(key) as string;
        expect(text.trim(), `${language}: ${key} is empty`).not.toBe('');
        const expected = placeholders(english);
        const got = placeholders(text);
        // The "one" form may say the number in words ("la première"), so it may leave out {{count}}.
        if (key.endsWith('_one')) {
          expected.delete('count');
          got.delete('count');
        }
        expect([...got].sort(), `${language}: ${key}`).toEqual([...expected].sort());
      }
    });
  }
});

describe('translators', () => {
  it('render every message of every language whole: no placeholder or nested key left over', () => {
    for (const language of LANGUAGES) {
      const { t } = createTranslator(language);
      for (const [key, text] of flatten(RESOURCES[language].translation)) {
        const params: Record<string, unknown> = Object.fromEntries(
          [...placeholders(text)].map((p) => [p, p === 'count' ? 3 : `<${p}>`]),
        );
        if (PLURAL.test(key)) params.count = 3;
        const base = key.replace(PLURAL, '');
        const out = t(base as never, params as never) as unknown as string;
        expect(out, `${language}: ${key}`).not.toMatch(/\{\{|\$t\(|^[a-z]+\.[\w.]+$/);
      }
    }
  });

  it('speak each language with its plurals and numbers from Intl', () => {
    expect(createTranslator('en').t('accounts.total', { count: 1 })).toBe('1 account');
    expect(createTranslator('en').t('accounts.total', { count: 10_000 })).toBe('10,000 accounts');
    expect(createTranslator('ko').t('accounts.total', { count: 10_000 })).toBe('계정 10,000개');
    expect(createTranslator('fr').t('accounts.total', { count: 2 })).toBe('2 comptes');
    // French's "many" form (a million) and its narrow no-break space between thousands.
    expect(createTranslator('fr').t('accounts.total', { count: 1_000_000 })).toBe('1\u202f000\u202f000 de comptes');
  });

  it('follow the OS when the setting says "system", else the setting', () => {
    expect(resolveLanguage('system', ['ko-KR', 'en-US'])).toBe('ko');
    expect(resolveLanguage('system', ['de-DE', 'fr-CA'])).toBe('fr');
    expect(resolveLanguage('system', ['de-DE'])).toBe('en');
    expect(resolveLanguage('system', ['ko_KR.UTF-8'])).toBe('ko');
    expect(resolveLanguage('fr', ['ko-KR'])).toBe('fr');
  });
});
