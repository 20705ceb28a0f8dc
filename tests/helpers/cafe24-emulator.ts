import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { listenAsProvider } from './listen';

export interface Cafe24Emulator {
  origin: string;
  clientId: string;
  clientSecret: string;
  tokenRequests: { authorization: string | undefined; body: URLSearchParams }[];
  /** Refresh tokens that were presented again after use (each one revoked the whole grant). */
  reuses: string[];
  /** Members the Admin API knows (customersprivacy lookups). */
  members: { member_id: string; email: string; name: string }[];
  /** Every access and refresh token ever issued (for canary scans). */
  issued: string[];
  /** Access tokens currently accepted by the Admin API. */
  liveAccessTokens: Set<string>;
  /** Issues a token pair directly, as a finished sign-in would have (benchmarks seed with it). */
  mint(): { access_token: string; refresh_token: string };
  /** Makes the token endpoint misbehave until cleared: a canned answer, a hang or a reset. */
  tokenFault: { status: number; headers?: Record<string, string>; body: string } | 'hang' | 'reset' | null;
  /** Answers token requests after this delay (to hold a refresh in flight). */
  tokenDelayMs: number;
  /**
   * Holds every token request that arrives from now on until the returned function is called:
   * `arrived` counts those the provider has (a request in flight, the test decides when it lands).
   */
  holdTokens(): { arrived: () => number; release: () => void };
  close(): Promise<void>;
}

/**
 * Cafe24's OAuth as providers.md 1 describes it: /api/v2/oauth/authorize redirects back with a code
 * valid once (here the "merchant" approves at once), /api/v2/oauth/token takes HTTP Basic client auth
 * and the PKCE verifier, and answers with `expires_at`/`refresh_token_expires_at`/`issued_at` as
 * timestamps without a timezone, no `expires_in`, and `scopes` as an array.
 */
