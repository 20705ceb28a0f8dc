import type { Account, AccountKind, AccountStatus, ExpiryLevel, Provider } from '../../../../shared/domain';
import type { Db } from '../db/database';
import type { AccountConfig } from '../providers/providers';
import { expiryLevel, type ExpiryThresholds } from './expiry';
import { accountHealth } from './health';

/** A row of `accounts` as stored. Rows never cross IPC; `toAccount` maps them to the model. */
export interface AccountRow {
  id: string;
  provider: Provider;
  kind: AccountKind;
  label: string;
  config: string;
  status: AccountStatus;
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  last_refresh_at: number | null;
  next_refresh_at: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  created_at: number;
  updated_at: number;
  refresh_generation: number;
  refresh_expiry_estimated: number;
  degraded_until: number | null;
  failure_count: number;
  alert_level: string | null;
  identity_sub: string | null;
  identity_name: string | null;
  identity_tenant: string | null;
}

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

/** Every account row, in a stable order (label, then id). */
export function listAccountRows(db: Db): AccountRow[] {
  return db.prepare('SELECT * FROM accounts ORDER BY label COLLATE NOCASE, id').all() as AccountRow[];
}

/** Marks accounts whose secrets can no longer be opened as needing re-enrolment. Keeps everything else. */
export function markKeyMismatch(db: Db, ids: string[], now: number): string[] {
  const update = db.prepare(
    `UPDATE accounts SET status = 'needs_reauth', last_error_code = 'key_mismatch',
       last_error_message = ?, updated_at = ? WHERE id = ?`,
  );
  const changed: string[] = [];
  db.transaction(() => {
    for (const id of ids) {
      const message =
        'Its sealed tokens cannot be opened with the key now in the OS keychain (the keychain was reset or replaced). Re-authorize this account; restoring the old keychain item also recovers it.';
      if (update.run(message, now, id).changes > 0) changed.push(id);
    }
  })();
  return changed;
}

/** Accounts marked as needing re-enrolment because of the vault key. */
export function keyMismatchIds(db: Db): string[] {
  return db.prepare("SELECT id FROM accounts WHERE last_error_code = 'key_mismatch'").pluck().all() as string[];
}

/**
 * Clears the key-mismatch mark of accounts whose secrets open again: connected when they hold a
 * token, else not connected, as before the key went missing.
 */
export function clearKeyMismatch(db: Db, ids: string[], now: number): string[] {
  const update = db.prepare(
    `UPDATE accounts SET status = CASE WHEN EXISTS (SELECT 1 FROM credentials c WHERE c.owner = accounts.id
         AND c.kind IN ('access_token', 'refresh_token', 'api_token')) THEN 'connected' ELSE 'not_connected' END,
       last_error_code = NULL, last_error_message = NULL, updated_at = ?
     WHERE id = ? AND last_error_code = 'key_mismatch'`,
  );
  const changed: string[] = [];
  db.transaction(() => {
    for (const id of ids) if (update.run(now, id).changes > 0) changed.push(id);
  })();
  return changed;
}

/** Counts accounts marked as needing re-enrolment because of the vault key. */
export function countKeyMismatch(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM accounts WHERE last_error_code = 'key_mismatch'").get() as { n: number }
  ).n;
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** One account row, or undefined. */
export function getAccountRow(db: Db, id: string): AccountRow | undefined {
  return db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined;
}

/** The stored, non-secret provider settings of an account. */
export function readConfig(row: AccountRow): AccountConfig {
  return JSON.parse(row.config) as AccountConfig;
}

/** Inserts a new account row (call inside the transaction that seals its secrets). */
export function insertAccountRow(
  db: Db,
  row: {
    id: string;
    provider: Provider;
    kind: AccountKind;
    label: string;
    config: AccountConfig;
    status: AccountStatus;
    now: number;
  },
): void {
  db.prepare(
    `INSERT INTO accounts(id, provider, kind, label, config, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.id, row.provider, row.kind, row.label, JSON.stringify(row.config), row.status, row.now, row.now);
}

/** Records who signed in to an account (inside the transaction that stores the tokens). */
export function recordIdentity(
  db: Db,
  id: string,
  identity: { sub: string; name: string | null; tenant: string | null },
): void {
  db.prepare('UPDATE accounts SET identity_sub = ?, identity_name = ?, identity_tenant = ? WHERE id = ?').run(
    identity.sub,
    identity.name,
    identity.tenant,
    id,
  );
}

/** Marks an account as needing a person (a refused grant or token), keeping everything else. */
export function markNeedsReauth(db: Db, id: string, code: string, message: string, now: number): void {
  db.prepare(
    `UPDATE accounts SET status = 'needs_reauth', last_error_code = ?, last_error_message = ?,
       next_refresh_at = NULL, updated_at = ? WHERE id = ?`,
  ).run(code, message, now, id);
}

/** Back to what its secrets make it: connected when it holds a token, else not connected. */
export function restoreStatus(db: Db, id: string, now: number): void {
  db.prepare(
    `UPDATE accounts SET status = CASE WHEN EXISTS (SELECT 1 FROM credentials c WHERE c.owner = accounts.id
         AND c.kind IN ('access_token', 'refresh_token', 'api_token')) THEN 'connected' ELSE 'not_connected' END,
       last_error_code = NULL, last_error_message = NULL, failure_count = 0, degraded_until = NULL,
       next_refresh_at = CASE WHEN provider = 'bigcommerce' THEN NULL ELSE ? END, updated_at = ?
     WHERE id = ?`,
  ).run(now, now, id);
}

/** Takes an account out of (or back into) the keep-alive and every use. */
export function setDisabled(db: Db, id: string, now: number): void {
  db.prepare(`UPDATE accounts SET status = 'disabled', next_refresh_at = NULL, updated_at = ? WHERE id = ?`).run(
    now,
    id,
  );
}
