import { describe, expect, it } from 'vitest';
import type { Core } from '../electron/main/core/core';
import { Store } from '../electron/main/core/store/store';
import { MetaRepository } from '../electron/main/core/store/meta';
import { associatedData, newDataKey, open, seal } from '../electron/main/core/vault/seal';
import { installId } from '../electron/main/core/vault/meta';
import { Vault, type VaultOptions } from '../electron/main/core/vault/vault';
import { admin, must, openCore, realKeyStore, testCore } from './helpers/core';
import { q } from './helpers/sql';
import { bundled, run } from './helpers/children';
import { childEnv, storeUrlFor } from './helpers/store';
import { tempDir } from './helpers/temp';

async function insertAccount(core: Core, id: string): Promise<void> {
  await q(core)
    .exec`INSERT INTO accounts(id, provider, kind, label, status, created_at, updated_at) VALUES (${id}, 'cafe24', 'store', ${`${id}.cafe24.com`}, 'connected', 0, 0)`;
}

/** A store of the data folder, opened apart from any core (as a second process would). */
async function openStore(dataDir: string): Promise<Store> {
  const url = await storeUrlFor(dataDir);
  return Store.open({ dataDir, ...(url ? { url } : {}) });
}

/** A vault of `store` alone, outside any core (as a second process would open it). */
async function vaultOf(store: Store, onRotateStep?: VaultOptions['onRotateStep']) {
  return new Vault({
    store,
    keyStore: realKeyStore(),
    installId: await installId(store.read),
    now: () => Date.now(),
    ...(onRotateStep ? { onRotateStep } : {}),
  });
}

describe('seal (AES-256-GCM)', () => {
  const key = newDataKey();
  const aad = associatedData('acct-1', 'refresh_token', 1);

  it('round-trips and uses a fresh nonce per write', () => {
    const a = seal(key, 'same secret', aad);
    const b = seal(key, 'same secret', aad);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
    expect(open(key, a, aad)).toBe('same secret');
  });

  it('fails on a flipped byte, another owner, another kind, another version or another key', () => {
    const sealed = seal(key, 'secret', aad);
    for (let i = 0; i < sealed.ciphertext.length; i += 7) {
      const tampered = Buffer.from(sealed.ciphertext);
      tampered[i] = (tampered[i] as number) ^ 0x01;
      expect(open(key, { nonce: sealed.nonce, ciphertext: tampered }, aad)).toBeNull();
    }
    expect(open(key, sealed, associatedData('acct-2', 'refresh_token', 1))).toBeNull();
    expect(open(key, sealed, associatedData('acct-1', 'access_token', 1))).toBeNull();
    expect(open(key, sealed, associatedData('acct-1', 'refresh_token', 2))).toBeNull();
    expect(open(newDataKey(), sealed, aad)).toBeNull();
  });
});

