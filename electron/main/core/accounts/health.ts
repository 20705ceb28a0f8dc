import type { AccountHealth, ExpiryLevel } from '../../../../shared/domain';
import { TEMPLATES } from '../providers/providers';
import type { AccountRow } from './accounts.model';

/**
 * The one health state of an account, from everything known about it. A connected account whose
 * refresh token has ended is "Expired", not "Connected"; a refused store token is "Token refused";
 * an account that lapses soon says so. Every state that needs a person carries the action that fixes it.
 */
export function accountHealth(row: AccountRow, level: ExpiryLevel, now: number): AccountHealth {
  const signIn = TEMPLATES[row.provider].signIn;
  const end = row.status === 'connected' ? (row.refresh_expires_at ?? row.access_expires_at) : null;
  const lapsesAt = end === null ? null : new Date(end).toISOString();
  const h = (
    state: AccountHealth['state'],
    label: string,
    action: AccountHealth['action'],
    urgency: number,
  ): AccountHealth => ({ state, label, action, lapsesAt, urgency });
  if (row.status === 'disabled') return h('disabled', 'Disabled — not kept alive', 'enable', 5);
  if (row.status === 'not_connected') return h('not_connected', 'Not connected — sign in', 'sign_in', 3);
  if (row.status === 'needs_reauth' || row.status === 'error')
    return signIn
      ? h('needs_reauth', 'Needs re-authorization', 'reauthorize', 0)
      : h('token_refused', 'Token refused — paste a new token', 'paste_token', 0);
  if (level === 'expired')
    return signIn
      ? h('expired', 'Expired — re-authorize', 'reauthorize', 0)
      : h('expired', 'Token expired — paste a new one', 'paste_token', 0);
  if (level === 'critical') return h('lapses_soon', 'Lapses within a day', 'refresh', 1);
  if (row.degraded_until !== null && row.degraded_until > now)
    return h('degraded', 'Provider degraded — retrying', null, 2);
  if (level === 'warning') return h('lapses_soon', 'Lapses soon', 'refresh', 2);
  return h('healthy', 'Healthy', null, 4);
}
