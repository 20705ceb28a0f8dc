import * as oidc from 'openid-client';
import type { Provider } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { authorizationServer, TEMPLATES, type AccountConfig } from '../providers/providers';
import { isLoopbackHostname, requireSecureUrl, type EndpointOverrides } from '../providers/endpoints';

/**
 * The openid-client Configuration for one account: built-in metadata, or discovery for the generic
 * provider. Plain http is allowed only when every endpoint is on loopback (local IdPs, tests).
 */
export async function clientConfiguration(
  provider: Provider,
  config: AccountConfig,
  clientSecret: string | null,
  endpoints: EndpointOverrides,
  timeoutSeconds: number,
): Promise<oidc.Configuration> {
  const auth = clientAuthFor(provider, clientSecret);
  const server = authorizationServer(provider, config, endpoints);
  let configuration: oidc.Configuration;
  if ('discover' in server) {
    const issuer = requireSecureUrl(server.discover.href, 'issuer');
    try {
      configuration = await oidc.discovery(issuer, config.clientId as string, undefined, auth, {
        timeout: timeoutSeconds,
        ...(issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : {}),
      });
    } catch (error) {
      throw CoreError.say('INVALID_INPUT', 'errors.discovery', {
        issuer: `${issuer.origin}${issuer.pathname}`,
        detail: describe(error),
      });
    }
  } else {
    for (const key of ['authorization_endpoint', 'token_endpoint'] as const)
      requireSecureUrl(server.metadata[key] as string, key);
    configuration = new oidc.Configuration(server.metadata, config.clientId as string, undefined, auth);
    if (isLoopbackHostname(new URL(server.metadata.token_endpoint as string).hostname))
      oidc.allowInsecureRequests(configuration);
  }
  configuration.timeout = timeoutSeconds;
  const methods = configuration.serverMetadata().code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) {
    throw CoreError.say('INVALID_INPUT', 'errors.noPkce', { provider: TEMPLATES[provider].name });
  }
  return configuration;
}

function clientAuthFor(provider: Provider, secret: string | null): oidc.ClientAuth {
  const mode = TEMPLATES[provider].clientAuth;
  if (mode === 'none') return oidc.None();
  if (mode === 'basic') return plainBasic(secret ?? '');
  return secret ? oidc.ClientSecretPost(secret) : oidc.None();
}

/**
 * HTTP Basic as Cafe24 documents it: base64("client_id:client_secret") of the raw values
 * (providers.md 1.2). openid-client's ClientSecretBasic form-urlencodes both first (RFC 6749
 * §2.3.1), which turns `-`, `.`, `_` and `~` into escapes a plain server does not decode.
 */
function plainBasic(secret: string): oidc.ClientAuth {
  return (_as, client, _body, headers) => {
    headers.set('authorization', `Basic ${Buffer.from(`${client.client_id}:${secret}`).toString('base64')}`);
  };
}

/** Extra authorize parameters each provider needs to hand out a refresh token. */
export function authorizeParameters(provider: Provider): Record<string, string> {
  switch (provider) {
    case 'google':
      return { access_type: 'offline', prompt: 'consent' };
    case 'microsoft':
      return { prompt: 'select_account' };
    case 'oidc':
      return { prompt: 'consent' };
    default:
      return {};
  }
}

/** Errors from openid-client whose request never reached the server: safe to retry. */
export function neverSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  const code = (error as { code?: string }).code ?? cause?.code;
  return ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH'].includes(code ?? '');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.replace(/\s+/g, ' ').slice(0, 200) : String(error);
}
