import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Bulk, Session } from '../shared/domain';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { must, testCore } from './helpers/core';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { oidcAccount } from './helpers/signin';

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

describe('bulk enrolment', () => {
  // Many sign-ins through real Chromium: 22–27 s in fresh-clone gates, near the default limit.
  // The time is the browser's and the server's, not a wait.
  it('runs many sign-ins with at most N open at a time, counts them live, and lists what still needs the admin', async () => {
    const core = await testCore();
    await core.start();
    const accounts = [];
    for (let i = 0; i < 6; i++) accounts.push(await oidcAccount(core, idp, `bulk${i}@example.com`));
    // One account already has a sign-in in flight: the bulk says so instead of opening a second one.
    const busy = await oidcAccount(core, idp, 'busy@example.com');
    await must<Session>(core, 'sessions:start', { accountId: busy.id });

    const views: Bulk[] = [];
    core.events.subscribe((event, payload) => {
      if (event === 'bulk:changed') views.push(payload as Bulk);
    });
    let bulk = await must<Bulk>(core, 'sessions:bulkStart', {
      accountIds: [...accounts.map((a) => a.id), busy.id, accounts[0]!.id],
      maxOpen: 2,
    });
    expect(bulk.items).toHaveLength(7); // duplicates are enrolled once
    expect(bulk.counts).toMatchObject({ pending: 2, queued: 5, completed: 0 });

    const visited = new Set<string>();
    while (!bulk.done) {
      const open = bulk.items.filter((i) => i.state === 'PENDING' && i.sessionId && !visited.has(i.sessionId));
      for (const item of open) visited.add(item.sessionId as string);
      await Promise.all(
        open.map((item) =>
          signInWithBrowser(browser, item.authorizationUrl as string, item.accountLabel.split('@')[0]),
        ),
      );
      await new Promise((r) => setTimeout(r, 50));
      bulk = (await must<Bulk[]>(core, 'sessions:bulkList')).find((b) => b.id === bulk.id) as Bulk;
    }
    expect(Math.max(...views.map((v) => v.counts.pending))).toBe(2);
    expect(bulk.counts).toEqual({ queued: 0, pending: 0, completed: 6, failed: 1 });
    const notStarted = bulk.items.find((i) => i.accountId === busy.id);
    expect(notStarted).toMatchObject({ state: 'NOT_STARTED', sessionId: null });
    expect(notStarted!.errorMessage).toMatch(/already in flight/);
    const audit = await must<{ action: string; target: string }[]>(core, 'audit:list');
    expect(audit.find((a) => a.action === 'sessions:bulkStart')).toMatchObject({ target: '7 account(s)' });
  }, 120_000);

  it('stopping a bulk cancels the open sign-in and never starts the queued ones', async () => {
    const core = await testCore();
    await core.start();
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await oidcAccount(core, idp, `stop${i}@example.com`)).id);
    const bulk = await must<Bulk>(core, 'sessions:bulkStart', { accountIds: ids, maxOpen: 1 });
    expect(bulk.counts).toMatchObject({ pending: 1, queued: 2 });
    const stopped = await must<Bulk>(core, 'sessions:bulkCancel', { id: bulk.id });
    expect(stopped.done).toBe(true);
    expect(stopped.items.map((i) => i.state)).toEqual(['CANCELLED', 'CANCELLED', 'CANCELLED']);
    expect((await must<Session[]>(core, 'sessions:list')).length).toBe(0);
    expect(core.internals.hub.addresses()).toEqual([]);
  });

  it('refuses unknown accounts before starting anything', async () => {
    const core = await testCore();
    const result = await core.invoke(
      'sessions:bulkStart',
      { accountIds: ['acc_missing'], maxOpen: 2 },
      { actor: 't', role: 'admin', face: 'test-host' },
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('acc_missing') },
    });
  });
});
