import { spawnSync } from 'node:child_process';
import { createServer as createNetServer } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Session } from '../shared/domain';
import type { Core } from '../electron/main/core/core';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { admin, must, testCore } from './helpers/core';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { walkOidc } from './helpers/oidc-walk';
import { tempDir } from './helpers/temp';
import { microsoftMailbox, oidcAccount as addOidcAccount, portOf, raw, stateOf, waitForState } from './helpers/signin';
import { q } from './helpers/sql';
import { warmFetch } from '../electron/main/core/warm-fetch';

let browser: Browser;
let idp: OidcServer;
beforeAll(async () => {
  browser = await launchChromium();
  idp = await startOidcServer();
});
const oidcAccount = (core: Core, label?: string, extra?: Record<string, unknown>) =>
  addOidcAccount(core, idp, label, extra);
afterAll(async () => {
  await browser?.close();
  await idp?.close();
});

describe('sign-in through the loopback listener, against oidc-provider, in Chromium', () => {
  it('completes: PKCE S256, tokens sealed with the account, listener closed, a page naming the account', async () => {
    const core = await testCore();
    await core.start();
    const account = await oidcAccount(core);
    expect(account).toMatchObject({
      provider: 'oidc',
      kind: 'identity',
      status: 'not_connected',
      expiryLevel: 'unknown',
    });
    const events: string[] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'sessions:changed') events.push((payload as Session).state);
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    expect(session).toMatchObject({ state: 'PENDING', accountLabel: 'alice@example.com' });
    expect(session.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    const url = new URL(session.authorizationUrl as string);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(url.searchParams.has('code_verifier')).toBe(false);
    expect(url.searchParams.get('state')).toBeTruthy();
    expect(core.internals.hub.addresses()[0]!.bound.map((a) => a.address)).toEqual(['127.0.0.1']);

    const page = await signInWithBrowser(browser, session.authorizationUrl as string);
    expect(page.text).toContain('Connected');
    expect(page.text).toContain('alice@example.com');
    expect(page.url).not.toContain('code=');

    const done = await waitForState(core, session.id, ['COMPLETED', 'FAILED']);
    expect(done).toMatchObject({ state: 'COMPLETED', errorCode: null, authorizationUrl: null });
    expect(events).toEqual(['PENDING', 'CALLBACK_RECEIVED', 'COMPLETED']);
    const [connected] = await must<Account[]>(core, 'accounts:list');
    expect(connected).toMatchObject({ status: 'connected', lastError: null });
    expect(connected!.accessExpiresAt).not.toBeNull();
    expect(await core.internals.vault.get(account.id, 'access_token')).toBeTruthy();
    expect(await core.internals.vault.get(account.id, 'refresh_token')).toBeTruthy();
    expect(core.internals.hub.addresses()).toEqual([]);
    await expect(raw(portOf(session), `/callback?state=x&code=y`)).rejects.toThrow(/ECONNREFUSED/);
    const audit = await must<{ action: string; target: string }[]>(core, 'audit:list');
    expect(audit.map((a) => a.action)).toEqual(['sessions:start', 'accounts:add']);
  });

  it('a pending session survives the whole callback bad-input catalogue, then completes; a replay is refused', async () => {
    const core = await testCore();
    await core.start();
    const account = await oidcAccount(core);
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const port = portOf(session);
    const state = stateOf(session);
    const cases: [string, string, { method?: string; headers?: Record<string, string> }, number[]][] = [
      ['POST', `/callback?state=${state}&code=x`, { method: 'POST' }, [405]],
      ['PUT', `/callback?state=${state}&code=x`, { method: 'PUT' }, [405]],
      ['OPTIONS', `/callback?state=${state}&code=x`, { method: 'OPTIONS' }, [405]],
      ['root', '/', {}, [404]],
      ['favicon', '/favicon.ico', {}, [404]],
      ['trailing slash', `/callback/?state=${state}&code=x`, {}, [404]],
      ['case', `/CALLBACK?state=${state}&code=x`, {}, [404]],
      ['double slash', `//callback?state=${state}&code=x`, {}, [400, 404]],
      ['encoded slash', `/%2Fcallback?state=${state}&code=x`, {}, [404]],
      ['dot segment', `/callback/../callback?state=${state}&code=x`, {}, [404]],
      ['absolute-form', `http://evil.example/callback?state=${state}&code=x`, {}, [400]],
      ['evil host', `/callback?state=${state}&code=x`, { headers: { host: `evil.example:${port}` } }, [421]],
      ['host without port', `/callback?state=${state}&code=x`, { headers: { host: '127.0.0.1' } }, [421]],
      ['localhost host', `/callback?state=${state}&code=x`, { headers: { host: `localhost:${port}` } }, [421]],
      ['rebinding host', `/callback?state=${state}&code=x`, { headers: { host: `127.0.0.1.nip.io:${port}` } }, [421]],
      ['no-cors fetch', `/callback?state=${state}&code=x`, { headers: { 'sec-fetch-mode': 'no-cors' } }, [403]],
      ['image', `/callback?state=${state}&code=x`, { headers: { 'sec-fetch-dest': 'image' } }, [403]],
      ['with Origin', `/callback?state=${state}&code=x`, { headers: { origin: 'https://evil.example' } }, [403]],
      ['no state', '/callback?code=x', {}, [400]],
      ['empty state', '/callback?state=&code=x', {}, [400]],
      ['wrong state', '/callback?state=wrong&code=x', {}, [400]],
      ['10 KB state', `/callback?state=${'s'.repeat(10_000)}&code=x`, {}, [400]],
      ['duplicated state', `/callback?state=${state}&state=${state}&code=x`, {}, [400]],
      ['bad escape', `/callback?state=${state}&code=%zz`, {}, [400]],
      ['NUL', `/callback?state=${state}%00&code=x`, {}, [400]],
      ['no code', `/callback?state=${state}`, {}, [400]],
      ['empty code', `/callback?state=${state}&code=`, {}, [400]],
      ['duplicated code', `/callback?state=${state}&code=a&code=b`, {}, [400]],
      ['100 KB code', `/callback?state=${state}&code=${'c'.repeat(5000)}`, {}, [400]],
      ['code and error', `/callback?state=${state}&code=a&error=access_denied`, {}, [400]],
      ['error without state', '/callback?error=access_denied', {}, [400]],
      ['error with wrong state', '/callback?state=nope&error=access_denied', {}, [400]],
      ['implicit token', `/callback?state=${state}&access_token=x`, {}, [400]],
      ['id_token', `/callback?state=${state}&code=x&id_token=y`, {}, [400]],
      ['JARM response', `/callback?state=${state}&response=x`, {}, [400]],
    ];
    for (const [name, target, init, statuses] of cases) {
      const res = await raw(port, target, init);
      expect(statuses, `${name}: ${res.status}`).toContain(res.status);
      expect(res.headers['cache-control'], name).toBe('no-store');
      expect(res.headers['referrer-policy'], name).toBe('no-referrer');
      expect(String(res.headers['content-security-policy']), name).toMatch(/^default-src 'none'/);
      expect(res.body, name).not.toContain('evil.example');
      expect(res.body, name).not.toContain(state);
    }
    const big = await raw(port, '/callback', { headers: { 'x-big': 'h'.repeat(20_000) } });
    expect(big.status).toBe(431);
    expect((await waitForState(core, session.id, ['PENDING'])).state).toBe('PENDING');

    const page = await signInWithBrowser(browser, session.authorizationUrl as string);
    expect(page.text).toContain('Connected');
    await waitForState(core, session.id, ['COMPLETED']);
  });

  it('an error response with the right state fails the session with a plain reason and escapes nothing back', async () => {
    const core = await testCore();
    await core.start();
    const account = await oidcAccount(core, 'bob@example.com');
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const redirect = await raw(
      portOf(session),
      `/callback?state=${stateOf(session)}&error=access_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E%0D%0Aforged`,
    );
    expect(redirect.status).toBe(303);
    expect(String(redirect.headers.location)).toMatch(/^\/gatehouse-result\/[A-Za-z0-9_-]{22}$/);
    const res = await raw(portOf(session), String(redirect.headers.location));
    expect(res.status).toBe(400);
    expect(
      (await raw(portOf(session), String(redirect.headers.location)).catch(() => ({ status: 0 }))).status,
    ).not.toBe(400);
    expect(res.body).toContain('declined or cancelled');
    expect(res.body).not.toContain('<script>alert');
    expect(res.body).not.toContain('forged');
    const failed = await waitForState(core, session.id, ['FAILED']);
    expect(failed).toMatchObject({ errorCode: 'access_denied', step: 'provider refused' });
    expect(failed.errorMessage).toMatch(/Start it again/);
    const [acct] = await must<Account[]>(core, 'accounts:list');
    expect(acct!.status).toBe('not_connected');
  });

  it('runs 20 sessions at once through one listener', async () => {
    const core = await testCore();
    await core.start();
    const accounts = await Promise.all(Array.from({ length: 20 }, (_, i) => oidcAccount(core, `user${i}@example.com`)));
    const sessions = await Promise.all(accounts.map((a) => must<Session>(core, 'sessions:start', { accountId: a.id })));
    expect(new Set(sessions.map((s) => s.redirectUri)).size).toBe(1);
    expect(core.internals.hub.addresses()).toHaveLength(1);
    expect(core.internals.hub.addresses()[0]!.pending).toBe(20);
    // All twenty come back at once. The login and consent pages are walked over plain HTTP against
    // the real oidc-provider: a browser adds nothing to what this proves (the listener routing each
    // callback to its session), and twenty real browser sign-ins cost ~30 s of CI on 2 cores.
    // Every other sign-in in this file goes through Chromium.
    const pages = await Promise.all(
      sessions.map(async (s, i) => {
        const callback = new URL(await walkOidc(s.authorizationUrl as string, `user${i}`));
        const redirect = await raw(Number(callback.port), `${callback.pathname}${callback.search}`);
        expect(redirect.status).toBe(303);
        const page = await raw(Number(callback.port), redirect.headers.location as string);
        return { status: page.status, text: page.body };
      }),
    );
    for (const p of pages) expect(p).toMatchObject({ status: 200, text: expect.stringContaining('Connected') });
    const finished = await must<Session[]>(core, 'sessions:list', { includeFinished: true });
    expect(finished.filter((s) => s.state === 'COMPLETED')).toHaveLength(20);
    expect(core.internals.hub.addresses()).toEqual([]);
    expect((await must<Account[]>(core, 'accounts:list')).every((a) => a.status === 'connected')).toBe(true);
  });

  it('expires after its timeout, cancels on request, and refuses a second pending session per account', async () => {
    const core = await testCore();
    await core.start();
    const a = await oidcAccount(core, 'slow@example.com');
    const expiring = await core.internals.engine.start(a.id, { timeoutSeconds: 0.3 });
    const second = await core.invoke('sessions:start', { accountId: a.id }, admin);
    expect(second).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(expiring.id) },
    });
    const expired = await waitForState(core, expiring.id, ['EXPIRED']);
    expect(expired.errorMessage).toMatch(/in time/);
    await expect(raw(portOf(expiring), `/callback?state=${stateOf(expiring)}&code=x`)).rejects.toThrow(/ECONNREFUSED/);

    const pending = await must<Session>(core, 'sessions:start', { accountId: a.id });
    const cancelled = await must<Session>(core, 'sessions:cancel', { id: pending.id });
    expect(cancelled.state).toBe('CANCELLED');
    expect(await core.invoke('sessions:cancel', { id: pending.id }, admin)).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT' },
    });
    const cleanup = await must<{ removed: number; active: number }>(core, 'sessions:cleanup', { olderThanMinutes: 0 });
    expect(cleanup).toEqual({ removed: 2, active: 0 });
    expect(await must<Session[]>(core, 'sessions:list', { includeFinished: true })).toEqual([]);
  });

  it('pending sign-ins keep no URL or client of their own: the URL shown later is the one sent, and one timer expires each in turn', async () => {
    const core = await testCore();
    await core.start();
    const { engine } = core.internals;
    // Started longest first, so the one timer has to be moved earlier twice.
    const last = await engine.start((await oidcAccount(core, 'last@example.com')).id, { timeoutSeconds: 60 });
    const second = await engine.start((await oidcAccount(core, 'second@example.com')).id, { timeoutSeconds: 0.6 });
    const first = await engine.start((await oidcAccount(core, 'first@example.com')).id, { timeoutSeconds: 0.3 });
    const mailbox = await microsoftMailbox(core);
    const template = await must<Session>(core, 'sessions:start', { accountId: mailbox.id });
    // Built again from the row, the account and the kept state and verifier: the very URL sent, for a
    // discovered issuer and for a provider template alike, on every face.
    for (const started of [last, template]) {
      expect((await engine.view(started.id)).authorizationUrl).toBe(started.authorizationUrl);
      const listed = (await must<Session[]>(core, 'sessions:list', {})).find((x) => x.id === started.id);
      expect(listed?.authorizationUrl).toBe(started.authorizationUrl);
    }
    await waitForState(core, first.id, ['EXPIRED']);
    expect((await engine.view(second.id)).state).toBe('PENDING');
    await waitForState(core, second.id, ['EXPIRED']);
    expect((await engine.view(last.id)).state).toBe('PENDING');
    // The sign-in still waiting completes through the URL it was given.
    const page = await signInWithBrowser(browser, last.authorizationUrl as string, 'last');
    expect(page.text).toContain('Connected');
    // Finished sign-ins show no URL.
    expect((await engine.view(first.id)).authorizationUrl).toBeNull();
    await must(core, 'sessions:cancel', { id: template.id });
  });

  it('records sessions in flight as interrupted when the core stops', async () => {
    const core = await testCore();
    await core.start();
    const a = await oidcAccount(core, 'stopping@example.com');
    const session = await must<Session>(core, 'sessions:start', { accountId: a.id });
    await core.internals.engine.shutdown();
    const [row] = await q(core).all`SELECT state, error_code FROM auth_sessions WHERE id = ${session.id}`;
    expect(row).toEqual({ state: 'INTERRUPTED', error_code: 'interrupted' });
  });

  it('a session left in flight by a process that is gone is recorded as interrupted by the next core', async () => {
    const dataDir = tempDir();
    const first = await testCore({ dataDir });
    const a = await oidcAccount(first, 'crashed@example.com');
    const session = await must<Session>(first, 'sessions:start', { accountId: a.id });
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    await q(first).exec`UPDATE auth_sessions SET owner_pid = ${gone} WHERE id = ${session.id}`;
    const second = await testCore({ dataDir });
    const [row] = await must<Session[]>(second, 'sessions:list', { includeFinished: true });
    expect(row).toMatchObject({ id: session.id, state: 'INTERRUPTED', errorCode: 'interrupted' });
    // A live process's sessions are left alone.
    const live = await must<Session>(second, 'sessions:start', {
      accountId: (await oidcAccount(second, 'alive@example.com')).id,
    });
    await testCore({ dataDir });
    expect((await must<Session[]>(second, 'sessions:list')).map((s) => s.id)).toEqual([live.id]);
  });

  it('a registered fixed localhost redirect binds 127.0.0.1 and ::1 on that port; a busy port is named', async () => {
    const core = await testCore();
    await core.start();
    const probe = createNetServer();
    const port = await new Promise<number>((resolve) =>
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port)),
    );
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const a = await oidcAccount(core, 'fixed@example.com', { redirectUri: `http://localhost:${port}/auth/callback` });
    const session = await must<Session>(core, 'sessions:start', { accountId: a.id });
    expect(session.redirectUri).toBe(`http://localhost:${port}/auth/callback`);
    expect(
      core.internals.hub
        .addresses()[0]!
        .bound.map((b) => b.address)
        .sort(),
    ).toEqual(['127.0.0.1', '::1']);
    await must(core, 'sessions:cancel', { id: session.id });

    const squatter = createNetServer();
    await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
    const busy = await core.invoke('sessions:start', { accountId: a.id }, admin);
    expect(busy).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringContaining(`Port ${port}`) },
    });
    await new Promise<void>((resolve) => squatter.close(() => resolve()));
  });
});

