/** Stable error codes that cross every face (IPC, CLI, test host). Messages say what to do. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'UNKNOWN_CHANNEL',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'KEYCHAIN_UNAVAILABLE',
  'KEYCHAIN_LOCKED',
  'KEYCHAIN_TIMEOUT',
  'KEY_MISMATCH',
  'NEEDS_REAUTH',
  'PROVIDER_UNAVAILABLE',
  'DATABASE_NEWER',
  'DATABASE_CORRUPT',
  'DATABASE_UNAVAILABLE',
  'DISK_FULL',
  'PREFERENCES_INVALID',
  'AUDIT_UNAVAILABLE',
  'STORE_MOVED',
  'NOT_A_MEMBER',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * Which words say a message, so each face says it in its reader's language: a key of the shared
 * catalogue (shared/i18n) and its values. `message` beside it is the same in English.
 */
export interface Say {
  key: string;
  params?: Record<string, string | number>;
}

export interface ApiError {
  code: ErrorCode;
  message: string;
  say?: Say;
  /** For INVALID_INPUT: each field that is wrong, in plain words, so a form can show it beside the field. */
  fields?: { field: string; message: string; say?: Say }[];
}

/** The shape of every reply: a value, or an error an admin can act on. Never a stack. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Builds a successful result. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Builds a failed result. */
export function fail<T = never>(code: ErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}
