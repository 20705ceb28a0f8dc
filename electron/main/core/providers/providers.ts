import type { ServerMetadata } from 'openid-client';
import type { AccountKind, NewAccount, Provider } from '../../../../shared/domain';
import type { EndpointOverrides } from './endpoints';

/** The non-secret settings of an account, stored as JSON in `accounts.config`. */
export interface AccountConfig {
  clientId?: string;
  tenant?: string;
  mallId?: string;
  storeHash?: string;
  issuer?: string;
  scopes: string[];
  redirectUri?: string;
  /** An https relay page the organisation hosts (resources/relay.html), registered instead of a loopback URI. */
  relayUrl?: string;
}

/** Kinds of secret sealed per account. */
export type SecretKind = 'access_token' | 'refresh_token' | 'client_secret' | 'api_token';

export interface ProviderTemplate {
  name: string;
  kind: AccountKind;
  /** false: enrolled with a token the admin pastes, no sign-in. */
  signIn: boolean;
  /** true: its credential (a store-level API token) has no end, so a connected account is never lapsing. */
  neverExpires?: boolean;
  defaultScopes: string[];
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'none' | 'basic' | 'post-if-secret';
  /** Cafe24 joins scopes with commas in practice (providers.md 1.1). */
  scopeSeparator: ' ' | ',';
  /** Advice shown with the account when it matters (Google "Testing" apps). */
  caveat?: string;
  /** Scopes added to every sign-in so the response says who signed in (an ID token). */
  identityScopes: string[];
}

export const TEMPLATES: Record<Provider, ProviderTemplate> = {
  microsoft: {
    name: 'Microsoft 365',
    kind: 'mailbox',
    signIn: true,
    defaultScopes: ['offline_access', 'User.Read', 'Mail.ReadWrite', 'Mail.Send'],
    // A public client must never send a secret (AADSTS700025).
    clientAuth: 'none',
    scopeSeparator: ' ',
    // No ID token: Microsoft's names its tenant GUID as issuer ("common" and domain tenants would
    // fail its check, at sign-in and at every refresh). Who signed in comes from Graph /me instead.
    identityScopes: [],
  },
  google: {
    name: 'Gmail',
    kind: 'mailbox',
    signIn: true,
    defaultScopes: ['https://mail.google.com/', 'openid', 'email'],
    clientAuth: 'post-if-secret',
    scopeSeparator: ' ',
    identityScopes: ['openid', 'email'],
    caveat:
      'Google apps whose consent screen is in "Testing" get refresh tokens that expire after 7 days: publish the app to keep mailboxes connected.',
  },
  cafe24: {
    name: 'Cafe24',
    kind: 'store',
    signIn: true,
    defaultScopes: ['mall.read_store', 'mall.read_customer', 'mall.read_privacy'],
    clientAuth: 'basic',
    scopeSeparator: ',',
    // The token response names the operator (user_id); Cafe24 has no ID token.
    identityScopes: [],
  },
  bigcommerce: {
    name: 'BigCommerce',
    kind: 'store',
    signIn: false,
    neverExpires: true,
    defaultScopes: [],
    clientAuth: 'none',
    scopeSeparator: ' ',
    identityScopes: [],
  },
  oidc: {
    name: 'OpenID provider',
    kind: 'identity',
    signIn: true,
    defaultScopes: ['openid', 'offline_access'],
    clientAuth: 'post-if-secret',
    scopeSeparator: ' ',
    identityScopes: ['openid'],
  },
};

/** The providers whose template says `fact`. */
export function providersWhere(fact: (t: ProviderTemplate) => boolean): Provider[] {
  return (Object.keys(TEMPLATES) as Provider[]).filter((p) => fact(TEMPLATES[p]));
}

/** Splits an add request into stored config, secrets to seal and the account kind. */
export function splitNewAccount(input: NewAccount): {
  config: AccountConfig;
  secrets: Partial<Record<SecretKind, string>>;
} {
  const t = TEMPLATES[input.provider];
  switch (input.provider) {
    case 'microsoft':
      return {
        config: {
          clientId: input.clientId,
          tenant: input.tenant.toLowerCase(),
          scopes: input.scopes ?? t.defaultScopes,
          ...redirect(input.redirectUri),
        },
        secrets: {},
      };
    case 'google':
      return {
        config: { clientId: input.clientId, scopes: input.scopes ?? t.defaultScopes, ...redirect(input.redirectUri) },
        secrets: input.clientSecret ? { client_secret: input.clientSecret } : {},
      };
    case 'cafe24':
      return {
        config: {
          clientId: input.clientId,
          mallId: input.mallId,
          scopes: input.scopes ?? t.defaultScopes,
          ...redirect(input.redirectUri),
          ...relay(input.relayUrl),
        },
        secrets: { client_secret: input.clientSecret },
      };
    case 'bigcommerce':
      return { config: { storeHash: input.storeHash, scopes: [] }, secrets: { api_token: input.apiToken } };
    case 'oidc':
      return {
        config: {
          clientId: input.clientId,
          issuer: input.issuer,
          scopes: input.scopes ?? t.defaultScopes,
          ...redirect(input.redirectUri),
          ...relay(input.relayUrl),
        },
        secrets: input.clientSecret ? { client_secret: input.clientSecret } : {},
      };
  }
}

function relay(url: string | undefined): { relayUrl?: string } {
  return url ? { relayUrl: url } : {};
}

function redirect(uri: string | undefined): { redirectUri?: string } {
  return uri ? { redirectUri: uri } : {};
}

