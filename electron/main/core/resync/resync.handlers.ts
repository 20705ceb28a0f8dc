import type { EndpointOverrides } from '../providers/endpoints';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import type { Refresher } from '../tokens/refresher';
import { parseUsersCsv } from './csv';
import type { ResyncService } from './resync.service';
import {
  findBigCommerceCustomer,
  Gate,
  lookupCafe24,
  result,
  targetAccount,
  targetStates,
  type TargetContext,
} from './targets';
import { CoreError } from '../errors';
import { said, type Said } from '../said';
import type { ResyncResult } from '../../../../shared/domain';

type ResyncChannels =
  | 'resync:targets'
  | 'resync:check'
  | 'resync:run'
  | 'resync:batch'
  | 'resync:batchStatus'
  | 'resync:cancel'
  | 'resync:history'
  | 'resync:parseCsv';

/** Handlers of customer re-sync. */
export function resyncHandlers(
  s: Services,
  service: ResyncService,
  refresher: Refresher,
  endpoints: EndpointOverrides,
): Pick<Handlers, ResyncChannels> {
  return {
    'resync:targets': () => targetStates(s, readSettings(s.prefs).settings),
    'resync:check': async ({ email }) => {
      const { settings } = readSettings(s.prefs);
      const user = { email };
      const ctx: TargetContext = { s, refresher, endpoints, settings, user, requestedBy: 'check', gate: new Gate(1) };
      const results: ResyncResult[] = [
        {
          target: 'customer-service',
          outcome: 'skipped',
          customerId: null,
          httpStatus: null,
          ...(({ message, say }) => ({ message, say }))(
            said(settings.customerServiceUrl ? 'resync.says.csNoRead' : 'resync.says.notConfigured'),
          ),
        },
        await bigcommerceState(ctx),
        await lookupCafe24(ctx),
      ];
      return results;
    },
    'resync:run': async ({ user, targets }, ctx) => {
      ctx.setAuditTarget(user.email);
      // Each run writes its own audit entry with every target's outcome (so do the runs of a list).
      ctx.notAuditedByRouter();
      return service.run(user, targets, ctx.caller);
    },
    'resync:batch': ({ users, targets, maxConcurrent }, ctx) => {
      ctx.setAuditTarget(`${users.length} user(s)`);
      return service.startBatch(users, targets, maxConcurrent ?? 4, ctx.caller);
    },
    'resync:batchStatus': ({ id }) => service.batch(id),
    'resync:cancel': ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return service.cancel(id);
    },
    'resync:history': (input) =>
      s.store.read.syncRuns.list({
        limit: input?.limit ?? 100,
        ...(input?.email ? { email: input.email } : {}),
        ...(input?.batchId ? { batchId: input.batchId } : {}),
      }),
    'resync:parseCsv': ({ content }) => parseUsersCsv(content),
  };
}

/** The BigCommerce state of a user without creating anything: existing or absent. */
async function bigcommerceState(ctx: TargetContext): Promise<ResyncResult> {
  const r = (
    outcome: ResyncResult['outcome'],
    words: Said,
    customerId: string | null = null,
    httpStatus: number | null = null,
  ) => result('bigcommerce', outcome, words, { customerId, httpStatus });
  const row = await targetAccount(ctx.s, ctx.settings.resyncBigcommerceAccountId, 'bigcommerce');
  if (!row) return r('skipped', said('resync.says.notConfigured'));
  try {
    const { id, response } = await findBigCommerceCustomer(ctx, row);
    if (response.status !== 200)
      return r('failed', said('resync.says.bcAnswered', { status: response.status }), null, response.status);
    return id
      ? r('existing', said('resync.says.bcCheckExists', { id, label: row.label }), id, 200)
      : r('absent', said('resync.says.bcCheckAbsent', { label: row.label }), null, 200);
  } catch (error) {
    return r(
      'failed',
      error instanceof CoreError
        ? { message: error.message, say: error.say ?? { key: 'failure.plain', params: { text: error.message } } }
        : said('resync.says.bcUncheckable'),
    );
  }
}
