import type { Account, AccountStatus, ExpiryLevel, Provider } from '../../../shared/domain';
import { needsAttention } from '../../../shared/levels';

/** The first-glance counts on the Accounts screen; each is also a filter. */
export const GLANCE = {
  expired: { label: 'Expired', test: (a: Account) => a.health.state === 'expired' },
  lapses_day: {
    label: 'Lapse within 24 h',
    test: (a: Account) => a.health.state === 'lapses_soon' && a.health.urgency <= 1,
  },
  reauth: {
    label: 'Need re-authorization',
    test: (a: Account) => a.health.state === 'needs_reauth' || a.health.state === 'token_refused',
  },
  degraded: { label: 'Provider degraded', test: (a: Account) => a.providerState === 'degraded' },
} as const;
export type GlanceKey = keyof typeof GLANCE;

export interface AccountFilter {
  query: string;
  provider: Provider | 'all';
  status: AccountStatus | 'all';
  level: ExpiryLevel | 'attention' | 'all';
  glance: GlanceKey | 'all';
  sort: 'expiry' | 'label' | 'provider' | 'status' | 'lastRefresh';
}

export const DEFAULT_FILTER: AccountFilter = {
  query: '',
  provider: 'all',
  status: 'all',
  level: 'all',
  glance: 'all',
  sort: 'expiry',
};

/** How many accounts each first-glance count holds (one pass over the list). */
export function glanceCounts(accounts: readonly Account[]): Record<GlanceKey, number> {
  const counts = { expired: 0, lapses_day: 0, reauth: 0, degraded: 0 };
  for (const a of accounts)
    for (const key of Object.keys(GLANCE) as GlanceKey[]) if (GLANCE[key].test(a)) counts[key] += 1;
  return counts;
}

const STATUS_RANK: Record<AccountStatus, number> = {
  needs_reauth: 0,
  error: 1,
  not_connected: 2,
  connected: 3,
  disabled: 4,
};

export { needsAttention };

/** When the account lapses unless something happens (the core's health says). */
function governingEnd(a: Account): number {
  return a.health.lapsesAt ? Date.parse(a.health.lapsesAt) : Number.POSITIVE_INFINITY;
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
  // Most urgent first, by the core's health (what needs a person, then what lapses soonest).
  const keyed = accounts.map((a) => ({ a, u: a.health.urgency, e: governingEnd(a) }));
  keyed.sort((x, y) => x.u - y.u || x.e - y.e || byLabel(x.a, y.a));
  return keyed.map((k) => k.a);
}

/** Keeps the accounts that match the filters, in their current order. */
export function filterAccounts(sorted: readonly Account[], f: Omit<AccountFilter, 'sort'>): Account[] {
  const q = f.query.trim().toLowerCase();
  if (!q && f.provider === 'all' && f.status === 'all' && f.level === 'all' && f.glance === 'all')
    return sorted as Account[];
  return sorted.filter(
    (a) =>
      (f.glance === 'all' || GLANCE[f.glance].test(a)) &&
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
