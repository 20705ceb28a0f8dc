import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AccountKind, AccountStatus, ExpiryLevel, Provider } from '../../../../shared/domain';
import type { Rule, RuleClock, RuleInstant, When } from '../accounts/rules';
import { sealedRow, type CredentialRow } from './credentials';
import { prepared } from './prepared';
import {
  condition,
  crossingsSql,
  firstMatchSql,
  healthRuleOf,
  instantWhen,
  judgedSpanSql,
  judgementSql,
  levelRuleOf,
  lookupSql,
  NEVER,
  RANK_UNIT,
  rankOf,
  unpackJudgement,
} from './rules-sql';
import { everyColumn, type AccountsTable, type Schema } from './schema';
import type { Say } from '../../../../shared/result';
import { english } from '../said';
import type { Engine } from './store';
import { MetaRepository } from './meta';

/** A row of `accounts` as stored. Rows never cross IPC; the accounts model maps them for the faces. */
export type AccountRow = Selectable<AccountsTable>;

const HOLDS_TOKEN = sql<string>`CASE WHEN EXISTS (SELECT 1 FROM credentials c WHERE c.owner = accounts.id
  AND c.kind IN ('access_token', 'refresh_token', 'api_token')) THEN 'connected' ELSE 'not_connected' END`;

/**
 * Every column of `accounts`, by name, for the reads of whole rows that come again and again: a
 * statement that names its columns keeps its shape when a later schema adds one, so PostgreSQL can
 * keep it prepared (`preparingPool`), which it cannot do for `select *`. `everyColumn` fails the build
 * when a column of the table is missing here.
 */
const ACCOUNT_COLUMNS = everyColumn<AccountsTable>()([
  'id',
  'provider',
  'kind',
  'label',
  'config',
  'status',
  'access_expires_at',
  'refresh_expires_at',
  'last_refresh_at',
  'next_refresh_at',
  'last_error_code',
  'last_error_message',
  'last_error_say',
  'created_at',
  'updated_at',
  'granted_scopes',
  'refresh_generation',
  'refresh_expiry_estimated',
  'degraded_until',
  'failure_count',
  'alert_level',
  'identity_sub',
  'identity_name',
  'identity_tenant',
  'judgement',
  'urgency',
  'lapse_key',
  'judged_from',
  'judged_until',
  'judged_seq',
]);
const ACCOUNT_COLUMNS_QUALIFIED = ACCOUNT_COLUMNS.map((c) => `accounts.${c}` as const);

