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
 * Filters and sorts in one pass over the list; pure, so the screen memoizes it and a keystroke over
 * 10,000 accounts costs one filter and one sort.
 */
export function viewAccounts(accounts: readonly Account[], f: AccountFilter): Account[] {
  const q = f.query.trim().toLowerCase();
  const out = accounts.filter(
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
  const byLabel = (a: Account, b: Account) => a.label.localeCompare(b.label);
  const compare: Record<AccountFilter['sort'], (a: Account, b: Account) => number> = {
    expiry: (a, b) =>
      STATUS_RANK[a.status] - STATUS_RANK[b.status] ||
      LEVEL_RANK[a.expiryLevel] - LEVEL_RANK[b.expiryLevel] ||
      governingEnd(a) - governingEnd(b) ||
      byLabel(a, b),
    label: byLabel,
    provider: (a, b) => a.provider.localeCompare(b.provider) || byLabel(a, b),
    status: (a, b) => STATUS_RANK[a.status] - STATUS_RANK[b.status] || byLabel(a, b),
    lastRefresh: (a, b) => (b.lastRefreshAt ?? '').localeCompare(a.lastRefreshAt ?? '') || byLabel(a, b),
  };
  return out.sort(compare[f.sort]);
}
