import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../shared/domain';
import { startCafe24Emulator, type Cafe24Emulator } from '../tests/helpers/cafe24-emulator';
import { admin, must, testCore } from '../tests/helpers/core';
import { seedAccounts } from '../tests/helpers/seed';
import { connectCafe24 } from '../tests/helpers/signin';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
let cafe24: Cafe24Emulator;
beforeAll(async () => {
  browser = await launchChromium();
  cafe24 = await startCafe24Emulator();
});
afterAll(async () => {
  await browser?.close();
  await cafe24?.close();
});

describe('the at-a-glance view and the token lifecycle in the UI', () => {
  it('filters by level, opens the detail drawer, tests the connection, and shows a refresh failure as an incident', async () => {
    const core = testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
    await core.start();
    seedAccounts(core.internals.db, 60, Date.now());
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

    await page.getByRole('link', { name: 'Incidents', exact: true }).click();
    await page.getByRole('cell', { name: 'http_503' }).waitFor();
    await screenshot(page, 'incidents');
    await app.close();
  });

  it('signs in many accounts from a selection with at most N tabs, and the Sessions screen lists what still needs the admin', async () => {
    const core = testCore({ endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin } });
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
    await bulk.getByText('1 open (at most 1) · 2 queued · 0 need you').waitFor();
    await bulk.getByText('waiting for a free browser tab').first().waitFor();
    await screenshot(page, 'sessions-bulk');
    await bulk.getByRole('button', { name: 'Stop' }).click();
    await bulk.getByText('Bulk enrolment finished').waitFor();
    await app.close();
  });
});
