import {
  accountStatusSchema,
  expiryLevelSchema,
  GLANCE_KEYS,
  type AccountCounts,
  type AccountQuery,
  type AccountWindow,
  type Provider,
  type Settings,
} from '../../../../shared/domain';
import { ATTENTION_URGENCY, GLANCE_TEST, STATUS_ORDER } from '../../../../shared/levels';
import { CoreError } from '../errors';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import type { AccountFilterSql, AccountOrder, AccountScope } from '../store/accounts';
import { toAccount } from './accounts.model';
import type { ExpiryThresholds } from './expiry';
import { GOVERNING_END, HEALTH_RULES, healthRulesWhere, LEVEL_RULES, levelRulesFor } from './health';
import { ruleClock } from './rules';

/** At most this many ids are returned for "select every match" (a bulk action's own limit). */
export const MAX_MATCHING_IDS = 10_000;

/** The filter a query asks for, in terms of the rules: a level, a glance or "attention" is a set of them. */
function filterOf(query: AccountQuery): AccountFilterSql {
  const filter: AccountFilterSql = {};
  const search = query.search?.trim();
  if (search) filter.search = search;
  if (query.provider) filter.provider = query.provider;
  if (query.status) filter.status = query.status;
  if (query.ids) filter.ids = query.ids;
  if (query.level === 'attention') {
    const rules = healthRulesWhere((o) => o.urgency <= ATTENTION_URGENCY);
    filter.health = { always: rules, whenDegraded: rules };
  } else if (query.level) filter.levelRules = levelRulesFor(query.level);
  if (query.glance) {
    const test = GLANCE_TEST[query.glance];
    const glance = {
      always: healthRulesWhere((o) => test(o, false)),
      whenDegraded: healthRulesWhere((o) => test(o, true)),
    };
    // A glance and "attention" together: both must hold (the rule sets intersect).
    const both = filter.health;
    filter.health = both
      ? {
          always: glance.always.filter((i) => both.always.includes(i)),
          whenDegraded: glance.whenDegraded.filter((i) => both.whenDegraded.includes(i)),
        }
      : glance;
  }
  return filter;
}

/** The scope this device judges accounts in: its rules, its thresholds, the clock's instant. */
export function scopeOf(s: Services): { scope: AccountScope; settings: Settings } {
  const { settings } = readSettings(s.prefs);
  return {
    scope: {
      clock: ruleClock(s.clock.now(), settings),
      rules: {
        level: LEVEL_RULES,
        health: HEALTH_RULES,
        lapsesAt: { when: { status: ['connected'] }, at: GOVERNING_END },
      },
    },
    settings,
  };
}

/** How long another device's claim on the kept judgements stands before this one may take them over. */
const JUDGEMENT_CLAIM_STANDS_MS = 3_600_000;

/**
 * The scope with the judgements kept in the rows when they hold for it (brought up to date first,
 * which writes only the rows that wait): "most urgent first" and the counts then read indexed
 * columns instead of judging 100,000 rows per call. Judged in the query when another device's
 * thresholds hold the rows, or when the store takes no write (a retired store).
 */
async function judgedScope(s: Services): Promise<{ scope: AccountScope; settings: ExpiryThresholds }> {
  const judged = scopeOf(s);
  const { scope } = judged;
  try {
    const claim = await s.store.read.accounts.judgementClaim(scope);
    if (claim.holds && !claim.stale) scope.kept = true;
    else {
      const { kept, judged, every } = await s.store.transaction(
        (tx) => tx.accounts.keepJudgements(scope, s.device, JUDGEMENT_CLAIM_STANDS_MS),
        { durable: false },
      );
      scope.kept = kept;
      // Every row judged anew (the first time, or new thresholds) is a bulk rewrite: the planner is
      // told. The keep-alive's steady trickle of re-judged rows is left to autovacuum.
      if (every) void s.store.analyzeAfter('accounts', judged);
    }
  } catch (error) {
    // The query judges every row itself: slower, never wrong.
    s.log.warn('accounts.judgements_not_kept', { reason: error instanceof CoreError ? error.code : 'store' });
    scope.kept = false;
  }
  return judged;
}

function orderOf(query: AccountQuery): AccountOrder {
  const sort = query.sort ?? 'expiry';
  return { by: sort === 'expiry' ? 'urgency' : sort, statusOrder: STATUS_ORDER };
}

