import type {
  AccountQuery,
  AccountSort,
  AccountStatus,
  ExpiryLevel,
  GlanceKey,
  Provider,
} from '../../../shared/domain';

/** The first-glance counts on the Accounts screen, in order; each is also a filter (the core counts). */
export const GLANCE: readonly GlanceKey[] = ['expired', 'lapses_day', 'reauth', 'degraded'];

/** What the screen's controls hold; `toQuery` says it in the contract's words. */
export interface AccountFilter {
  query: string;
  provider: Provider | 'all';
  status: AccountStatus | 'all';
  level: ExpiryLevel | 'attention' | 'all';
  glance: GlanceKey | 'all';
  sort: AccountSort;
}

export const DEFAULT_FILTER: AccountFilter = {
  query: '',
  provider: 'all',
  status: 'all',
  level: 'all',
  glance: 'all',
  sort: 'expiry',
};

/** The controls as a query for the core ("all" is no filter; the search is trimmed). */
export function toQuery(f: AccountFilter): AccountQuery {
  const search = f.query.trim();
  return {
    ...(search ? { search } : {}),
    ...(f.provider === 'all' ? {} : { provider: f.provider }),
    ...(f.status === 'all' ? {} : { status: f.status }),
    ...(f.level === 'all' ? {} : { level: f.level }),
    ...(f.glance === 'all' ? {} : { glance: f.glance }),
    sort: f.sort,
  };
}
