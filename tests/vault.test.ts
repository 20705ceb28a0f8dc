import { describe, expect, it } from 'vitest';
import { markKeyMismatch } from '../electron/main/core/accounts/accounts.repository';
import { createCore } from '../electron/main/core/core';
import { openDatabase } from '../electron/main/core/db/database';
import { associatedData, newDataKey, open, seal } from '../electron/main/core/vault/seal';
import { installId } from '../electron/main/core/vault/meta';
import { Vault } from '../electron/main/core/vault/vault';
import { admin, must, realKeyStore, testCore } from './helpers/core';
import { tempDir } from './helpers/temp';

function insertAccount(core: ReturnType<typeof testCore>, id: string) {
  core.internals.db
    .prepare(
      "INSERT INTO accounts(id, provider, kind, label, status, created_at, updated_at) VALUES (?, 'cafe24', 'store', ?, 'connected', 0, 0)",
    )
    .run(id, `${id}.cafe24.com`);
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
    const first = createCore({ dataDir, keyStore: realKeyStore() });
    await first.start();
    first.internals.db.transaction(() => first.internals.vault.put('acct-1', 'refresh_token', 'rt-one'))();
    const name = first.internals.vault.keyName(1);
    first.close();

    const stored = await realKeyStore().get(name);
    expect(stored).not.toBeNull();
    expect(Buffer.from(stored as string, 'base64')).toHaveLength(32);

    const second = createCore({ dataDir, keyStore: realKeyStore() });
    await second.start();
    expect(second.internals.vault.health()).toMatchObject({ state: 'ready', keyVersion: 1 });
    expect(await second.internals.vault.get('acct-1', 'refresh_token')).toBe('rt-one');
    expect(await realKeyStore().get(name)).toBe(stored);
    second.close();
  });

  it('gives each data folder its own key item', async () => {
    const a = testCore();
    const b = testCore();
    await a.start();
    await b.start();
    expect(a.internals.vault.keyName(1)).not.toBe(b.internals.vault.keyName(1));
  });

  it('two processes opening a new data folder at once create exactly one key', async () => {
    const dataDir = tempDir();
    openDatabase(dataDir).close();
    const dbs = [openDatabase(dataDir), openDatabase(dataDir)];
    const id = installId(dbs[0]!);
    const sets: string[] = [];
    const vaults = dbs.map(
      (db) =>
        new Vault({
          db,
          installId: id,
          now: () => Date.now(),
          keyStore: {
            ...realKeyStore(),
            backend: 'Secret Service (D-Bus)',
            get: (n) => realKeyStore().get(n),
            set: async (n, v) => {
              sets.push(n);
              await realKeyStore().set(n, v);
            },
            delete: (n) => realKeyStore().delete(n),
          },
        }),
    );
    await Promise.all(vaults.map((v) => v.unlock()));
    expect(sets).toHaveLength(1);
    dbs[0]!.transaction(() => vaults[0]!.put('acct', 'api_token', 'shared'))();
    expect(await vaults[1]!.get('acct', 'api_token')).toBe('shared');
    dbs.forEach((db) => db.close());
  });

  it('detects a swapped ciphertext between accounts and a flipped byte, and says which account', async () => {
    const core = testCore();
    await core.start();
    const { db, vault } = core.internals;
    insertAccount(core, 'acct-a');
    insertAccount(core, 'acct-b');
    db.transaction(() => {
      vault.put('acct-a', 'refresh_token', 'token-of-a');
      vault.put('acct-b', 'refresh_token', 'token-of-b');
    })();
    const rowB = db.prepare("SELECT nonce, ciphertext FROM credentials WHERE owner = 'acct-b'").get() as {
      nonce: Buffer;
      ciphertext: Buffer;
    };
    db.prepare("UPDATE credentials SET nonce = ?, ciphertext = ? WHERE owner = 'acct-a'").run(
      rowB.nonce,
      rowB.ciphertext,
    );
    await expect(vault.get('acct-a', 'refresh_token')).rejects.toMatchObject({
      code: 'KEY_MISMATCH',
      message: expect.stringContaining('acct-a'),
    });

    const flipped = Buffer.from(rowB.ciphertext);
    flipped[0] = (flipped[0] as number) ^ 0xff;
    db.prepare("UPDATE credentials SET ciphertext = ? WHERE owner = 'acct-b'").run(flipped);
    await expect(vault.get('acct-b', 'refresh_token')).rejects.toMatchObject({ code: 'KEY_MISMATCH' });

    const accounts = await must<{ id: string; status: string; lastError: string | null }[]>(core, 'accounts:list');
    expect(accounts.map((a) => a.status)).toEqual(['needs_reauth', 'needs_reauth']);
    expect(accounts[0]!.lastError).toMatch(/Re-authorize/);
    expect(db.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(2);
  });

  it('a replaced keychain key marks the affected accounts, deletes nothing, and keeps the app running', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, keyStore: realKeyStore() });
    await first.start();
    insertAccount(first, 'acct-1');
    first.internals.db.transaction(() => first.internals.vault.put('acct-1', 'refresh_token', 'rt'))();
    const name = first.internals.vault.keyName(1);
    first.close();

    await realKeyStore().set(name, newDataKey().toString('base64'));

    const second = createCore({ dataDir, keyStore: realKeyStore() });
    await second.start();
    const health = second.internals.vault.health();
    expect(health.state).toBe('degraded');
    expect(health.unreadableOwners).toEqual(['acct-1']);
    expect(health.keyVersion).toBe(2);
    const [account] = await must<{ status: string }[]>(second, 'accounts:list');
    expect(account!.status).toBe('needs_reauth');
    expect(second.internals.db.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(1);
    const report = await must<{ checks: { id: string; status: string; remedy: string | null }[] }>(
      second,
      'health:check',
    );
    expect(report.checks.find((c) => c.id === 'vault')).toMatchObject({
      status: 'warn',
      remedy: expect.stringMatching(/Nothing was deleted/),
    });
    // A re-enrolled account seals under the new key at once.
    second.internals.db.transaction(() => second.internals.vault.put('acct-1', 'refresh_token', 'fresh'))();
    expect(await second.internals.vault.get('acct-1', 'refresh_token')).toBe('fresh');
    second.close();
  });

  it('a deleted keychain item is reported, not silently replaced by plaintext', async () => {
    const dataDir = tempDir();
    const first = createCore({ dataDir, keyStore: realKeyStore() });
    await first.start();
    insertAccount(first, 'acct-9');
    first.internals.db.transaction(() => first.internals.vault.put('acct-9', 'api_token', 'tok'))();
    const name = first.internals.vault.keyName(1);
    first.close();
    await realKeyStore().delete(name);

    const second = createCore({ dataDir, keyStore: realKeyStore() });
    await second.start();
    expect(second.internals.vault.health().unreadableOwners).toEqual(['acct-9']);
    await expect(second.internals.vault.get('acct-9', 'api_token')).rejects.toMatchObject({ code: 'KEY_MISMATCH' });
    second.close();
  });

  it('rotation re-seals every secret under a new key and forgets the old keychain item', async () => {
    const core = testCore();
    await core.start();
    const { db, vault } = core.internals;
    db.transaction(() => {
      for (let i = 0; i < 25; i++) vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
    })();
    const result = await must<{ keyVersion: number; resealed: number }>(core, 'vault:rotateKey');
    expect(result).toEqual({ keyVersion: 2, resealed: 25 });
    expect(db.prepare('SELECT DISTINCT key_version FROM credentials').pluck().all()).toEqual([2]);
    for (let i = 0; i < 25; i++) expect(await vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
    expect(await realKeyStore().get(vault.keyName(1))).toBeNull();
    const audit = await must<{ action: string; target: string }[]>(core, 'audit:list');
    expect(audit[0]).toMatchObject({ action: 'vault:rotateKey', target: 'key v2' });
  });

  it('a rotation that fails part-way leaves the old set intact and usable', async () => {
    const dataDir = tempDir();
    const core = createCore({ dataDir, keyStore: realKeyStore() });
    await core.start();
    core.internals.db.transaction(() => {
      for (let i = 0; i < 10; i++) core.internals.vault.put(`acct-${i}`, 'refresh_token', `rt-${i}`);
    })();
    core.close();

    const db = openDatabase(dataDir);
    const vault = new Vault({
      db,
      keyStore: realKeyStore(),
      installId: installId(db),
      now: () => Date.now(),
      onRotateStep: (step, index) => {
        if (step === 'row' && index === 5) throw new Error('simulated crash mid-rotation');
      },
    });
    await expect(vault.rotate()).rejects.toThrow(/simulated crash/);
    db.close();

    const after = createCore({ dataDir, keyStore: realKeyStore() });
    await after.start();
    expect(after.internals.vault.health()).toMatchObject({ state: 'ready', keyVersion: 1 });
    for (let i = 0; i < 10; i++) expect(await after.internals.vault.get(`acct-${i}`, 'refresh_token')).toBe(`rt-${i}`);
    // The orphaned v2 item is overwritten by the next rotation, which then succeeds.
    expect((await after.internals.vault.rotate()).resealed).toBe(10);
    after.close();
  });

  it('marks only the accounts it is asked to', () => {
    const core = testCore();
    insertAccount(core, 'x');
    insertAccount(core, 'y');
    expect(markKeyMismatch(core.internals.db, ['x', 'missing'], 1)).toEqual(['x']);
  });

  it('setting secrets: set, list without values, clear, audited without the value', async () => {
    const core = testCore();
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
