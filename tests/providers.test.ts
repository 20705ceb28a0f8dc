import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Session } from '../shared/domain';
import { admin, must, testClock, testCore } from './helpers/core';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { get, microsoftMailbox, waitForState } from './helpers/signin';
import { startOidcServer } from './helpers/oidc-server';
import type { Browser } from 'playwright-core';

let cafe24: Cafe24Emulator;
beforeAll(async () => {
  cafe24 = await startCafe24Emulator();
});
afterAll(async () => {
  await cafe24?.close();
});

describe('Cafe24 sign-in against an emulator built to providers.md', () => {
  it('uses Basic client auth, PKCE and comma scopes, and takes lifetimes from expires_at − issued_at', async () => {
    const clock = testClock();
    const core = await testCore({ clock, endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    const t0 = clock.now();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'cafe24',
      label: 'Shop 1',
      mallId: 'shop1',
      clientId: cafe24.clientId,
      clientSecret: cafe24.clientSecret,
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const auth = new URL(session.authorizationUrl as string);
    expect(auth.origin).toBe(cafe24.origin);
    expect(auth.pathname).toBe('/api/v2/oauth/authorize');
    expect(auth.searchParams.get('scope')).toBe('mall.read_store,mall.read_customer,mall.read_privacy');
    const approved = await get(auth.href);
    expect(approved.status).toBe(302);
    const callback = await get(approved.location as string);
    expect(callback.status).toBe(303);
    const result = await get(new URL(callback.location as string, approved.location).href);
    expect(result.status).toBe(200);

    const [request] = cafe24.tokenRequests;
    expect(request!.authorization).toMatch(/^Basic /);
    expect(request!.body.get('client_secret')).toBeNull();
    expect(request!.body.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [connected] = await must<Account[]>(core, 'accounts:list');
    expect(connected).toMatchObject({ status: 'connected', expiryLevel: 'ok' });
    // 2 h access and 14 days refresh, counted from now, whatever the server's clock or timezone.
    expect(Date.parse(connected!.accessExpiresAt as string) - t0).toBe(2 * 3_600_000);
    expect(Date.parse(connected!.refreshExpiresAt as string) - t0).toBe(14 * 86_400_000);
  });

  it('a wrong client secret fails the session with a plain reason, and keeps the account', async () => {
    const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'cafe24',
      label: 'Shop 1',
      mallId: 'shop1',
      clientId: cafe24.clientId,
      clientSecret: 'not-the-secret',
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const approved = await get(session.authorizationUrl as string);
    await get(approved.location as string);
    const [failed] = await must<Session[]>(core, 'sessions:list', { includeFinished: true });
    expect(failed).toMatchObject({ state: 'FAILED', errorCode: 'invalid_client' });
    expect(failed!.errorMessage).toMatch(/client id or secret/);
    expect(JSON.stringify(failed)).not.toContain('not-the-secret');
    expect((await must<Account[]>(core, 'accounts:list'))[0]).toMatchObject({ status: 'not_connected' });
  });
});

describe('Microsoft and Google authorization requests', () => {
  it('Microsoft: tenant endpoint, default mail scopes, PKCE, no secret ever, select_account', async () => {
    const core = await testCore();
    await core.start();
    const account = await microsoftMailbox(core);
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const url = new URL(session.authorizationUrl as string);
    expect(`${url.origin}${url.pathname}`).toBe(
      'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/authorize',
    );
    // The mail scopes only: who signed in is read from Graph /me (User.Read), not an ID token.
    expect(url.searchParams.get('scope')).toBe('offline_access User.Read Mail.ReadWrite Mail.Send');
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(url.searchParams.get('prompt')).toBe('select_account');
    expect(url.searchParams.has('client_secret')).toBe(false);
    await must(core, 'sessions:cancel', { id: session.id });
  });

  it('the same mailbox added twice is refused, naming the account already enrolled', async () => {
    const core = await testCore();
    const input = {
      provider: 'microsoft',
      label: 'User@Contoso.com',
      tenant: 'contoso.onmicrosoft.com',
      clientId: 'c',
    };
    const first = await must<Account>(core, 'accounts:add', input);
    const again = await core.invoke('accounts:add', { ...input, label: 'user@contoso.com' }, admin);
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(first.id) } });
  });

  it('Google: offline access with consent, so a refresh token is issued', async () => {
    const core = await testCore();
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'google',
      label: 'user@gmail.example',
      clientId: 'desktop-client.apps.googleusercontent.com',
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const url = new URL(session.authorizationUrl as string);
    expect(`${url.origin}${url.pathname}`).toBe('https://accounts.google.com/o/oauth2/v2/auth');
    expect(url.searchParams.get('access_type')).toBe('offline');
    expect(url.searchParams.get('prompt')).toBe('consent');
    expect(session.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
    await must(core, 'sessions:cancel', { id: session.id });
  });
});

describe('Microsoft-like and Google-like sign-ins end to end (oidc-provider shaped like each, in Chromium)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('Microsoft: the tenant issuer and v2.0 endpoints, public client, mail scopes, a rotating refresh token sealed', async () => {
    const ms = await startOidcServer({ flavor: 'microsoft', tenant: 'contoso.onmicrosoft.com' });
    try {
      const origin = new URL(ms.issuer).origin;
      const core = await testCore({
        endpointOverrides: { 'https://login.microsoftonline.com': origin, 'https://graph.microsoft.com': origin },
      });
      await core.start();
      const account = await must<Account>(core, 'accounts:add', {
        provider: 'microsoft',
        label: 'user@contoso.com',
        tenant: 'contoso.onmicrosoft.com',
        clientId: ms.clientId,
      });
      const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
      // No ID token asked of Microsoft (its issuer names the tenant GUID); Graph /me says who signed in.
      expect(new URL(session.authorizationUrl as string).searchParams.get('scope')).not.toContain('openid');
      const page = await signInWithBrowser(browser, session.authorizationUrl as string, 'user@contoso.com');
      expect(page.text).toContain('user@contoso.com');
      expect(page.text).toContain('Connected');
      expect(ms.seen).toContain('POST /contoso.onmicrosoft.com/oauth2/v2.0/token');
      const [connected] = await must<Account[]>(core, 'accounts:list');
      expect(connected).toMatchObject({
        status: 'connected',
        provider: 'microsoft',
        kind: 'mailbox',
        identity: 'user@contoso.com',
      });
      expect(await core.internals.vault.get(account.id, 'refresh_token')).toBeTruthy();

      // Bound to who signed in: a re-authorization as someone else is refused, naming both.
      const again = await must<Session>(core, 'sessions:start', { accountId: account.id });
      const other = await signInWithBrowser(browser, again.authorizationUrl as string, 'mallory@contoso.com');
      expect(other.text).toContain('mallory@contoso.com');
      expect(other.text).toContain('bound to user@contoso.com');
      const refused = await waitForState(core, again.id, ['FAILED', 'COMPLETED']);
      expect(refused).toMatchObject({ state: 'FAILED', errorCode: 'identity_mismatch' });
      const [still] = await must<Account[]>(core, 'accounts:list');
      expect(still!.identity).toBe('user@contoso.com');

      // A mailbox label that is an address is the mailbox expected at the first sign-in.
      const second = await must<Account>(core, 'accounts:add', {
        provider: 'microsoft',
        label: 'shared@contoso.com',
        tenant: 'contoso.onmicrosoft.com',
        clientId: ms.clientId,
      });
      const first = await must<Session>(core, 'sessions:start', { accountId: second.id });
      const wrong = await signInWithBrowser(browser, first.authorizationUrl as string, 'intern@contoso.com');
      expect(wrong.text).toContain('expects the mailbox shared@contoso.com');
      expect(await waitForState(core, first.id, ['FAILED', 'COMPLETED'])).toMatchObject({ state: 'FAILED' });
      expect(await core.internals.vault.get(second.id, 'refresh_token')).toBeNull();
    } finally {
      await ms.close();
    }
  });

  it('Google: the Gmail scope with openid, offline access, revocation on removal', async () => {
    const google = await startOidcServer({ flavor: 'google' });
    try {
      const origin = new URL(google.issuer).origin;
      const core = await testCore({
        endpointOverrides: { 'https://accounts.google.com': origin, 'https://oauth2.googleapis.com': origin },
      });
      await core.start();
      const account = await must<Account>(core, 'accounts:add', {
        provider: 'google',
        label: 'user@gmail.example',
        clientId: google.clientId,
      });
      const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
      const page = await signInWithBrowser(browser, session.authorizationUrl as string, 'user@gmail.example');
      expect(page.text).toContain('Connected');
      expect(google.seen).toContain('POST /token');
      expect(await core.internals.vault.get(account.id, 'refresh_token')).toBeTruthy();
      const removed = await must<{ revoked: boolean }>(core, 'accounts:remove', { id: account.id });
      expect(removed.revoked).toBe(true);
      expect(google.seen).toContain('POST /revoke');
    } finally {
      await google.close();
    }
  });
});
