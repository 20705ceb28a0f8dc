import * as oidc from 'openid-client';
import type { Provider } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { neverSent } from '../signin/oauth-client';

/** What a failed refresh means for the account. */
export type RefreshFailure =
  /** The grant is gone: stop, keep the account, ask for a re-authorization. */
  | { kind: 'reauth'; code: string; message: string }
  /** Not the account's fault (network, 5xx, 429): keep every token, try later; the provider is degraded. */
  | { kind: 'transient'; code: string; message: string; retryAfterMs: number | null; sent: boolean }
  /** This computer cannot open its vault right now (keychain locked or absent): pause, ask to unlock. */
  | { kind: 'local'; code: string; message: string };

const MAX_WAIT_MS = 60 * 60_000;

/** Refresh-time Microsoft codes (providers.md 3.5), in plain words. */
const AADSTS_REFRESH: Record<string, string> = {
  '70008': 'the refresh token expired after 90 days without use',
  '700082': 'the refresh token expired after 90 days without use',
  '700084': 'the refresh token reached its fixed lifetime',
  '50173': 'the grant was revoked (a password change, or an admin or the user revoked access)',
  '50076': 'multi-factor authentication is now required',
  '65001': 'consent for the app was withdrawn',
};

/**
 * Sorts a refresh failure. Only error codes and known provider codes are used: provider text
 * (`error_description`, bodies) may echo anything, so it never reaches a message.
 */
export function classifyRefreshFailure(provider: Provider, caught: unknown): RefreshFailure {
  if (caught instanceof CoreError) {
    if (caught.code.startsWith('KEYCHAIN')) return { kind: 'local', code: caught.code, message: caught.message };
    if (caught.code === 'KEY_MISMATCH') return { kind: 'reauth', code: 'key_mismatch', message: caught.message };
    return { kind: 'local', code: caught.code, message: caught.message };
  }
  const response = responseOf(caught);
  if (caught instanceof oidc.ResponseBodyError) {
    const error = caught.error;
    if (['invalid_grant', 'invalid_client', 'unauthorized_client', 'invalid_scope'].includes(error))
      return reauth(provider, error, caught.error_description ?? '', caught.cause);
    if (error === 'temporarily_unavailable' || caught.status >= 500 || caught.status === 429)
      return transient(`http_${caught.status}`, provider, response, true);
    return reauth(provider, error, caught.error_description ?? '', caught.cause);
  }
  if (response) {
    if (response.status === 429 || response.status >= 500 || response.status === 403)
      return transient(`http_${response.status}`, provider, response, true);
    return transient('invalid_response', provider, response, true);
  }
  const code = (caught as { code?: string }).code ?? '';
  if ((code.startsWith('OAUTH_') && code !== 'OAUTH_TIMEOUT') || code === 'RESPONSE_TOO_LARGE')
    return {
      kind: 'transient',
      code: 'invalid_response',
      message: `${name(provider)} answered the refresh with something that is not a valid token response; every token was kept. Gatehouse tries again later.`,
      retryAfterMs: null,
      sent: true,
    };
  if (neverSent(caught))
    return {
      kind: 'transient',
      code: 'network',
      message: `${name(provider)} could not be reached (network or DNS); every token was kept. Gatehouse tries again with backoff.`,
      retryAfterMs: null,
      sent: false,
    };
  return {
    kind: 'transient',
    code: 'no_answer',
    message: `${name(provider)} did not answer the refresh in time (timeout or connection reset); every token was kept. Gatehouse tries again later.`,
    retryAfterMs: null,
    sent: true,
  };
}

