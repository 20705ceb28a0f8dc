import { createServer, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Session } from '../shared/domain';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { must, testCore } from './helpers/core';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { oidcAccount, portOf, raw, stateOf, waitForState } from './helpers/signin';

let browser: Browser;
let idp: OidcServer;
beforeAll(async () => {
  browser = await launchChromium();
  idp = await startOidcServer();
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
});

/** A token endpoint that misbehaves after reading the request: it resets the connection or never answers. */
async function brokenTokenEndpoint(
  mode: 'reset' | 'hang',
): Promise<{ origin: string; posts: () => number; close: () => Promise<void> }> {
  let posts = 0;
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      posts += 1;
      if (mode === 'reset') req.socket.destroy();
      // 'hang': answer nothing; the client's timeout must end it.
      void res;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts: () => posts,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('the authorization response must come from the server the sign-in started with (RFC 9207)', () => {
  it('refuses an iss of another server and a missing iss the server promised, before any code is spent', async () => {
    const core = await testCore();
    await core.start();
    for (const [label, iss] of [
      ['mixup@example.com', 'https://attacker.example'],
      ['noiss@example.com', null],
    ] as const) {
      const account = await oidcAccount(core, idp, label);
      const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
      const before = idp.seen.filter((s) => s.startsWith('POST /token')).length;
      const query = new URLSearchParams({ code: 'any-code', state: stateOf(session) });
      if (iss) query.set('iss', iss);
      const page = await raw(portOf(session), `/callback?${query.toString()}`);
      expect(page.status).toBe(303);
      const failed = await waitForState(core, session.id, ['FAILED']);
      expect(failed.errorCode).toBe('issuer_mismatch');
      expect(failed.errorMessage).toMatch(/refused/);
      expect(idp.seen.filter((s) => s.startsWith('POST /token')).length).toBe(before);
    }
  });
});

describe('the code exchange is sent once: a code is single-use', () => {
  for (const mode of ['reset', 'hang'] as const) {
    it(`a token endpoint that ${mode === 'reset' ? 'resets the connection' : 'never answers'} is called exactly once, and the session fails with a plain reason`, async () => {
      const broken = await brokenTokenEndpoint(mode);
      try {
        const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': broken.origin } });
        await core.start();
        await must(core, 'settings:update', { tokenExchangeRetries: 3, tokenExchangeTimeoutSeconds: 1 });
        const account = await must<Account>(core, 'accounts:add', {
          provider: 'cafe24',
          label: 'Shop 1',
          mallId: 'shop1',
          clientId: 'client',
          clientSecret: 'client-secret-value',
        });
        const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
        await raw(
          portOf(session),
          `/callback?${new URLSearchParams({ code: 'c', state: stateOf(session) }).toString()}`,
        );
        const failed = await waitForState(core, session.id, ['FAILED']);
        expect(broken.posts()).toBe(1);
        expect(failed.errorCode).toMatch(/network|exchange_failed/);
        expect(failed.errorMessage).toMatch(/start the sign-in again/i);
        expect((await must<Account[]>(core, 'accounts:list'))[0]!.status).toBe('not_connected');
      } finally {
        await broken.close();
      }
    });
  }

  it('a token endpoint that cannot be reached (nothing sent) is retried, then the session fails as a network problem', async () => {
    const closed = await brokenTokenEndpoint('reset');
    await closed.close(); // the port is now refused: the request never leaves this computer
    const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': closed.origin } });
    await core.start();
    await must(core, 'settings:update', { tokenExchangeRetries: 2 });
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'cafe24',
      label: 'Shop 2',
      mallId: 'shop1',
      clientId: 'client',
      clientSecret: 'client-secret-value',
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    await raw(portOf(session), `/callback?${new URLSearchParams({ code: 'c', state: stateOf(session) }).toString()}`);
    const failed = await waitForState(core, session.id, ['FAILED']);
    expect(failed.errorCode).toBe('network');
    expect(failed.errorMessage).toMatch(/could not be reached/);
  });
});

describe('the loopback listener caps its connections', () => {
  it('idle connections beyond the cap make room (oldest first), and the sign-in completes while they stay open', async () => {
    const core = await testCore();
    await core.start();
    const account = await oidcAccount(core, idp, 'capped@example.com');
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const port = portOf(session);
    const sockets: Socket[] = [];
    let dropped = 0;
    await Promise.all(
      Array.from(
        { length: 200 },
        () =>
          new Promise<void>((resolve) => {
            const socket = connect(port, '127.0.0.1');
            sockets.push(socket);
            socket.on('error', () => {});
            socket.on('close', () => {
              dropped += 1;
              resolve();
            });
            // (Time for the listener to drop those over its cap, also on a loaded machine.)
            socket.on('connect', () => setTimeout(resolve, 1_500));
          }),
      ),
    );
    expect(dropped).toBeGreaterThanOrEqual(200 - 128);
    // 128 silent connections are still open: the real browser's callback is served all the same.
    expect(sockets.filter((s) => !s.destroyed && s.readyState === 'open').length).toBeGreaterThanOrEqual(100);
    const page = await signInWithBrowser(browser, session.authorizationUrl as string, 'capped');
    expect(page.text).toContain('Connected');
    expect((await waitForState(core, session.id, ['COMPLETED', 'FAILED'])).state).toBe('COMPLETED');
    for (const socket of sockets) socket.destroy();
  });
});
