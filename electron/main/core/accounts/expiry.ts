import type { ExpiryLevel } from '../../../../shared/domain';

const DAY_MS = 86_400_000;

export interface ExpiryThresholds {
  expiryWarningDays: number;
  expiryCriticalDays: number;
}

/** The expiry level of one instant: expired, critical (≤ 1 day), warning (≤ 3 days), ok, or unknown. */
export function expiryLevel(expiresAt: number | null, now: number, t: ExpiryThresholds): ExpiryLevel {
  if (expiresAt === null) return 'unknown';
  const left = expiresAt - now;
  if (left <= 0) return 'expired';
  if (left <= t.expiryCriticalDays * DAY_MS) return 'critical';
  if (left <= t.expiryWarningDays * DAY_MS) return 'warning';
  return 'ok';
}
