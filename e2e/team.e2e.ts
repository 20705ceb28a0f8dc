/**
 * Team mode in the real renderer: the Members screen alone and in a team (two workstations on one
 * PostgreSQL, each with its own keychain items), approval by fingerprint, a role that greys what it
 * may not do and says why, removal with rotation, and the Audit screen's filters, paging and export.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../electron/main/core/core';
import { createOsKeyStore } from '../electron/main/core/vault/key-store';
import type { TeamStatus } from '../shared/domain';
import { admin, must, testCore } from '../tests/helpers/core';
import { freshDatabase, PG_SERVER } from '../tests/helpers/store';
import { tempDir } from '../tests/helpers/temp';
import { launchChromium, openApp, screenshot } from './host';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const opened: Core[] = [];
afterAll(async () => {
  for (const core of opened) await core.close();
});

/** A workstation on the team's database, its keys under its own keychain service. */
async function workstation(url: string, name: string): Promise<Core> {
  const core = await createCore({
    dataDir: tempDir(),
    keyStore: createOsKeyStore({ service: `Gatehouse-e2e-${name}`, timeoutMs: 10_000 }),
    storeUrl: url,
  });
  opened.push(core);
  await core.start();
  return core;
}

describe('the Members screen', () => {
  it('alone, says so and how a team starts', async () => {
    const core = await testCore();
    await core.start();
    const app = await openApp(browser, core, admin, '#/members');
    await app.page.getByRole('heading', { level: 1, name: 'Members' }).waitFor();
    await app.page.getByText('You are working alone').waitFor();
    await app.page.getByText('gatehouse team create --team NAME --name YOU --to postgres://…').waitFor();
    await screenshot(app.page, 'members-alone');
    await app.close();
  });

  it.skipIf(!PG_SERVER)(
    'in a team: approve by fingerprint, a role that greys what it may not do, live on the other screen, remove with rotation',
    async () => {
      const url = await freshDatabase();
      const alice = await workstation(url, 'alice');
      await must(alice, 'team:create', { team: 'Ops', name: 'Alice', email: 'alice@example.com' });
      const bob = await workstation(url, 'bob');
      const asked = await must<TeamStatus>(bob, 'team:join', { name: 'Bob', email: 'bob@example.com' });
      const print = asked.fingerprint as string;

      // Bob's screen: waiting, with his fingerprint to read out.
      const b = await openApp(browser, bob, admin, '#/members');
      await b.page.getByRole('heading', { name: 'Waiting for an admin to approve this device' }).waitFor();
      expect(await b.page.getByLabel('This device’s fingerprint').textContent()).toBe(print);
      // Until then he reads, as a viewer, under his computer's name.
      await b.page.getByText(/\(pending\) · viewer$/).waitFor();
      await screenshot(b.page, 'members-pending');

      // Alice's screen: Bob waits; she types the fingerprint he reads; a wrong one cannot be approved.
      const a = await openApp(browser, alice, admin, '#/members');
      await a.page.getByText('Alice <alice@example.com> · admin').waitFor();
      const row = a.page.locator('[data-member]').filter({ hasText: 'bob@example.com' });
      await row.getByText('waiting for approval').waitFor();
      await a.page.getByRole('link', { name: 'Members', exact: true }).getByText('1').waitFor();
      // By keyboard: Enter on Approve… opens the dialog with the fingerprint field focused.
      await row.getByRole('button', { name: 'Approve…' }).focus();
      await a.page.keyboard.press('Enter');
      const dialog = a.page.getByRole('alertdialog');
      const typed = dialog.getByLabel('The fingerprint they read to you');
      await expect.poll(() => typed.evaluate((el) => el === document.activeElement)).toBe(true);
      await typed.fill('AAAA-BBBB-CCCC-DDDD');
      await dialog.getByText('Does not match: do not approve.').waitFor();
      expect(await dialog.getByRole('button', { name: /Approve as/ }).isDisabled()).toBe(true);
      await typed.fill(print.toLowerCase().replace(/-/g, ' '));
      await dialog.getByText('Matches the key Bob’s device sent.').waitFor();
      await dialog.getByLabel('Role').selectOption('support');
      await screenshot(a.page, 'members-approve');
      await dialog.getByRole('button', { name: 'Approve as support' }).click();
      await a.page.getByText('Bob is approved as support: the team key is wrapped for their device.').waitFor();
      await row.getByText('active').waitFor();
      await screenshot(a.page, 'members-team');

      // Bob's window follows by itself: he acts as himself now, with his role.
      await b.page.getByText('Bob <bob@example.com> · support').waitFor({ timeout: 15_000 });
      await b.page.getByRole('link', { name: 'Enroll', exact: true }).click();
      await b.page
        .getByText('Your role (support) can see this; doing it needs the admin role. Ask an admin.')
        .waitFor();
      expect(await b.page.getByRole('button', { name: /Microsoft 365/ }).isDisabled()).toBe(true);
      await screenshot(b.page, 'enroll-support-role');
      await b.page.getByRole('link', { name: 'Settings', exact: true }).click();
      await b.page.getByRole('heading', { name: 'Storage and system health' }).waitFor();
      expect(await b.page.getByText(/doing it needs the admin role/).count()).toBeGreaterThanOrEqual(3);

      // Alice changes his role from her screen; his follows again.
      await row.getByLabel('Role of Bob').selectOption('viewer');
      await a.page.getByText('Bob is now viewer.').waitFor();
      await b.page.getByText('Bob <bob@example.com> · viewer').waitFor({ timeout: 15_000 });

      // The audit names each of them, on their device; filter by member and export what is shown.
      await a.page.getByRole('link', { name: 'Audit', exact: true }).click();
      await a.page.getByRole('cell', { name: 'team:approve' }).waitFor();
      // Everything about Bob (his request, approval and role change), then only what Alice approved.
      await a.page.getByLabel('Target').fill('bob@');
      await expect.poll(() => a.page.locator('tbody tr').count()).toBe(3);
      await a.page.getByRole('cell', { name: 'team:join' }).waitFor();
      await a.page.getByLabel('Who').fill('alice');
      await a.page.getByLabel('Action').selectOption('team:approve');
      await expect.poll(() => a.page.locator('tbody tr').count()).toBe(1);
      const download = a.page.waitForEvent('download');
      await a.page.getByRole('button', { name: 'Export CSV' }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/^gatehouse-audit-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = await new Promise<string>((resolve, reject) => {
        void file.createReadStream().then((stream) => {
          let text = '';
          stream.on('data', (d: Buffer) => (text += d.toString()));
          stream.on('end', () => resolve(text));
          stream.on('error', reject);
        }, reject);
      });
      expect(csv.split('\r\n')[0]).toBe('seq,at,actor,role,device,action,target,outcome,detail,signed');
      expect(csv.trim().split('\r\n')).toHaveLength(2);
      expect(csv).toMatch(/Alice <alice@example.com>,admin,[0-9a-f-]+,team:approve,.*Bob <bob@example.com>, support/);
      await a.page.getByText('1 entry exported, oldest first.').waitFor();
      await screenshot(a.page, 'audit-filtered');

      // Remove Bob: rotation in one transaction, said plainly.
      await a.page.getByRole('link', { name: 'Members', exact: true }).click();
      await row.getByRole('button', { name: 'Remove…' }).click();
      await a.page.getByRole('alertdialog').getByRole('button', { name: 'Remove and rotate the key' }).click();
      await a.page.getByText(/^Removed Bob: the team key is now v2, \d+ secrets? sealed again\.$/).waitFor();
      await row.locator('.pill', { hasText: 'removed' }).waitFor();
      await b.page.getByRole('link', { name: 'Members', exact: true }).click();
      await b.page.getByRole('heading', { name: 'This device was removed from Ops' }).waitFor({ timeout: 15_000 });

      // Korean, dark, the small window: the same screen.
      const k = await openApp(browser, alice, admin, '#/members', { locale: 'ko-KR' });
      await k.page.setViewportSize({ width: 1024, height: 700 });
      await k.page.emulateMedia({ colorScheme: 'dark' });
      await k.page.getByRole('heading', { level: 1, name: '구성원' }).waitFor();
      await k.page.getByText('제거됨').waitFor();
      await screenshot(k.page, 'members-team-ko-dark-1024');
      for (const app of [a, b, k]) await app.close();
    },
  );
});
