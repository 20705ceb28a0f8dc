import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithBrowser } from '../tests/helpers/browser';
import { admin, testCore } from '../tests/helpers/core';
import { startOidcServer, type OidcServer } from '../tests/helpers/oidc-server';
import { findCanaries } from '../tests/helpers/scan';
import { launchChromium, openApp, screenshot } from './host';

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

describe('enrolment from the UI', () => {
  it('adds an OpenID account, signs in through the system browser, and the Sessions screen follows it live', async () => {
    const signIns: Promise<unknown>[] = [];
    // The "system browser": a separate Chromium context that walks the IdP's login and consent pages.
    const core = testCore({
      openExternal: (url) => void signIns.push(signInWithBrowser(browser, url, 'ui-user')) as unknown as Promise<void>,
    });
    await core.start();
    const app = await openApp(browser, core, admin, '#/enroll');
    const { page } = app;
    await page.getByRole('button', { name: /OpenID provider/ }).click();
    await page.getByLabel('Account', { exact: true }).fill('ui-user@example.com');
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client id').fill(idp.clientId);
    await screenshot(page, 'enroll-form');
    await page.getByRole('button', { name: 'Add and sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sessions' }).waitFor();
    await page.locator('[data-state="COMPLETED"]').waitFor({ timeout: 20_000 });
    await page.getByText('1 completed').waitFor();
    await screenshot(page, 'sessions-completed');
    await Promise.all(signIns);
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'ui-user@example.com' }).getByText('connected').waitFor();
    const tokens = [
      await core.internals.vault.get(
        ((await core.invoke('accounts:list', undefined, admin)) as { ok: true; value: { id: string }[] }).value[0]!.id,
        'access_token',
      ),
    ];
    expect(
      findCanaries(tokens as string[], [
        { name: 'ipc', bytes: app.traffic.join('\n') },
        { name: 'page', bytes: await page.content() },
      ]),
    ).toEqual([]);
    await app.close();
  });

  it('shows a pending sign-in with time left, Copy URL and Cancel; and a field error in the form', async () => {
    const core = testCore({ openExternal: () => Promise.resolve() });
    await core.start();
    const app = await openApp(browser, core, admin, '#/enroll');
    const { page } = app;
    await page.getByRole('button', { name: /OpenID provider/ }).click();
    await page.getByLabel('Account', { exact: true }).fill('waiting@example.com');
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client id').fill(idp.clientId);
    await page.getByRole('button', { name: 'Add and sign in' }).click();
    const card = page.locator('[data-state="PENDING"]');
    await card.waitFor();
    await card.getByText(/left/).waitFor();
    await card.getByRole('button', { name: 'Copy URL' }).waitFor();
    await screenshot(page, 'sessions-busy');
    await card.getByRole('button', { name: 'Cancel' }).click();
    await page.locator('[data-state="CANCELLED"]').getByRole('button', { name: 'Retry' }).waitFor();

    await page.getByRole('link', { name: 'Enroll', exact: true }).click();
    await page.getByRole('button', { name: /Cafe24/ }).click();
    await page.getByLabel('Store name').fill('Bad mall');
    await page.getByLabel('Mall id').fill('evil.com#');
    await page.getByLabel('Client id').fill('client');
    await page.getByLabel('Client secret').fill('secret-value');
    await page.getByRole('button', { name: 'Add and sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'mallId' }).waitFor();
    await screenshot(page, 'enroll-error');
    await app.close();
  });

  it('signs in an imported account from its row on the Accounts screen', async () => {
    const signIns: Promise<unknown>[] = [];
    const core = testCore({
      openExternal: (url) => void signIns.push(signInWithBrowser(browser, url, 'imported')) as unknown as Promise<void>,
    });
    await core.start();
    const yaml = `provider: oidc\nlabel: imported@example.com\nclient_id: ${idp.clientId}\nissuer: ${idp.issuer}\n`;
    expect(
      await core.invoke('accounts:import', { files: [{ name: 'enrollment/imported.yaml', content: yaml }] }, admin),
    ).toMatchObject({ ok: true });
    const app = await openApp(browser, core, admin, '#/accounts');
    const { page } = app;
    const row = page.getByRole('row').filter({ hasText: 'imported@example.com' });
    await row.getByText('not connected').waitFor();
    await screenshot(page, 'accounts-not-connected');
    await row.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-state="COMPLETED"]').waitFor({ timeout: 20_000 });
    await Promise.all(signIns);
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'imported@example.com' }).getByText('connected').waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: 'imported@example.com' })
        .getByRole('button', { name: 'Sign in' })
        .count(),
    ).toBe(0);
    await app.close();
  });
});
