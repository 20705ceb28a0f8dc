/**
 * One health state per account, derived in the core (issue "A console admins read at a glance",
 * "It must never mislead"), and the fixes every state offers, from the core and the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../shared/domain';
import { startBigCommerceEmulator, type BigCommerceEmulator } from './helpers/bigcommerce-emulator';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { cli } from './helpers/children';
import { admin, must, testClock, testCore } from './helpers/core';
import { connectCafe24 } from './helpers/signin';
import { tempDir } from './helpers/temp';
import { q } from './helpers/sql';
import type { Core } from '../electron/main/core/core';

let cafe24: Cafe24Emulator;
let bc: BigCommerceEmulator;
beforeAll(async () => {
  cafe24 = await startCafe24Emulator();
  bc = await startBigCommerceEmulator();
});
afterAll(async () => {
  await cafe24?.close();
  await bc?.close();
});
const overrides = () => ({ 'https://shop1.cafe24api.com': cafe24.origin, 'https://api.bigcommerce.com': bc.origin });
const one = async (core: Core, id: string) =>
  (await must<Account[]>(core, 'accounts:list')).find((a) => a.id === id) as Account;

describe('the health of an account', () => {
  it('follows the refresh token: healthy, lapses within a day, then expired with its fix; never "connected" beside an expired token', async () => {
    const clock = testClock(Date.now());
    const core = await testCore({ endpointOverrides: overrides(), clock });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Lapsing shop');
    expect((await one(core, shop.id)).health).toMatchObject({ state: 'healthy', action: null, urgency: 4 });
    const end = Date.parse((await one(core, shop.id)).refreshExpiresAt as string);
    clock.set(end - 6 * 3_600_000);
    expect((await one(core, shop.id)).health).toMatchObject({
      state: 'lapses_soon',
      label: 'Lapses within a day',
      action: 'refresh',
      urgency: 1,
    });
    clock.set(end + 60_000);
    const lapsed = await one(core, shop.id);
    expect(lapsed.status).toBe('connected');
    expect(lapsed.health).toMatchObject({
      state: 'expired',
      label: 'Expired — re-authorize',
      action: 'reauthorize',
      urgency: 0,
    });
  });

  it('a refused grant shows no live-looking expiry, and says what fixes it', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Refused shop');
    cafe24.tokenFault = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'invalid_grant' }),
    };
    try {
      await must(core, 'tokens:refresh', { ids: [shop.id] });
    } finally {
      cafe24.tokenFault = null;
    }
    const refused = await one(core, shop.id);
    expect(refused).toMatchObject({
      status: 'needs_reauth',
      accessLevel: 'expired',
      refreshLevel: 'expired',
      expiryLevel: 'expired',
    });
    expect(refused.health).toMatchObject({ state: 'needs_reauth', action: 'reauthorize', urgency: 0 });
  });

  it('a BigCommerce token refused on Test connection is "Token refused"; a new one pasted from the CLI fixes it; disable and enable', async () => {
    bc.stores.set('hs01234', 'bc-token-one-aaaa');
    const dataDir = tempDir();
    const env = {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
    };
    const add = await cli(['accounts', 'add', 'bigcommerce', '--label', 'HS store', '--store-hash', 'hs01234'], {
      env,
      input: 'bc-token-one-aaaa',
    });
    expect(add.code, add.stderr).toBe(0);
    const id = add.stdout.trim();
    bc.stores.set('hs01234', 'bc-token-two-bbbb');
    const test = await cli(['accounts', 'test', id], { env });
    expect(test.code).toBe(1);
    const listed = JSON.parse((await cli(['--json', 'accounts', 'list'], { env })).stdout) as Account[];
    expect(listed[0]!.health).toMatchObject({ state: 'token_refused', action: 'paste_token' });
    const status = await cli(['tokens', 'status'], { env });
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('Token refused — paste a new token');

    const wrong = await cli(['accounts', 'set-token', id], { env, input: 'bc-token-wrong-cccc' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/rejected the API token \(401\)/);
    const fixed = await cli(['accounts', 'set-token', id], { env, input: 'bc-token-two-bbbb\n' });
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(fixed.stdout).toContain('Healthy');

    const off = await cli(['accounts', 'disable', id], { env });
    expect(off.stdout).toContain('Disabled — not kept alive');
    const on = await cli(['accounts', 'enable', id], { env });
    expect(on.stdout).toContain('Healthy');
  });

  it('a disabled account is not kept alive, and comes back due when enabled', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Paused shop');
    const off = await must<Account>(core, 'accounts:setEnabled', { id: shop.id, enabled: false });
    expect(off.health).toMatchObject({ state: 'disabled', action: 'enable' });
    await q(core).exec`UPDATE accounts SET next_refresh_at = 0 WHERE id = ${shop.id}`;
    expect(await core.internals.refresher.due()).not.toContain(shop.id);
    const on = await must<Account>(core, 'accounts:setEnabled', { id: shop.id, enabled: true });
    expect(on).toMatchObject({ status: 'connected' });
    expect(await core.internals.refresher.due()).toContain(shop.id);
    // A pasted token is refused for an account that signs in.
    const refused = await core.invoke('accounts:setToken', { id: shop.id, apiToken: 'whatever-123' }, admin);
    expect(refused).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Re-authorize it instead/) } });
  });
});
