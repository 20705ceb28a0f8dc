import type { Account, AccountKind, AccountStatus, Provider } from '../../../../shared/domain';
import type { Db } from '../db/database';
import type { AccountConfig } from '../providers/providers';
import { expiryLevel, type ExpiryThresholds } from './expiry';

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
}

/** Providers whose credential never expires (a store-level API token). */
const NON_EXPIRING: ReadonlySet<Provider> = new Set(['bigcommerce']);

/** Maps a stored row to what the faces may see: metadata only. */
export function toAccount(row: AccountRow, now: number, thresholds: ExpiryThresholds): Account {
  const governing = row.refresh_expires_at ?? row.access_expires_at;
  let level = expiryLevel(governing, now, thresholds);
  if (row.status === 'not_connected') level = 'unknown';
  else if (governing === null && NON_EXPIRING.has(row.provider) && row.status === 'connected') level = 'ok';
  return {
    id: row.id,
    provider: row.provider,
    kind: row.kind,
    label: row.label,
    status: row.status,
    accessExpiresAt: iso(row.access_expires_at),
    refreshExpiresAt: iso(row.refresh_expires_at),
    expiryLevel: level,
    lastRefreshAt: iso(row.last_refresh_at),
    lastError: row.last_error_message,
    createdAt: new Date(row.created_at).toISOString(),
  };
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
