import type { ConnectionTest } from '../../../../shared/domain';
import { readConfig } from '../accounts/accounts.model';
import { CoreError } from '../errors';
import type { EndpointOverrides } from '../providers/endpoints';
import { providerFetch } from '../providers/http';
import { authHeader, TEMPLATES, testEndpoint } from '../providers/providers';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { clientConfiguration } from '../signin/oauth-client';
import type { Refresher } from './refresher';

/**
 * Test connection: one authenticated read of the provider's API with the account's token. A 401
 * triggers one refresh and one retry (a token revoked early, a clock that lies); nothing more.
 */
export async function testConnection(
  s: Services,
  refresher: Refresher,
  endpoints: EndpointOverrides,
  accountId: string,
): Promise<ConnectionTest> {
  const row = await s.store.read.accounts.get(accountId);
  if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: accountId });
  const config = readConfig(row);
  let endpoint = testEndpoint(row.provider, config, endpoints);
  if (endpoint === null) {
    const { settings } = readSettings(s.prefs);
    const configuration = await clientConfiguration(
      row.provider,
      config,
      await s.vault.get(accountId, 'client_secret'),
      endpoints,
      settings.tokenExchangeTimeoutSeconds,
    );
    endpoint = configuration.serverMetadata().userinfo_endpoint ?? null;
    if (!endpoint) {
      const result = await refresher.refresh(accountId);
      return {
        accountId,
        ok: result.outcome === 'refreshed',
        endpoint: 'token endpoint',
        httpStatus: null,
        refreshed: result.outcome === 'refreshed',
        message:
          result.outcome === 'refreshed'
            ? 'This identity provider has no userinfo endpoint; a token refresh succeeded instead.'
            : result.message,
      };
    }
  }
  const name = TEMPLATES[row.provider].name;
  const shown = new URL(endpoint).pathname;
  const report = async (
    ok: boolean,
    httpStatus: number | null,
    refreshed: boolean,
    message: string,
  ): Promise<ConnectionTest> => {
    if (!ok) {
      await s.store.read.incidents.record({
        at: s.clock.now(),
        accountId,
        accountLabel: row.label,
        provider: row.provider,
        code: httpStatus === null ? 'test_failed' : `test_http_${httpStatus}`,
        message,
        action: 'Reported to the admin who ran the test.',
      });
      s.events.emit('incidents:appended', { accountId });
    }
    return { accountId, ok, endpoint: shown, httpStatus, refreshed, message };
  };
  let refreshed = false;
  try {
    const first = await refresher.accessToken(accountId);
    let response = await providerFetch(endpoint, { headers: authHeader(row.provider, first.token) });
    if (response.status === 401 && row.provider !== 'bigcommerce') {
      const second = await refresher.accessToken(accountId, first.generation);
      refreshed = true;
      response = await providerFetch(endpoint, { headers: authHeader(row.provider, second.token) });
    }
    if (response.status >= 200 && response.status < 300)
      return report(
        true,
        response.status,
        refreshed,
        `${name} answered ${shown} with HTTP ${response.status}: the token works.`,
      );
    if (response.status === 401) {
      // The token does not work: the account says so (and offers its fix) instead of "Connected".
      const refusedMessage =
        row.provider === 'bigcommerce'
          ? `${name} refused the store API token (HTTP 401) on Test connection. Paste a new token for this store.`
          : `${name} refused the token even after a refresh (HTTP 401) on Test connection. Re-authorize the account.`;
      await s.store.read.accounts.markNeedsReauth(accountId, 'token_refused', refusedMessage, s.clock.now());
      s.events.emit('accounts:changed', { ids: [accountId] });
      return report(false, 401, refreshed, refusedMessage);
    }
    const why: Record<number, string> = {
      403: 'the token is valid but lacks a permission (scope), or the app was removed from the store. Check the scopes and re-authorize.',
      404: 'the API address was not found. Check the store or tenant of this account.',
      429: 'the provider is rate-limiting; try again in a minute.',
    };
    return report(
      false,
      response.status,
      refreshed,
      `${name} answered ${shown} with HTTP ${response.status}: ${why[response.status] ?? (response.status >= 500 ? 'a server problem at the provider; try again later.' : 'an unexpected answer.')}`,
    );
  } catch (error) {
    if (error instanceof CoreError) return report(false, null, refreshed, error.message);
    throw error;
  }
}
