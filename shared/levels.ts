import type { Account, ExpiryLevel } from './domain';

const RANK: Record<ExpiryLevel, number> = { unknown: 0, ok: 1, warning: 2, critical: 3, expired: 4 };

/**
 * The worst expiry level over all connected accounts (needs re-authorization counts as expired), and
 * a one-line summary for the tray and the window title.
 */
export function worstLevel(accounts: readonly Account[]): { level: ExpiryLevel; summary: string } {
  let level: ExpiryLevel = accounts.length === 0 ? 'unknown' : 'ok';
  const counts = { warning: 0, critical: 0, expired: 0, reauth: 0 };
  for (const a of accounts) {
    const effective: ExpiryLevel = a.status === 'needs_reauth' ? 'expired' : a.expiryLevel;
    if (a.status === 'needs_reauth') counts.reauth += 1;
    else if (effective === 'warning' || effective === 'critical' || effective === 'expired') counts[effective] += 1;
    if (RANK[effective] > RANK[level]) level = effective;
  }
  const parts = [
    counts.expired ? `${counts.expired} expired` : '',
    counts.reauth ? `${counts.reauth} need re-authorization` : '',
    counts.critical ? `${counts.critical} critical` : '',
    counts.warning ? `${counts.warning} expiring soon` : '',
  ].filter(Boolean);
  const summary =
    accounts.length === 0
      ? 'no accounts yet'
      : parts.length > 0
        ? parts.join(', ')
        : `all ${accounts.length} accounts healthy`;
  return { level, summary };
}

/**
 * Accounts that need someone now: re-authorization, a refused or expired token, or one that lapses
 * within a day (the core's health urgency 0 or 1).
 */
export function needsAttention(a: Pick<Account, 'health'>): boolean {
  return a.health.urgency <= 1;
}

/** Why an account needs attention, in a few words (the tray menu). */
export function attentionReason(a: Pick<Account, 'health'>): string {
  return a.health.label;
}

/** "Most urgent first": what needs a person, then what lapses soonest, then by label. */
export function byUrgency(a: Pick<Account, 'health' | 'label'>, b: Pick<Account, 'health' | 'label'>): number {
  const end = (x: Pick<Account, 'health'>) =>
    x.health.lapsesAt ? Date.parse(x.health.lapsesAt) : Number.POSITIVE_INFINITY;
  return a.health.urgency - b.health.urgency || end(a) - end(b) || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);
}

/** How serious an incident is, from its code: a person must act ('fail'), or Gatehouse is coping ('warn'). */
export function incidentSeverity(code: string): 'fail' | 'warn' {
  return /^(invalid_grant|invalid_client|unauthorized_client|key_mismatch|rotation_not_saved|token_refused|identity_mismatch|no_refresh_token|expiry_expired|expiry_critical|expiry_needs_reauth|AADSTS|test_http_401)/i.test(
    code,
  )
    ? 'fail'
    : 'warn';
}

/** A sign-in still in flight: waiting for the browser, or exchanging its code. */
export function inFlight(s: { state: string }): boolean {
  return s.state === 'PENDING' || s.state === 'CALLBACK_RECEIVED';
}
