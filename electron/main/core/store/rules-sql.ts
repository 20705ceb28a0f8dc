import { sql, type RawBuilder } from 'kysely';
import type { ExpiryLevel } from '../../../../shared/domain';
import type { Rule, RuleClock, RuleInstant, When } from '../accounts/rules';

/**
 * Compiles the accounts' decision lists (`accounts/rules.ts`) to SQL that both engines run alike.
 * The lists stay the one statement of the rule; this only translates. Constants in the lists come
 * from code (statuses, providers, levels) and are inlined as literals; instants are parameters.
 */

const TRUE = sql<boolean>`1 = 1`;
const FALSE = sql<boolean>`1 = 0`;

function instant(i: RuleInstant): RawBuilder<number | null> {
  if (typeof i === 'string') return sql<number | null>`${sql.ref(i)}`;
  return sql<number | null>`COALESCE(${sql.join(i.firstOf.map((c) => sql.ref(c)))})`;
}

function within(column: string, values: readonly string[]): RawBuilder<boolean> {
  if (values.length === 0) return FALSE;
  return sql<boolean>`${sql.ref(column)} IN (${sql.join(values.map((v) => sql.lit(v)))})`;
}

/** Every part of `when` as one condition; `level` is the compiled level of the same row. */
export function condition(when: When, clock: RuleClock, level?: RawBuilder<string>): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [];
  if (when.status) parts.push(within('status', when.status));
  if (when.provider) parts.push(within('provider', when.provider));
  for (const i of when.unset ?? []) parts.push(sql`${instant(i)} IS NULL`);
  for (const i of when.set ?? []) parts.push(sql`${instant(i)} IS NOT NULL`);
  for (const [i, h] of when.notAfter ?? []) parts.push(sql`${instant(i)} <= ${clock[h]}`);
  for (const i of when.after ?? []) parts.push(sql`${instant(i)} > ${clock.now}`);
  if (when.level) {
    if (!level) throw new Error('a rule on the level needs the level compiled first');
    parts.push(when.level.length === 0 ? FALSE : sql`${level} IN (${sql.join(when.level.map((l) => sql.lit(l)))})`);
  }
  if (parts.length === 0) return TRUE;
  return sql<boolean>`(${sql.join(parts, sql` AND `)})`;
}

/**
 * `CASE WHEN <rule 0> THEN value(0) … ELSE value(last) END`: the value of the first rule that holds.
 * The last rule must always hold, as in memory.
 */
export function firstMatchSql<T, V>(
  rules: readonly Rule<T>[],
  clock: RuleClock,
  value: (rule: Rule<T>, index: number) => V,
  level?: RawBuilder<string>,
): RawBuilder<V> {
  const last = rules.at(-1);
  if (!last || Object.keys(last.when).length > 0)
    throw new Error('a decision list must end with a rule that always holds');
  const arms = rules
    .slice(0, -1)
    .map((r, i) => sql`WHEN ${condition(r.when, clock, level)} THEN ${sql.lit(value(r, i))}`);
  return sql<V>`CASE ${sql.join(arms, sql` `)} ELSE ${sql.lit(value(last, rules.length - 1))} END`;
}

/** `CASE <expr> WHEN key THEN value … END` over a small fixed table (a rank, an urgency). */
export function lookupSql(expr: RawBuilder<unknown>, table: readonly (readonly [string | number, number])[]) {
  return sql<number>`CASE ${expr} ${sql.join(
    table.map(([k, v]) => sql`WHEN ${sql.lit(k)} THEN ${sql.lit(v)}`),
    sql` `,
  )} END`;
}

/** `CASE WHEN <when> THEN <instant> END`: an instant that only counts when a condition holds. */
export function instantWhen(when: When, at: RuleInstant, clock: RuleClock): RawBuilder<number | null> {
  return sql<number | null>`CASE WHEN ${condition(when, clock)} THEN ${instant(at)} END`;
}

/**
 * The level and the health of a row in one CASE: each level arm carries the health list specialised
 * for that level (its `level` conditions decided at compile time), so the database judges the level
 * once per row instead of once per health rule that names it. The value packs the health rule's rank
 * (its urgency), the health rule and the level rule into one integer, so that "most urgent first" is
 * an integer division and a count is one group key (see `unpackJudgement`).
 */
