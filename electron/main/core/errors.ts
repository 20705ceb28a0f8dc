import { inEnglish, sayWith } from '../../../shared/i18n';
import type { ParseKeys } from 'i18next';
import type { ApiError, ErrorCode, Say } from '../../../shared/result';

/** A catalogue key without its plural ending ("x_one", "x_other" → "x"). */
export type BaseKey<K extends string> = K extends `${infer B}_${'one' | 'other'}` ? B : K;

/** A key of the catalogue (by convention in its `errors` section). */
export type ErrorKey = ParseKeys;

/** An error with a stable code and a message an admin can act on. Safe to show anywhere. */
export class CoreError extends Error {
  readonly code: ErrorCode;
  /** What happened, without the remedy. */
  readonly what: string;
  /** What to do about it, when there is something to do. */
  readonly remedy: string | null;
  /** Its words in the catalogue, for faces that speak another language (null: English only). */
  readonly say: Say | null;
  /** The problems it lists, each in its words (a form or a list shows them one by one). */
  readonly fields: ApiError['fields'] | null;

  constructor(
    code: ErrorCode,
    what: string,
    remedy: string | null = null,
    say: Say | null = null,
    fields: ApiError['fields'] | null = null,
  ) {
    super(remedy ? `${what} ${remedy}` : what);
    this.name = 'CoreError';
    this.code = code;
    this.what = what;
    this.remedy = remedy;
    this.say = say;
    this.fields = fields;
  }

  /** An error whose words are the catalogue's `key`: English here, each face's language there. */
  static say(
    code: ErrorCode,
    key: ErrorKey,
    params: Record<string, string | number> = {},
    fields: ApiError['fields'] | null = null,
  ): CoreError {
    return new CoreError(code, sayWith(inEnglish, { key, params }), null, { key, params }, fields);
  }
}

/**
 * Turns anything thrown into an ApiError. Unknown errors become a generic INTERNAL message: their
 * text may carry a provider body or a token, so it never crosses to a face.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof CoreError)
    return {
      code: error.code,
      message: error.message,
      ...(error.say ? { say: error.say } : {}),
      ...(error.fields ? { fields: error.fields } : {}),
    };
  return { code: 'INTERNAL', message: inEnglish('errors.internal'), say: { key: 'errors.internal' } };
}

/** The `code` of a thrown Node, SQLite or library error ('' when it has none). */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
