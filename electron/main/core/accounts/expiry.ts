import type { ExpiryLevel } from '../../../../shared/domain';
import type { RuleClock } from './rules';

export interface ExpiryThresholds {
  expiryWarningDays: number;
  expiryCriticalDays: number;
}

/** The expiry level of one instant: expired, critical (≤ 1 day), warning (≤ 3 days), ok, or unknown. */
export function expiryLevel(expiresAt: number | null, clock: RuleClock): ExpiryLevel {
  if (expiresAt === null) return 'unknown';
  if (expiresAt <= clock.now) return 'expired';
  if (expiresAt <= clock.critical) return 'critical';
  if (expiresAt <= clock.warning) return 'warning';
  return 'ok';
}
