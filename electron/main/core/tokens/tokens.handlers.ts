import type { HistoryEntry } from '../../../../shared/domain';
import type { EndpointOverrides } from '../providers/endpoints';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { CoreError } from '../errors';
import { readSettings } from '../settings/preferences';
import type { ExpiryAlerts } from './alerts';
import { testConnection } from './connection-test';
import type { Refresher } from './refresher';

type TokenChannels = 'accounts:test' | 'accounts:history' | 'tokens:refresh' | 'incidents:list' | 'alerts:test';

/** Handlers of the token lifecycle: refresh now, test connection, incidents, history, alerts. */
export function tokensHandlers(
  s: Services,
  refresher: Refresher,
  alerts: ExpiryAlerts,
  endpoints: EndpointOverrides,
): Pick<Handlers, TokenChannels> {
  return {
    'accounts:test': async ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return testConnection(s, refresher, endpoints, id);
    },
    'accounts:history': ({ id, limit }) => history(s, id, limit ?? 200),
    'tokens:refresh': async (input, ctx) => {
      const actor = ctx.caller.actor;
      if ('due' in input) {
        ctx.setAuditTarget('due accounts');
        const results = await refresher.sweep(4, actor);
        await alerts.check();
        return { results };
      }
      const ids = [...new Set(input.ids)];
      ctx.setAuditTarget(ids.length === 1 ? (ids[0] as string) : `${ids.length} account(s)`);
      const results = [];
      // Bounded: at most 4 refreshes at a time, whatever the selection.
      for (let i = 0; i < ids.length; i += 4) {
        results.push(...(await Promise.all(ids.slice(i, i + 4).map((id) => refresher.refresh(id, actor)))));
      }
      await alerts.check();
      return { results };
    },
    'incidents:list': (input) =>
      s.store.read.incidents.list({
        limit: input?.limit ?? 200,
        ...(input?.accountId ? { accountId: input.accountId } : {}),
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

const ACTION_TITLE: Record<string, string> = {
  'accounts:add': 'Added',
  'accounts:import': 'Imported',
  'accounts:test': 'Connection tested',
  'accounts:setToken': 'New API token pasted',
  'accounts:setEnabled': 'Enabled or disabled',
  'sessions:start': 'Sign-in started',
  'sessions:cancel': 'Sign-in cancelled',
  'tokens:refresh': 'Refresh requested',
};

async function history(s: Services, id: string, limit: number): Promise<HistoryEntry[]> {
  const exists = await s.store.read.accounts.exists(id);
  if (!exists) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: id });
  const iso = (ms: number) => new Date(ms).toISOString();
  const entries: (HistoryEntry & { ms: number })[] = [];
  const audits = await s.store.read.audit.about(id, limit);
  for (const a of audits) {
    const kind = a.action === 'tokens:refreshed' ? 'refresh' : a.action === 'accounts:test' ? 'test' : 'change';
    entries.push({
      ms: a.at,
      at: iso(a.at),
      kind,
      outcome: a.outcome,
      title:
        kind === 'refresh'
          ? `${a.outcome === 'ok' ? 'Token refreshed' : 'Refresh failed'} (${a.actor})`
          : `${ACTION_TITLE[a.action] ?? a.action}${a.outcome === 'error' ? ' — failed' : ''} by ${a.actor}`,
      detail: a.detail,
    });
  }
  const sessions = await s.store.read.sessions.historyOf(id, limit);
  for (const row of sessions) {
    entries.push({
      ms: row.created_at,
      at: iso(row.created_at),
      kind: 'sign-in',
      outcome:
        row.state === 'COMPLETED' ? 'ok' : ['PENDING', 'CALLBACK_RECEIVED'].includes(row.state) ? 'info' : 'error',
      title: `Sign-in ${row.state.toLowerCase().replace('_', ' ')}`,
      detail: row.error_message,
    });
  }
  for (const incident of await s.store.read.incidents.list({ accountId: id, limit })) {
    entries.push({
      ms: Date.parse(incident.at),
      at: incident.at,
      kind: 'incident',
      outcome: 'error',
      title: `${incident.errorCode}: ${incident.message}`,
      detail: incident.action,
    });
  }
  return entries
    .sort((a, b) => b.ms - a.ms)
    .slice(0, limit)
    .map(({ ms: _ms, ...entry }) => entry);
}
