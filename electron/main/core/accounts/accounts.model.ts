import type { Account, ExpiryLevel, Provider } from '../../../../shared/domain';
import type { AccountRow } from '../store/accounts';
import type { AccountConfig } from '../providers/providers';
import { expiryLevel, type ExpiryThresholds } from './expiry';
import { accountHealth } from './health';

export type { AccountRow };

/** Providers whose credential never expires (a store-level API token). */
const NON_EXPIRING: ReadonlySet<Provider> = new Set(['bigcommerce']);

/** Maps a stored row to what the faces may see: metadata only. */
export function toAccount(row: AccountRow, now: number, thresholds: ExpiryThresholds): Account {
  const connected = row.status === 'connected';
  // A grant that was refused holds no working token, whatever its stored ends say.
  const refused = row.status === 'needs_reauth' || row.status === 'error';
  // Access tokens live minutes to hours and are renewed on use: only "expired" or not is news.
  const accessLevel: ExpiryLevel = refused
    ? 'expired'
    : !connected || row.access_expires_at === null
      ? 'unknown'
      : row.access_expires_at <= now
        ? 'expired'
        : 'ok';
  const refreshLevel = refused
    ? 'expired'
    : connected
      ? expiryLevel(row.refresh_expires_at, now, thresholds)
      : 'unknown';
  const level = overallLevel(row, now, thresholds);
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    label: row.label,
    status: row.status,
    accessExpiresAt: iso(row.access_expires_at),
    refreshExpiresAt: iso(row.refresh_expires_at),
    expiryLevel: level,
    accessLevel,
    refreshLevel,
    refreshExpiryEstimated: row.refresh_expiry_estimated === 1,
    lastRefreshAt: iso(row.last_refresh_at),
    nextRefreshAt: iso(row.next_refresh_at),
    providerState: row.degraded_until !== null && row.degraded_until > now ? 'degraded' : 'ok',
    lastError: row.last_error_message,
    lastErrorCode: row.last_error_code,
    identity: row.identity_name ?? (row.identity_sub ? `subject ${row.identity_sub}` : null),
    health: accountHealth(row, level, now),
    createdAt: new Date(row.created_at).toISOString(),
  };
}

/**
 * The level that says whether the account will lapse: its refresh token's when it has one (the
 * access token is renewed on use), else the access token's; a store API token never expires.
 */
export function overallLevel(
  row: Pick<AccountRow, 'status' | 'provider' | 'access_expires_at' | 'refresh_expires_at' | 'next_refresh_at'>,
  now: number,
  thresholds: ExpiryThresholds,
): ExpiryLevel {
  if (row.status === 'not_connected' || row.status === 'disabled') return 'unknown';
  if (row.status === 'needs_reauth' || row.status === 'error') return 'expired';
  // A refresh token whose end nobody announced: the keep-alive runs, but no level can be promised.
  if (row.refresh_expires_at === null && row.next_refresh_at !== null) return 'unknown';
  const governing = row.refresh_expires_at ?? row.access_expires_at;
  if (governing === null && NON_EXPIRING.has(row.provider) && row.status === 'connected') return 'ok';
  return expiryLevel(governing, now, thresholds);
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** The stored, non-secret provider settings of an account. */
export function readConfig(row: AccountRow): AccountConfig {
  return JSON.parse(row.config) as AccountConfig;
}
