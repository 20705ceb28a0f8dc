import { said } from '../../electron/main/core/said';
import type { Store } from '../../electron/main/core/store/store';

const PROVIDERS = [
  ['microsoft', 'mailbox', 'contoso.com'],
  ['google', 'mailbox', 'gmail.example'],
  ['cafe24', 'store', 'cafe24.com'],
  ['bigcommerce', 'store', 'mybigcommerce.com'],
] as const;
const STATUSES = ['connected', 'connected', 'connected', 'needs_reauth', 'not_connected', 'error'] as const;
const DAY = 86_400_000;

const NAMES = { microsoft: 'Microsoft', google: 'Google', cafe24: 'Cafe24', bigcommerce: 'BigCommerce' } as const;

function lastError(
  status: (typeof STATUSES)[number],
  provider: (typeof PROVIDERS)[number][0],
): { last_error_message: string | null; last_error_say: string | null } {
  const words =
    status === 'needs_reauth'
      ? provider === 'bigcommerce'
        ? said('test.storeTokenRefused', { provider: NAMES[provider] })
        : said(`failure.invalidGrant.${provider}`)
      : status === 'error'
        ? said('failure.noAnswer', { provider: NAMES[provider] })
        : null;
  return { last_error_message: words?.message ?? null, last_error_say: words ? JSON.stringify(words.say) : null };
}

/** Inserts `count` varied account rows (metadata only) in one transaction; for UI states and benches. */
export async function seedAccounts(store: Store, count: number, now: number): Promise<void> {
  const rows = Array.from({ length: count }, (_, i) => {
    const [provider, kind, domain] = PROVIDERS[i % PROVIDERS.length]!;
    const status = STATUSES[i % STATUSES.length]!;
    const connected = status !== 'not_connected';
    // Spread over -2 … +38 days (refresh) and 0 … 2 hours (access), deterministically.
    const refreshIn = (((i * 7919) % 960) - 48) * 3_600_000;
    const label =
      kind === 'mailbox'
        ? `user${String(i).padStart(5, '0')}@${domain}`
        : `shop${String(i).padStart(5, '0')}.${domain}`;
    return {
      id: `acct-${String(i).padStart(5, '0')}`,
      provider,
      kind,
      label,
      config: '{}',
      status,
      access_expires_at: connected && provider !== 'bigcommerce' ? now + ((i * 104729) % 120) * 60_000 : null,
      refresh_expires_at: connected && provider !== 'bigcommerce' ? now + refreshIn : null,
      last_refresh_at: connected ? now - ((i * 3571) % 1440) * 60_000 : null,
      last_error_code: status === 'needs_reauth' ? 'invalid_grant' : status === 'error' ? 'network' : null,
      // What Gatehouse itself would have written, in English with its catalogue key beside it.
      ...lastError(status, provider),
      created_at: now - 30 * DAY,
      updated_at: now,
      next_refresh_at:
        connected && provider !== 'bigcommerce' && status !== 'needs_reauth' ? now + refreshIn / 2 : null,
      refresh_expiry_estimated: provider === 'microsoft' || provider === 'google' ? 1 : 0,
      degraded_until: status === 'error' ? now + 3_600_000 : null,
    };
  });
  await store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 500)
      await trx
        .insertInto('accounts')
        .values(rows.slice(i, i + 500))
        .execute();
  });
}
