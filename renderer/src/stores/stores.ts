import { call } from '../api/client';
import type { Incident, Session } from '../../../shared/domain';
import { createPagedView } from './paged';
import { createResource } from './resource';

/** One store per domain, each fed by `invoke` and refreshed by pushed events (see live.ts). */
export const useAuditChain = createResource(() => call('audit:verify'));
/** The actions the audit log holds (the Audit screen's filter choices). */
export const useAuditActions = createResource(() => call('audit:actions'));
export const useHealth = createResource(() => call('health:check'));
export const useStoreStatus = createResource(() => call('store:status'));
export const useSettings = createResource(() => call('settings:get'));
export const useSecrets = createResource(() => call('secrets:list'));
export const useAppInfo = createResource(() => call('app:info'));
export const useTeam = createResource(() => call('team:status'));
export const useMembers = createResource(() => call('team:members'));
/** Sign-ins newest first, 200 a page (those in flight are the newest); older pages on demand. */
export const useSessions = createPagedView<Session, Record<string, never>>({
  page: 200,
  max: 1000,
  fetch: (_filter, last, limit) =>
    call('sessions:list', { includeFinished: true, limit, ...(last ? { beforeId: last.id } : {}) }),
});
/** How many sign-ins are in flight and completed, and the accounts a failed one left waiting (all of them, not a page). */
export const useSessionCounts = createResource(() => call('sessions:counts'));
/** The sign-ins shown and their counts, read again together (a sign-in started, ended or was cleaned up). */
export const reloadSessions = () => Promise.all([useSessions.getState().reload(), useSessionCounts.getState().load()]);
export const useBulks = createResource(() => call('sessions:bulkList'));
/** Incidents newest first, 500 a page; older pages on demand (the navigation's badge reads the first). */
export const useIncidents = createPagedView<Incident, Record<string, never>>({
  page: 500,
  max: 1000,
  fetch: (_filter, last, limit) => call('incidents:list', { limit, ...(last ? { beforeId: last.id } : {}) }),
});

/** How many sign-ins are in flight now (the Accounts screen's count, the navigation's badge). */
export const useInFlightCount = () => useSessionCounts((st) => st.data?.inFlight ?? 0);
