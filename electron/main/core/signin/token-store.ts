import type { TokenEndpointResponse } from 'openid-client';
import type { Provider } from '../../../../shared/domain';
import type { Services } from '../services';
import type { AccountRow } from '../store/accounts';
import { together } from '../store/together';
import { nextKeepAlive, refreshExpiry } from '../tokens/policy';

const MAX_LIFETIME_MS = 400 * 86_400_000;

/**
 * Seals a token response and records it on the account, in the caller's transaction (or one of its
 * own). A response without a refresh token keeps the one already stored.
 */
export async function storeTokens(
  s: Services,
  accountId: string,
  provider: Provider,
  tokens: TokenEndpointResponse,
  requestedScopes: string[],
  /** The account row as the caller's transaction already read it (saves reading it again). */
  known?: Pick<AccountRow, 'refresh_expires_at'>,
): Promise<void> {
  const now = s.clock.now();
  const { accessExpiresAt, refreshExpiresAt: announced } = expiries(provider, tokens, now);
  const granted = typeof tokens.scope === 'string' ? tokens.scope.split(/[ ,]+/).filter(Boolean) : requestedScopes;
  const rotated = typeof tokens.refresh_token === 'string' && tokens.refresh_token.length > 0;
  await s.store.transaction(async (tx) => {
    // Read before the tokens are written (the access token alone leaves the refresh token as it was).
    const hasRefreshToken = rotated || (await tx.credentials.has(accountId, 'refresh_token'));
    const previous = known ?? (await tx.accounts.get(accountId));
    const refresh = hasRefreshToken
      ? refreshEnd(provider, announced, rotated, now, previous?.refresh_expires_at ?? null)
      : { at: null, estimated: false };
    // The sealed tokens and their metadata do not depend on each other: sent together.
    await together([
      s.vault.putMany(
        accountId,
        rotated
          ? [
              ['access_token', tokens.access_token],
              ['refresh_token', tokens.refresh_token],
            ]
          : [['access_token', tokens.access_token]],
      ),
      tx.accounts.recordTokens(
        accountId,
        {
          accessExpiresAt,
          refreshExpiresAt: refresh.at,
          estimated: refresh.estimated,
          nextRefreshAt: nextKeepAlive(provider, hasRefreshToken, now, refresh.at),
          grantedScopes: granted,
        },
        now,
      ),
    ]);
  });
}

/**
 * The refresh token's end after a token response. A response without a refresh token keeps the old
 * token and, unless the provider's rule is "N days after last use" (estimated anew), its old end.
 */
function refreshEnd(
  provider: Provider,
  announced: number | null,
  rotated: boolean,
  now: number,
  previous: number | null,
): { at: number | null; estimated: boolean } {
  if (rotated || announced !== null) return refreshExpiry(provider, announced, now);
  const estimate = refreshExpiry(provider, null, now);
  return estimate.estimated ? estimate : { at: previous, estimated: false };
}

/**
 * Access and refresh expiry as instants. `expires_in` is clamped to a sane range. Cafe24 sends
 * timestamps without a timezone, so lifetimes are taken as `expires_at − issued_at` (providers.md 1.3).
 */
export function expiries(
  provider: Provider,
  tokens: TokenEndpointResponse,
  now: number,
): { accessExpiresAt: number | null; refreshExpiresAt: number | null } {
  const raw = tokens as Record<string, unknown>;
  if (provider === 'cafe24' && typeof raw.issued_at === 'string') {
    const issued = naive(raw.issued_at);
    const access = typeof raw.expires_at === 'string' ? naive(raw.expires_at) : null;
    const refresh = typeof raw.refresh_token_expires_at === 'string' ? naive(raw.refresh_token_expires_at) : null;
    return {
      accessExpiresAt: issued !== null && access !== null ? now + clamp(access - issued) : null,
      refreshExpiresAt: issued !== null && refresh !== null ? now + clamp(refresh - issued) : null,
    };
  }
  const expiresIn = Number(raw.expires_in);
  return {
    accessExpiresAt: Number.isFinite(expiresIn) && expiresIn > 0 ? now + clamp(expiresIn * 1000) : null,
    refreshExpiresAt: null,
  };
}

/** Parses `2021-03-01T14:00:00.000` as a wall-clock instant; only differences between two are used. */
function naive(text: string): number | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?/.exec(text);
  if (!match) return null;
  const [y = 0, mo = 1, d = 1, h = 0, mi = 0, se = 0] = match.slice(1).map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, se);
}

function clamp(ms: number): number {
  return Math.min(Math.max(ms, 0), MAX_LIFETIME_MS);
}
