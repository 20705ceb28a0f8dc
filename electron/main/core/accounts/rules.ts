import type { AccountStatus, ExpiryLevel, Provider } from '../../../../shared/domain';
import type { AccountRow } from '../store/accounts';

/**
 * Decision lists over an account row at an instant: the first rule whose `when` holds decides. The
 * expiry level and the health of an account are written once, here, as data; the core evaluates them
 * in memory (`firstMatch`) and the store compiles the same lists to SQL, so that filtering, sorting
 * and counting 100,000 accounts happen in the database and agree with what each row shows (a test
 * runs random rows through both, on both engines).
 */

/** The instants a rule may look at. */
export type RuleColumn = 'access_expires_at' | 'refresh_expires_at' | 'next_refresh_at' | 'degraded_until';
/** A stored instant, or the first of several that is set. */
export type RuleInstant = RuleColumn | { readonly firstOf: readonly RuleColumn[] };
/** An instant to compare with: now, or now plus the critical or warning threshold. */
export type RuleHorizon = 'now' | 'critical' | 'warning';

/** Every listed part must hold; an empty `when` always holds. */
export interface When {
  readonly status?: readonly AccountStatus[];
  readonly provider?: readonly Provider[];
  readonly unset?: readonly RuleInstant[];
  readonly set?: readonly RuleInstant[];
  /** The instant is set and lies at or before the horizon. */
  readonly notAfter?: readonly (readonly [RuleInstant, RuleHorizon])[];
  /** The instant is set and lies after now. */
  readonly after?: readonly RuleInstant[];
  /** The account's expiry level (health rules only). */
  readonly level?: readonly ExpiryLevel[];
}

export interface Rule<T> {
  readonly when: When;
  readonly then: T;
}

export type RuleRow = Pick<AccountRow, 'status' | 'provider' | RuleColumn>;

/** Now and the two horizons, in epoch milliseconds. */
export interface RuleClock {
  readonly now: number;
  readonly critical: number;
  readonly warning: number;
}

const DAY_MS = 86_400_000;

export function ruleClock(now: number, t: { expiryWarningDays: number; expiryCriticalDays: number }): RuleClock {
  return { now, critical: now + t.expiryCriticalDays * DAY_MS, warning: now + t.expiryWarningDays * DAY_MS };
}

function instant(row: RuleRow, i: RuleInstant): number | null {
  if (typeof i === 'string') return row[i];
  for (const column of i.firstOf) if (row[column] !== null) return row[column];
  return null;
}

function holds(when: When, row: RuleRow, clock: RuleClock, level: ExpiryLevel | null): boolean {
  if (when.status && !when.status.includes(row.status)) return false;
  if (when.provider && !when.provider.includes(row.provider)) return false;
  if (when.unset && !when.unset.every((i) => instant(row, i) === null)) return false;
  if (when.set && !when.set.every((i) => instant(row, i) !== null)) return false;
  if (
    when.notAfter &&
    !when.notAfter.every(([i, h]) => {
      const at = instant(row, i);
      return at !== null && at <= clock[h];
    })
  )
    return false;
  if (
    when.after &&
    !when.after.every((i) => {
      const at = instant(row, i);
      return at !== null && at > clock.now;
    })
  )
    return false;
  if (when.level && (level === null || !when.level.includes(level))) return false;
  return true;
}

/** The index of the first rule that holds (every list ends with an empty `when`). */
export function firstMatch<T>(
  rules: readonly Rule<T>[],
  row: RuleRow,
  clock: RuleClock,
  level: ExpiryLevel | null = null,
): number {
  const index = rules.findIndex((r) => holds(r.when, row, clock, level));
  if (index < 0) throw new Error('a decision list must end with a rule that always holds');
  return index;
}
