import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AuditEntry } from '../shared/domain';
import { createCore } from '../electron/main/core/core';
import { migratePostgres, storeUrlProblem } from '../electron/main/core/store/postgres';
import { Store } from '../electron/main/core/store/store';
import { appendAudit } from '../electron/main/core/audit/audit';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { bundled, cli, run } from './helpers/children';
import { connectCafe24 } from './helpers/signin';
import { admin, must, realKeyStore } from './helpers/core';
import { seedAccounts } from './helpers/seed';
import { freshDatabase, PG_SERVER } from './helpers/store';
import { tempDir } from './helpers/temp';

/** The CLI on a data folder's own store choice (store.json), whatever engine this run tests. */
const own = { env: { ...process.env, GATEHOUSE_STORE_URL: '' } };

describe.skipIf(!PG_SERVER)('moving a data folder between SQLite and PostgreSQL', () => {
  it('copies everything into an empty PostgreSQL database and back, verified, with a dry run first; nothing is lost', async () => {
    const dataDir = tempDir();
    const sqlite = await createCore({ dataDir, keyStore: realKeyStore() });
    await sqlite.start();
    await seedAccounts(sqlite.internals.store, 1_000, Date.now());
    await sqlite.internals.store.transaction(async () => {
      for (let i = 0; i < 20; i++)
        await sqlite.internals.vault.put(`acct-${String(i).padStart(5, '0')}`, 'refresh_token', `rt-move-${i}`);
    });
    await must(sqlite, 'secrets:set', { name: 'customer-service-api-key', value: 'cs-key-moved' });
    await must(sqlite, 'settings:update', { expiryWarningDays: 9 });
    const before = await must<Account[]>(sqlite, 'accounts:list');
    await sqlite.close();
    const url = await freshDatabase();

    const dry = await cli(['store', 'move', '--to', url, '--dry-run', '--data-dir', dataDir], own);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/accounts\s+1000/);
    expect(dry.stdout).toMatch(/Dry run/);
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false);
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    expect((await probe.query("SELECT to_regclass('accounts') AS t")).rows[0].t).toBeNull();

    const moved = await cli(['store', 'move', '--to', url, '--data-dir', dataDir], own);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/Copied and verified/);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toEqual({ engine: 'postgres', url });
    expect((await probe.query('SELECT count(*)::int AS n FROM accounts')).rows[0].n).toBe(1000);
    await probe.end();

    // The folder now opens PostgreSQL: the same accounts, the same sealed secrets (the keychain item
    // is the same), an intact audit chain that ends with the move.
    const status = await cli(['--json', 'store', 'status', '--data-dir', dataDir], own);
    expect(JSON.parse(status.stdout)).toMatchObject({ engine: 'postgres' });
    const onPg = await createCore({ dataDir, keyStore: realKeyStore(), storeUrl: url });
    await onPg.start();
    expect(await must<Account[]>(onPg, 'accounts:list')).toEqual(before);
    expect(await onPg.internals.vault.get('acct-00007', 'refresh_token')).toBe('rt-move-7');
    expect(await onPg.internals.vault.get('settings', 'customer-service-api-key')).toBe('cs-key-moved');
    expect(await must(onPg, 'audit:verify')).toMatchObject({ ok: true });
    const [last] = await must<AuditEntry[]>(onPg, 'audit:list', { limit: 1 });
    expect(last).toMatchObject({ action: 'store:move', outcome: 'ok' });
    // A change made on PostgreSQL travels back with everything else.
    await onPg.internals.store.transaction(() => onPg.internals.vault.put('acct-00001', 'refresh_token', 'rt-on-pg'));
    await onPg.close();

    const back = await cli(['store', 'move', '--to', 'sqlite', '--data-dir', dataDir], own);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toEqual({ engine: 'sqlite' });
    // The file from before the first move is kept aside, never overwritten.
    expect(readdirSync(dataDir).some((f) => /^gatehouse-before-.*\.db$/.test(f))).toBe(true);
    const home = await createCore({ dataDir, keyStore: realKeyStore() });
    await home.start();
    expect(home.internals.store.engine).toBe('sqlite');
    expect(await must<Account[]>(home, 'accounts:list')).toEqual(before);
    expect(await home.internals.vault.get('acct-00001', 'refresh_token')).toBe('rt-on-pg');
    expect(await must(home, 'audit:verify')).toMatchObject({ ok: true });
    const moves = (await must<AuditEntry[]>(home, 'audit:list', { limit: 10 })).filter(
      (e) => e.action === 'store:move',
    );
    expect(moves).toHaveLength(2);
    await home.close();
  });

  it('refuses a target that holds data, a password in the URL and a remote host without TLS; the source keeps working', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, keyStore: realKeyStore() });
    await core.start();
    await seedAccounts(core.internals.store, 3, Date.now());
    const url = await freshDatabase();
    const occupied = await Store.open({ dataDir: tempDir(), url });
    await occupied.db.insertInto('meta').values({ key: 'x', value: 'y' }).execute();
    await occupied.close();
    const full = await core.invoke('store:move', { to: url }, admin);
    expect(full).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/already holds data/) },
    });
    const withPassword = new URL(url);
    withPassword.password = 'hunter2';
    const leaked = await core.invoke('store:move', { to: withPassword.toString() }, admin);
    expect(leaked).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(leaked)).not.toContain('hunter2');
    expect(storeUrlProblem('postgres://gatehouse@db.example.com/gh')).toMatch(/TLS.*sslmode=verify-full/);
    expect(storeUrlProblem('postgres://gatehouse@db.example.com/gh?sslmode=verify-full')).toBeNull();
    expect(storeUrlProblem('postgres://gatehouse@127.0.0.1:5432/gh')).toBeNull();
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false);
    // Refused moves are audited in the source, which still takes writes.
    await must(core, 'settings:update', { expiryWarningDays: 8 });
    const audit = await must<AuditEntry[]>(core, 'audit:list', { limit: 5 });
    expect(audit.filter((e) => e.action === 'store:move').every((e) => e.outcome === 'error')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('hunter2');
    await core.close();
  });
});

