import type { Account, AccountCounts, AccountWindow, Incident, RefreshResultView } from '../../shared/domain';
import { parseNonNegativeInt, parsePositiveInt, read, UsageError, type CommandContext } from './cli';
import { formatAccounts, olderHint, table } from './format';

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

/** The counts of a window asked for with them (the default). */
function countsOf(w: AccountWindow): AccountCounts {
  if (!w.counts) throw new Error('the core answered without the counts it was asked for');
  return w.counts;
}

/** At most this many rows in `tokens status` (the most urgent first); the rest are counted. */
const STATUS_ROWS = 1000;

/** `gatehouse tokens status`: the Accounts screen in a terminal. Exit 1 when any account needs attention. */
export function tokensStatus(ctx: CommandContext): Promise<number> {
  const now = Date.now();
  return read(
    ctx,
    'accounts:window',
    { sort: 'expiry', limit: STATUS_ROWS },
    (w) => {
      const { rows: accounts } = w;
      const counts = countsOf(w);
      if (counts.total === 0) return 'No accounts yet.';
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
        // Most urgent first, as on the Accounts screen (the store orders them).
        accounts.map((a) => [
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
      const more =
        counts.total > accounts.length
          ? `\nThe ${accounts.length} most urgent of ${counts.total} are shown; \`gatehouse accounts list --offset ${accounts.length}\` pages on.`
          : '';
      return `${rows}\n\n${counts.attention === 0 ? `All ${counts.total} account(s) healthy.` : `${counts.attention} of ${counts.total} account(s) need attention.`}${more}`;
    },
    (w) => countsOf(w).attention === 0,
  );
}

/** The options that ask `accounts list` for a window instead of every account. */
const WINDOW_OPTIONS = ['search', 'provider', 'status', 'level', 'glance', 'sort', 'limit', 'offset'] as const;

/** `gatehouse accounts list [--search …] [--limit N] …`: every account, or a window of the matches. */
export function accountsList(ctx: CommandContext): Promise<number> {
  if (!WINDOW_OPTIONS.some((o) => ctx.options[o] !== undefined))
    return read(ctx, 'accounts:list', undefined, formatAccounts);
  const text = (name: string) => (typeof ctx.options[name] === 'string' ? ctx.options[name] : undefined);
  const input = {
    ...Object.fromEntries(
      (['search', 'provider', 'status', 'level', 'glance', 'sort'] as const).flatMap((name) =>
        text(name) === undefined ? [] : [[name, text(name)]],
      ),
    ),
    limit: ctx.limit ? parsePositiveInt(ctx.limit, '--limit') : 50,
    offset: text('offset') === undefined ? 0 : parseNonNegativeInt(text('offset') as string, '--offset'),
  };
  return read(ctx, 'accounts:window', input, (w) => {
    const counts = countsOf(w);
    if (counts.total === 0) return formatAccounts([]);
    const first = w.offset + 1;
    const last = w.offset + w.rows.length;
    const span = w.rows.length === 0 ? `None of ${w.matching}` : `${first}–${last} of ${w.matching}`;
    const page = w.rows.length === 0 ? 'No account matches.' : formatAccounts(w.rows);
    return `${page}\n\n${span} matching shown · ${counts.total} account(s), ${counts.attention} need attention.${last < w.matching ? ` Next: --offset ${last}` : ''}`;
  });
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
  const before = ctx.options.before;
  const limit = ctx.limit ? parsePositiveInt(ctx.limit, '--limit') : INCIDENTS_PAGE;
  return read(
    ctx,
    'incidents:list',
    {
      ...(typeof account === 'string' ? { accountId: account } : {}),
      limit,
      ...(typeof before === 'string' ? { beforeId: parsePositiveInt(before, '--before') } : {}),
    },
    (list: Incident[]) =>
      list.length === 0
        ? 'No incidents.'
        : olderHint(
            list.length,
            limit,
            list.at(-1)?.id,
            table(
              ['ID', 'AT', 'ACCOUNT', 'PROVIDER', 'CODE', 'WHAT HAPPENED', 'WHAT WAS DONE'],
              list.map((i) => [
                String(i.id),
                i.at,
                i.accountLabel ?? '-',
                i.provider ?? '-',
                i.errorCode,
                i.message,
                i.action,
              ]),
            ),
          ),
  );
}

/** Incidents per page when no --limit is given. */
const INCIDENTS_PAGE = 200;
