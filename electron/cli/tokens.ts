import type { Account, Incident, RefreshResultView } from '../../shared/domain';
import { parsePositiveInt, read, UsageError, type CommandContext } from './cli';
import { table } from './format';
import { byUrgency, needsAttention } from '../../shared/levels';

const LEVEL_MARK: Record<Account['expiryLevel'], string> = {
  ok: 'ok',
  warning: 'WARNING',
  critical: 'CRITICAL',
  expired: 'EXPIRED',
  unknown: '?',
};

/** "in 3 d", "2 h ago": a terminal-sized relative time; "~" marks an estimate. */
export function relative(iso: string | null, now: number, estimated = false): string {
  if (iso === null) return '-';
  const ms = Date.parse(iso) - now;
  const abs = Math.abs(ms);
  const unit =
    abs >= 86_400_000
      ? `${Math.round(abs / 86_400_000)} d`
      : abs >= 3_600_000
        ? `${Math.round(abs / 3_600_000)} h`
        : `${Math.max(1, Math.round(abs / 60_000))} min`;
  return `${estimated ? '~' : ''}${ms >= 0 ? `in ${unit}` : `${unit} ago`}`;
}

/** `gatehouse tokens status`: the Accounts screen in a terminal. Exit 1 when any account needs attention. */
export function tokensStatus(ctx: CommandContext): Promise<number> {
  const now = Date.now();
  return read(
    ctx,
    'accounts:list',
    undefined,
    (accounts) => {
      if (accounts.length === 0) return 'No accounts yet.';
      const rows = table(
        [
          'ACCOUNT',
          'PROVIDER',
          'HEALTH',
          'LEVEL',
          'ACCESS',
          'REFRESH',
          'LAST REFRESH',
          'NEXT REFRESH',
          'PROVIDER STATE',
          'LAST ERROR',
        ],
        // Most urgent first, as on the Accounts screen.
        [...accounts]
          .sort(byUrgency)
          .map((a) => [
            a.label,
            a.provider,
            a.health.label,
            LEVEL_MARK[a.expiryLevel],
            relative(a.accessExpiresAt, now),
            relative(a.refreshExpiresAt, now, a.refreshExpiryEstimated),
            relative(a.lastRefreshAt, now),
            relative(a.nextRefreshAt, now),
            a.providerState,
            a.lastError ?? '',
          ]),
      );
      const attention = accounts.filter(needsAttention).length;
      return `${rows}\n\n${attention === 0 ? `All ${accounts.length} account(s) healthy.` : `${attention} of ${accounts.length} account(s) need attention.`}`;
    },
    (accounts) => !accounts.some(needsAttention),
  );
}

/** `gatehouse tokens refresh ID…|--due`: exit 0 only when every refresh succeeded (or had nothing to do). */
export function tokensRefresh(ctx: CommandContext, ids: string[]): Promise<number> {
  const due = ctx.options.due === true;
  if (due === ids.length > 0) throw new UsageError('usage: gatehouse tokens refresh ACCOUNT_ID… | --due');
  return read(
    ctx,
    'tokens:refresh',
    due ? { due: true } : { ids },
    ({ results }) =>
      results.length === 0
        ? 'Nothing is due.'
        : table(
            ['ACCOUNT', 'ID', 'OUTCOME', 'MESSAGE'],
            results.map((r: RefreshResultView) => [r.label, r.accountId, r.outcome, r.message]),
          ),
    ({ results }) => results.every((r) => r.outcome === 'refreshed' || r.outcome === 'skipped'),
  );
}

/** `gatehouse accounts test ID`: exit 0 when the provider accepted the token. */
export function accountsTest(ctx: CommandContext, id: string): Promise<number> {
  return read(
    ctx,
    'accounts:test',
    { id },
    (r) => `${r.ok ? 'OK' : 'FAILED'}: ${r.message}${r.refreshed ? ' (the token was refreshed once after a 401)' : ''}`,
    (r) => r.ok,
  );
}

/** `gatehouse incidents list [--account ID] [--limit N]`. */
export function incidentsList(ctx: CommandContext): Promise<number> {
  const account = ctx.options.account;
  return read(
    ctx,
    'incidents:list',
    {
      ...(typeof account === 'string' ? { accountId: account } : {}),
      ...(ctx.limit ? { limit: parsePositiveInt(ctx.limit, '--limit') } : {}),
    },
    (list: Incident[]) =>
      list.length === 0
        ? 'No incidents.'
        : table(
            ['AT', 'ACCOUNT', 'PROVIDER', 'CODE', 'WHAT HAPPENED', 'WHAT WAS DONE'],
            list.map((i) => [i.at, i.accountLabel ?? '-', i.provider ?? '-', i.errorCode, i.message, i.action]),
          ),
  );
}
