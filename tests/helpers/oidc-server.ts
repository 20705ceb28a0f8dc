import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Provider from 'oidc-provider';
import { listenAsProvider } from './listen';

export interface OidcServer {
  issuer: string;
  clientId: string;
  /** Every request path the server saw, for assertions (e.g. revocation). */
  seen: string[];
  close(): Promise<void>;
}

/**
 * A real, certified authorization server (node-oidc-provider) on 127.0.0.1: a native public client
 * whose loopback redirect accepts any port, PKCE required, refresh tokens issued and rotated, the
 * dev login and consent pages, revocation on. `pathPrefix` mounts it under a path (for tenant-style
 * issuers).
 */
export interface OidcServerOptions {
  redirectPath?: string;
  pathPrefix?: string;
  /**
   * Shapes the server like a provider, so the built-in template is exercised end to end through an
   * endpoint override: `microsoft` serves /{tenant}/oauth2/v2.0/{authorize,token} with issuer
   * /{tenant}/v2.0 and the mail scopes (prompt=select_account shows the login page); `google`
   * serves /o/oauth2/v2/auth, /token and /revoke with the Gmail scope.
   */
  flavor?: 'generic' | 'microsoft' | 'google';
  tenant?: string;
}

const FLAVORS = {
  generic: { routes: {}, scopes: [] as string[] },
  microsoft: {
    routes: { authorization: '/oauth2/v2.0/authorize', token: '/oauth2/v2.0/token' },
    scopes: ['User.Read', 'Mail.ReadWrite', 'Mail.Send'],
  },
  google: {
    routes: { authorization: '/o/oauth2/v2/auth', token: '/token', revocation: '/revoke' },
    scopes: ['https://mail.google.com/'],
  },
};

export async function startOidcServer(options: OidcServerOptions = {}): Promise<OidcServer> {
  const flavor = FLAVORS[options.flavor ?? 'generic'];
  const seen: string[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url?.split('?')[0]}`);
    handler(req, res);
  });
  const listening = await listenAsProvider(server);
  const { port } = listening;
  const prefix = options.flavor === 'microsoft' ? `/${options.tenant ?? 'common'}` : (options.pathPrefix ?? '');
  const issuer = `http://127.0.0.1:${port}${prefix}${options.flavor === 'microsoft' ? '/v2.0' : ''}`;
  const clientId = 'gatehouse-native';
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`http://127.0.0.1${options.redirectPath ?? '/callback'}`, 'http://localhost/auth/callback'],
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      },
    ],
    features: { devInteractions: { enabled: true }, revocation: { enabled: true } },
    pkce: { required: () => true },
    scopes: ['openid', 'offline_access', 'email', 'profile', ...flavor.scopes],
    // Like Google and Microsoft, the ID token itself carries the email the scope asked for.
    conformIdTokenClaims: false,
    routes: flavor.routes,
    claims: { openid: ['sub'], email: ['email'] },
    issueRefreshToken: () => true,
    rotateRefreshToken: true,
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      // A login that is an address is that mailbox; any other login gets one at example.com.
      claims: () => ({ sub, email: sub.includes('@') ? sub : `${sub}@example.com` }),
    }),
    cookies: { keys: ['gatehouse-test-cookie-key'] },
  });
  const callback = provider.callback();
  handler = (req, res) => {
    // Microsoft-shaped: Graph's /v1.0/me answers who holds the access token (id, userPrincipalName, mail).
    if (options.flavor === 'microsoft' && req.url?.startsWith('/v1.0/me')) {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      void provider.AccessToken.find(token).then((found) => {
        if (!found?.accountId) return res.writeHead(401).end();
        const mail = found.accountId.includes('@') ? found.accountId : `${found.accountId}@example.com`;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: `oid-${found.accountId}`, userPrincipalName: mail, mail }));
      });
      return;
    }
    if (prefix && req.url?.startsWith(prefix)) req.url = req.url.slice(prefix.length) || '/';
    // Microsoft's account picker is, for this server, its login page.
    if (req.url?.includes('prompt=select_account')) req.url = req.url.replace('prompt=select_account', 'prompt=login');
    void callback(req, res);
  };
  return {
    issuer,
    clientId,
    seen,
    close: listening.close,
  };
}
