import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, ResyncTargetState } from '../shared/domain';
import { startBigCommerceEmulator, type BigCommerceEmulator } from '../tests/helpers/bigcommerce-emulator';
import { admin, must, support, testCore } from '../tests/helpers/core';
import { startCustomerServiceEmulator, type CustomerServiceEmulator } from '../tests/helpers/customer-service-emulator';
import { findCanaries } from '../tests/helpers/scan';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
let cs: CustomerServiceEmulator;
let bc: BigCommerceEmulator;
const TOKEN = 'bc-e2e-token-55aa01';
beforeAll(async () => {
  browser = await launchChromium();
  cs = await startCustomerServiceEmulator();
  bc = await startBigCommerceEmulator();
  bc.stores.set('store77', TOKEN);
});
afterAll(async () => {
  await browser?.close();
  await cs?.close();
  await bc?.close();
});

describe('the Re-sync screen against the emulators', () => {
  it('configures the targets in Settings, re-syncs one user after a confirmation, then a pasted list', async () => {
    const core = await testCore({ endpointOverrides: { 'https://api.bigcommerce.com': bc.origin } });
    await core.start();
    const store = await must<Account>(core, 'accounts:add', {
      provider: 'bigcommerce',
      label: 'Main store',
      storeHash: 'store77',
      apiToken: TOKEN,
    });
    await must(core, 'secrets:set', { name: 'customer-service-api-key', value: cs.apiKey });
    const settingsApp = await openApp(browser, core, admin, '#/settings');
    const sp = settingsApp.page;
    const card = sp.locator('section', { has: sp.getByRole('heading', { name: 'Re-sync targets' }) });
    await card.getByLabel('Customer Service URL').fill(cs.url);
    // The picker narrows as one types (the store searches); the chosen store stays listed.
    await card.getByLabel('Find a BigCommerce account').fill('no-such-store');
    await card.getByText('Nothing matches “no-such-store”.').waitFor();
    await card.getByLabel('Find a BigCommerce account').fill('');
    await card.getByLabel('BigCommerce store (customer get-or-create)').selectOption(store.id);
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved.').waitFor();
    await card.getByLabel('Find a BigCommerce account').scrollIntoViewIfNeeded();
    await screenshot(sp, 'settings-resync-targets');
    await settingsApp.close();

    // Support staff do the re-sync.
    const app = await openApp(browser, core, support, '#/resync');
    const { page } = app;
    await page.getByLabel('Email', { exact: true }).fill('not an email');
    await page.getByText('Not a valid email address.').waitFor();
    expect(await page.getByRole('button', { name: 'Force re-sync' }).isDisabled()).toBe(true);
    await page.getByLabel('Email', { exact: true }).fill('jane.doe@example.com');
    await page.getByLabel('Auth0 id (Customer Service)').fill('auth0|jane');
    await page.getByLabel('First name').fill('Jane');
    await page.getByLabel('Last name').fill('Doe');
    await page.getByRole('button', { name: 'Check current state' }).click();
    await page.locator('[data-target="bigcommerce"][data-outcome="absent"]').waitFor();
    await page.getByRole('button', { name: 'Force re-sync' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Confirm re-sync' });
    await confirm.getByText('Customer Service, BigCommerce customer').waitFor();
    await screenshot(page, 'resync-confirm');
    await confirm.getByRole('button', { name: 'Re-sync jane.doe@example.com' }).click();
    await page.locator('[data-target="bigcommerce"][data-outcome="created"]').waitFor();
    await page.locator('[data-target="customer-service"][data-outcome="synced"]').waitFor();
    await page.getByRole('table', { name: 'Re-sync history' }).getByText('helper').waitFor();
    await screenshot(page, 'resync-result');
    // Another email: the last user's result is not shown as if it were this one's.
    await page.getByLabel('Email', { exact: true }).fill('someone.else@example.com');
    await expect.poll(() => page.locator('[data-target="bigcommerce"][data-outcome="created"]').count()).toBe(0);
    await page.getByLabel('Email', { exact: true }).fill('jane.doe@example.com');

    // The mode is a tab group: one tab stop, arrow keys switch (and wrap).
    await page.getByRole('tab', { name: 'One user' }).focus();
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('A list');
    expect(await page.getByRole('tab', { name: 'A list' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.getByRole('tab', { name: 'One user' }).getAttribute('tabindex')).toBe('-1');
    await page
      .getByLabel('Users to re-sync')
      .fill(
        'email,auth0Id,firstName,lastName\nann@example.com,auth0|ann,Ann,A\nbroken-line,auth0|b,B,B\nbob@example.com,auth0|bob,Bob,B\n',
      );
    await page.getByRole('button', { name: 'Read the list' }).click();
    await page.getByText('Line 3: email is not a valid email address').waitFor();
    await page.getByRole('button', { name: 'Re-sync 2 users' }).click();
    await page.getByRole('alertdialog', { name: 'Confirm re-sync' }).getByRole('button', { name: 'Start' }).click();
    await page.getByRole('heading', { name: 'Done · 2 of 2' }).waitFor();
    await page.getByRole('table', { name: 'Re-sync summary' }).getByText('bob@example.com').waitFor();
    await screenshot(page, 'resync-list');
    expect(
      bc.customers
        .get('store77')
        ?.map((c) => c.email)
        .sort(),
    ).toEqual(['ann@example.com', 'bob@example.com', 'jane.doe@example.com']);
    expect(findCanaries([TOKEN, cs.apiKey], [{ name: 'ipc', bytes: app.traffic.join('\n') }])).toEqual([]);
    await app.close();

    // Wiping the API key asks first, and the Customer Service target then reads "not ready".
    const adminApp = await openApp(browser, core, admin, '#/settings');
    const row = adminApp.page.locator('.secrets li').filter({ hasText: 'Customer Service API key' });
    await row.getByRole('button', { name: 'Wipe…' }).click();
    await row
      .getByRole('alertdialog')
      .getByText(/Re-syncs to the Customer Service are refused/)
      .waitFor();
    await row.getByRole('alertdialog').getByRole('button', { name: 'Wipe it' }).click();
    await row.getByText('Not set').waitFor();
    const targets = await must<ResyncTargetState[]>(core, 'resync:targets');
    expect(targets.find((t) => t.target === 'customer-service')).toMatchObject({
      configured: false,
      detail: expect.stringContaining('Not ready'),
    });
    await adminApp.close();
  });
});
