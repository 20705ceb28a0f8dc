import type { Provider } from '../../../../shared/domain';

const DAY = 86_400_000;

/**
 * How each provider's refresh token stays alive (providers.md 0, 1.4, 3.4, 4):
 * - Cafe24: 14 days, each refresh restarts them → refresh once half is gone (7 days).
 * - Microsoft: 90 days of inactivity, not announced in the response → estimated, refresh monthly.
 * - Google: dies after 6 months unused (7 days for apps in "Testing") → estimated, refresh monthly.
 * - Generic OIDC: halfway through a lifetime the server announces, else monthly.
 * - BigCommerce: a store API token never expires; nothing to keep alive.
 */
interface KeepAlive {
  /** Refresh at least this often. */
  intervalMs: number | null;
  /** When the server does not say when its refresh token ends: the life Gatehouse assumes. */
  estimatedLifetimeMs: number | null;
}

export const KEEP_ALIVE: Record<Provider, KeepAlive> = {
  cafe24: { intervalMs: 7 * DAY, estimatedLifetimeMs: 14 * DAY },
  microsoft: { intervalMs: 30 * DAY, estimatedLifetimeMs: 90 * DAY },
  google: { intervalMs: 30 * DAY, estimatedLifetimeMs: 180 * DAY },
  oidc: { intervalMs: 30 * DAY, estimatedLifetimeMs: null },
  bigcommerce: { intervalMs: null, estimatedLifetimeMs: null },
};

/** An access token is refreshed on use when it has less than this left (clock skew, slow calls). */
export const ACCESS_MARGIN_MS = 2 * 60_000;

/**
 * The refresh token's end, as the server said (`announced`) or as estimated from the provider's
 * rule; null when neither is known (then no level can be computed).
 */
export function refreshExpiry(
  provider: Provider,
  announced: number | null,
  refreshedAt: number,
): { at: number | null; estimated: boolean } {
  if (announced !== null) return { at: announced, estimated: false };
  const lifetime = KEEP_ALIVE[provider].estimatedLifetimeMs;
  return lifetime === null ? { at: null, estimated: false } : { at: refreshedAt + lifetime, estimated: true };
}

/**
 * When the keep-alive should refresh next: at the provider's interval, and never later than halfway
 * through what is left of the refresh token. Null when there is no refresh token to keep alive.
 */
export function nextKeepAlive(
  provider: Provider,
  hasRefreshToken: boolean,
  refreshedAt: number,
  refreshExpiresAt: number | null,
): number | null {
  const interval = KEEP_ALIVE[provider].intervalMs;
  if (!hasRefreshToken || interval === null) return null;
  let next = refreshedAt + interval;
  if (refreshExpiresAt !== null) next = Math.min(next, refreshedAt + Math.max(0, refreshExpiresAt - refreshedAt) / 2);
  return next;
}

/** Backoff after a failure that is not the account's: 1, 2, 4 … minutes, capped at 1 hour, with jitter. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(60 * 60_000, 60_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.8 + 0.4 * random()));
}