const GET = prepared((q, id: string) => q.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', '=', id));
/** The columns GET_WITH_LEASE_AND_SECRETS adds for a secret, beside the account's. */
const SECRET_COLUMNS = ['secret_kind', 'secret_key_version', 'secret_nonce', 'secret_ciphertext'] as const;
/**
 * An account, the owner of its refresh lease (null when none is held) and its sealed secrets of up
 * to three kinds (a row per secret found, or one without any): a refresh's first look and its
 * preflight's read, in one statement. The join's parameters come first in the statement, so they
 * come first here.
 */
const GET_WITH_LEASE_AND_SECRETS = prepared((q, a: string, b: string, c: string, id: string) =>
  q
    .selectFrom('accounts')
    .leftJoin('refresh_leases', 'refresh_leases.account_id', 'accounts.id')
    .leftJoin('credentials', (join) =>
      join.onRef('credentials.owner', '=', 'accounts.id').on('credentials.kind', 'in', [a, b, c]),
    )
    .select(ACCOUNT_COLUMNS_QUALIFIED)
    .select([
      'refresh_leases.owner as lease_owner',
      'credentials.kind as secret_kind',
      'credentials.key_version as secret_key_version',
      'credentials.nonce as secret_nonce',
      'credentials.ciphertext as secret_ciphertext',
    ] as const)
    .where('accounts.id', '=', id),
);

/** What a key mismatch means for an account, said as the catalogue says it (English stored, the key beside it). */
const KEY_MISMATCH_SAY: Say = { key: 'failure.keyMismatch' };
const KEY_MISMATCH_MESSAGE = english(KEY_MISMATCH_SAY);

/**
 * What a window over the accounts is judged by: the decision lists of the level and the health
 * (owned by the accounts domain, compiled here) and the instant.
 */
export interface AccountScope {
  clock: RuleClock;
  rules: {
    level: readonly Rule<ExpiryLevel>[];
    health: readonly Rule<{ urgency: number }>[];
    /** When an account lapses, for "most urgent first". */
    lapsesAt: { when: When; at: RuleInstant };
  };
  /**
   * The judgements kept with the rows hold for this scope (its rules and thresholds, judged at or
   * around its instant: see `judge`), so they are read instead of computed and "most urgent first"
   * walks an index.
   */
  kept?: boolean;
}

/** Who last judged every row, for which rules and thresholds (the `meta` row `judged_with`). */
export interface JudgementClaim {
  /** The rows' judgements are this scope's (same rules, same thresholds). */
  holds: boolean;
  /** The device that judged every row last, and when. */
  by: string | null;
  at: number | null;
  /** Some rows wait to be judged: written since, or their span of time ended. */
  stale: boolean;
}

const JUDGED_WITH = 'judged_with';

/** Ids named in one statement's `IN` list: well within both engines' limits on parameters. */
const IDS_PER_STATEMENT = 500;

/** The number of the last judging that wrote rows (`judged_seq`). */
const JUDGED_SEQ = 'judged_seq';

/** What a kept judgement depends on besides the row: the rules (as data) and the thresholds. */
function judgementBasis(scope: AccountScope): string {
  const rules = createHash('sha256').update(JSON.stringify(scope.rules)).digest('base64url').slice(0, 16);
  return JSON.stringify([rules, scope.clock.critical - scope.clock.now, scope.clock.warning - scope.clock.now]);
}

/** Which accounts a filter keeps; every field narrows. Rules are named by their index in their list. */
export interface AccountFilterSql {
  /** Matched, case-insensitively, anywhere in the label, the id or the last error. */
  search?: string;
  provider?: Provider;
  status?: AccountStatus;
  ids?: readonly string[];
  /** The level rules that decide a level the filter keeps. */
  levelRules?: readonly number[];
  /** Health rules that match, and those that match only while the provider is degraded. */
  health?: { always: readonly number[]; whenDegraded: readonly number[] };
}

export interface AccountOrder {
  by: 'urgency' | 'label' | 'provider' | 'status' | 'lastRefresh';
  statusOrder: readonly AccountStatus[];
}

/** One group of the tally: how many accounts share a judgement, a status and a provider state. */
export interface AccountTally {
  levelRule: number;
  healthRule: number;
  status: AccountStatus;
  degraded: boolean;
  n: number;
}

/** The columns the rules, the filters and the orders read. */
const NARROW_COLUMNS = [
  'id',
  'label',
  'provider',
  'status',
  'access_expires_at',
  'refresh_expires_at',
  'next_refresh_at',
  'degraded_until',
  'last_refresh_at',
  'last_error_message',
] as const;

/** `%text%` for LIKE, with its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const inList = (expr: RawBuilder<unknown>, values: readonly number[]) =>
  values.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`${expr} IN (${sql.join(values.map((v) => sql.lit(v)))})`;

/** The shortest search SQLite's trigram index answers (in characters); a shorter one reads every row. */
const TRIGRAM = 3;
/** A search that keeps this many accounts or more reads every row on SQLite instead of the index. */
const SEARCH_FEW = 2000;

/**
 * How a search is answered on SQLite: through the trigram index (few match), by reading the rows
 * while walking the order's index (most match), or by reading every row (too short to ask; and always
 * on PostgreSQL, whose planner chooses).
 */
type SearchPlan = 'index' | 'most' | 'rows';

/** A search as one FTS5 phrase: taken literally, whatever it holds (a quote is doubled). */
function searchPhrase(search: string): string {
  return `"${search.replace(/"/g, '""')}"`;
}

/** Every statement about the `accounts` table. */
export class AccountsRepository {
  constructor(
    private readonly q: Kysely<Schema>,
    private readonly engine: Engine,
    private readonly lock: (name: string) => Promise<void> = async () => {},
    private readonly meta: MetaRepository = new MetaRepository(q),
  ) {}

  /** Every account row, in a stable order (label case-insensitively, then id). */
  list(): Promise<AccountRow[]> {
    return this.q
      .selectFrom('accounts')
      .select(ACCOUNT_COLUMNS)
      .orderBy(sql`lower(label)`)
      .orderBy('id')
      .execute();
  }

  /**
   * The narrow columns of every row with its judgement (level and health rule in one number, see
   * `judgementSql`), computed by the database at the scope's instant.
   */
  private judged(scope: AccountScope) {
    const rows = this.q.selectFrom('accounts').select([...NARROW_COLUMNS]);
    if (scope.kept) return rows.select(['judgement', 'urgency', 'lapse_key']);
    return rows.select(this.judgement(scope).as('judgement'));
  }

  private judgement(scope: AccountScope): RawBuilder<number> {
    return judgementSql(scope.rules.level, scope.rules.health, scope.clock, (h) => h.urgency);
  }

  /** Whose judgements the rows keep, and whether some wait to be judged at the scope's instant. */
  async judgementClaim(scope: AccountScope): Promise<JudgementClaim> {
    const now = scope.clock.now;
    const { rows } = await sql<{ basis: string | null; stale: number }>`SELECT
        (SELECT value FROM meta WHERE key = ${JUDGED_WITH}) AS basis,
        CASE WHEN EXISTS (SELECT 1 FROM accounts WHERE judged_until <= ${now})
          OR EXISTS (SELECT 1 FROM accounts WHERE judged_from > ${now}) THEN 1 ELSE 0 END AS stale`.execute(this.q);
    const row = rows[0];
    const stored = row?.basis ? (JSON.parse(row.basis) as { basis: string; by: string; at: number }) : null;
    return {
      holds: stored?.basis === judgementBasis(scope),
      by: stored?.by ?? null,
      at: stored?.at ?? null,
      stale: Number(row?.stale) === 1,
    };
  }

  /**
   * Keeps this scope's judgement with every row, inside the caller's transaction: judges the rows
   * that wait (written since, or whose span of time ended) when the rows hold this scope's rules and
   * thresholds; judges every row and claims them for `device` when nobody claimed them, when `device`
   * did, or when the claim is older than `takeOverAfterMs` (two devices with different thresholds
   * take turns instead of judging everything on every call). `kept` is false when another device's
   * claim stands: the caller judges in the query instead. `judged`: how many rows were judged now;
   * `every`: all of them were (a first judgement, or new rules or thresholds).
   */
  async keepJudgements(
    scope: AccountScope,
    device: string,
    takeOverAfterMs: number,
  ): Promise<{ kept: boolean; judged: number; every: boolean }> {
    await this.lock('accounts:judgements');
    const claim = await this.judgementClaim(scope);
    const now = scope.clock.now;
    const all = !claim.holds;
    if (all && claim.by !== null && claim.by !== device && now - (claim.at ?? now) < takeOverAfterMs)
      return { kept: false, judged: 0, every: false };
    if (!all && !claim.stale) return { kept: true, judged: 0, every: false };
    const judgement = this.judgement(scope);
    const span = judgedSpanSql([scope.rules.level, scope.rules.health], scope.clock, this.engine);
    const lapse = instantWhen(scope.rules.lapsesAt.when, scope.rules.lapsesAt.at, scope.clock);
    // Numbered, so that the expiry check knows the rows judged since it last looked (`alertChanges`).
    const seq = (await this.judgedSeq()) + 1;
    await this.meta.set(JUDGED_SEQ, String(seq));
    let update = this.q.updateTable('accounts').set({
      judgement: judgement as never,
      urgency: sql`${judgement} / ${sql.lit(RANK_UNIT)}` as never,
      lapse_key: sql`COALESCE(${lapse}, ${sql.lit(NEVER)})` as never,
      judged_from: span.from as never,
      judged_until: span.until as never,
      judged_seq: seq,
    });
    if (!all) update = update.where((eb) => eb.or([eb('judged_until', '<=', now), eb('judged_from', '>', now)]));
    const [result] = await update.execute();
    if (all) await this.meta.set(JUDGED_WITH, JSON.stringify({ basis: judgementBasis(scope), by: device, at: now }));
    return { kept: true, judged: Number(result?.numUpdatedRows ?? 0), every: all };
  }

  /** `plan`: how a search is answered (see `searchPlan`). */
  private matches(scope: AccountScope, f: AccountFilterSql, plan: SearchPlan): RawBuilder<boolean> {
    const parts: RawBuilder<unknown>[] = [];
    if (f.search && plan === 'index') {
      // Any text, taken literally, anywhere in the label, the id or the last error; the case of every
      // letter is ignored.
      parts.push(sql`id IN (SELECT k.id FROM account_search s JOIN account_search_keys k ON k.n = s.rowid
        WHERE account_search MATCH ${searchPhrase(f.search)})`);
    } else if (f.search) {
      // Case-insensitive: SQLite's LIKE ignores the case of ASCII letters; PostgreSQL's lower() that of
      // every letter (and is faster there than ILIKE).
      const pattern = containsPattern(this.engine === 'postgres' ? f.search.toLowerCase() : f.search);
      const like = (column: string) =>
        this.engine === 'postgres'
          ? sql`lower(${sql.ref(column)}) LIKE ${pattern} ESCAPE '\\'`
          : sql`${sql.ref(column)} LIKE ${pattern} ESCAPE '\\'`;
      parts.push(sql`(${sql.join(['label', 'id', 'last_error_message'].map(like), sql` OR `)})`);
    }
    if (f.provider) parts.push(sql`provider = ${f.provider}`);
    if (f.status) parts.push(sql`status = ${f.status}`);
    if (f.ids) parts.push(f.ids.length === 0 ? sql`1 = 0` : sql`id IN (${sql.join([...f.ids])})`);
    if (f.levelRules) parts.push(inList(levelRuleOf(sql`judgement`), f.levelRules));
    if (f.health) {
      const rule = healthRuleOf(sql`judgement`);
      const degraded = condition({ after: ['degraded_until'] }, scope.clock);
      parts.push(sql`(${inList(rule, f.health.always)} OR (${degraded} AND ${inList(rule, f.health.whenDegraded)}))`);
    }
    return parts.length === 0 ? sql<boolean>`1 = 1` : sql<boolean>`(${sql.join(parts, sql` AND `)})`;
  }

  /** Text ordered by code point on both engines (PostgreSQL would otherwise use the database's locale). */
  private text(column: string): RawBuilder<string> {
    return this.engine === 'postgres' ? sql<string>`${sql.ref(column)} COLLATE "C"` : sql<string>`${sql.ref(column)}`;
  }

  /**
   * How SQLite answers a search. One of three characters or more that keeps fewer than SEARCH_FEW
   * accounts: through the trigram index (migration 76). One that keeps more: by reading the rows,
   * which is faster then (at 100,000 accounts, a search that keeps all of them took 290 ms through the
   * index and 50 ms by reading every row; one that keeps 11 took 1 and 55), and its first rows are
   * found by walking the order's own index, since nearly every row walked matches. Asking costs under
   * a millisecond: the index stops counting at SEARCH_FEW. A shorter search reads every row.
   * PostgreSQL's planner weighs its own trigram indexes ('rows').
   */
  private async searchPlan(f: AccountFilterSql): Promise<SearchPlan> {
    // FTS5 reads its query as a C string: a NUL would end it early (and the phrase unterminated).
    if (this.engine !== 'sqlite' || !f.search || [...f.search].length < TRIGRAM || f.search.includes('\0'))
      return 'rows';
    const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM (SELECT 1 FROM account_search
      WHERE account_search MATCH ${searchPhrase(f.search)} LIMIT ${SEARCH_FEW})`.execute(this.q);
    return Number(rows[0]?.n ?? SEARCH_FEW) < SEARCH_FEW ? 'index' : 'most';
  }

  private ordered(scope: AccountScope, filter: AccountFilterSql, order: AccountOrder, plan: SearchPlan) {
    const ties = [this.text('label'), this.text('id')];
    const rank = (): RawBuilder<unknown>[] => {
      switch (order.by) {
        case 'urgency':
          // Kept with the rows: the index's own order (a lapse that is not set is kept as NEVER). A
          // search that may keep few rows: SQLite would walk the whole index to find them, so it
          // sorts what a scan keeps instead (`+ 0` hides the index from its planner; PostgreSQL's
          // weighs both).
          if (scope.kept)
            return filter.search && this.engine === 'sqlite' && plan !== 'most'
              ? [sql`urgency + 0`, sql`lapse_key + 0`]
              : [sql.ref('urgency'), sql.ref('lapse_key')];
          return [
            rankOf(sql`judgement`),
            sql`${instantWhen(scope.rules.lapsesAt.when, scope.rules.lapsesAt.at, scope.clock)} ASC NULLS LAST`,
          ];
        case 'label':
          return [];
        case 'provider':
          return [this.text('provider')];
        case 'status':
          return [
            lookupSql(
              sql.ref('status'),
              order.statusOrder.map((st, i) => [st, i] as const),
            ),
          ];
        case 'lastRefresh':
          return [sql`last_refresh_at DESC NULLS LAST`];
      }
    };
    let query = this.q
      .selectFrom(this.judged(scope).as('a'))
      .select('id')
      .where(this.matches(scope, filter, plan));
    for (const key of [...rank(), ...ties]) query = query.orderBy(key);
    return query;
  }

  /**
   * A window of the accounts that match, in order: what a screen of 100,000 accounts shows. The order
   * is found over the few columns it needs; only the window's rows are then read whole.
   */
  async window(
    scope: AccountScope,
    filter: AccountFilterSql,
    order: AccountOrder,
    offset: number,
    limit: number,
  ): Promise<AccountRow[]> {
    if (limit === 0) return [];
    const plan = await this.searchPlan(filter);
    const ids = (await this.ordered(scope, filter, order, plan).limit(limit).offset(offset).execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await this.q.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', 'in', ids).execute();
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** The ids of every account that matches, in order (selecting all of them). */
  async matchingIds(
    scope: AccountScope,
    filter: AccountFilterSql,
    order: AccountOrder,
    cap: number,
  ): Promise<{ id: string; provider: Provider }[]> {
    const plan = await this.searchPlan(filter);
    const rows = await this.ordered(scope, filter, order, plan).select('provider').limit(cap).execute();
    return rows.map((r) => ({ id: r.id, provider: r.provider }));
  }

  /**
   * How many accounts share a judgement, a status and a provider state, in one pass over the table
   * grouped by the judgement and the status, and the next instant at which time alone would change
   * any of them. With the judgements kept in the rows the pass reads one index; the domain turns
   * the groups into its counts.
   */
  async tally(scope: AccountScope): Promise<{ groups: AccountTally[]; nextChange: number | null }> {
    const degraded = condition({ after: ['degraded_until'] }, scope.clock);
    const counted = [
      'status',
      sql<number>`SUM(CASE WHEN ${degraded} THEN 1 ELSE 0 END)`.as('d'),
      sql<number>`COUNT(*)`.as('n'),
    ] as const;
    const groupsOf = (rows: { j: number; status: AccountStatus; d: number; n: number }[]) =>
      rows.flatMap((r) => {
        const d = Number(r.d);
        const n = Number(r.n);
        const judged = { ...unpackJudgement(Number(r.j)), status: r.status };
        return [
          ...(d > 0 ? [{ ...judged, degraded: true, n: d }] : []),
          ...(n > d ? [{ ...judged, degraded: false, n: n - d }] : []),
        ];
      });
    if (scope.kept) {
      // The first span to end is the next instant anything changes.
      const [rows, next] = await Promise.all([
        this.q
          .selectFrom('accounts')
          .select([sql<number>`judgement`.as('j'), ...counted])
          .groupBy(['judgement', 'status'])
          .execute(),
        this.q
          .selectFrom('accounts')
          .select((eb) => eb.fn.min('judged_until').as('until'))
          .executeTakeFirst(),
      ]);
      const until = next?.until === null || next?.until === undefined ? NEVER : Number(next.until);
      return { groups: groupsOf(rows), nextChange: until >= NEVER ? null : until };
    }
    const crossings = crossingsSql([scope.rules.level, scope.rules.health], scope.clock);
    const rows = await this.q
      .selectFrom(this.judged(scope).as('a'))
      .select([
        sql<number>`judgement`.as('j'),
        ...counted,
        ...crossings.map((at, i) => sql<number | null>`MIN(${at})`.as(`x${i}`)),
      ])
      .groupBy(['judgement', 'status'])
      .execute();
    let nextChange: number | null = null;
    for (const r of rows as Record<string, unknown>[])
      for (let i = 0; i < crossings.length; i++) {
        const at = r[`x${i}`];
        if (at !== null && at !== undefined && (nextChange === null || Number(at) < nextChange))
          nextChange = Number(at);
      }
    return { groups: groupsOf(rows), nextChange };
  }

  /** How many accounts have each status (read from the status index). */
  async countByStatus(): Promise<{ status: AccountStatus; n: number }[]> {
    const rows = await this.q
      .selectFrom('accounts')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    return rows.map((r) => ({ status: r.status, n: Number(r.n) }));
  }

  /** How many accounts match a filter. */
  async countMatching(scope: AccountScope, filter: AccountFilterSql): Promise<number> {
    const plan = await this.searchPlan(filter);
    const row = await this.q
      .selectFrom(this.judged(scope).as('a'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.matches(scope, filter, plan))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(id: string): Promise<AccountRow | undefined> {
    const [row] = await GET(this.q, id);
    return row;
  }

  /**
   * The account, who holds its refresh lease now (null: nobody), and its sealed secrets of `kinds`
   * (one to three) that exist, in one statement: the keep-alive's first look at an account, which
   * moves on when another live process is refreshing it, and what it would send if not.
   */
  async getWithLeaseAndSecrets(
    id: string,
    kinds: readonly string[],
  ): Promise<{ row: AccountRow; leaseOwner: string | null; secrets: CredentialRow[] } | undefined> {
    if (kinds.length === 0 || kinds.length > 3) throw new Error('getWithLeaseAndSecrets reads one to three kinds');
    // Padded with the last kind: one compiled statement serves one, two or three.
    const [a, b = a, c = b] = kinds as [string, string?, string?];
    const found = await GET_WITH_LEASE_AND_SECRETS(this.q, a, b, c, id);
    const first = found[0];
    if (!first) return undefined;
    const { lease_owner: leaseOwner, ...joined } = first;
    // The secret's columns are not the account's.
    const row: Partial<typeof joined> = { ...joined };
    for (const column of SECRET_COLUMNS) delete row[column];
    const secrets: CredentialRow[] = [];
    for (const r of found) {
      if (r.secret_kind === null || r.secret_key_version === null || r.secret_nonce === null) continue;
      secrets.push(
        sealedRow({
          owner: id,
          kind: r.secret_kind,
          key_version: r.secret_key_version,
          nonce: r.secret_nonce,
          ciphertext: r.secret_ciphertext as Buffer,
        }),
      );
    }
    return { row: row as AccountRow, leaseOwner, secrets };
  }

  /** Several accounts by id, in one query per 500 (the sign-ins in flight a list shows). */
  async getMany(ids: readonly string[]): Promise<AccountRow[]> {
    const rows: AccountRow[] = [];
    for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
      const chunk = ids.slice(i, i + IDS_PER_STATEMENT);
      rows.push(...(await this.q.selectFrom('accounts').select(ACCOUNT_COLUMNS).where('id', 'in', chunk).execute()));
    }
    return rows;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.q.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /**
   * Accounts (once connected) whose state by `rules` at the clock's instant differs from the one
   * last announced (`alert_level`), each with that state as `alert_to`. `since` (while the kept
   * judgements hold for the caller's scope): only among the rows whose state can have moved since
   * the caller's previous check, at instant `at`, which had seen judging `seq` (`judgedSeq`): those
   * judged after it, and those whose kept judgement does not hold over the whole time between that
   * check and this one (a span that ended or began in between, or a row changed since: the store's
   * trigger ends its span). A row outside both had the same judgement, and so the same state, at both
   * instants. Null: the database judges every row (30 ms at 100,000). Either way only the changed
   * rows come back (issue #16, B3).
   */
  alertChanges(
    rules: readonly Rule<string>[],
    clock: RuleClock,
    since: { seq: number; at: number } | null,
  ): Promise<
    (Pick<AccountRow, 'id' | 'label' | 'provider' | 'access_expires_at' | 'refresh_expires_at' | 'alert_level'> & {
      alert_to: string;
    })[]
  > {
    let judged = this.q
      .selectFrom('accounts')
      .select(['id', 'label', 'provider', 'access_expires_at', 'refresh_expires_at', 'alert_level'])
      .select(firstMatchSql(rules, clock, (rule) => rule.then).as('alert_to'))
      .where('status', '!=', 'not_connected');
    if (since !== null) {
      // Either way round: a clock stepped back is a span of time like any other.
      const from = Math.min(since.at, clock.now);
      const until = Math.max(since.at, clock.now);
      // Each part through its own index: as one OR, SQLite's planner (without statistics) reads every row.
      judged = judged.where((eb) =>
        eb(
          'id',
          'in',
          eb
            .selectFrom('accounts')
            .select('id')
            .where('judged_seq', '>', since.seq)
            .unionAll(eb.selectFrom('accounts').select('id').where('judged_from', '>', from))
            .unionAll(eb.selectFrom('accounts').select('id').where('judged_until', '<=', until)),
        ),
      );
    }
    return this.q
      .selectFrom(judged.as('judged'))
      .selectAll()
      .where(sql<boolean>`${sql.ref('alert_to')} IS DISTINCT FROM ${sql.ref('alert_level')}`)
      .execute();
  }

  /**
   * The number of the last judging that wrote rows (`keepJudgements`). Read before the rows it is
   * compared with: a judging that lands after is numbered above it.
   */
  async judgedSeq(): Promise<number> {
    return Number((await this.meta.get(JUDGED_SEQ)) ?? 1);
  }

  /**
   * Accounts of the `refreshed` providers (those with a keep-alive, as their templates say) whose
   * keep-alive is due, or that hold a rotated token not yet promoted (`pendingKind`), or whose last
   * refresh lies after `future` (the clock was stepped back). Soonest first.
   */
  async due(now: number, future: number, pendingKind: string, refreshed: readonly Provider[]): Promise<string[]> {
    if (refreshed.length === 0) return [];
    const rows = await this.q
      .selectFrom('accounts')
      .select('id')
      .where('status', '=', 'connected')
      .where('provider', 'in', [...refreshed])
      .where((eb) =>
        eb.or([
          eb('next_refresh_at', '<=', now),
          eb('last_refresh_at', '>', future),
          eb('id', 'in', eb.selectFrom('credentials').select('owner').where('kind', '=', pendingKind)),
        ]),
      )
      .orderBy('next_refresh_at')
      .execute();
    return rows.map((r) => r.id);
  }

  async insert(row: {
    id: string;
    provider: Provider;
    kind: AccountKind;
    label: string;
    config: unknown;
    status: AccountStatus;
    now: number;
  }): Promise<void> {
    await this.q
      .insertInto('accounts')
      .values({
        id: row.id,
        provider: row.provider,
        kind: row.kind,
        label: row.label,
        config: JSON.stringify(row.config),
        status: row.status,
        created_at: row.now,
        updated_at: row.now,
      })
      .execute();
  }

  async updateLabelAndConfig(id: string, label: string, config: unknown, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ label, config: JSON.stringify(config), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Marks when an account's secrets were last written by a person (a pasted token, an enrolment). */
  async touchRefresh(id: string, now: number): Promise<void> {
    await this.q.updateTable('accounts').set({ last_refresh_at: now }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.q.deleteFrom('accounts').where('id', '=', id).execute();
  }

  /** Records who signed in to an account (inside the transaction that stores the tokens). */
  async recordIdentity(
    id: string,
    identity: { sub: string; name: string | null; tenant: string | null },
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ identity_sub: identity.sub, identity_name: identity.name, identity_tenant: identity.tenant })
      .where('id', '=', id)
      .execute();
  }

  /** Marks an account as needing a person (a refused grant or token), keeping everything else. */
  async markNeedsReauth(id: string, code: string, words: { message: string; say?: Say }, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        status: 'needs_reauth',
        last_error_code: code,
        last_error_message: words.message,
        last_error_say: words.say ? JSON.stringify(words.say) : null,
        next_refresh_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** A refresh that failed without refusing the grant: kept, retried after `retryAt`. */
  async recordRefreshFailure(
    id: string,
    failure: {
      code: string;
      message: string;
      say?: Say;
      failures: number;
      retryAt: number;
      degradedUntil: number | null;
    },
    now: number,
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        last_error_code: failure.code,
        last_error_message: failure.message,
        last_error_say: failure.say ? JSON.stringify(failure.say) : null,
        failure_count: failure.failures,
        next_refresh_at: failure.retryAt,
        degraded_until: failure.degradedUntil,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** The metadata of a token response just sealed: connected, its ends, the next keep-alive. */
  async recordTokens(
    id: string,
    t: {
      accessExpiresAt: number | null;
      refreshExpiresAt: number | null;
      estimated: boolean;
      nextRefreshAt: number | null;
      grantedScopes: string[];
    },
    now: number,
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set((eb) => ({
        status: 'connected',
        access_expires_at: t.accessExpiresAt,
        refresh_expires_at: t.refreshExpiresAt,
        refresh_expiry_estimated: t.estimated ? 1 : 0,
        last_refresh_at: now,
        next_refresh_at: t.nextRefreshAt,
        refresh_generation: eb('refresh_generation', '+', 1),
        degraded_until: null,
        failure_count: 0,
        granted_scopes: JSON.stringify(t.grantedScopes),
        last_error_code: null,
        last_error_message: null,
        last_error_say: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
  }

  /**
   * Back to what its secrets make it: connected when it holds a token, else not connected; its
   * keep-alive due now when its provider has one (`keepAlive`).
   */
  async restoreStatus(id: string, now: number, keepAlive: boolean): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        status: HOLDS_TOKEN as never,
        last_error_code: null,
        last_error_message: null,
        last_error_say: null,
        failure_count: 0,
        degraded_until: null,
        next_refresh_at: keepAlive ? now : null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Takes an account out of the keep-alive and every use. */
  async setDisabled(id: string, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ status: 'disabled', next_refresh_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /**
   * Each account's alert level as last announced: one statement per level and 500 accounts (a first
   * check after an import of 100,000 wrote them one by one, 25 s on PostgreSQL).
   */
  async setAlertLevels(levels: readonly { id: string; level: string }[]): Promise<void> {
    const byLevel = new Map<string, string[]>();
    for (const { id, level } of levels) (byLevel.get(level) ?? byLevel.set(level, []).get(level)!).push(id);
    for (const [level, ids] of byLevel)
      for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT)
        await this.q
          .updateTable('accounts')
          .set({ alert_level: level })
          .where('id', 'in', ids.slice(i, i + IDS_PER_STATEMENT))
          .execute();
  }

  /** Marks accounts whose secrets can no longer be opened as needing re-enrolment; returns those changed. */
  async markKeyMismatch(ids: string[], now: number): Promise<string[]> {
    const changed: string[] = [];
    for (const id of ids) {
      const result = await this.q
        .updateTable('accounts')
        .set({
          status: 'needs_reauth',
          last_error_code: 'key_mismatch',
          last_error_message: KEY_MISMATCH_MESSAGE,
          last_error_say: JSON.stringify(KEY_MISMATCH_SAY),
          updated_at: now,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) changed.push(id);
    }
    return changed;
  }

  async keyMismatchIds(): Promise<string[]> {
    const rows = await this.q
      .selectFrom('accounts')
      .select('id')
      .where('last_error_code', '=', 'key_mismatch')
      .execute();
    return rows.map((r) => r.id);
  }

  async countKeyMismatch(): Promise<number> {
    const row = await this.q
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_error_code', '=', 'key_mismatch')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Clears the key-mismatch mark of accounts whose secrets open again; returns those changed. */
  async clearKeyMismatch(ids: string[], now: number): Promise<string[]> {
    const changed: string[] = [];
    for (const id of ids) {
      const result = await this.q
        .updateTable('accounts')
        .set({
          status: HOLDS_TOKEN as never,
          last_error_code: null,
          last_error_message: null,
          last_error_say: null,
          updated_at: now,
        })
        .where('id', '=', id)
        .where('last_error_code', '=', 'key_mismatch')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) changed.push(id);
    }
    return changed;
  }
}