export function judgementSql<L extends ExpiryLevel, H>(
  levels: readonly Rule<L>[],
  health: readonly Rule<H>[],
  clock: RuleClock,
  rank: (outcome: H) => number,
): RawBuilder<number> {
  if (levels.length > LEVEL_SLOTS || health.length > HEALTH_SLOTS) throw new Error('too many rules to pack');
  const specialised = (level: L, levelIndex: number) => {
    const kept = health
      .map((r, i) => ({ r, i }))
      .filter(({ r }) => !r.when.level || r.when.level.includes(level))
      .map(({ r, i }) => {
        const rest: When = { ...r.when };
        delete (rest as { level?: unknown }).level;
        return { when: rest, then: packJudgement(rank(r.then), i, levelIndex) };
      });
    // The first rule that always holds ends the list (the original list ends with one).
    const end = kept.findIndex((k) => Object.keys(k.when).length === 0);
    return firstMatchSql(kept.slice(0, end + 1), clock, (k) => k.then);
  };
  const last = levels.length - 1;
  const arms = levels.slice(0, -1).map((r, j) => sql`WHEN ${condition(r.when, clock)} THEN ${specialised(r.then, j)}`);
  return sql<number>`CASE ${sql.join(arms, sql` `)} ELSE ${specialised((levels[last] as Rule<L>).then, last)} END`;
}

const LEVEL_SLOTS = 16;
const HEALTH_SLOTS = 64;
/** Judgements with the same rank share `floor(judgement / RANK_UNIT)`. */
export const RANK_UNIT = LEVEL_SLOTS * HEALTH_SLOTS;

function packJudgement(rank: number, healthRule: number, levelRule: number): number {
  return rank * RANK_UNIT + healthRule * LEVEL_SLOTS + levelRule;
}

export function unpackJudgement(judgement: number): { healthRule: number; levelRule: number } {
  return { healthRule: Math.floor(judgement / LEVEL_SLOTS) % HEALTH_SLOTS, levelRule: judgement % LEVEL_SLOTS };
}

/** SQL for the level rule and the health rule of a packed judgement column. */
export const levelRuleOf = (judgement: RawBuilder<unknown>) => sql<number>`(${judgement} % ${sql.lit(LEVEL_SLOTS)})`;
export const healthRuleOf = (judgement: RawBuilder<unknown>) =>
  sql<number>`((${judgement} / ${sql.lit(LEVEL_SLOTS)}) % ${sql.lit(HEALTH_SLOTS)})`;
export const rankOf = (judgement: RawBuilder<unknown>) => sql<number>`(${judgement} / ${sql.lit(RANK_UNIT)})`;

/**
 * The instants at which any rule's comparison with time flips, as SQL per row: `instant <= now + h`
 * starts to hold when now reaches `instant - h`, and `instant > now` stops when now reaches `instant`.
 * Nothing judged by these lists changes between two such instants (what a cache of counts relies on).
 */
export function crossingsSql(
  lists: readonly (readonly Rule<unknown>[])[],
  clock: RuleClock,
): RawBuilder<number | null>[] {
  return crossingPoints(lists, clock).map((at) => sql<number | null>`CASE WHEN ${at} > ${clock.now} THEN ${at} END`);
}

/** Every instant at which a comparison of the lists with time flips, per row (null where unset). */
function crossingPoints(lists: readonly (readonly Rule<unknown>[])[], clock: RuleClock): RawBuilder<number | null>[] {
  const seen = new Map<string, RawBuilder<number | null>>();
  for (const rules of lists)
    for (const { when } of rules) {
      for (const [i, h] of when.notAfter ?? []) {
        const offset = clock[h] - clock.now;
        seen.set(JSON.stringify([i, offset]), sql<number | null>`${instant(i)} - ${offset}`);
      }
      for (const i of when.after ?? []) seen.set(JSON.stringify([i, 0]), sql<number | null>`${instant(i)} - ${0}`);
    }
  return [...seen.values()];
}

/** Beyond any instant Gatehouse stores (epoch milliseconds), and still exact as a JavaScript number. */
export const NEVER = 4_000_000_000_000_000;

/**
 * The span of time around the clock's instant in which nothing judged by the lists changes for a
 * row: from the last crossing at or before now (or -NEVER) until the first after it (or NEVER). A
 * judgement kept with the row holds while `from <= now < until`.
 */
export function judgedSpanSql(
  lists: readonly (readonly Rule<unknown>[])[],
  clock: RuleClock,
  engine: 'sqlite' | 'postgres',
): { from: RawBuilder<number>; until: RawBuilder<number> } {
  const points = crossingPoints(lists, clock);
  // SQLite's min()/max() with several arguments are scalar (and need two or more); PostgreSQL's are LEAST/GREATEST.
  const [least, greatest] = engine === 'postgres' ? ['LEAST', 'GREATEST'] : ['min', 'max'];
  const after = points.map((at) => sql`CASE WHEN ${at} > ${clock.now} THEN ${at} ELSE ${sql.lit(NEVER)} END`);
  const before = points.map((at) => sql`CASE WHEN ${at} <= ${clock.now} THEN ${at} ELSE ${sql.lit(-NEVER)} END`);
  return {
    from: sql<number>`${sql.raw(greatest)}(${sql.join([...before, sql.lit(-NEVER)])})`,
    until: sql<number>`${sql.raw(least)}(${sql.join([...after, sql.lit(NEVER)])})`,
  };
}
