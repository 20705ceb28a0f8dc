import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, RefreshResultView, Session } from '../shared/domain';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { bundled, run } from './helpers/children';
import { must, openCore, testCore } from './helpers/core';
import { q } from './helpers/sql';
import { childEnv, ENGINE } from './helpers/store';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { connectCafe24, oidcAccount, waitForState } from './helpers/signin';
import { tempDir } from './helpers/temp';

let cafe24: Cafe24Emulator;
let idp: OidcServer;
let browser: Browser;
beforeAll(async () => {
  cafe24 = await startCafe24Emulator();
  idp = await startOidcServer();
  browser = await launchChromium();
});
afterAll(async () => {
  await cafe24?.close();
  await idp?.close();
  await browser?.close();
});

const overrides = () => ({ 'https://shop1.cafe24api.com': cafe24.origin });

/** Starts the refresh child on a data folder; resolves with its exit. */
function refreshChild(dataDir: string, accountId: string, crashAt?: string) {
  return Promise.all([bundled('tests/fixtures/refresh-child.ts'), childEnv(dataDir)]).then(([entry, env]) =>
    run(process.execPath, [entry, dataDir, accountId], {
      env: {
        ...env,
        GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
        ...(crashAt ? { GATEHOUSE_TEST_CRASH_AT: crashAt } : {}),
      },
    }),
  );
}

function refreshes(): number {
  return cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;
}

describe('one refresh per account at a time (SECURITY.md 4.2)', () => {
  it('Cafe24 (single-use tokens): a second process refreshing plus 10 callers here make exactly one refresh, no reuse', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir, endpointOverrides: overrides() });
    await core.start();
    const a = await connectCafe24(core, cafe24, 'Raced shop');
    const generation = () => q(core).one<number>`SELECT refresh_generation FROM accounts WHERE id = ${a.id}`;
    const before = { refreshes: refreshes(), generation: await generation() };
    cafe24.tokenDelayMs = 1500;
    try {
      const child = refreshChild(dataDir, a.id);
      // Wait until the other process holds the lease, then pile in.
      for (let i = 0; i < 200; i++) {
        if ((await core.internals.store.read.leases.count()) === 1) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const here = await Promise.all(
        Array.from({ length: 10 }, () =>
          must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] }),
        ),
      );
      const there = await child;
      expect(there.code).toBe(0);
      expect(JSON.parse(there.stdout)).toMatchObject({ ok: true, value: { results: [{ outcome: 'refreshed' }] } });
      for (const r of here) expect(r.results[0]!.outcome).toBe('refreshed');
      expect(refreshes() - before.refreshes).toBe(1);
      expect((await generation()) - before.generation).toBe(1);
      expect(cafe24.reuses).toEqual([]);
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    // The rotated token is the live one: the next refresh works.
    expect(
      (await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] })).results[0]!.outcome,
    ).toBe('refreshed');
  });

  it('oidc-provider (rotating, reuse revokes the grant): 10 simultaneous callers make one refresh, and the grant stays alive', async () => {
    const core = await testCore();
    await core.start();
    const a = await oidcAccount(core, idp, 'raced@example.com', { scopes: ['openid', 'offline_access'] });
    const session = await must<Session>(core, 'sessions:start', { accountId: a.id });
    await signInWithBrowser(browser, session.authorizationUrl as string, 'raced');
    await waitForState(core, session.id, ['COMPLETED']);
    const tokenPosts = () => idp.seen.filter((s) => s === 'POST /token').length;
    const before = tokenPosts();
    const all = await Promise.all(
      Array.from({ length: 10 }, () => must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] })),
    );
    expect(all.every((r) => r.results[0]!.outcome === 'refreshed')).toBe(true);
    expect(tokenPosts() - before).toBe(1);
    // A reuse would have revoked the grant: two more generations prove it is alive.
    for (let i = 0; i < 2; i++) {
      const again = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] });
      expect(again.results[0]!.outcome).toBe('refreshed');
    }
    expect((await must<Account[]>(core, 'accounts:list'))[0]).toMatchObject({ status: 'connected' });
  });
});

/**
 * SECURITY.md 4.1 against the real refresh code in a child process and the single-use Cafe24
 * emulator: after every kill the database passes integrity_check and the account is either usable
 * or needs_reauth with the reason. Only a kill between the provider's rotation and our write-ahead
 * commit (P3) may lose the grant.
 */
describe('kill -9 during a refresh', () => {
  const matrix: [string, 'usable' | 'needs_reauth'][] = [
    ['lease-committed', 'usable'], // P1: nothing sent
    ['response-received', 'needs_reauth'], // P3: rotated at the provider, response lost before the commit
    ['pending-committed', 'usable'], // P4: the rotated token is on disk
    ['before-promotion', 'usable'], // P4, after validation
    ['inside-promotion', 'usable'], // P5: rolled back to P4
    ['after-promotion', 'usable'], // P6
  ];
  it.each(matrix)('crash at %s → %s', async (point, expected) => {
    const dataDir = tempDir();
    const seed = await openCore({ dataDir, endpointOverrides: overrides() });
    await seed.start();
    const a = await connectCafe24(seed, cafe24, `Crash ${point}`);
    await seed.close();

    const child = await refreshChild(dataDir, a.id, point);
    expect(child.signal, `exit ${child.code}: ${child.stderr.slice(-2000)}`).toBe('SIGKILL');

    const after = await testCore({ dataDir, endpointOverrides: overrides() });
    await after.start();
    if (ENGINE === 'sqlite')
      expect(after.internals.store.sqlite?.pragma('integrity_check', { simple: true })).toBe('ok');
    // Recovery: a held-over rotated token makes the account due at once; a dead process's lease is taken over.
    const due = await after.internals.refresher.due();
    expect(due.includes(a.id)).toBe(['pending-committed', 'before-promotion', 'inside-promotion'].includes(point));
    const { results } = await must<{ results: RefreshResultView[] }>(after, 'tokens:refresh', { ids: [a.id] });
    const [acct] = await must<Account[]>(after, 'accounts:list');
    if (expected === 'usable') {
      expect(results[0]!.outcome).toBe('refreshed');
      expect(acct).toMatchObject({ status: 'connected' });
    } else {
      expect(results[0]!.outcome).toBe('needs_reauth');
      expect(acct).toMatchObject({ status: 'needs_reauth', lastErrorCode: 'invalid_grant' });
      expect(acct!.lastError).toMatch(/Re-authorize/);
    }
    expect(await after.internals.vault.has(a.id, 'pending_refresh_token')).toBe(false);
    expect(await after.internals.store.read.leases.count()).toBe(0);
  });
});
