import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInWithBrowser } from '../tests/helpers/browser';
import { admin, testCore, viewer } from '../tests/helpers/core';
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
    const core = await testCore({
      openExternal: (url) => {
        signIns.push(signInWithBrowser(browser, url, 'ui-user'));
        return Promise.resolve();
      },
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
    await page
      .getByRole('row')
      .filter({ hasText: 'ui-user@example.com' })
      .getByText('Healthy', { exact: true })
      .waitFor();
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
    const core = await testCore({ openExternal: () => Promise.resolve() });
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
    // Beside its field, in plain words, and the field marked invalid for assistive technology.
    await page.getByText('Mall id: mall id must be 3–50 lowercase letters, digits or dashes.').waitFor();
    expect(await page.getByLabel('Mall id').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Mall id').fill('');
    await page.getByRole('button', { name: 'Add and sign in' }).click();
    await page.getByText(/Mall id: (is required|mall id must be)/).waitFor();
    await screenshot(page, 'enroll-error');
    // A viewer sees the form greyed, with who may do it; the core refuses anyway, in words.
    const viewerApp = await openApp(browser, core, viewer, '#/enroll');
    await viewerApp.page
      .getByText('Your role (viewer) can see this; doing it needs the admin role. Ask an admin.')
      .waitFor();
    expect(await viewerApp.page.getByRole('button', { name: /OpenID provider/ }).isDisabled()).toBe(true);
    const refused = await viewerApp.page.evaluate(
      (issuer) =>
        (window as unknown as { gatehouse: { invoke: (c: string, i: unknown) => Promise<unknown> } }).gatehouse.invoke(
          'accounts:add',
          { provider: 'oidc', label: 'nope@example.com', issuer, clientId: 'x' },
        ),
      idp.issuer,
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringMatching(/Only an admin can do this \(adds an account\)/) },
    });
    await viewerApp.close();
    await app.close();
  });

  it('signs in an imported account from its row on the Accounts screen', async () => {
    const signIns: Promise<unknown>[] = [];
    const core = await testCore({
      openExternal: (url) => {
        signIns.push(signInWithBrowser(browser, url, 'imported'));
        return Promise.resolve();
      },
    });
    await core.start();
    const yaml = `provider: oidc\nlabel: imported@example.com\nclient_id: ${idp.clientId}\nissuer: ${idp.issuer}\n`;
    expect(
      await core.invoke('accounts:import', { files: [{ name: 'enrollment/imported.yaml', content: yaml }] }, admin),
    ).toMatchObject({ ok: true });
    const app = await openApp(browser, core, admin, '#/accounts');
    const { page } = app;
    const row = page.getByRole('row').filter({ hasText: 'imported@example.com' });
    await row.getByText('Not connected — sign in').waitFor();
    await screenshot(page, 'accounts-not-connected');
    await row.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-state="COMPLETED"]').waitFor({ timeout: 20_000 });
    await Promise.all(signIns);
    await page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await page
      .getByRole('row')
      .filter({ hasText: 'imported@example.com' })
      .getByText('Healthy', { exact: true })
      .waitFor();
    expect(
      await page
        .getByRole('row')
        .filter({ hasText: 'imported@example.com' })
        .getByRole('button', { name: 'Sign in' })
        .count(),
    ).toBe(0);
    await app.close();
  });

  it('imports enrollment YAML with a preview first, and names the file and line of a bad one', async () => {
    const core = await testCore();
    await core.start();
    const app = await openApp(browser, core, admin, '#/enroll');
    const { page } = app;
    const good = [
      {
        name: 'user@company.com.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(
          'oauth:\n  redirect_uri: http://localhost:5000/auth/callback\n  auth_type: "Authorization Code Flow"\n  delegated_permissions: [Mail.ReadWrite, Mail.Send, offline_access]\nclient_id: 11111111-2222-3333-4444-555555555555\ntenant: contoso.onmicrosoft.com\n',
        ),
      },
      {
        name: 'shop.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from(
          'provider: cafe24\nlabel: My shop\nclient_id: c1\nclient_secret: e2e-yaml-secret-19ab\nmall_id: myshop\n',
        ),
      },
    ];
    await page.getByLabel('Enrollment files').setInputFiles(good);
    const preview = page.getByRole('table', { name: 'Import preview' });
    await preview.getByRole('cell', { name: 'user@company.com', exact: true }).waitFor();
    await preview.getByRole('cell', { name: 'My shop' }).waitFor();
    await page.getByRole('note').filter({ hasText: 'shop.yaml holds a secret' }).waitFor();
    await screenshot(page, 'enroll-import-preview');
    expect((await core.invoke('accounts:list', undefined, admin)) as { value: unknown[] }).toMatchObject({ value: [] });
    await page.getByRole('button', { name: 'Import 2 accounts' }).click();
    await page.getByText('Imported: 2 created, 0 updated, 0 unchanged.').waitFor();

    await page.getByLabel('Enrollment files').setInputFiles(good);
    await page.getByRole('button', { name: 'Nothing to change' }).waitFor();

    await page.getByLabel('Enrollment files').setInputFiles([
      {
        name: 'bad.yaml',
        mimeType: 'application/yaml',
        buffer: Buffer.from('provider: cafe24\nclient_id: c\nclient_secret: s\nmall_id: "evil.com#"\n'),
      },
    ]);
    await page.getByRole('alert').filter({ hasText: 'bad.yaml:4:' }).waitFor();
    await screenshot(page, 'enroll-import-error');
    await app.close();
  });
});
