import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Provider } from '../../../../shared/domain';
import { CoreError } from '../errors';
import { authorizationServer, TEMPLATES, type AccountConfig } from '../providers/providers';
import { isLoopbackHostname, requireSecureUrl, type EndpointOverrides } from '../providers/endpoints';

/**
 * Where an account signs in: its provider template's endpoints, or what its issuer's discovery
 * document said. `insecure`: plain http, allowed only on loopback (local IdPs, tests).
 */
export interface AuthServer {
  metadata: oidc.ServerMetadata;
  insecure: boolean;
}

/** How long a discovery document is reused before it is fetched again. */
const DISCOVERY_TTL_MS = 10 * 60_000;
/** Issuers remembered at most (the oldest is forgotten first). */
const DISCOVERY_MAX = 256;
/**
 * Discovery documents by issuer, shared by every account, sign-in and refresh of that issuer: a
 * pending sign-in keeps a reference instead of its own copy, and a refresh of a generic OpenID
 * account no longer fetches the document each time. Metadata only: no client, no secret.
 */
const discovered = new Map<string, { server: AuthServer; at: number }>();

/**
 * The account's authorization server without the network: its template's endpoints, or null when
 * it is found by discovery (see `authServer`).
 */
export function templateServer(
  provider: Provider,
  config: AccountConfig,
  endpoints: EndpointOverrides,
): AuthServer | null {
  const server = authorizationServer(provider, config, endpoints);
  if ('discover' in server) return null;
  for (const key of ['authorization_endpoint', 'token_endpoint'] as const)
    requireSecureUrl(server.metadata[key] as string, key);
  return {
    metadata: server.metadata,
    insecure: isLoopbackHostname(new URL(server.metadata.token_endpoint as string).hostname),
  };
}

/**
 * The account's authorization server: its template's, or its issuer's discovery document (reused for
 * ten minutes; `fresh` fetches it again, for a connection test). Refuses a server
 * that does not offer PKCE with S256.
 */
export async function authServer(
  provider: Provider,
  config: AccountConfig,
  endpoints: EndpointOverrides,
  timeoutSeconds: number,
  options: { fresh?: boolean } = {},
): Promise<AuthServer> {
  const server =
    templateServer(provider, config, endpoints) ??
    (await discover(provider, config, endpoints, timeoutSeconds, options.fresh ?? false));
  const methods = server.metadata.code_challenge_methods_supported;
  if (methods && !methods.includes('S256')) {
    throw CoreError.say('INVALID_INPUT', 'errors.noPkce', { provider: TEMPLATES[provider].name });
  }
  return server;
}

async function discover(
  provider: Provider,
  config: AccountConfig,
  endpoints: EndpointOverrides,
  timeoutSeconds: number,
  fresh: boolean,
): Promise<AuthServer> {
  const target = authorizationServer(provider, config, endpoints);
  if (!('discover' in target)) throw new Error('discover: a template server');
  const issuer = requireSecureUrl(target.discover.href, 'issuer');
  const known = discovered.get(issuer.href);
  if (known && !fresh && Date.now() - known.at < DISCOVERY_TTL_MS) return known.server;
  const insecure = issuer.protocol === 'http:';
  let configuration: oidc.Configuration;
  try {
    configuration = await oidc.discovery(issuer, config.clientId as string, undefined, oidc.None(), {
      timeout: timeoutSeconds,
      ...(insecure ? { execute: [oidc.allowInsecureRequests] } : {}),
    });
  } catch (error) {
    throw CoreError.say('INVALID_INPUT', 'errors.discovery', {
      issuer: `${issuer.origin}${issuer.pathname}`,
      detail: describe(error),
    });
  }
  const server = { metadata: configuration.serverMetadata(), insecure };
  discovered.delete(issuer.href);
  discovered.set(issuer.href, { server, at: Date.now() });
  if (discovered.size > DISCOVERY_MAX) discovered.delete(discovered.keys().next().value as string);
  return server;
}

/** The openid-client Configuration for one account on a known server: no network. */
export function configurationFor(
  server: AuthServer,
  provider: Provider,
  config: AccountConfig,
  clientSecret: string | null,
  timeoutSeconds: number,
): oidc.Configuration {
  const configuration = new oidc.Configuration(
    server.metadata,
    config.clientId as string,
    undefined,
    clientAuthFor(provider, clientSecret),
  );
  if (server.insecure) oidc.allowInsecureRequests(configuration);
  configuration.timeout = timeoutSeconds;
  return configuration;
}

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
  options: { fresh?: boolean } = {},
): Promise<oidc.Configuration> {
  const server = await authServer(provider, config, endpoints, timeoutSeconds, options);
  return configurationFor(server, provider, config, clientSecret, timeoutSeconds);
}

/** The PKCE challenge (S256) of a verifier. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/** The authorization request's URL: the same for the same inputs, so it can be built again on demand. */
export function authorizationUrl(
  configuration: oidc.Configuration,
  provider: Provider,
  request: { redirectUri: string; scopes: readonly string[]; state: string; verifier: string },
): string {
  const template = TEMPLATES[provider];
  return oidc.buildAuthorizationUrl(configuration, {
    redirect_uri: request.redirectUri,
    scope: [...new Set([...request.scopes, ...template.identityScopes])].join(template.scopeSeparator),
    state: request.state,
    code_challenge: pkceChallenge(request.verifier),
    code_challenge_method: 'S256',
    ...authorizeParameters(provider),
  }).href;
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