export async function startCafe24Emulator(): Promise<Cafe24Emulator> {
  const clientId = 'cafe24-client';
  const clientSecret = 'cafe24-secret-9f2c';
  const codes = new Map<string, { challenge: string; redirectUri: string; scope: string }>();
  const tokenRequests: Cafe24Emulator['tokenRequests'] = [];
  const reuses: string[] = [];
  const issued: string[] = [];
  const members: Cafe24Emulator['members'] = [];
  /** Refresh token → its grant family; used ones stay known so a reuse is detected. */
  const refreshTokens = new Map<string, { family: string; used: boolean; scope: string }>();
  const revokedFamilies = new Set<string>();
  const liveAccessTokens = new Set<string>();
  const state: {
    fault: Cafe24Emulator['tokenFault'];
    delay: number;
    hold: { arrived: number; released: Promise<void> } | null;
  } = { fault: null, delay: 0, hold: null };
  const issue = (family: string, scope: string) => {
    const accessToken = `cafe24-at-${randomBytes(8).toString('hex')}`;
    const refreshToken = `cafe24-rt-${randomBytes(8).toString('hex')}`;
    liveAccessTokens.add(accessToken);
    issued.push(accessToken, refreshToken);
    refreshTokens.set(refreshToken, { family, used: false, scope });
    return JSON.stringify({
      access_token: accessToken,
      expires_at: '2021-03-01T14:00:00.000',
      refresh_token: refreshToken,
      refresh_token_expires_at: '2021-03-15T12:00:00.000',
      client_id: clientId,
      mall_id: 'shop1',
      user_id: 'operator',
      scopes: scope.split(','),
      issued_at: '2021-03-01T12:00:00.000',
      shop_no: '1',
      token_type: 'Bearer',
    });
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    if (req.method === 'GET' && url.pathname === '/api/v2/oauth/authorize') {
      const p = url.searchParams;
      if (
        p.get('client_id') !== clientId ||
        p.get('response_type') !== 'code' ||
        !p.get('state') ||
        p.get('code_challenge_method') !== 'S256'
      ) {
        return res.writeHead(400).end('bad authorize request');
      }
      const code = randomBytes(12).toString('hex');
      codes.set(code, {
        challenge: p.get('code_challenge') as string,
        redirectUri: p.get('redirect_uri') as string,
        scope: p.get('scope') as string,
      });
      const back = new URL(p.get('redirect_uri') as string);
      back.searchParams.set('code', code);
      back.searchParams.set('state', p.get('state') as string);
      return res.writeHead(302, { Location: back.href }).end();
    }
    if (req.method === 'POST' && url.pathname === '/api/v2/oauth/token') {
      let raw = '';
      req.on('data', (d: Buffer) => (raw += d.toString()));
      req.on('end', () => void answer());
      const answer = async () => {
        const hold = state.hold;
        if (hold) {
          hold.arrived++;
          await hold.released;
        }
        if (state.delay > 0) await new Promise((resolve) => setTimeout(resolve, state.delay));
        const body = new URLSearchParams(raw);
        tokenRequests.push({ authorization: req.headers.authorization, body });
        const fault = state.fault;
        if (fault === 'hang') return;
        if (fault === 'reset') return req.socket.destroy();
        if (fault) return res.writeHead(fault.status, fault.headers).end(fault.body);
        res.setHeader('Content-Type', 'application/json');
        const expected = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
        if (req.headers.authorization !== expected)
          return res
            .writeHead(401)
            .end(JSON.stringify({ error: 'invalid_client', error_description: 'client credentials' }));
        if (body.get('grant_type') === 'refresh_token') {
          const presented = body.get('refresh_token') ?? '';
          const known = refreshTokens.get(presented);
          if (!known || revokedFamilies.has(known.family)) {
            return res
              .writeHead(400)
              .end(JSON.stringify({ error: 'invalid_grant', error_description: 'refresh token' }));
          }
          if (known.used) {
            // Single-use (providers.md 1.4): a reuse revokes the whole grant.
            reuses.push(presented);
            revokedFamilies.add(known.family);
            return res.writeHead(400).end(JSON.stringify({ error: 'invalid_grant', error_description: 'reused' }));
          }
          known.used = true;
          return res.writeHead(200).end(issue(known.family, known.scope));
        }
        const grant = codes.get(body.get('code') ?? '');
        codes.delete(body.get('code') ?? '');
        const verifier = body.get('code_verifier') ?? '';
        const challenge = createHash('sha256').update(verifier).digest('base64url');
        if (!grant || grant.redirectUri !== body.get('redirect_uri') || grant.challenge !== challenge) {
          return res.writeHead(400).end(JSON.stringify({ error: 'invalid_grant', error_description: 'code' }));
        }
        res.writeHead(200).end(issue(randomBytes(6).toString('hex'), grant.scope));
      };
      return;
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/admin/customersprivacy') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      res.setHeader('Content-Type', 'application/json');
      if (!liveAccessTokens.has(token))
        return res.writeHead(401).end(JSON.stringify({ error: { code: 401, message: 'invalid access_token' } }));
      if (url.searchParams.get('search_field') !== 'mail')
        return res.writeHead(422).end(JSON.stringify({ error: { code: 422, message: 'search_field' } }));
      const keywords = (url.searchParams.get('keyword') ?? '').toLowerCase().split(',');
      const found = members.filter((m) => keywords.includes(m.email.toLowerCase()));
      return res.writeHead(200).end(JSON.stringify({ customersprivacy: found }));
    }
    if (req.method === 'GET' && url.pathname === '/api/v2/admin/store') {
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      res.setHeader('Content-Type', 'application/json');
      if (!liveAccessTokens.has(token))
        return res.writeHead(401).end(JSON.stringify({ error: { code: 401, message: 'invalid access_token' } }));
      return res.writeHead(200).end(JSON.stringify({ store: { shop_no: 1, mall_id: 'shop1', shop_name: 'Shop 1' } }));
    }
    res.writeHead(404).end();
  });
  const listening = await listenAsProvider(server);
  return {
    origin: listening.origin,
    clientId,
    clientSecret,
    tokenRequests,
    reuses,
    issued,
    members,
    mint: () =>
      JSON.parse(issue(randomBytes(6).toString('hex'), 'mall.read_store')) as {
        access_token: string;
        refresh_token: string;
      },
    liveAccessTokens,
    get tokenFault() {
      return state.fault;
    },
    set tokenFault(value) {
      state.fault = value;
    },
    get tokenDelayMs() {
      return state.delay;
    },
    set tokenDelayMs(value) {
      state.delay = value;
    },
    holdTokens() {
      let release = () => {};
      const hold = { arrived: 0, released: new Promise<void>((resolve) => (release = resolve)) };
      state.hold = hold;
      return {
        arrived: () => hold.arrived,
        release: () => {
          if (state.hold === hold) state.hold = null;
          release();
        },
      };
    },
    close: listening.close,
  };
}
