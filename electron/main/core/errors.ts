import type { ApiError, ErrorCode } from '../../../shared/result';

/** An error with a stable code and a message an admin can act on. Safe to show anywhere. */
export class CoreError extends Error {
  readonly code: ErrorCode;
  /** What happened, without the remedy. */
  readonly what: string;
  /** What to do about it, when there is something to do. */
  readonly remedy: string | null;

  constructor(code: ErrorCode, what: string, remedy: string | null = null) {
    super(remedy ? `${what} ${remedy}` : what);
    this.name = 'CoreError';
    this.code = code;
    this.what = what;
    this.remedy = remedy;
  }
}

/**
 * Turns anything thrown into an ApiError. Unknown errors become a generic INTERNAL message: their
 * text may carry a provider body or a token, so it never crosses to a face.
 */
export function toApiError(error: unknown): ApiError {
  if (error instanceof CoreError) return { code: error.code, message: error.message };
  return {
    code: 'INTERNAL',
    message: 'Something went wrong inside Gatehouse. The details are in the local log; nothing was changed.',
  };
}

/** The `code` of a thrown Node, SQLite or library error ('' when it has none). */
export function errorCodeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}
