import type { HistoryEntry, SessionState } from '../../../../shared/domain';
import type { EndpointOverrides } from '../providers/endpoints';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { CoreError } from '../errors';
import { readSay, said, type Said } from '../said';
import { readSettings } from '../settings/preferences';
import type { ExpiryAlerts } from './alerts';
import { testConnection } from './connection-test';
import type { Refresher } from './refresher';
import { isoTime, isoTimeOrNull } from '../iso';

type TokenChannels =
  'accounts:test' | 'accounts:history' | 'tokens:refresh' | 'tokens:issue' | 'incidents:list' | 'alerts:test';

/** Handlers of the token lifecycle: refresh now, test connection, incidents, history, alerts. */
export function tokensHandlers(
  s: Services,
  refresher: Refresher,
  alerts: ExpiryAlerts,
  endpoints: EndpointOverrides,
): Pick<Handlers, TokenChannels> {
  /**
   * Announces what the refreshes changed. They are committed by then: a check that cannot run now
   * (the shared database went away a moment later) must not turn their results into an error that
   * says nothing was changed. The keep-alive's next pass checks again.
   */
  const announce = async () => {
    try {
      await alerts.check();
    } catch (error) {
      s.log.warn('alerts.check_failed', { error });
    }
  };
  return {
    'accounts:test': async ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return testConnection(s, refresher, endpoints, id);
    },
    'accounts:history': ({ id, limit }) => history(s, id, limit ?? 200),
    'tokens:refresh': async (input, ctx) => {
      const by = { actor: ctx.caller.actor, role: ctx.caller.role };
      if ('due' in input) {
        ctx.setAuditTarget('due accounts');
        const results = await refresher.sweep(4, by);
        await announce();
        return { results };
      }
      const ids = [...new Set(input.ids)];
      ctx.setAuditTarget(ids.length === 1 ? (ids[0] as string) : `${ids.length} account(s)`);
      const results = [];
      // Bounded: at most 4 refreshes at a time, whatever the selection.
      for (let i = 0; i < ids.length; i += 4) {
        results.push(...(await Promise.all(ids.slice(i, i + 4).map((id) => refresher.refresh(id, by)))));
      }
      await announce();
      return { results };
    },
    'tokens:issue': async ({ account }, ctx) => {
      ctx.setAuditTarget(account);
      // Only a face that can hand a secret to its own process (the command line) receives one; a
      // window never does, and no output schema carries it.
      const deliver = ctx.caller.receiveSecret;
      if (!deliver) throw CoreError.say('FORBIDDEN', 'errors.tokenOnlyCli');
      // The account as the token was handed over (after its refresh, when one was needed).
      const { token, row, refreshed } = await refresher.accessToken(account, undefined, {
        actor: ctx.caller.actor,
        role: ctx.caller.role,
      });
      deliver(token);
      const expires = row.provider === 'bigcommerce' ? null : row.access_expires_at;
      return {
        account,
        label: row.label,
        expiresAt: isoTimeOrNull(expires === null ? null : Number(expires)),
        refreshed,
      };
    },
    'incidents:list': (input) =>
      s.store.read.incidents.list({
        limit: input?.limit ?? 200,
        ...(input?.accountId ? { accountId: input.accountId } : {}),
        ...(input?.beforeId ? { beforeId: input.beforeId } : {}),
      }),
    'alerts:test': async () => {
      const { settings } = readSettings(s.prefs);
      const title = 'Gatehouse test alert';
      const body = 'Alerts reach you here when an account expires soon, fails, or recovers.';
      if (settings.desktopNotifications) s.notify({ title, body });
      const slack = await alerts.slack(`*${title}*: ${body}`);
      return { desktop: settings.desktopNotifications, slack };
    },
  };
}

/** Channels whose audit entries an account's history names: their words are `history.ok.<channel>` / `history.failed.<channel>`. */
const HISTORY_ACTIONS = [
  'accounts:add',
  'accounts:import',
  'accounts:test',
  'accounts:setToken',
  'accounts:setEnabled',
  'sessions:start',
  'sessions:cancel',
  'tokens:refresh',
] as const;

async function history(s: Services, id: string, limit: number): Promise<HistoryEntry[]> {
  const exists = await s.store.read.accounts.exists(id);
  if (!exists) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: id });
  const entries: (HistoryEntry & { ms: number })[] = [];
  const entry = (
    ms: number,
    kind: HistoryEntry['kind'],
    outcome: HistoryEntry['outcome'],
    title: Said,
    detail: Said | string | null,
  ) =>
    entries.push({
      ms,
      at: isoTime(ms),
      kind,
      outcome,
      title: title.message,
      detail: detail === null ? null : typeof detail === 'string' ? detail : detail.message,
      say: { title: title.say, detail: detail === null || typeof detail === 'string' ? null : detail.say },
    });
  const audits = await s.store.read.audit.about(id, limit);
  for (const a of audits) {
    const kind = a.action === 'tokens:refreshed' ? 'refresh' : a.action === 'accounts:test' ? 'test' : 'change';
    const known = (HISTORY_ACTIONS as readonly string[]).includes(a.action);
    // i18next reads ":" as a namespace separator, so a channel's key says "_" instead.
    const action = a.action.replace(':', '_') as 'accounts_add';
    const title =
      kind === 'refresh'
        ? said(a.outcome === 'ok' ? 'history.refreshed' : 'history.refreshFailed', { actor: a.actor })
        : known
          ? said(`history.${a.outcome === 'error' ? 'failed' : 'ok'}.${action}`, { actor: a.actor })
          : said(a.outcome === 'error' ? 'history.otherFailed' : 'history.other', { action: a.action, actor: a.actor });
    entry(a.at, kind, a.outcome, title, a.detail);
  }
  const sessions = await s.store.read.sessions.historyOf(id, limit);
  for (const row of sessions) {
    const detail = row.error_message
      ? {
          message: row.error_message,
          say: readSay(row.error_say) ?? { key: 'failure.plain', params: { text: row.error_message } },
        }
      : null;
    entry(
      row.created_at,
      'sign-in',
      row.state === 'COMPLETED' ? 'ok' : ['PENDING', 'CALLBACK_RECEIVED'].includes(row.state) ? 'info' : 'error',
      said(`history.signIn.${row.state as SessionState}`),
      detail,
    );
  }
  for (const incident of await s.store.read.incidents.list({ accountId: id, limit })) {
    const title = {
      message: `${incident.errorCode}: ${incident.message}`,
      say: incident.say?.message ?? { key: 'failure.plain', params: { text: incident.message } },
    };
    const detail = {
      message: incident.action,
      say: incident.say?.action ?? { key: 'failure.plain', params: { text: incident.action } },
    };
    entry(Date.parse(incident.at), 'incident', 'error', title, detail);
  }
  return entries
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
    .map(({ ms: _ms, ...entry }) => entry);
}
