import { ENDED_WITHOUT } from '../../../../shared/levels';
import { CoreError } from '../errors';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import type { BulkEnrolments } from './bulk';
import type { SignInEngine } from './engine';

type SessionChannels =
  | 'sessions:start'
  | 'sessions:list'
  | 'sessions:counts'
  | 'sessions:cancel'
  | 'sessions:cleanup'
  | 'sessions:bulkStart'
  | 'sessions:bulkList'
  | 'sessions:bulkCancel';

/** Handlers of the sessions domain. */
export function sessionsHandlers(
  s: Services,
  engine: SignInEngine,
  bulk: BulkEnrolments,
): Pick<Handlers, SessionChannels> {
  return {
    'sessions:start': async ({ accountId, openBrowser, timeoutSeconds }, ctx) => {
      ctx.setAuditTarget(accountId);
      return engine.start(accountId, {
        openBrowser: openBrowser ?? false,
        ...(timeoutSeconds ? { timeoutSeconds } : {}),
      });
    },
    'sessions:list': async (input) => {
      const beforeId = input?.beforeId;
      // A page after a sign-in that is not there would be empty without saying why.
      if (beforeId !== undefined && !(await s.store.read.sessions.get(beforeId)))
        throw CoreError.say('NOT_FOUND', 'errors.noSession', { id: beforeId });
      return engine.list(input?.includeFinished ?? false, {
        limit: input?.limit ?? 1000,
        ...(beforeId !== undefined ? { beforeId } : {}),
      });
    },
    'sessions:counts': () => s.store.read.sessions.counts(ENDED_WITHOUT),
    'sessions:cancel': ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return engine.cancel(id);
    },
    'sessions:bulkStart': ({ accountIds, maxOpen, openBrowser, timeoutSeconds }, ctx) => {
      ctx.setAuditTarget(`${new Set(accountIds).size} account(s)`);
      return bulk.start(accountIds, maxOpen ?? 5, {
        openBrowser: openBrowser ?? false,
        ...(timeoutSeconds ? { timeoutSeconds } : {}),
      });
    },
    'sessions:bulkList': () => bulk.list(),
    'sessions:bulkCancel': ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return bulk.cancel(id);
    },
    'sessions:cleanup': async (input) => {
      const minutes = input?.olderThanMinutes ?? 60;
      const removed = await s.store.read.sessions.deleteFinishedBefore(s.clock.now() - minutes * 60_000);
      return { removed, active: await s.store.read.sessions.countPending() };
    },
  };
}
