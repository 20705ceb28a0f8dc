import * as oidc from 'openid-client';
import type { Provider } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { said, type Said } from '../said';
import { neverSent } from '../signin/oauth-client';
import { isDiskFull } from '../store/disk';

/** What a failed refresh means for the account. */
export type RefreshFailure = Said &
  (
    | /** The grant is gone: stop, keep the account, ask for a re-authorization. */
      { kind: 'reauth'; code: string }
      /** Not the account's fault (network, 5xx, 429): keep every token, try later; the provider is degraded. */
    | { kind: 'transient'; code: string; retryAfterMs: number | null; sent: boolean }
    /** This computer cannot open its vault right now (keychain locked or absent): pause, ask to unlock. */
    | { kind: 'local'; code: string }
  );

const MAX_WAIT_MS = 60 * 60_000;

/** Refresh-time Microsoft codes (providers.md 3.5): their words are `failure.aad.<code>`. */
const AADSTS_REFRESH = new Set(['70008', '700082', '700084', '50173', '50076', '65001']);

/**
 * Sorts a refresh failure. Only error codes and known provider codes are used: provider text
 * (`error_description`, bodies) may echo anything, so it never reaches a message.
 */
export function classifyRefreshFailure(provider: Provider, caught: unknown): RefreshFailure {
  if (caught instanceof CoreError) {
    const words: Said = {
      message: caught.message,
      say: caught.say ?? { key: 'failure.plain', params: { text: caught.message } },
    };
    if (caught.code === 'KEY_MISMATCH') return { kind: 'reauth', code: 'key_mismatch', ...words };
    return { kind: 'local', code: caught.code, ...words };
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
  // This computer's disk, not the provider: it filled after the exchange, once the reserve was spent,
  // and the rotated token waits in its write-ahead (a write-ahead that failed is `rotationLost`'s to
  // say, and never reaches here). The account is tried again with backoff.
  if (isDiskFull(caught)) return { kind: 'local', code: 'disk_full', ...said('failure.diskFull') };
  const code = (caught as { code?: string }).code ?? '';
  if ((code.startsWith('OAUTH_') && code !== 'OAUTH_TIMEOUT') || code === 'RESPONSE_TOO_LARGE')
    return {
      kind: 'transient',
      code: 'invalid_response',
      ...said('failure.invalidResponse', { provider: name(provider) }),
      retryAfterMs: null,
      sent: true,
    };
  if (neverSent(caught))
    return {
      kind: 'transient',
      code: 'network',
      ...said('failure.network', { provider: name(provider) }),
      retryAfterMs: null,
      sent: false,
    };
  return {
    kind: 'transient',
    code: 'no_answer',
    ...said('failure.noAnswer', { provider: name(provider) }),
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
    return {
      kind: 'reauth',
      code: `AADSTS${aad}`,
      ...(AADSTS_REFRESH.has(aad)
        ? said(`failure.aad.${aad}` as 'failure.aad.70008', { code: `AADSTS${aad}` })
        : said('failure.aadOther', { code: `AADSTS${aad}` })),
    };
  }
  const code = error.replace(/[^a-z0-9_.-]/gi, '').slice(0, 60) || 'error';
  // Why each provider refuses a grant is a provider fact: `failure.invalidGrant.<provider>`.
  if (code === 'invalid_grant') return { kind: 'reauth', code, ...said(`failure.invalidGrant.${provider}`) };
  if (code === 'invalid_client' || code === 'unauthorized_client')
    return { kind: 'reauth', code, ...said('failure.invalidClient', { provider: name(provider) }) };
  return { kind: 'reauth', code, ...said('failure.refused', { provider: name(provider), code }) };
}

function transient(code: string, provider: Provider, response: Response | null, sent: boolean): RefreshFailure {
  const wait = response ? waitFromHeaders(response.headers, Date.now()) : null;
  const what = code === 'http_429' ? 'rateLimited' : code === 'invalid_response' ? 'notToken' : 'server';
  const params = { provider: name(provider), seconds: wait === null ? 0 : Math.ceil(wait / 1000) };
  return {
    kind: 'transient',
    code,
    ...said(wait === null ? `failure.${what}` : `failure.${what}Wait`, params),
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
    oidc: 'OpenID',
    bigcommerce: 'BigCommerce',
  }[provider];
}
