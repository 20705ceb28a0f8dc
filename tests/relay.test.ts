import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Session } from '../shared/domain';
import { launchChromium } from './helpers/browser';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { admin, must, testCore } from './helpers/core';

const RELAY = readFileSync(join(import.meta.dirname, '..', 'resources', 'relay.html'), 'utf8');

let browser: Browser;
let cafe24: Cafe24Emulator;
let host: Server;
let relayUrl: string;
beforeAll(async () => {
  browser = await launchChromium();
  cafe24 = await startCafe24Emulator();
  // Stands in for the organisation's https host serving resources/relay.html as shipped.
  host = createServer((req, res) => {
    if (req.url?.startsWith('/gatehouse/relay.html'))
      return res.writeHead(200, { 'Content-Type': 'text/html' }).end(RELAY);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
  relayUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}/gatehouse/relay.html`;
});
afterAll(async () => {
  await browser?.close();
  await cafe24?.close();
  await new Promise<void>((resolve) => host?.close(() => resolve()));
});

describe('the https relay page', () => {
  it('allows exactly its own script by hash (an edit to the script must update the CSP)', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(RELAY)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(RELAY).toContain(`script-src 'sha256-${hash}'`);
  });

  it('registers the relay as redirect, carries the port in state, and forwards code and state to the listener', async () => {
    const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'cafe24',
      label: 'Relayed shop',
      mallId: 'shop1',
      clientId: cafe24.clientId,
      clientSecret: cafe24.clientSecret,
      relayUrl,
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    expect(session.redirectUri).toBe(relayUrl);
    const auth = new URL(session.authorizationUrl as string);
    expect(auth.searchParams.get('redirect_uri')).toBe(relayUrl);
    const port = core.internals.hub.addresses()[0]!.bound[0]!.port;
    expect(auth.searchParams.get('state')).toMatch(new RegExp(`^${port}\\.[A-Za-z0-9_-]{20,}$`));

    const page = await (await browser.newContext()).newPage();
    await page.goto(auth.href);
    await page.locator('main h1').waitFor();
    expect(await page.locator('main').innerText()).toContain('Relayed shop');
    expect(page.url()).not.toContain('code=');
    expect((await must<Session[]>(core, 'sessions:list', { includeFinished: true }))[0]).toMatchObject({
      state: 'COMPLETED',
    });
    expect(cafe24.tokenRequests.at(-1)!.body.get('redirect_uri')).toBe(relayUrl);
    await page.context().close();
  });

  it('refuses a state without a port, and forwards nothing', async () => {
    const page = await (await browser.newContext()).newPage();
    const seen: string[] = [];
    page.on('request', (r) => seen.push(r.url()));
    await page.goto(`${relayUrl}?code=abc&state=no-port-here`);
    await page.getByText('This sign-in link is not valid').waitFor();
    expect(seen.filter((u) => !u.startsWith(relayUrl.split('?')[0]!))).toEqual([]);
    expect(page.url()).not.toContain('code=');
    await page.context().close();
  });

  it('refuses relayUrl together with a redirect, and a non-https relay elsewhere', async () => {
    const core = await testCore();
    const base = { provider: 'cafe24', label: 'x', mallId: 'shop2', clientId: 'c', clientSecret: 's' };
    expect(
      await core.invoke('accounts:add', { ...base, relayUrl: 'http://relay.example.com/r.html' }, admin),
    ).toMatchObject({ ok: false, error: { message: expect.stringContaining('relayUrl must be an https URL') } });
    expect(
      await core.invoke(
        'accounts:add',
        { ...base, relayUrl: 'https://relay.example.com/r.html', redirectUri: 'http://localhost:5000/cb' },
        admin,
      ),
    ).toMatchObject({ ok: false, error: { message: expect.stringContaining('give one of them') } });
  });
});