describe('accounts', () => {
  let core: Core;
  afterEach(() => core?.close());

  it.each([
    [{ provider: 'cafe24', label: 'x', clientId: 'c', clientSecret: 's', mallId: 'evil.com#' }, 'mallId'],
    [{ provider: 'cafe24', label: 'x', clientId: 'c', clientSecret: 's', mallId: 'a/b' }, 'mallId'],
    [{ provider: 'cafe24', label: 'x', clientId: 'c', clientSecret: 's', mallId: 'UPPER' }, 'mallId'],
    [{ provider: 'microsoft', label: 'x', clientId: 'c', tenant: 'evil.com/x' }, 'tenant'],
    [{ provider: 'bigcommerce', label: 'x', storeHash: 'abc/def', apiToken: 'tokentoken' }, 'storeHash'],
    [{ provider: 'oidc', label: 'x', clientId: 'c', issuer: 'http://idp.example.com' }, 'issuer'],
    [
      { provider: 'oidc', label: 'x', clientId: 'c', issuer: idpPlaceholder(), redirectUri: 'http://0.0.0.0:5000/cb' },
      'redirectUri',
    ],
    [
      {
        provider: 'oidc',
        label: 'x',
        clientId: 'c',
        issuer: idpPlaceholder(),
        redirectUri: 'https://localhost:5000/cb',
      },
      'redirectUri',
    ],
    [{ provider: 'google', label: '', clientId: 'c' }, 'label'],
  ])('rejects %j naming %s, before any URL is built', async (input, field) => {
    core = await testCore();
    const result = await core.invoke('accounts:add', input, admin);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain(field);
    expect(await must<Account[]>(core, 'accounts:list')).toEqual([]);
  });

  it('removes an account: revokes at the provider, wipes its secrets even when revoking fails', async () => {
    core = await testCore();
    await core.start();
    const account = await oidcAccount(core, 'leaving@example.com');
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    await signInWithBrowser(browser, session.authorizationUrl as string);
    await waitForState(core, session.id, ['COMPLETED']);
    const before = idp.seen.filter((s) => s.includes('revocation') || s.includes('revoke')).length;
    const removed = await must<{ revoked: boolean; wiped: number }>(core, 'accounts:remove', { id: account.id });
    expect(removed).toEqual({ id: account.id, revoked: true, wiped: 2 });
    expect(idp.seen.filter((s) => s.includes('revocation') || s.includes('revoke')).length).toBe(before + 1);
    expect(await q(core).one`SELECT count(*) FROM credentials WHERE owner = ${account.id}`).toBe(0);
    expect(await must<Account[]>(core, 'accounts:list')).toEqual([]);

    const down = await startOidcServer();
    const other = await must<Account>(core, 'accounts:add', {
      provider: 'oidc',
      label: 'down@example.com',
      clientId: down.clientId,
      issuer: down.issuer,
    });
    const s2 = await must<Session>(core, 'sessions:start', { accountId: other.id });
    await signInWithBrowser(browser, s2.authorizationUrl as string);
    await waitForState(core, s2.id, ['COMPLETED']);
    await down.close();
    const removed2 = await must<{ revoked: boolean; wiped: number }>(core, 'accounts:remove', { id: other.id });
    expect(removed2).toMatchObject({ revoked: false, wiped: 2 });
  });
});

function idpPlaceholder(): string {
  return 'http://127.0.0.1:9/issuer';
}

describe('readying fetch for a first token request (warmFetch)', () => {
  const listeners = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

  it('posts a form only to a listener of its own on loopback, and leaves no listener behind', async () => {
    const before = listeners();
    const asked: { url: string; method: string | undefined; status: number }[] = [];
    const real = globalThis.fetch;
    globalThis.fetch = async (input, init) => {
      const response = await real(input, init);
      asked.push({
        url: input instanceof Request ? input.url : input.toString(),
        method: init?.method,
        status: response.status,
      });
      return response;
    };
    try {
      await warmFetch();
    } finally {
      globalThis.fetch = real;
    }
    expect(asked).toEqual([
      { url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/$/), method: 'POST', status: 204 },
    ]);
    await expect.poll(listeners).toBe(before);
  });

  it('never fails its caller: a fetch that throws leaves nothing behind either', async () => {
    const before = listeners();
    const real = globalThis.fetch;
    globalThis.fetch = () => Promise.reject(new TypeError('fetch failed'));
    try {
      await expect(warmFetch()).resolves.toBeUndefined();
    } finally {
      globalThis.fetch = real;
    }
    await expect.poll(listeners).toBe(before);
  });
});
