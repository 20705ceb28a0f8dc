import type { Account, AccountStatus, ExpiryLevel, Provider } from '../../../shared/domain';

export interface AccountFilter {
  query: string;
  provider: Provider | 'all';
  status: AccountStatus | 'all';
  level: ExpiryLevel | 'attention' | 'all';
  sort: 'expiry' | 'label' | 'provider' | 'status' | 'lastRefresh';
}

export const DEFAULT_FILTER: AccountFilter = {
  query: '',
  provider: 'all',
  status: 'all',
  level: 'all',
  sort: 'expiry',
};

const LEVEL_RANK: Record<ExpiryLevel, number> = { expired: 0, critical: 1, warning: 2, unknown: 3, ok: 4 };
const STATUS_RANK: Record<AccountStatus, number> = { needs_reauth: 0, error: 1, not_connected: 2, connected: 3 };

/** Needs someone: re-authorization, expired or critical. */
export function needsAttention(a: Account): boolean {
  return a.status === 'needs_reauth' || a.expiryLevel === 'expired' || a.expiryLevel === 'critical';
}

/** The soonest end that matters for an account (its refresh token's, else its access token's). */
function governingEnd(a: Account): number {
  const iso = a.refreshExpiresAt ?? a.accessExpiresAt;
  return iso ? Date.parse(iso) : Number.POSITIVE_INFINITY;
}

/**
 * Sorts a copy of the list. The screen memoizes it per data and sort order, so a keystroke in the
 * search box costs one filter pass over 10,000 accounts and no sort. Sort keys are computed once per
 * account, not once per comparison.
 */
export function sortAccounts(accounts: readonly Account[], sort: AccountFilter['sort']): Account[] {
  const byLabel = (a: Account, b: Account) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
  if (sort === 'label') return [...accounts].sort(byLabel);
  if (sort === 'provider') return [...accounts].sort((a, b) => a.provider.localeCompare(b.provider) || byLabel(a, b));
  if (sort === 'status')
    return [...accounts].sort((a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || byLabel(a, b));
  if (sort === 'lastRefresh')
    return [...accounts].sort((a, b) => (b.lastRefreshAt ?? '').localeCompare(a.lastRefreshAt ?? '') || byLabel(a, b));
  const keyed = accounts.map((a) => ({
    a,
    s: STATUS_RANK[a.status],
    l: LEVEL_RANK[a.expiryLevel],
    e: governingEnd(a),
  }));
  keyed.sort((x, y) => x.s - y.s || x.l - y.l || x.e - y.e || byLabel(x.a, y.a));
  return keyed.map((k) => k.a);
}

/** Keeps the accounts that match the filters, in their current order. */
export function filterAccounts(sorted: readonly Account[], f: Omit<AccountFilter, 'sort'>): Account[] {
  const q = f.query.trim().toLowerCase();
  if (!q && f.provider === 'all' && f.status === 'all' && f.level === 'all') return sorted as Account[];
  return sorted.filter(
    (a) =>
      (f.provider === 'all' || a.provider === f.provider) &&
      (f.status === 'all' || a.status === f.status) &&
      (f.level === 'all' || (f.level === 'attention' ? needsAttention(a) : a.expiryLevel === f.level)) &&
      (!q ||
        a.label.toLowerCase().includes(q) ||
        a.id.toLowerCase().includes(q) ||
        a.provider.includes(q) ||
        (a.lastError ?? '').toLowerCase().includes(q)),
  );
}

/** Sort then filter (what the screen shows). */
export function viewAccounts(accounts: readonly Account[], f: AccountFilter): Account[] {
  return filterAccounts(sortAccounts(accounts, f.sort), f);
}
