import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../shared/domain';
import { startCafe24Emulator, type Cafe24Emulator } from '../tests/helpers/cafe24-emulator';
import { admin, must, testCore } from '../tests/helpers/core';
import { findCanaries } from '../tests/helpers/scan';
import { seedAccounts } from '../tests/helpers/seed';
import { connectCafe24 } from '../tests/helpers/signin';
import { startBigCommerceEmulator, type BigCommerceEmulator } from '../tests/helpers/bigcommerce-emulator';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
let cafe24: Cafe24Emulator;
let bc: BigCommerceEmulator;
beforeAll(async () => {
  browser = await launchChromium();
  cafe24 = await startCafe24Emulator();
  bc = await startBigCommerceEmulator();
});
afterAll(async () => {
  await browser?.close();
  await cafe24?.close();
  await bc?.close();
});

describe('the at-a-glance view and the token lifecycle in the UI', () => {
  it('filters by level, opens the detail drawer, tests the connection, and shows a refresh failure as an incident', async () => {
    const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    await seedAccounts(core.internals.store, 60, Date.now());
    // A month of an old account's failures: more than the Incidents screen's first page (500).
    const old = await core.internals.store.read.accounts.get('acct-00001');
    await core.internals.store.transaction(async (tx) => {
      for (let i = 0; i < 520; i++)
        await tx.incidents.record({
          at: Date.now() - 30 * 86_400_000 + i * 60_000,
          accountId: 'acct-00001',
          accountLabel: old?.label ?? null,
          provider: old?.provider ?? null,
          code: 'network',
          message: `Connection reset (${i})`,
          action: 'Retried with backoff',
        });
    });
    const live = await connectCafe24(core, cafe24, 'aaa-live-shop.cafe24.com');
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('61 accounts').waitFor();

    await page.getByLabel('Expiry level').selectOption('attention');
    await expect.poll(() => page.locator('.table-row').count()).toBeGreaterThan(0);
    const attention = await page.locator('.table-row').count();
    expect(attention).toBeLessThan(61);
    await screenshot(page, 'accounts-needs-attention');
    await page.getByLabel('Expiry level').selectOption('all');
    await page.getByLabel('Sort by').selectOption('label');

    await page.locator(`[data-account="${live.id}"]`).click();
    const drawer = page.getByRole('complementary', { name: `Account ${live.label}` });
    await drawer.getByText('Refresh token').waitFor();
    await drawer.getByRole('button', { name: 'Test connection' }).click();
    await drawer.getByText(/answered \/api\/v2\/admin\/store with HTTP 200/).waitFor();
    await screenshot(page, 'account-drawer');

    cafe24.tokenFault = { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>down</html>' };
    await drawer.getByRole('button', { name: 'Refresh now' }).click();
    await page.getByText(/1 degraded/).waitFor();
    await page.locator(`[data-account="${live.id}"]`).getByText('provider degraded').waitFor();
    await screenshot(page, 'accounts-degraded');
    cafe24.tokenFault = null;

    // The navigation counts the last day's incidents; its name stays "Incidents".
    const incidentsLink = page.getByRole('link', { name: 'Incidents', exact: true });
    await expect.poll(() => incidentsLink.getAttribute('aria-describedby')).toBe('nav-badge-incidents');
    await incidentsLink.click();
    await page.getByRole('cell', { name: 'http_503' }).waitFor();
    // Grouped by account, with the way to it.
    const group = page.getByRole('region', { name: new RegExp(live.label) });
    await group.getByRole('link', { name: 'Open the account' }).click();
    await page.getByRole('complementary', { name: `Account ${live.label}` }).waitFor();
    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await screenshot(page, 'incidents');
    // The first page holds the newest 500 (and what an earlier load held below them); the rest come
    // on demand, and then that is all.
    await page.getByText(/^5\d\d incidents shown$/).waitFor();
    await page.getByRole('button', { name: 'Load older incidents' }).click();
    await page.getByText('Every incident is shown.').waitFor();
    const rows = await page.locator('[data-incident]').count();
    expect(rows).toBeGreaterThan(520);
    await page.getByText(`${rows} incidents shown`, { exact: true }).waitFor();
    await page.getByText('Every incident is shown.').scrollIntoViewIfNeeded();
    await screenshot(page, 'incidents-older');
    await app.close();
  });

  it('signs in many accounts from a selection with at most N tabs, and the Sessions screen lists what still needs the admin', async () => {
    const core = await testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    for (const name of ['alpha', 'bravo', 'charlie']) {
      await must<Account>(core, 'accounts:add', {
        provider: 'cafe24',
        label: `${name}.cafe24.com`,
        mallId: name,
        clientId: cafe24.clientId,
        clientSecret: cafe24.clientSecret,
      });
    }
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByLabel('Select all shown').check();
    await page.getByRole('region', { name: 'Selected accounts' }).getByText('3 selected').waitFor();
    await page.getByLabel('Browser tabs at a time').selectOption('1');
    await screenshot(page, 'accounts-selection');
    await page.getByRole('button', { name: 'Sign in (3)' }).click();
    const bulk = page.getByRole('region', { name: 'Bulk enrolment' });
    await bulk.getByText('1 open (at most 1) · 2 queued · 0 of this run need you').waitFor();
    await bulk.getByText('waiting for a free browser tab').first().waitFor();
    await screenshot(page, 'sessions-bulk');
    await bulk.getByRole('button', { name: 'Stop' }).click();
    await bulk.getByText('Bulk enrolment finished').waitFor();
    await app.close();
  });

  it('a store token refused on Test connection says so, is fixed by pasting a new one, and the account can be disabled and removed', async () => {
    bc.stores.set('store77', 'bc-token-first-one');
    const core = await testCore({ endpointOverrides: { 'https://api.bigcommerce.com': bc.origin } });
    await core.start();
    const store = await must<Account>(core, 'accounts:add', {
      provider: 'bigcommerce',
      label: 'Store 77',
      storeHash: 'store77',
      apiToken: 'bc-token-first-one',
    });
    // Someone rotated the token in the store's control panel.
    bc.stores.set('store77', 'bc-token-second-one');
    const app = await openApp(browser, core, admin);
    const { page } = app;
    const row = page.locator(`[data-account="${store.id}"]`);
    await row.getByText('Healthy', { exact: true }).waitFor();
    await row.click();
    const drawer = page.getByRole('complementary', { name: 'Account Store 77' });
    await drawer.getByRole('button', { name: 'Test connection' }).click();
    await drawer
      .getByText(/refused the store API token \(HTTP 401\)/)
      .first()
      .waitFor();
    // Not "Connected" and "all healthy": the row says what is wrong and offers the fix.
    await row.getByText('Token refused — paste a new token').waitFor();
    await page.getByText('1 needs attention').waitFor();
    await screenshot(page, 'accounts-token-refused');

    await drawer.getByRole('button', { name: 'Paste a new token' }).click();
    await drawer.getByLabel('New store-level API token').fill('bc-token-wrong-guess');
    await drawer.getByRole('button', { name: 'Check and seal' }).click();
    await drawer
      .getByRole('alert')
      .getByText(/rejected the API token \(401\)/)
      .waitFor();
    await row.getByText('Token refused — paste a new token').waitFor();
    await drawer.getByLabel('New store-level API token').fill('bc-token-second-one');
    await drawer.getByRole('button', { name: 'Check and seal' }).click();
    await row.getByText('Healthy', { exact: true }).waitFor();
    expect(await core.internals.vault.get(store.id, 'api_token')).toBe('bc-token-second-one');

    await drawer.getByRole('button', { name: 'Disable' }).click();
    await row.getByText('Disabled — not kept alive').waitFor();
    await drawer.getByRole('button', { name: 'Enable' }).click();
    await row.getByText('Healthy', { exact: true }).waitFor();

    await drawer.getByRole('button', { name: 'Remove…' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Remove Store 77?' });
    await confirm.getByText(/wipes this store’s API token/).waitFor();
    await screenshot(page, 'account-remove-confirm');
    await confirm.getByRole('button', { name: 'Remove Store 77' }).click();
    await page.getByText('No accounts yet').waitFor();
    expect(await must<Account[]>(core, 'accounts:list')).toEqual([]);
    // No pasted token, good or refused, ever came back to the renderer, nor reached the audit log.
    const tokens = ['bc-token-first-one', 'bc-token-second-one', 'bc-token-wrong-guess'];
    const audit = JSON.stringify(await core.internals.store.db.selectFrom('audit_log').selectAll().execute());
    expect(
      findCanaries(tokens, [
        { name: 'ipc', bytes: app.traffic.join('\n') },
        { name: 'audit', bytes: audit },
      ]),
    ).toEqual([]);
    await app.close();
  });

  it('asks for the first window once at start, also when it lands before the screen is up, and again on coming back', async () => {
    const core = await testCore();
    await core.start();
    await seedAccounts(core.internals.store, 150, Date.now());
    const app = await openApp(browser, core, admin, '#/accounts', {
      prepare: async (page) => {
        // A slow machine: the page's own work (React starting) runs six times slower, the answers do
        // not, so the first window, asked for before React starts, lands before the screen is up.
        const cdp = await page.context().newCDPSession(page);
        await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
        await page.addInitScript(() => {
          type Api = { invoke: (channel: string, input?: unknown) => Promise<unknown>; on: unknown };
          const w = window as unknown as { gatehouse: Api; __firstWindows: number; __arrived: number };
          const bridge = w.gatehouse;
          w.__firstWindows = 0;
          w.__arrived = 0;
          w.gatehouse = Object.freeze({
            ...bridge,
            invoke: async (channel: string, input?: unknown) => {
              const first = channel === 'accounts:window' && (input as { offset?: number }).offset === 0;
              if (first) w.__firstWindows += 1;
              const answer = await bridge.invoke(channel, input);
              if (first) w.__arrived += 1;
              return answer;
            },
          });
        });
      },
    });
    const { page } = app;
    const counted = () => page.evaluate(() => (window as unknown as { __firstWindows: number }).__firstWindows);
    try {
      await page.locator('.table-row').first().waitFor();
      // The screen's mount has run (its effects come right after the rows it drew); give a second
      // request, if there were one, time to be sent.
      await page.waitForTimeout(500);
      expect(await counted()).toBe(1);
      await page.getByRole('link', { name: 'Settings', exact: true }).click();
      await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
      await page.getByRole('link', { name: 'Accounts', exact: true }).click();
      // Back on the screen, the rows are asked for again (they may have changed meanwhile).
      await expect.poll(counted).toBe(2);
      await expect.poll(() => page.evaluate(() => (window as unknown as { __arrived: number }).__arrived)).toBe(2);
      await page.locator('.table-row').first().waitFor();
    } finally {
      await app.close();
      await core.close();
    }
  });

  it('fits the window: the first glance counts filter, nothing scrolls sideways at 1280×800 or 1024×700, the drawer pushes', async () => {
    const core = await testCore();
    await seedAccounts(core.internals.store, 40, Date.now());
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('40 accounts').waitFor();
    const glance = page.getByRole('group', { name: 'At a glance' });
    const reauth = glance.getByRole('button', { name: /Need re-authorization/ });
    const count = Number(await reauth.locator('strong').textContent());
    expect(count).toBeGreaterThan(0);
    await reauth.click();
    await page.getByText(`${count} of 40 shown`).waitFor();
    await reauth.click();
    await page.getByText('40 shown').waitFor();
    await page.getByRole('columnheader', { name: 'Account' }).getByRole('button').click();
    expect(await page.getByRole('columnheader', { name: 'Account' }).getAttribute('aria-sort')).toBe('ascending');
    const sideways = () =>
      page.evaluate(() => {
        const wide = [...document.querySelectorAll<HTMLElement>('.table, .table-body, .content, .drawer')].filter(
          (el) => el.scrollWidth > el.clientWidth + 1,
        );
        return wide.map((el) => el.className);
      });
    for (const [width, height] of [
      [1280, 800],
      [1024, 700],
    ] as const) {
      await page.setViewportSize({ width, height });
      await page.locator('.table-row').first().click();
      await page.locator('.drawer').waitFor();
      await screenshot(page, `accounts-drawer-${width}`);
      expect(await sideways(), `${width}×${height}`).toEqual([]);
      // Every row keeps its account, health and action in view.
      const row = page
        .locator('.table-row')
        .filter({ has: page.getByRole('button') })
        .first();
      const box = await row.boundingBox();
      const action = await row.locator('button').last().boundingBox();
      expect(action && box && action.x + action.width <= box.x + box.width + 1).toBe(true);
      await screenshot(page, `accounts-drawer-${width}`);
      await page.getByRole('button', { name: 'Close details' }).click();
      await screenshot(page, `accounts-${width}`);
    }
    // 200 % zoom of 1280×800: the navigation keeps its icons and names them to screen readers, the
    // screen scrolls as a page, the list keeps a usable height, and nothing scrolls sideways.
    await page.setViewportSize({ width: 640, height: 400 });
    await page.locator('.content').evaluate((el) => (el.scrollTop = el.scrollHeight));
    expect(await sideways(), '200 %').toEqual([]);
    expect((await page.locator('.table-body').boundingBox())?.height).toBeGreaterThan(200);
    expect(await page.getByRole('link', { name: 'Sessions', exact: true }).isVisible()).toBe(true);
    await screenshot(page, 'accounts-zoom-200');
    await app.close();
  });

  it('works by keyboard: a skip link, rows that open with Enter, Escape closing dialogs and the drawer, focus returning', async () => {
    const core = await testCore();
    await seedAccounts(core.internals.store, 12, Date.now());
    const app = await openApp(browser, core, admin, '#/settings');
    const { page } = app;
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to the content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    // Skipping moves focus, not the screen.
    expect(await page.evaluate(() => window.location.hash)).toBe('#/settings');
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByText('12 accounts').waitFor();

    const row = page.locator('.table-row').nth(2);
    await row.focus();
    const label = (await row.getAttribute('aria-label')) ?? '';
    // Focus by keyboard shows the whole text the cells cut short, as hovering does.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await row.evaluate((el) => el === document.activeElement)).toBe(true);
    const shown = await row.evaluate((el) => getComputedStyle(el, '::after').content);
    expect(shown).toContain(label.split(':')[0]!);
    await screenshot(page, 'accounts-row-focused');
    await page.keyboard.press('Enter');
    const drawer = page.locator('.drawer');
    await drawer.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains('drawer'))).toBe(true);

    await drawer.getByRole('button', { name: 'Remove…' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Keep it');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await drawer.waitFor();

    await drawer.focus();
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(label);
    expect(Number(await row.getAttribute('aria-rowindex'))).toBeGreaterThan(1);
    await app.close();
  });
});