/**
 * The authorization server of an account: explicit metadata from the built-in template, or (for
 * the generic provider) an issuer to discover. mall_id and tenant were validated before this.
 */
export function authorizationServer(
  provider: Provider,
  config: AccountConfig,
  endpoints: EndpointOverrides,
): { discover: URL } | { metadata: ServerMetadata } {
  switch (provider) {
    case 'microsoft': {
      const base = endpoints.apply(`https://login.microsoftonline.com/${config.tenant}`);
      return {
        metadata: {
          issuer: `${base}/v2.0`,
          authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
          token_endpoint: `${base}/oauth2/v2.0/token`,
          code_challenge_methods_supported: ['S256'],
        },
      };
    }
    case 'google':
      return {
        metadata: {
          issuer: endpoints.apply('https://accounts.google.com').replace(/\/$/, ''),
          authorization_endpoint: endpoints.apply('https://accounts.google.com/o/oauth2/v2/auth'),
          token_endpoint: endpoints.apply('https://oauth2.googleapis.com/token'),
          revocation_endpoint: endpoints.apply('https://oauth2.googleapis.com/revoke'),
          code_challenge_methods_supported: ['S256'],
        },
      };
    case 'cafe24': {
      const base = endpoints.apply(`https://${config.mallId}.cafe24api.com`).replace(/\/$/, '');
      return {
        metadata: {
          issuer: base,
          authorization_endpoint: `${base}/api/v2/oauth/authorize`,
          token_endpoint: `${base}/api/v2/oauth/token`,
          revocation_endpoint: `${base}/api/v2/oauth/revoke`,
          code_challenge_methods_supported: ['S256'],
        },
      };
    }
    case 'oidc':
      return { discover: new URL(config.issuer as string) };
    case 'bigcommerce':
      throw new Error('BigCommerce accounts have no sign-in');
  }
}

/** The BigCommerce API base for a store. */
export function bigcommerceApi(storeHash: string, endpoints: EndpointOverrides): string {
  return endpoints.apply(`https://api.bigcommerce.com/stores/${storeHash}`);
}

/** The Cafe24 Admin API base for a mall. */
export function cafe24Api(mallId: string, endpoints: EndpointOverrides): string {
  return `${endpoints.apply(`https://${mallId}.cafe24api.com`).replace(/\/$/, '')}/api/v2/admin`;
}

/**
 * The cheapest authenticated read of each provider's API (providers.md): Graph `/me`, the Gmail
 * profile, Cafe24 `/admin/store`, BigCommerce `/v2/store`. The generic provider uses its userinfo
 * endpoint, found by discovery (null here).
 */
export function testEndpoint(provider: Provider, config: AccountConfig, endpoints: EndpointOverrides): string | null {
  switch (provider) {
    case 'microsoft':
      return endpoints.apply('https://graph.microsoft.com/v1.0/me');
    case 'google':
      return endpoints.apply('https://gmail.googleapis.com/gmail/v1/users/me/profile');
    case 'cafe24':
      return `${cafe24Api(config.mallId as string, endpoints)}/store`;
    case 'bigcommerce':
      return `${bigcommerceApi(config.storeHash as string, endpoints)}/v2/store`;
    case 'oidc':
      return null;
  }
}

/** The header that carries an account's token to its API. */
export function authHeader(provider: Provider, token: string): Record<string, string> {
  return provider === 'bigcommerce' ? { 'X-Auth-Token': token } : { Authorization: `Bearer ${token}` };
}

/**
 * Where to ask who signed in when the token response does not say (Microsoft: Graph /me, readable
 * with the User.Read scope every Microsoft account has), or null.
 */
export function identityEndpoint(provider: Provider, endpoints: EndpointOverrides): string | null {
  return provider === 'microsoft' ? endpoints.apply('https://graph.microsoft.com/v1.0/me') : null;
}

/** Who signed in, from an identity endpoint's answer (Graph /me: id, userPrincipalName, mail). */
export function identityFromProfile(body: unknown): SignedInIdentity | null {
  if (body === null || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 320 ? v : null);
  const sub = text(b.id);
  return sub ? { sub, name: text(b.mail) ?? text(b.userPrincipalName), tenant: null } : null;
}

/** Who signed in, as far as the token response says. */
export interface SignedInIdentity {
  /** Stable subject: the ID token's `sub` (Microsoft: `oid` when present), or Cafe24's mall/user. */
  sub: string;
  /** Email, UPN or login id a person recognises; null when the provider gave none. */
  name: string | null;
  /** Microsoft tenant id (`tid`). */
  tenant: string | null;
}

/**
 * Reads the identity from a token response: the ID token's claims (openid-client validated the ID
 * token's signature-free claims against the issuer and client), or Cafe24's `mall_id`/`user_id`.
 */
export function signedInIdentity(
  provider: Provider,
  tokens: { claims?: () => Record<string, unknown> | undefined } & Record<string, unknown>,
): SignedInIdentity | null {
  const text = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 && v.length <= 320 ? v : null);
  if (provider === 'cafe24') {
    const user = text(tokens.user_id);
    const mall = text(tokens.mall_id);
    return user ? { sub: `${mall ?? '?'}/${user}`, name: user, tenant: null } : null;
  }
  const claims = typeof tokens.claims === 'function' ? tokens.claims() : undefined;
  if (!claims) return null;
  const sub = text(provider === 'microsoft' ? (claims.oid ?? claims.sub) : claims.sub);
  if (!sub) return null;
  return {
    sub,
    name: text(claims.email) ?? text(claims.preferred_username) ?? text(claims.upn),
    tenant: provider === 'microsoft' ? text(claims.tid) : null,
  };
}
