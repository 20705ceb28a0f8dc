import type { ParseKeys } from 'i18next';
import { inEnglish, sayWith } from '../../../shared/i18n';
import type { Say } from '../../../shared/result';

/** A key of the shared catalogue (plural keys by their base: "x", not "x_one"). */
export type MessageKey = ParseKeys;

/** A message the core writes: English for logs, the CLI and stored text; its key for every other language. */
export interface Said {
  message: string;
  say: Say;
}

/** The catalogue's `key` with `params`, in English and as a key (see shared/i18n). */
export function said(key: MessageKey, params: Record<string, string | number> = {}): Said {
  return { message: english({ key, params }), say: { key, params } };
}

/** A Say in English. */
export function english(say: Say): string {
  // A message without parameters reads the same every time: said once (a refresh says one per account).
  if (say.params && Object.keys(say.params).length > 0) return sayWith(inEnglish, say);
  let text = plain.get(say.key);
  if (text === undefined) {
    text = sayWith(inEnglish, say);
    // (Bounded: a stored Say read back could name any key.)
    if (plain.size < 1_000) plain.set(say.key, text);
  }
  return text;
}
/** English messages without parameters, by key (the catalogue is fixed while the process runs). */
const plain = new Map<string, string>();

/** A Say as stored beside its English (a TEXT column), or null. */
export function storedSay(say: Say | null | undefined): string | null {
  return say ? JSON.stringify(say) : null;
}

/** A stored Say read back; anything that is not one (an older row, a hand edit) is null, never an error. */
export function readSay(text: string | null | undefined): Say | null {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object') return null;
    const { key, params } = value as { key?: unknown; params?: unknown };
    if (typeof key !== 'string' || key.length > 200) return null;
    if (params === undefined) return { key };
    if (!params || typeof params !== 'object' || Array.isArray(params)) return null;
    const clean: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(params)) {
      if (typeof v === 'string') clean[k] = v.slice(0, 2000);
      else if (typeof v === 'number' && Number.isFinite(v)) clean[k] = v;
      else return null;
    }
    return { key, params: clean };
  } catch {
    return null;
  }
}