function reauth(provider: Provider, error: string, description: string, body: unknown): RefreshFailure {
  const codes = (body as { error_codes?: unknown } | undefined)?.error_codes;
  const aad =
    provider === 'microsoft'
      ? (/AADSTS(\d{5,7})/.exec(description)?.[1] ?? (Array.isArray(codes) ? String(codes[0]) : undefined))
      : undefined;
  if (aad) {
    const why = AADSTS_REFRESH[aad] ?? 'see the Microsoft error code reference for this code';
    return {
      kind: 'reauth',
      code: `AADSTS${aad}`,
      message: `Microsoft refused the refresh (AADSTS${aad}): ${why}. Re-authorize the account; it keeps its settings.`,
    };
  }
  const code = error.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60) || 'error';
  if (code === 'invalid_grant') {
    const why: Record<Provider, string> = {
      cafe24: 'Cafe24 refresh tokens are single-use and last 14 days: this one was already used or has expired',
      google:
        'Google says the token has expired or been revoked (access revoked, a password change on a Gmail account, 6 months unused, or the 7-day limit of an app in "Testing")',
      microsoft: 'Microsoft no longer accepts this refresh token (expired or revoked)',
      oidc: 'the identity provider no longer accepts this refresh token (expired, revoked or already used)',
      bigcommerce: 'the store refused the token',
    };
    return {
      kind: 'reauth',
      code,
      message: `${why[provider]}. Re-authorize the account; it keeps its settings.`,
    };
  }
  if (code === 'invalid_client' || code === 'unauthorized_client')
    return {
      kind: 'reauth',
      code,
      message: `${name(provider)} no longer accepts this app's client id or secret. Fix the app registration or the account's client settings, then re-authorize.`,
    };
  return {
    kind: 'reauth',
    code,
    message: `${name(provider)} refused the refresh with "${code}". Re-authorize the account.`,
  };
}

function transient(code: string, provider: Provider, response: Response | null, sent: boolean): RefreshFailure {
  const wait = response ? waitFromHeaders(response.headers, Date.now()) : null;
  const what =
    code === 'http_429'
      ? 'is rate-limiting Gatehouse'
      : code === 'invalid_response'
        ? 'answered with something that is not a token response'
        : 'had a server problem';
  return {
    kind: 'transient',
    code,
    message: `${name(provider)} ${what}${wait !== null ? ` (asked to wait ${Math.ceil(wait / 1000)} s)` : ''}; every token was kept. Gatehouse tries again later.`,
    retryAfterMs: wait,
    sent,
  };
}

/**
 * How long a provider asked to wait, from whichever header it uses: `Retry-After` (seconds or an
 * HTTP date), BigCommerce's `X-Rate-Limit-Time-Reset-Ms` and `X-Retry-After`, Cafe24's
 * `X-Cafe24-Call-Remain` / `X-Cafe24-Time-Remain`. Capped at one hour; null when none is usable.
 */
export function waitFromHeaders(headers: Headers, now: number): number | null {
  const candidates: number[] = [];
  const retryAfter = headers.get('retry-after')?.trim();
  if (retryAfter) {
    if (/^\d+$/.test(retryAfter)) candidates.push(Number(retryAfter) * 1000);
    else {
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) candidates.push(Math.max(0, date - now));
    }
  }
  const resetMs = headers.get('x-rate-limit-time-reset-ms')?.trim();
  if (resetMs && /^\d+$/.test(resetMs)) candidates.push(Number(resetMs));
  for (const name of ['x-retry-after', 'x-cafe24-call-remain', 'x-cafe24-time-remain']) {
    const value = headers.get(name)?.trim();
    if (value && /^\d+(\.\d+)?$/.test(value)) candidates.push(Number(value) * 1000);
  }
  if (candidates.length === 0) return null;
  return Math.min(MAX_WAIT_MS, Math.max(...candidates));
}

function responseOf(caught: unknown): Response | null {
  for (const candidate of [(caught as { response?: unknown }).response, (caught as { cause?: unknown }).cause]) {
    if (candidate instanceof Response) return candidate;
  }
  return null;
}

function name(provider: Provider): string {
  return {
    cafe24: 'Cafe24',
    google: 'Google',
    microsoft: 'Microsoft',
    oidc: 'The identity provider',
    bigcommerce: 'BigCommerce',
  }[provider];
}
