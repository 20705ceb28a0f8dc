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
import { said, type Said } from '../said';

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
      // A test asks the issuer again, so a discovery document fixed at the provider shows at once.
      { fresh: true },
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
        ...(result.outcome === 'refreshed' ? said('test.noUserinfo') : { message: result.message, say: result.say }),
      };
    }
  }
  const name = TEMPLATES[row.provider].name;
  const shown = new URL(endpoint).pathname;
  const report = async (
    ok: boolean,
    httpStatus: number | null,
    refreshed: boolean,
    words: Said,
  ): Promise<ConnectionTest> => {
    if (!ok) {
      const action = said('incident.action.reportedToTester');
      await s.store.read.incidents.record({
        at: s.clock.now(),
        accountId,
        accountLabel: row.label,
        provider: row.provider,
        code: httpStatus === null ? 'test_failed' : `test_http_${httpStatus}`,
        message: words.message,
        action: action.message,
        say: { message: words.say, action: action.say },
      });
      s.events.emit('incidents:appended', { accountId });
    }
    return { accountId, ok, endpoint: shown, httpStatus, refreshed, ...words };
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
        said('test.works', { provider: name, path: shown, status: response.status }),
      );
    if (response.status === 401) {
      // The token does not work: the account says so (and offers its fix) instead of "Connected".
      const refused = said(row.provider === 'bigcommerce' ? 'test.storeTokenRefused' : 'test.tokenRefused', {
        provider: name,
      });
      await s.store.read.accounts.markNeedsReauth(accountId, 'token_refused', refused, s.clock.now());
      s.events.emit('accounts:changed', { ids: [accountId] });
      return report(false, 401, refreshed, refused);
    }
    const status = response.status;
    const why =
      status === 403
        ? 'forbidden'
        : status === 404
          ? 'notFound'
          : status === 429
            ? 'rateLimited'
            : status >= 500
              ? 'server'
              : 'unexpected';
    return report(false, status, refreshed, said(`test.http.${why}`, { provider: name, path: shown, status }));
  } catch (error) {
    if (error instanceof CoreError)
      return report(false, null, refreshed, {
        message: error.message,
        say: error.say ?? { key: 'failure.plain', params: { text: error.message } },
      });
    throw error;
  }
}
