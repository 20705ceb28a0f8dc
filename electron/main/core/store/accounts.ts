import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { AccountKind, AccountStatus, ExpiryLevel, Provider } from '../../../../shared/domain';
import type { Rule, RuleClock, RuleInstant, When } from '../accounts/rules';
import { prepared } from './prepared';
import {
  condition,
  crossingsSql,
  healthRuleOf,
  instantWhen,
  judgementSql,
  levelRuleOf,
  lookupSql,
  rankOf,
  unpackJudgement,
} from './rules-sql';
import type { AccountsTable, Schema } from './schema';
import type { Say } from '../../../../shared/result';
import { english } from '../said';
import type { Engine } from './store';

/** A row of `accounts` as stored. Rows never cross IPC; the accounts model maps them for the faces. */
export type AccountRow = Selectable<AccountsTable>;

const HOLDS_TOKEN = sql<string>`CASE WHEN EXISTS (SELECT 1 FROM credentials c WHERE c.owner = accounts.id
  AND c.kind IN ('access_token', 'refresh_token', 'api_token')) THEN 'connected' ELSE 'not_connected' END`;

const GET = prepared((q, id: string) => q.selectFrom('accounts').selectAll().where('id', '=', id));

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

/** One group of the tally: how many accounts share a judgement and a provider state. */
export interface AccountTally {
  levelRule: number;
  healthRule: number;
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

/** Every statement about the `accounts` table. */
export class AccountsRepository {
  constructor(
    private readonly q: Kysely<Schema>,
    private readonly engine: Engine,
  ) {}

  /** Every account row, in a stable order (label case-insensitively, then id). */
  list(): Promise<AccountRow[]> {
    return this.q
      .selectFrom('accounts')
      .selectAll()
      .orderBy(sql`lower(label)`)
      .orderBy('id')
      .execute();
  }

  /**
   * The narrow columns of every row with its judgement (level and health rule in one number, see
   * `judgementSql`), computed by the database at the scope's instant.
   */
  private judged(scope: AccountScope) {
    const judgement = judgementSql(scope.rules.level, scope.rules.health, scope.clock, (h) => h.urgency);
    return this.q
      .selectFrom('accounts')
      .select([...NARROW_COLUMNS])
      .select(judgement.as('judgement'));
  }

  private matches(scope: AccountScope, f: AccountFilterSql): RawBuilder<boolean> {
    const parts: RawBuilder<unknown>[] = [];
    if (f.search) {
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

  private ordered(scope: AccountScope, filter: AccountFilterSql, order: AccountOrder) {
    const ties = [this.text('label'), this.text('id')];
    const rank = (): RawBuilder<unknown>[] => {
      switch (order.by) {
        case 'urgency':
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
    let query = this.q.selectFrom(this.judged(scope).as('a')).select('id').where(this.matches(scope, filter));
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
    const ids = (await this.ordered(scope, filter, order).limit(limit).offset(offset).execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    const rows = await this.q.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
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
    const rows = await this.ordered(scope, filter, order).select('provider').limit(cap).execute();
    return rows.map((r) => ({ id: r.id, provider: r.provider }));
  }

  /**
   * How many accounts share a judgement and a provider state, in one pass over the table grouped by
   * one integer, and the next instant at which time alone would change any of them. The domain turns
   * the groups into its counts.
   */
  async tally(scope: AccountScope): Promise<{ groups: AccountTally[]; nextChange: number | null }> {
    const degraded = condition({ after: ['degraded_until'] }, scope.clock);
    const crossings = crossingsSql([scope.rules.level, scope.rules.health], scope.clock);
    const rows = await this.q
      .selectFrom(this.judged(scope).as('a'))
      .select([
        sql<number>`judgement * 2 + CASE WHEN ${degraded} THEN 1 ELSE 0 END`.as('k'),
        (eb) => eb.fn.countAll<number>().as('n'),
        ...crossings.map((at, i) => sql<number | null>`MIN(${at})`.as(`x${i}`)),
      ])
      .groupBy(sql`1`)
      .execute();
    let nextChange: number | null = null;
    for (const r of rows as Record<string, unknown>[])
      for (let i = 0; i < crossings.length; i++) {
        const at = r[`x${i}`];
        if (at !== null && at !== undefined && (nextChange === null || Number(at) < nextChange))
          nextChange = Number(at);
      }
    const groups = rows.map((r) => ({
      ...unpackJudgement(Math.floor(Number(r.k) / 2)),
      degraded: Number(r.k) % 2 === 1,
      n: Number(r.n),
    }));
    return { groups, nextChange };
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
    const row = await this.q
      .selectFrom(this.judged(scope).as('a'))
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(this.matches(scope, filter))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async get(id: string): Promise<AccountRow | undefined> {
    const [row] = await GET(this.q, id);
    return row;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.q.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /** The rows the expiry alerts judge: every account that was ever connected. */
  forAlerts(): Promise<
    Pick<
      AccountRow,
      | 'id'
      | 'label'
      | 'provider'
      | 'status'
      | 'access_expires_at'
      | 'refresh_expires_at'
      | 'next_refresh_at'
      | 'degraded_until'
      | 'alert_level'
    >[]
  > {
    return this.q
      .selectFrom('accounts')
      .select([
        'id',
        'label',
        'provider',
        'status',
        'access_expires_at',
        'refresh_expires_at',
        'next_refresh_at',
        'degraded_until',
        'alert_level',
      ])
      .where('status', '!=', 'not_connected')
      .execute();
  }

  /**
   * Accounts whose keep-alive is due, or that hold a rotated token not yet promoted (`pendingKind`),
   * or whose last refresh lies after `future` (the clock was stepped back). Soonest first.
   */
  async due(now: number, future: number, pendingKind: string): Promise<string[]> {
    const rows = await this.q
      .selectFrom('accounts')
      .select('id')
      .where('status', '=', 'connected')
      .where('provider', '!=', 'bigcommerce')
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

  /** Back to what its secrets make it: connected when it holds a token, else not connected. */
  async restoreStatus(id: string, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        status: HOLDS_TOKEN as never,
        last_error_code: null,
        last_error_message: null,
        last_error_say: null,
        failure_count: 0,
        degraded_until: null,
        next_refresh_at: sql`CASE WHEN provider = 'bigcommerce' THEN NULL ELSE CAST(${now} AS BIGINT) END` as never,
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

  async setAlertLevel(id: string, level: string): Promise<void> {
    await this.q.updateTable('accounts').set({ alert_level: level }).where('id', '=', id).execute();
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
