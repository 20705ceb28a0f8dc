import type { EndpointOverrides } from '../providers/endpoints';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { toAccount } from './accounts.model';
import {
  accountView,
  addAccount,
  importAccounts,
  removeAccount,
  replaceStoreToken,
  setAccountEnabled,
} from './accounts.service';
import { accountWindow, matchingAccountIds, MAX_MATCHING_IDS } from './window';

/** Handlers of the accounts domain. */
export function accountsHandlers(
  s: Services,
  endpoints: EndpointOverrides,
): Pick<
  Handlers,
  | 'accounts:list'
  | 'accounts:window'
  | 'accounts:matchingIds'
  | 'accounts:get'
  | 'accounts:add'
  | 'accounts:import'
  | 'accounts:remove'
  | 'accounts:setToken'
  | 'accounts:setEnabled'
> {
  return {
    'accounts:list': async () => {
      const now = s.clock.now();
      const { settings } = readSettings(s.prefs);
      return (await s.store.read.accounts.list()).map((row) => toAccount(row, now, settings));
    },
    'accounts:window': ({ offset, limit, counts, ...query }) =>
      accountWindow(s, query, { offset: offset ?? 0, limit: limit ?? 200, counts: counts ?? true }),
    'accounts:matchingIds': async (query) => {
      const accounts = await matchingAccountIds(s, query);
      return { accounts, capped: accounts.length >= MAX_MATCHING_IDS };
    },
    'accounts:get': ({ id }) => accountView(s, id),
    'accounts:add': async (input, ctx) => {
      const account = await addAccount(s, endpoints, input);
      ctx.setAuditTarget(`${account.id} (${account.provider} ${account.label})`);
      return account;
    },
    'accounts:import': async ({ files, dryRun }, ctx) => {
      ctx.setAuditTarget(`${files.length} file(s)`);
      if (dryRun) ctx.notAuditedByRouter();
      const result = await importAccounts(s, endpoints, files, dryRun ?? false);
      // The entry names every account the import changed, and which fields.
      const changed = result.items
        .filter((i) => i.change !== 'unchanged')
        .map((i) => `${i.change} ${i.id ?? '?'}${i.fields ? ` (${i.fields.join(', ')})` : ''}`);
      ctx.setAuditTarget(`${files.length} file(s)${changed.length > 0 ? `: ${changed.join('; ')}` : ''}`);
      return result;
    },
    'accounts:setToken': async ({ id, apiToken }, ctx) => {
      ctx.setAuditTarget(`${id} (new API token)`);
      return replaceStoreToken(s, endpoints, id, apiToken);
    },
    'accounts:setEnabled': ({ id, enabled }, ctx) => {
      ctx.setAuditTarget(`${id} (${enabled ? 'enabled' : 'disabled'})`);
      return setAccountEnabled(s, id, enabled);
    },
    'accounts:remove': async ({ id }, ctx) => {
      ctx.setAuditTarget(id);
      return removeAccount(s, endpoints, id);
    },
  };
}