const zeroes = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/**
 * A window of the accounts that match a query, in its order, with how many match and the counts
 * over all accounts: the store filters, sorts and counts, so 100,000 accounts cost what 100 do.
 */
export async function accountWindow(
  s: Services,
  query: AccountQuery,
  { offset, limit, counts: withCounts }: { offset: number; limit: number; counts: boolean },
): Promise<AccountWindow> {
  const { scope, settings } = await judgedScope(s);
  const filter = filterOf(query);
  const filtered = Object.keys(filter).length > 0;
  const [rows, counts, matching] = await Promise.all([
    s.store.read.accounts.window(scope, filter, orderOf(query), offset, limit),
    withCounts ? countAccounts(s, scope) : null,
    // Unfiltered, every account matches: the kept counts say how many without counting again.
    filtered ? s.store.read.accounts.countMatching(scope, filter) : null,
  ]);
  return {
    rows: rows.map((row) => toAccount(row, scope.clock.now, settings)),
    offset,
    matching: matching ?? (counts ?? (await countAccounts(s, scope))).total,
    counts,
  };
}

/**
 * The counts of one core, kept while nothing they depend on changed: no account changed (here, or
 * elsewhere as the change feed announces), the settings did not change, the store did not come back
 * from an outage, and no account reached an instant at which time alone changes its judgement. The
 * tray and the screen ask after the same change; the second asks the cache.
 */
interface CountsCache {
  version: number;
  entry: { version: number; thresholds: string; from: number; until: number; counts: AccountCounts } | null;
}
const CACHES = new WeakMap<Services, CountsCache>();

function countsCache(s: Services): CountsCache {
  let cache = CACHES.get(s);
  if (!cache) {
    const created: CountsCache = { version: 0, entry: null };
    s.events.subscribe((event, payload) => {
      if (
        event === 'accounts:changed' ||
        event === 'settings:changed' ||
        event === 'store:link' ||
        (event === 'store:changed' && (payload as { scope: string[] }).scope.includes('accounts'))
      )
        created.version += 1;
    });
    CACHES.set(s, created);
    cache = created;
  }
  return cache;
}

/** The counts over all accounts: by level, by status, at a glance, and what needs attention. */
async function countAccounts(s: Services, scope: AccountScope): Promise<AccountCounts> {
  const cache = countsCache(s);
  const now = scope.clock.now;
  const thresholds = `${scope.clock.critical - now}/${scope.clock.warning - now}`;
  const kept = cache.entry;
  if (kept && kept.version === cache.version && kept.thresholds === thresholds && now >= kept.from && now < kept.until)
    return kept.counts;
  const version = cache.version;
  const tally = await s.store.read.accounts.tally(scope);
  const counts: AccountCounts = {
    total: 0,
    attention: 0,
    byLevel: zeroes(expiryLevelSchema.options),
    byStatus: zeroes(accountStatusSchema.options),
    glance: zeroes(GLANCE_KEYS),
  };
  for (const group of tally.groups) {
    const level = LEVEL_RULES[group.levelRule]?.then;
    const health = HEALTH_RULES[group.healthRule]?.then;
    if (!level || !health)
      throw new Error(`the store judged rules ${group.levelRule}/${group.healthRule}, unknown here`);
    counts.total += group.n;
    counts.byStatus[group.status] += group.n;
    counts.byLevel[level] += group.n;
    if (health.urgency <= ATTENTION_URGENCY) counts.attention += group.n;
    for (const key of GLANCE_KEYS) if (GLANCE_TEST[key](health, group.degraded)) counts.glance[key] += group.n;
  }
  // A change announced while the counts were read leaves the version moved: they are not kept.
  cache.entry = { version, thresholds, from: now, until: tally.nextChange ?? Number.POSITIVE_INFINITY, counts };
  return counts;
}

/** The ids of every account that matches, in the query's order (at most `MAX_MATCHING_IDS`). */
export async function matchingAccountIds(
  s: Services,
  query: AccountQuery,
): Promise<{ id: string; provider: Provider }[]> {
  const { scope } = await judgedScope(s);
  return s.store.read.accounts.matchingIds(scope, filterOf(query), orderOf(query), MAX_MATCHING_IDS);
}
