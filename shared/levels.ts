import type { TFunction } from 'i18next';
import type { Account, AccountCounts, AccountHealth, AccountStatus, ExpiryLevel, GlanceKey } from './domain';
import { inEnglish } from './i18n';

const RANK: Record<ExpiryLevel, number> = { unknown: 0, ok: 1, warning: 2, critical: 3, expired: 4 };

/**
 * The worst expiry level over all connected accounts (needs re-authorization counts as expired), and
 * a one-line summary for the tray and the window title, from the store's counts.
 */
export function worstLevel(counts: AccountCounts, t: TFunction = inEnglish): { level: ExpiryLevel; summary: string } {
  let level: ExpiryLevel = counts.total === 0 ? 'unknown' : 'ok';
  for (const l of Object.keys(RANK) as ExpiryLevel[]) if (counts.byLevel[l] > 0 && RANK[l] > RANK[level]) level = l;
  // A refused grant is at level "expired"; it is named as needing re-authorization instead.
  const reauth = counts.byStatus.needs_reauth;
  const parts = [
    counts.byLevel.expired - reauth ? t('shell.summary.expired', { count: counts.byLevel.expired - reauth }) : '',
    reauth ? t('shell.summary.reauth', { count: reauth }) : '',
    counts.byLevel.critical ? t('shell.summary.critical', { count: counts.byLevel.critical }) : '',
    counts.byLevel.warning ? t('shell.summary.warning', { count: counts.byLevel.warning }) : '',
  ].filter(Boolean);
  const summary =
    counts.total === 0
      ? t('shell.summary.none')
      : parts.length > 0
        ? parts.join(', ')
        : t('shell.summary.healthy', { count: counts.total });
  return { level, summary };
}

/** Health urgency at or below which an account needs someone now. */
export const ATTENTION_URGENCY = 1;

/** Which health each first-glance count holds; `degraded` is the provider's state, not the account's. */
export const GLANCE_TEST: Record<
  GlanceKey,
  (health: Pick<AccountHealth, 'state' | 'urgency'>, providerDegraded: boolean) => boolean
> = {
  expired: (h) => h.state === 'expired',
  lapses_day: (h) => h.state === 'lapses_soon' && h.urgency <= ATTENTION_URGENCY,
  reauth: (h) => h.state === 'needs_reauth' || h.state === 'token_refused',
  degraded: (_h, degraded) => degraded,
};

/** "Status" order: what needs a person first. */
export const STATUS_ORDER: readonly AccountStatus[] = [
  'needs_reauth',
  'error',
  'not_connected',
  'connected',
  'disabled',
];

/**
 * Accounts that need someone now: re-authorization, a refused or expired token, or one that lapses
 * within a day (the core's health urgency 0 or 1).
 */
export function needsAttention(a: Pick<Account, 'health'>): boolean {
  return a.health.urgency <= ATTENTION_URGENCY;
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

/** How a sign-in ended without connecting its account: the account needs the admin again unless a later one connected it. */
export const ENDED_WITHOUT = ['FAILED', 'EXPIRED', 'CANCELLED', 'INTERRUPTED'] as const;

/** A sign-in still in flight: waiting for the browser, or exchanging its code. */
export function inFlight(s: { state: string }): boolean {
  return s.state === 'PENDING' || s.state === 'CALLBACK_RECEIVED';
}
