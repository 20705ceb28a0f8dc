import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../electron/main/core/core';
import { classifyKeychainError, type KeyStore } from '../electron/main/core/vault/key-store';
import { admin, realKeyStore, testCore } from '../tests/helpers/core';
import { freshDatabase, PG_SERVER } from '../tests/helpers/store';
import { seedAccounts } from '../tests/helpers/seed';
import { findCanaries } from '../tests/helpers/scan';
import { tempDir } from '../tests/helpers/temp';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const SCREENS = [
  ['accounts', 'Accounts', 'No accounts yet'],
  ['enroll', 'Enroll', 'Sign-ins run in your system browser'],
  ['sessions', 'Sessions', 'No sign-ins in flight'],
  ['resync', 'Re-sync', 'No re-sync targets yet'],
  ['incidents', 'Incidents', 'No incidents'],
  ['audit', 'Audit', 'Nothing recorded yet'],
] as const;

describe('the app frame in Chromium against a real core', () => {
  it('navigates between the screens, each with its empty state', async () => {
    const core = await testCore();
    await core.start();
    const app = await openApp(browser, core, admin);
    const { page } = app;
    for (const [id, heading, empty] of SCREENS) {
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: heading, exact: true }).click();
      await expect.poll(() => page.url()).toContain(`#/${id}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.getByText(empty).waitFor();
      await screenshot(page, `${id}-empty`);
    }
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Storage and system health' }).waitFor();
    await page.locator('[data-check="keychain"]').getByText('OK').waitFor();
    await expect.poll(() => page.locator('.check-ok').count()).toBe(7);
    await screenshot(page, 'settings-healthy');
    expect(await page.getByText('tester · admin').isVisible()).toBe(true);
    await app.close();
  });

  it('seals a secret from Settings, shows it in the audit log, and never sends it back', async () => {
    const core = await testCore();
    await core.start();
    const app = await openApp(browser, core, admin, '#/settings');
    const { page } = app;
    const canary = 'https://hooks.slack.com/services/TE2E/BE2E/e2e-canary-77aa';
    const row = page.locator('.secrets li').filter({ hasText: 'Slack incoming webhook URL' });
    await row.getByRole('button', { name: 'Set' }).click();
    await row.getByLabel('Slack incoming webhook URL').fill(canary);
    await row.getByRole('button', { name: 'Seal' }).click();
    await row.getByText('Stored, updated').waitFor();
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    await page.getByRole('cell', { name: 'secrets:set' }).waitFor();
    await page.getByText('Chain intact · 1 entry').waitFor();
    await screenshot(page, 'audit-busy');
    expect(
      findCanaries(
        [canary, 'e2e-canary-77aa'],
        [
          { name: 'ipc traffic', bytes: app.traffic.join('\n') },
          { name: 'page', bytes: await page.content() },
        ],
      ),
    ).toEqual([]);
    expect(await core.internals.vault.get('settings', 'slack-webhook-url')).toBe(canary);
    await app.close();
  });

  it('shows 10,000 accounts virtualized, and filters them', async () => {
    const core = await testCore();
    await seedAccounts(core.internals.store, 10_000, Date.now());
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('10,000 accounts').waitFor();
    const rendered = await page.locator('.table-row').count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(80);
    await screenshot(page, 'accounts-busy');
    await page.getByLabel('Search accounts').fill('shop00042');
    await expect.poll(() => page.locator('.table-row').count()).toBe(1);
    await page.getByText('shop00042.cafe24.com').waitFor();
    await page.getByLabel('Search accounts').fill('no-such-account');
    await page.getByText('No account matches these filters.').waitFor();
    await page.getByLabel('Search accounts').fill('');
    await expect.poll(() => page.locator('.table-row').count()).toBeGreaterThan(5);
    // The list is windows of the store: sorted by name, the end of the scroll shows the last names.
    await page.getByLabel('Sort by').selectOption('label');
    await page.getByTestId('accounts-scroll').evaluate((box) => (box.scrollTop = box.scrollHeight));
    await page.getByText('user09997@gmail.example').waitFor();
    expect(await page.locator('.table-row[aria-busy="true"]').count()).toBe(0);
    // A search from the end of a long scroll shows its few matches (the list is now shorter than
    // where it was scrolled to), and clearing it fills the list again.
    await page.getByLabel('Search accounts').fill('shop00042');
    await page.getByText('shop00042.cafe24.com').waitFor();
    await page.getByLabel('Search accounts').fill('');
    await expect.poll(() => page.locator('.table-row:not([aria-busy])').count()).toBeGreaterThan(5);
    // Selecting every match takes all 10,000, not only the rows on screen.
    await page.getByLabel('Select all shown').check();
    await page.getByRole('region', { name: 'Selected accounts' }).getByText('10,000 selected').waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    // A click on a desktop notification or a tray item opens that account, from any screen.
    await page.getByRole('link', { name: 'Audit', exact: true }).click();
    const [{ id, label }] = (await core.internals.store.read.accounts.list())
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .slice(777, 778) as unknown as [{ id: string; label: string }];
    core.internals.services.events.emit('app:navigate', { screen: 'accounts', accountId: id });
    await page.getByRole('complementary', { name: `Account ${label}` }).waitFor();
    await app.close();
    // The first rows are drawn for a guess at the list's height (the browser has not laid it out
    // yet): in a short window the list is taller than the guess, and the rows still reach its end in
    // the first frame painted (looked at in the frame after, before the rows beyond the edge come).
    for (const [width, height] of [
      [640, 400],
      [1280, 800],
    ] as const) {
      const sized = await openApp(browser, core, admin, '#/accounts', {
        prepare: async (p) => {
          await p.setViewportSize({ width, height });
          await p.addInitScript(() => {
            const w = window as unknown as { __firstGap?: number };
            new MutationObserver((_, observer) => {
              const box = document.querySelector('[data-testid="accounts-scroll"]');
              if (!box?.querySelector('.table-row')) return;
              observer.disconnect();
              requestAnimationFrame(() =>
                requestAnimationFrame(() => {
                  const ends = [...box.querySelectorAll('.table-row')].map((r) => r.getBoundingClientRect().bottom);
                  w.__firstGap = box.getBoundingClientRect().bottom - Math.max(...ends);
                }),
              );
            }).observe(document, { childList: true, subtree: true });
          });
        },
      });
      await sized.page.waitForFunction(() => (window as unknown as { __firstGap?: number }).__firstGap !== undefined);
      const gap = await sized.page.evaluate(() => (window as unknown as { __firstGap: number }).__firstGap);
      expect(gap, `${width}×${height}`).toBeLessThanOrEqual(0);
      await sized.close();
    }
  });

  it('shows the keychain failure with what to do, while the rest of the app keeps working', async () => {
    const unreachable: KeyStore = {
      backend: 'Secret Service (D-Bus)',
      get: () =>
        Promise.reject(
          classifyKeychainError(new Error("Couldn't access platform storage: Secret Service: no D-Bus session")),
        ),
      set: () =>
        Promise.reject(
          classifyKeychainError(new Error("Couldn't access platform storage: Secret Service: no D-Bus session")),
        ),
      delete: () => Promise.reject(classifyKeychainError(new Error('unreachable'))),
    };
    const core = await createCore({ dataDir: tempDir(), keyStore: unreachable });
    await core.start();
    const app = await openApp(browser, core, admin, '#/settings');
    const { page } = app;
    await page.locator('[data-check="keychain"]').getByText('Failed').waitFor();
    await page
      .locator('[data-check="keychain"]')
      .getByText(/No OS keychain is reachable/)
      .waitFor();
    await page
      .getByText(/gnome-keyring/)
      .first()
      .waitFor();
    const row = page.locator('.secrets li').filter({ hasText: 'Customer Service API key' });
    await row.getByRole('button', { name: 'Set' }).click();
    await row.getByLabel('Customer Service API key').fill('would-be-secret');
    await row.getByRole('button', { name: 'Seal' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'No OS keychain is reachable', hasNotText: 'needs your OS keychain' })
      .waitFor();
    await screenshot(page, 'settings-keychain-error');
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByText('No accounts yet').waitFor();
    // The first-run notice says what to install, above every screen.
    const notice = page.getByRole('alert').filter({ hasText: 'needs your OS keychain' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/apt install gnome-keyring/);
    await screenshot(page, 'first-run-keychain-missing');
    await app.close();
    await core.close();
  });

  it('shows what another process changes without a reload, and says when the shared database is away', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    // The CLI, or a second window, on the same data: a process of its own with its own connection.
    const other = await testCore({ dataDir });
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('No accounts yet').waitFor();
    await seedAccounts(other.internals.store, 3, Date.now());
    other.internals.services.events.emit('accounts:changed', { ids: ['acct-00000'] });
    await page.getByText('user00000@contoso.com').waitFor({ timeout: 10_000 });
    // The team's PostgreSQL drops away: the screens keep what they had and say since when.
    core.internals.services.events.emit('store:link', { online: false, since: new Date().toISOString() });
    const notice = page.getByRole('status').filter({ hasText: 'shared database is unreachable' });
    await notice.waitFor();
    expect(await page.getByText('user00000@contoso.com').isVisible()).toBe(true);
    await screenshot(page, 'store-offline');
    core.internals.services.events.emit('store:link', { online: true, since: null });
    await notice.waitFor({ state: 'detached' });
    await app.close();
  });

  it('Settings says where the data lives, and moves it to PostgreSQL after a dry run and a confirmation', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, keyStore: realKeyStore() });
    await core.start();
    await seedAccounts(core.internals.store, 12, Date.now());
    const app = await openApp(browser, core, admin, '#/settings');
    const { page } = app;
    const card = page.getByRole('region', { name: 'Where the data lives' });
    await card.getByText('SQLite on this computer').waitFor();
    await screenshot(page, 'settings-store-sqlite');
    if (PG_SERVER) {
      const url = await freshDatabase();
      await card.getByLabel('PostgreSQL URL').fill(url);
      await card.getByRole('button', { name: 'Check (dry run)' }).click();
      await card.getByRole('table', { name: 'What would be copied' }).getByText('12').waitFor();
      await card.getByRole('button', { name: 'Move to PostgreSQL…' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-store-dry-run');
      await page.setViewportSize({ width: 1024, height: 700 });
      await card.getByRole('button', { name: 'Move to PostgreSQL…' }).scrollIntoViewIfNeeded();
      await screenshot(page, 'settings-store-dry-run-1024');
      // By keyboard: the confirmation takes the focus (on Cancel), Shift+Tab reaches "Move it".
      await card.getByRole('button', { name: 'Move to PostgreSQL…' }).focus();
      await page.keyboard.press('Enter');
      const confirm = page.getByRole('alertdialog', { name: 'Move the data?' });
      await confirm.getByRole('button', { name: 'Cancel' }).waitFor();
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Enter');
      await card.getByText(/Moved and verified/).waitFor();
      await screenshot(page, 'settings-store-moved');
      const after = await createCore({ dataDir: tempDir(), keyStore: realKeyStore(), storeUrl: url });
      expect(await after.internals.store.read.accounts.list()).toHaveLength(12);
      await after.close();

      // A teammate's empty workstation joins that database: a connection test first, then a confirmation.
      const teammateDir = tempDir();
      const teammate = await createCore({ dataDir: teammateDir, keyStore: realKeyStore() });
      await teammate.start();
      const second = await openApp(browser, teammate, admin, '#/settings');
      const theirs = second.page.getByRole('region', { name: 'Where the data lives' });
      await theirs.getByLabel('Join a database a teammate already moved Gatehouse into').check();
      await theirs.getByLabel('PostgreSQL URL').fill(url);
      await theirs.getByRole('button', { name: 'Test connection' }).click();
      await theirs
        .getByRole('definition')
        .filter({ hasText: 'Schema' })
        .getByText(/12 accounts/)
        .waitFor();
      await screenshot(second.page, 'settings-store-join-test');
      await theirs.getByRole('button', { name: 'Join…' }).click();
      await second.page.getByRole('alertdialog').getByRole('button', { name: 'Switch' }).click();
      await theirs.getByText(/Joined .* \(12 accounts\)\. Restart Gatehouse to use it\./).waitFor();
      await second.close();
      await teammate.close();
      expect(JSON.parse(readFileSync(join(teammateDir, 'store.json'), 'utf8'))).toMatchObject({ engine: 'postgres' });
    }
    await app.close();
    await core.close();
  });

  it('Ctrl+K opens a command palette: any account by name, the screens and the common actions, by keyboard', async () => {
    const core = await testCore();
    await seedAccounts(core.internals.store, 40, Date.now());
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('40 accounts').waitFor();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Command palette' });
    const box = palette.getByRole('combobox');
    await box.waitFor();
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('shop00007');
    await palette.getByRole('option', { name: /Open shop00007/ }).waitFor();
    await screenshot(page, 'command-palette');
    await page.keyboard.press('Enter');
    await page.getByRole('complementary', { name: /Account shop00007/ }).waitFor();
    expect(await palette.count()).toBe(0);
    // The screens and actions by words; arrows choose among them.
    await page.keyboard.press('Control+k');
    await page.keyboard.type('go to');
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toBe('Go to Enroll');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => palette.getByRole('option', { selected: true }).textContent()).toBe('Go to Settings');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    // Escape closes it and gives the focus back where it was.
    await page.getByRole('link', { name: 'Audit', exact: true }).focus();
    await page.keyboard.press('Control+k');
    await box.waitFor();
    await page.keyboard.press('Escape');
    expect(await palette.count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Audit');
    await app.close();
  });

  it('runs the renderer without Node and under a CSP that blocks inline script', async () => {
    const core = await testCore();
    const app = await openApp(browser, core, { ...admin, role: 'viewer' });
    const { page } = app;
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    expect(
      await page.evaluate(() => [
        typeof (globalThis as Record<string, unknown>).require,
        typeof (globalThis as Record<string, unknown>).process,
      ]),
    ).toEqual(['undefined', 'undefined']);
    const blocked = await page.evaluate(
      () =>
        new Promise<boolean>((resolve) => {
          document.addEventListener('securitypolicyviolation', () => resolve(true), { once: true });
          const s = document.createElement('script');
          s.textContent = 'window.__injected = true';
          document.body.appendChild(s);
          setTimeout(() => resolve(false), 1000);
        }),
    );
    expect(blocked).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    // A viewer cannot change settings: the core refuses, whatever the UI does.
    const refused = await page.evaluate(() =>
      (window as unknown as { gatehouse: { invoke: (c: string, i: unknown) => Promise<unknown> } }).gatehouse.invoke(
        'settings:update',
        { expiryWarningDays: 9 },
      ),
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    await app.close();
  });

  it('follows the OS theme by default, and the Theme setting overrides it; screenshots in dark', async () => {
    const core = await testCore();
    await seedAccounts(core.internals.store, 40, Date.now());
    const app = await openApp(browser, core, admin);
    const { page } = app;
    await page.getByText('40 accounts').waitFor();
    const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await background();
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    expect(await background()).not.toBe(light);
    await screenshot(page, 'dark-accounts');
    await page.locator('.table-row').nth(1).click();
    await page.locator('.drawer').waitFor();
    await screenshot(page, 'dark-account-drawer');
    await page.getByRole('link', { name: 'Settings', exact: true }).click();
    await page.getByRole('heading', { name: 'Appearance' }).waitFor();
    // The setting wins over the OS.
    await page.getByLabel('Theme').selectOption('light');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    await page.getByLabel('Theme').selectOption('dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await screenshot(page, 'dark-settings');
    await page.getByRole('link', { name: 'Sessions', exact: true }).click();
    await screenshot(page, 'dark-sessions-empty');
    // Every other screen in dark too (axe runs on each).
    for (const [id, heading] of SCREENS) {
      if (id === 'accounts' || id === 'sessions') continue;
      await page.getByRole('link', { name: heading, exact: true }).click();
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await screenshot(page, `dark-${id}`);
    }
    await app.close();
  });
});
