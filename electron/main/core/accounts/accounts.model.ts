import type { Account, ExpiryLevel } from '../../../../shared/domain';
import type { AccountRow } from '../store/accounts';
import type { AccountConfig } from '../providers/providers';
import { expiryLevel, type ExpiryThresholds } from './expiry';
import { accountHealth, accountLevel } from './health';
import { ruleClock } from './rules';
import { readSay } from '../said';
import { isoTime, isoTimeOrNull } from '../iso';

export type { AccountRow };

/** Maps a stored row to what the faces may see: metadata only. */
export function toAccount(row: AccountRow, now: number, thresholds: ExpiryThresholds): Account {
  const clock = ruleClock(now, thresholds);
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
  const refreshLevel = refused ? 'expired' : connected ? expiryLevel(row.refresh_expires_at, clock) : 'unknown';
  const level = accountLevel(row, clock);
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    label: row.label,
    status: row.status,
    accessExpiresAt: isoTimeOrNull(row.access_expires_at),
    refreshExpiresAt: isoTimeOrNull(row.refresh_expires_at),
    expiryLevel: level,
    accessLevel,
    refreshLevel,
    refreshExpiryEstimated: row.refresh_expiry_estimated === 1,
    lastRefreshAt: isoTimeOrNull(row.last_refresh_at),
    nextRefreshAt: isoTimeOrNull(row.next_refresh_at),
    providerState: row.degraded_until !== null && row.degraded_until > now ? 'degraded' : 'ok',
    lastError: row.last_error_message,
    lastErrorSay: readSay(row.last_error_say),
    lastErrorCode: row.last_error_code,
    identity: row.identity_name ?? (row.identity_sub ? `subject ${row.identity_sub}` : null),
    health: accountHealth(row, level, clock),
    createdAt: isoTime(row.created_at),
  };
}

/** The stored, non-secret provider settings of an account. */
export function readConfig(row: AccountRow): AccountConfig {
  return JSON.parse(row.config) as AccountConfig;
}
