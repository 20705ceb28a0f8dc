import type { AccountHealth, ExpiryLevel, HealthKey } from '../../../../shared/domain';
import { inEnglish } from '../../../../shared/i18n';
import { providersWhere } from '../providers/providers';
import { firstMatch, type Rule, type RuleClock, type RuleInstant, type RuleRow } from './rules';
import { isoTimeOrNull } from '../iso';

/** Providers signed in through a browser; the others are enrolled with a pasted token. */
const SIGN_IN = providersWhere((t) => t.signIn);
/** Providers whose credential never ends (a store-level API token). */
const NEVER_EXPIRES = providersWhere((t) => t.neverExpires === true);
/** When a connected account lapses unless refreshed: its refresh token's end, else its access token's. */
export const GOVERNING_END: RuleInstant = { firstOf: ['refresh_expires_at', 'access_expires_at'] };

/**
 * The level that says whether an account will lapse: its refresh token's end when it has one (the
 * access token is renewed on use), else the access token's; a store API token never expires.
 */
export const LEVEL_RULES: readonly Rule<ExpiryLevel>[] = [
  { when: { status: ['not_connected', 'disabled'] }, then: 'unknown' },
  // A grant that was refused holds no working token, whatever its stored ends say.
  { when: { status: ['needs_reauth', 'error'] }, then: 'expired' },
  // A refresh token whose end nobody announced: the keep-alive runs, but no level can be promised.
  { when: { unset: ['refresh_expires_at'], set: ['next_refresh_at'] }, then: 'unknown' },
  { when: { unset: [GOVERNING_END], provider: NEVER_EXPIRES, status: ['connected'] }, then: 'ok' },
  { when: { unset: [GOVERNING_END] }, then: 'unknown' },
  { when: { notAfter: [[GOVERNING_END, 'now']] }, then: 'expired' },
  { when: { notAfter: [[GOVERNING_END, 'critical']] }, then: 'critical' },
  { when: { notAfter: [[GOVERNING_END, 'warning']] }, then: 'warning' },
  { when: {}, then: 'ok' },
];

type Outcome = Omit<AccountHealth, 'lapsesAt'>;
/** An outcome; its words are the catalogue's `health.<key>` (English here; each face says it in its language). */
const outcome = (state: Outcome['state'], key: HealthKey, action: Outcome['action'], urgency: number): Outcome => ({
  state,
  key,
  label: inEnglish(`health.${key}`),
  action,
  urgency,
});

/**
 * The one health state of an account, from everything known about it. A connected account whose
 * refresh token has ended is "Expired", not "Connected"; a refused store token is "Token refused";
 * an account that lapses soon says so. Every state that needs a person carries the action that fixes
 * it. Urgency orders them: 0 needs a person now, 5 is switched off.
 */
export const HEALTH_RULES: readonly Rule<Outcome>[] = [
  { when: { status: ['disabled'] }, then: outcome('disabled', 'disabled', 'enable', 5) },
  { when: { status: ['not_connected'] }, then: outcome('not_connected', 'not_connected', 'sign_in', 3) },
  {
    when: { status: ['needs_reauth', 'error'], provider: SIGN_IN },
    then: outcome('needs_reauth', 'needs_reauth', 'reauthorize', 0),
  },
  {
    when: { status: ['needs_reauth', 'error'] },
    then: outcome('token_refused', 'token_refused', 'paste_token', 0),
  },
  {
    when: { level: ['expired'], provider: SIGN_IN },
    then: outcome('expired', 'expired_reauthorize', 'reauthorize', 0),
  },
  { when: { level: ['expired'] }, then: outcome('expired', 'expired_paste', 'paste_token', 0) },
  { when: { level: ['critical'] }, then: outcome('lapses_soon', 'lapses_day', 'refresh', 1) },
  { when: { after: ['degraded_until'] }, then: outcome('degraded', 'degraded', null, 2) },
  { when: { level: ['warning'] }, then: outcome('lapses_soon', 'lapses_soon', 'refresh', 2) },
  { when: {}, then: outcome('healthy', 'healthy', null, 4) },
];

/** Indexes of the health rules whose outcome passes `test` (what a filter by state compiles to). */
export function healthRulesWhere(test: (o: Outcome) => boolean): number[] {
  return HEALTH_RULES.flatMap((r, i) => (test(r.then) ? [i] : []));
}

/** Indexes of the level rules that decide `level` (what a filter by level compiles to). */
export function levelRulesFor(level: ExpiryLevel): number[] {
  return LEVEL_RULES.flatMap((r, i) => (r.then === level ? [i] : []));
}

/** An account's expiry level at an instant. */
export function accountLevel(row: RuleRow, clock: RuleClock): ExpiryLevel {
  return (LEVEL_RULES[firstMatch(LEVEL_RULES, row, clock)] as Rule<ExpiryLevel>).then;
}

/** An account's health at an instant, given its level. */
export function accountHealth(row: RuleRow, level: ExpiryLevel, clock: RuleClock): AccountHealth {
  const rule = HEALTH_RULES[firstMatch(HEALTH_RULES, row, clock, level)] as Rule<Outcome>;
  const end = row.status === 'connected' ? (row.refresh_expires_at ?? row.access_expires_at) : null;
  return { ...rule.then, lapsesAt: isoTimeOrNull(end) };
}