describe.skipIf(!PG_SERVER)('PostgreSQL migrations', () => {
  it('refuse a schema from a newer build and leave it untouched; a failing set rolls back whole', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migratePostgres(pool, [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE b (x NOPE_TYPE)' },
      ]).catch(() => undefined);
      expect((await pool.query("SELECT to_regclass('a') AS t")).rows[0].t).toBeNull();
      await pool.query('CREATE TABLE IF NOT EXISTS gatehouse_schema (version INTEGER NOT NULL)');
      await pool.query('INSERT INTO gatehouse_schema(version) VALUES (9999)');
    } finally {
      await pool.end();
    }
    await expect(Store.open({ dataDir: tempDir(), url })).rejects.toMatchObject({
      code: 'DATABASE_NEWER',
      message: expect.stringMatching(/newer Gatehouse.*not modified/),
    });
  });

  it('two workstations starting on one new database migrate it once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([0, 1, 2].map(() => Store.open({ dataDir: tempDir(), url })));
    for (const store of stores) expect((await store.describe()).schema).toBe((await store.describe()).latest);
    await Promise.all(stores.map((s) => s.close()));
  });
});

describe.skipIf(!PG_SERVER)('several workstations on one PostgreSQL database', () => {
  let cafe24: Cafe24Emulator;
  beforeAll(async () => {
    cafe24 = await startCafe24Emulator();
  });
  afterAll(async () => {
    await cafe24?.close();
  });
  const overrides = () => ({ 'https://shop1.cafe24api.com': cafe24.origin });
  const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;

  it('three processes of three data folders racing one single-use refresh token refresh it once, with no reuse', async () => {
    const url = await freshDatabase();
    const enrol = await createCore({
      dataDir: tempDir(),
      keyStore: realKeyStore(),
      storeUrl: url,
      endpointOverrides: overrides(),
    });
    await enrol.start();
    const shop = await connectCafe24(enrol, cafe24, 'Shared shop');
    const generation = async () => (await enrol.internals.store.read.accounts.get(shop.id))?.refresh_generation ?? -1;
    const before = { refreshes: refreshes(), generation: await generation() };
    await enrol.close();
    const entry = await bundled('tests/fixtures/refresh-child.ts');
    cafe24.tokenDelayMs = 1_000;
    try {
      // Each workstation has its own data folder (its own device id); they share the database.
      const children = await Promise.all(
        [0, 1, 2].map(() =>
          run(process.execPath, [entry, tempDir(), shop.id], {
            env: {
              ...process.env,
              GATEHOUSE_STORE_URL: url,
              GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
            },
            timeoutMs: 60_000,
          }),
        ),
      );
      for (const child of children) {
        expect(child.code, child.stderr).toBe(0);
        expect(JSON.parse(child.stdout)).toMatchObject({ ok: true, value: { results: [{ outcome: 'refreshed' }] } });
      }
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    expect(refreshes() - before.refreshes).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    const after = await createCore({
      dataDir: tempDir(),
      keyStore: realKeyStore(),
      storeUrl: url,
      endpointOverrides: overrides(),
    });
    expect((await after.internals.store.read.accounts.get(shop.id))?.refresh_generation).toBe(before.generation + 1);
    expect(await after.internals.store.read.leases.count()).toBe(0);
    expect(await must(after, 'audit:verify')).toMatchObject({ ok: true });
    await after.close();
  });

  it('one writer per audit append: entries from three processes at once form one unbroken chain', async () => {
    const url = await freshDatabase();
    const cores = await Promise.all(
      [0, 1, 2].map(() => createCore({ dataDir: tempDir(), keyStore: realKeyStore(), storeUrl: url })),
    );
    await Promise.all(
      cores.flatMap((core, c) =>
        Array.from({ length: 30 }, (_, i) =>
          appendAudit(
            core.internals.store,
            { actor: `ws${c}`, role: 'admin', action: 'x', target: String(i), outcome: 'ok', detail: null },
            i,
          ),
        ),
      ),
    );
    expect(await must(cores[0]!, 'audit:verify')).toEqual({ ok: true, entries: 90, brokenAtSeq: null });
    await Promise.all(cores.map((c) => c.close()));
  });
});
