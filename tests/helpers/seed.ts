import type { Db } from '../../electron/main/core/db/database';

const PROVIDERS = [
  ['microsoft', 'mailbox', 'contoso.com'],
  ['google', 'mailbox', 'gmail.example'],
  ['cafe24', 'store', 'cafe24.com'],
  ['bigcommerce', 'store', 'mybigcommerce.com'],
] as const;
const STATUSES = ['connected', 'connected', 'connected', 'needs_reauth', 'not_connected', 'error'] as const;
const DAY = 86_400_000;

/** Inserts `count` varied account rows (metadata only) in one transaction; for UI states and benches. */
export function seedAccounts(db: Db, count: number, now: number): void {
  const insert = db.prepare(
    `INSERT INTO accounts(id, provider, kind, label, status, access_expires_at, refresh_expires_at, last_refresh_at,
       last_error_code, last_error_message, created_at, updated_at, next_refresh_at, refresh_expiry_estimated,
       degraded_until)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const [provider, kind, domain] = PROVIDERS[i % PROVIDERS.length]!;
      const status = STATUSES[i % STATUSES.length]!;
      const connected = status !== 'not_connected';
      // Spread over -2 … +38 days (refresh) and 0 … 2 hours (access), deterministically.
      const refreshIn = (((i * 7919) % 960) - 48) * 3_600_000;
      const label =
        kind === 'mailbox'
          ? `user${String(i).padStart(5, '0')}@${domain}`
          : `shop${String(i).padStart(5, '0')}.${domain}`;
      insert.run(
        `acct-${String(i).padStart(5, '0')}`,
        provider,
        kind,
        label,
        status,
        connected && provider !== 'bigcommerce' ? now + ((i * 104729) % 120) * 60_000 : null,
        connected && provider !== 'bigcommerce' ? now + refreshIn : null,
        connected ? now - ((i * 3571) % 1440) * 60_000 : null,
        status === 'needs_reauth' ? 'invalid_grant' : status === 'error' ? 'network' : null,
        status === 'needs_reauth'
          ? 'The refresh token expired (invalid_grant): re-authorize this account.'
          : status === 'error'
            ? 'The provider did not answer (timeout); retrying with backoff.'
            : null,
        now - 30 * DAY,
        now,
        connected && provider !== 'bigcommerce' && status !== 'needs_reauth' ? now + refreshIn / 2 : null,
        provider === 'microsoft' || provider === 'google' ? 1 : 0,
        status === 'error' ? now + 3_600_000 : null,
      );
    }
  })();
}