describe('Vault against the real Secret Service', () => {
  it('creates the key once and reuses it across core restarts', async () => {
    const dataDir = tempDir();
    const first = await openCore({ dataDir });
    await first.start();
    await first.internals.store.transaction(() => first.internals.vault.put('acct-1', 'refresh_token', 'rt-one'));
    const name = first.internals.vault.keyName(1);
    await first.close();

    const stored = await realKeyStore().get(name);
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored as string, 'base64')).toHaveLength(32);

    const second = await openCore({ dataDir });
    await second.start();
    expect(second.internals.vault.health()).toMatchObject({ state: 'ready', keyVersion: 1 });
    expect(await second.internals.vault.get('acct-1', 'refresh_token')).toBe('rt-one');
    expect(await realKeyStore().get(name)).toBe(stored);
    await second.close();
  });

  it("a start unlocks with one read of the key's records: the version and its check from one snapshot", async () => {
    const dataDir = tempDir();
    const first = await openCore({ dataDir });
    await first.start();
    await first.close();
    const store = await openStore(dataDir);
    const vault = await vaultOf(store);
    // Every read of `meta`, as the vault asks for it (each is a round trip on PostgreSQL), on
    // whichever connection's repositories it asks through.
    const asked: string[] = [];
    const meta = MetaRepository.prototype;
    const get = Object.getOwnPropertyDescriptor(meta, 'get')?.value as typeof meta.get;
    const getMany = Object.getOwnPropertyDescriptor(meta, 'getMany')?.value as typeof meta.getMany;
    meta.get = function (key) {
      asked.push(key);
      return get.call(this, key);
    };
    meta.getMany = function (keys) {
      asked.push(keys.join(' + '));
      return getMany.call(this, keys);
    };
    try {
      await vault.unlock();
      expect(vault.health()).toMatchObject({ state: 'ready', keyVersion: 1 });
      expect(asked).toEqual(['key_version + key_state + key_check + key_holders']);
      // Unlocked, a later call only checks that the key is still the current one.
      await vault.unlock();
      expect(asked.slice(1)).toEqual(['key_version']);
    } finally {
      Object.assign(meta, { get, getMany });
      await store.close();
    }
  });

  it('gives each data folder its own key item', async () => {
    const a = await testCore();
    const b = await testCore();
    await a.start();
    await b.start();
    expect(a.internals.vault.keyName(1)).not.toBe(b.internals.vault.keyName(1));
  });

  it('two processes opening a new data folder at once create exactly one key', async () => {
    const dataDir = tempDir();
    await (await openStore(dataDir)).close();
    const entry = await bundled('tests/fixtures/unlock-child.ts');
    const env = await childEnv(dataDir);
    const children = await Promise.all([
      run(process.execPath, [entry, dataDir], { env: { ...env, PUT_SECRET: 'shared' } }),
      run(process.execPath, [entry, dataDir], { env }),
    ]);
    const said = children.map((c) => {
      expect(c.code, c.stderr).toBe(0);
      return JSON.parse(c.stdout) as { sets: number; keyVersion: number };
    });
    expect(said.reduce((n, c) => n + c.sets, 0)).toBe(1);
    expect(said.map((c) => c.keyVersion)).toEqual([1, 1]);
    const core = await testCore({ dataDir });
    await core.start();
    expect(await core.internals.vault.get('acct', 'api_token')).toBe('shared');
  });

  it('detects a swapped ciphertext between accounts and a flipped byte, and says which account', async () => {
    const core = await testCore();
    await core.start();
    const { store, vault } = core.internals;
    await insertAccount(core, 'acct-a');
    await insertAccount(core, 'acct-b');
    await store.transaction(async () => {
      await vault.put('acct-a', 'refresh_token', 'token-of-a');
      await vault.put('acct-b', 'refresh_token', 'token-of-b');
    });
    const [rowB] = await q(core).all<{
      nonce: Buffer;
      ciphertext: Buffer;
    }>`SELECT nonce, ciphertext FROM credentials WHERE owner = 'acct-b'`;
    await q(core)
      .exec`UPDATE credentials SET nonce = ${rowB!.nonce}, ciphertext = ${rowB!.ciphertext} WHERE owner = 'acct-a'`;
    await expect(vault.get('acct-a', 'refresh_token')).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      message: expect.stringContaining('acct-a'),
    });

    const flipped = Buffer.from(rowB!.ciphertext);
    flipped[0] = (flipped[0] as number) ^ 0xff;
    await q(core).exec`UPDATE credentials SET ciphertext = ${flipped} WHERE owner = 'acct-b'`;
    await expect(vault.get('acct-b', 'refresh_token')).rejects.toMatchObject({ code: 'KEY_MISMATCH' });

    const accounts = await must<{ id: string; status: string; lastError: string | null }[]>(core, 'accounts:list');
    expect(accounts.map((a) => a.status)).toEqual(['needs_reauth', 'needs_reauth']);
    expect(accounts[0]!.lastError).toMatch(/Re-authorize/);
    expect(await q(core).one`SELECT count(*) FROM credentials`).toBe(2);
  });

  it('a replaced keychain key marks the affected accounts, deletes nothing, and keeps the app running', async () => {
    const dataDir = tempDir();
    const first = await openCore({ dataDir });
    await first.start();
    await insertAccount(first, 'acct-1');
    await first.internals.store.transaction(() => first.internals.vault.put('acct-1', 'refresh_token', 'rt'));
    const name = first.internals.vault.keyName(1);
    await first.close();

    await realKeyStore().set(name, newDataKey().toString('base64'));

    const second = await openCore({ dataDir });
    await second.start();
    const health = second.internals.vault.health();
    expect(health.state).toBe('degraded');
    expect(health.unreadableOwners).toEqual(['acct-1']);
    expect(health.keyVersion).toBe(2);
    const [account] = await must<{ status: string }[]>(second, 'accounts:list');
    expect(account!.status).toBe('needs_reauth');
    expect(await q(second).one`SELECT count(*) FROM credentials`).toBe(1);
    const report = await must<{ checks: { id: string; status: string; remedy: string | null }[] }>(
      second,
      'health:check',
    );
    expect(report.checks.find((c) => c.id === 'vault')).toMatchObject({
      status: 'warn',
      remedy: expect.stringMatching(/Nothing was deleted/),
    });
    // A re-enrolled account seals under the new key at once.
    await second.internals.store.transaction(() => second.internals.vault.put('acct-1', 'refresh_token', 'fresh'));
    expect(await second.internals.vault.get('acct-1', 'refresh_token')).toBe('fresh');
    await second.close();
  });

  it('a deleted keychain item is reported, not silently replaced by plaintext', async () => {
    const dataDir = tempDir();
    const first = await openCore({ dataDir });
    await first.start();
    await insertAccount(first, 'acct-9');
    await first.internals.store.transaction(() => first.internals.vault.put('acct-9', 'api_token', 'tok'));
    const name = first.internals.vault.keyName(1);
    await first.close();
    await realKeyStore().delete(name);

    const second = await openCore({ dataDir });
    await second.start();
    expect(second.internals.vault.health().unreadableOwners).toEqual(['acct-9']);
    await expect(second.internals.vault.get('acct-9', 'api_token')).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    await second.close();
  });

  it('rotation re-seals every secret under a new key and forgets the old keychain item', async () => {
    const core = await testCore();
    await core.start();
    const { store, vault } = core.internals;
    await store.transaction(async () => {
      for (let i = 0; i < 25; i++) await vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
    });
    const result = await must<{ keyVersion: number; resealed: number }>(core, 'vault:rotateKey');
    expect(result).toEqual({ keyVersion: 2, resealed: 25 });
    expect(await q(core).all`SELECT DISTINCT key_version AS v FROM credentials`).toEqual([{ v: 2 }]);
    for (let i = 0; i < 25; i++) expect(await vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
    expect(await realKeyStore().get(vault.keyName(1))).toBeNull();
    const audit = await must<{ action: string; target: string }[]>(core, 'audit:list');
    expect(audit[0]).toMatchObject({ action: 'vault:rotateKey', target: 'key v2' });
  });

  it('a key rotated by another process: the next write here is sealed under the new key, never the old', async () => {
    const dataDir = tempDir();
    const here = await openCore({ dataDir });
    await here.start();
    await here.internals.vault.put('acct-1', 'refresh_token', 'rt-before');
    const there = await openCore({ dataDir });
    await there.start();
    expect(await must<{ keyVersion: number }>(there, 'vault:rotateKey')).toMatchObject({ keyVersion: 2 });
    // This process still holds version 1 as its current key: the write finds out in its own statement.
    await here.internals.vault.putMany('acct-2', [
      ['access_token', 'at-after'],
      ['refresh_token', 'rt-after'],
    ]);
    await here.internals.vault.put('acct-3', 'api_token', 'token-after');
    expect(await q(here).all`SELECT DISTINCT key_version AS v FROM credentials`).toEqual([{ v: 2 }]);
    expect(here.internals.vault.health().keyVersion).toBe(2);
    expect(await there.internals.vault.get('acct-2', 'refresh_token')).toBe('rt-after');
    expect(await there.internals.vault.get('acct-3', 'api_token')).toBe('token-after');
    await here.close();
    await there.close();
  });

  it('a rotation that fails part-way leaves the old set intact and usable', async () => {
    const dataDir = tempDir();
    const core = await openCore({ dataDir });
    await core.start();
    await core.internals.store.transaction(async () => {
      for (let i = 0; i < 10; i++) await core.internals.vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
    });
    await core.close();

    const store = await openStore(dataDir);
    const vault = await vaultOf(store, (step, index) => {
      if (step === 'row' && index === 5) throw new Error('simulated crash mid-rotation');
    });
    await expect(vault.rotate()).rejects.toThrow(/simulated crash/);
    await store.close();

    const after = await openCore({ dataDir });
    await after.start();
    expect(after.internals.vault.health()).toMatchObject({ state: 'ready', keyVersion: 1 });
    for (let i = 0; i < 10; i++) expect(await after.internals.vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
    // The orphaned v2 item is overwritten by the next rotation, which then succeeds.
    expect((await after.internals.vault.rotate()).resealed).toBe(10);
    await after.close();
  });

  it('marks only the accounts it is asked to', async () => {
    const core = await testCore();
    await insertAccount(core, 'x');
    await insertAccount(core, 'y');
    expect(await core.internals.store.read.accounts.markKeyMismatch(['x', 'missing'], 1)).toEqual(['x']);
  });

  it('setting secrets: set, list without values, clear, audited without the value', async () => {
    const core = await testCore();
    await core.start();
    await must(core, 'secrets:set', { name: 'slack-webhook-url', value: 'https://hooks.slack.com/services/T/B/xyz' });
    const list = await must<{ name: string; isSet: boolean }[]>(core, 'secrets:list');
    expect(list).toEqual([
      expect.objectContaining({ name: 'slack-webhook-url', isSet: true }),
      expect.objectContaining({ name: 'customer-service-api-key', isSet: false }),
    ]);
    expect(JSON.stringify(list)).not.toContain('hooks.slack.com');
    expect(await core.internals.vault.get('settings', 'slack-webhook-url')).toBe(
      'https://hooks.slack.com/services/T/B/xyz',
    );
    expect(await must(core, 'secrets:clear', { name: 'slack-webhook-url' })).toEqual({
      name: 'slack-webhook-url',
      removed: true,
    });
    const audit = await must<{ action: string; target: string | null; actor: string }[]>(
      core,
      'audit:list',
      undefined,
      admin,
    );
    expect(audit.map((a) => a.action)).toEqual(['secrets:clear', 'secrets:set']);
    expect(JSON.stringify(audit)).not.toContain('xyz');
  });
});
