/**
 * The holes a hostile review found (issue "Never lose or leak a token"): each test failed before its
 * fix. Real parts throughout: SQLite files, the real keyring, oidc-provider, the Cafe24 and
 * BigCommerce emulators, the CLI in child processes, a small tmpfs for a full disk.
 */
import { execFileSync, spawn } from 'node:child_process';
import { connect } from 'node:net';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell, resyncSummaryCsv } from '../shared/csv';
import type { Account, AuditEntry, Incident, RefreshResultView, Session, SyncRun } from '../shared/domain';
import { parseUsersCsv } from '../electron/main/core/resync/csv';
import { createOsKeyStore } from '../electron/main/core/vault/key-store';
import { seedAccounts } from './helpers/seed';
import { startBigCommerceEmulator, type BigCommerceEmulator } from './helpers/bigcommerce-emulator';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { bundled, cli, run } from './helpers/children';
import { admin, must, realKeyStore, testClock, testCore, openCore } from './helpers/core';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { connectCafe24, get, waitForState } from './helpers/signin';
import { tempDir } from './helpers/temp';
import { q } from './helpers/sql';
import { ENGINE } from './helpers/store';

let cafe24: Cafe24Emulator;
let bc: BigCommerceEmulator;
let idp: OidcServer;
beforeAll(async () => {
  cafe24 = await startCafe24Emulator();
  bc = await startBigCommerceEmulator();
  bc.stores.set('abc123', 'bc-token-correct-horse');
  idp = await startOidcServer();
});
afterAll(async () => {
  await cafe24?.close();
  await bc?.close();
  await idp?.close();
});

const overrides = () => ({ 'https://shop1.cafe24api.com': cafe24.origin, 'https://api.bigcommerce.com': bc.origin });
const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;

describe('a token is never sent where it does not belong', () => {
  it('an import that would re-point a connected account is refused, naming the account and the fields', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Shop 1');
    const yaml = (clientId: string, scopes: string) =>
      [
        'provider: cafe24',
        'label: Shop 1',
        'mall_id: shop1',
        `client_id: ${clientId}`,
        `client_secret: ${cafe24.clientSecret}`,
        'oauth:',
        '  auth_type: "Authorization Code Flow"',
        `  delegated_permissions: [${scopes}]`,
      ].join('\n');
    const same = 'mall.read_store, mall.read_customer, mall.read_privacy';
    const moved = await core.invoke(
      'accounts:import',
      { files: [{ name: 'shop.yaml', content: yaml('another-client', same) }] },
      admin,
    );
    // A new client id is another account (the match is mall + client); new scopes on the same one are not.
    expect(moved.ok, JSON.stringify(moved)).toBe(true);
    const rescoped = await core.invoke(
      'accounts:import',
      { files: [{ name: 'shop.yaml', content: yaml(cafe24.clientId, `${same}, mall.write_customer`) }] },
      admin,
    );
    expect(rescoped).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!rescoped.ok) {
      expect(rescoped.error.message).toContain(shop.id);
      expect(rescoped.error.message).toContain('scopes');
    }
    const stored = await q(core).one<string>`SELECT config FROM accounts WHERE id = ${shop.id}`;
    expect(JSON.parse(stored).scopes).not.toContain('mall.write_customer');
  });

  it('an OIDC account with tokens keeps its issuer; a label-only change is audited with the field', async () => {
    const core = await testCore();
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'oidc',
      label: 'ops',
      clientId: idp.clientId,
      issuer: idp.issuer,
    });
    // Give it tokens as a finished sign-in would.
    await core.internals.store.transaction(() =>
      core.internals.vault.put(account.id, 'refresh_token', 'rt-canary-0001'),
    );
    await q(core).exec`UPDATE accounts SET status = 'connected' WHERE id = ${account.id}`;
    const file = (issuer: string) => ({
      name: 'ops.yaml',
      content: `provider: oidc\nlabel: ops\nissuer: ${issuer}\nclient_id: ${idp.clientId}\noauth:\n  auth_type: "Authorization Code Flow"\n`,
    });
    const evil = await core.invoke('accounts:import', { files: [file('https://evil.example.com')] }, admin);
    expect(evil).toMatchObject({ ok: false, error: { message: expect.stringContaining('issuer') } });
    const config = await q(core).one`SELECT config FROM accounts WHERE id = ${account.id}`;
    expect(JSON.parse(config as string).issuer).toBe(idp.issuer);
    const [entry] = await must<AuditEntry[]>(core, 'audit:list', { limit: 1 });
    expect(entry).toMatchObject({ action: 'accounts:import', outcome: 'error' });
  });

  it('parallel `accounts add bigcommerce` for one store create exactly one account', async () => {
    const dataDir = tempDir();
    const env = {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
    };
    await cli(['doctor'], { env }); // one process mints the key first, as a real first start would
    const runs = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        cli(['accounts', 'add', 'bigcommerce', '--label', `Store ${i}`, '--store-hash', 'abc123'], {
          env,
          input: 'bc-token-correct-horse',
        }),
      ),
    );
    expect(runs.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of runs.filter((r) => r.code !== 0)) expect(r.stderr).toMatch(/already enrolled/);
    const list = await cli(['--json', 'accounts', 'list'], { env });
    expect(JSON.parse(list.stdout) as Account[]).toHaveLength(1);
  });

  it('the CLI hands the browser a private page, never the authorization URL on a command line', async () => {
    const dataDir = tempDir();
    const bin = tempDir();
    const record = join(bin, 'record');
    // The stand-in browser records what it was handed, then declines at the provider (the provider
    // sends error=access_denied back to the listener) and shows the result page, so the CLI ends at
    // once instead of waiting out its timeout.
    writeFileSync(
      join(bin, 'decline.js'),
      [
        `const page = require('fs').readFileSync(process.argv[2], 'utf8');`,
        `const at = new URL(/url=([^"]+)"/.exec(page)[1].replace(/&#38;|&amp;/g, '&'));`,
        `const back = new URL(at.searchParams.get('redirect_uri'));`,
        `back.search = new URLSearchParams({ state: at.searchParams.get('state'), error: 'access_denied' });`,
        `const go = (u) => require('http').get(u, { headers: { 'sec-fetch-mode': 'navigate' } }, (r) => {`,
        `  r.resume();`,
        `  if (r.headers.location) go(new URL(r.headers.location, u));`,
        `});`,
        `go(back);`,
      ].join('\n'),
    );
    writeFileSync(
      join(bin, 'xdg-open'),
      `#!/bin/sh\nprintf '%s' "$*" > ${record}.argv\nstat -c %a "$1" > ${record}.mode\nstat -c %a "$(dirname "$1")" > ${record}.dirmode\ncat "$1" > ${record}.page\n` +
        `exec "${process.execPath}" ${join(bin, 'decline.js')} "$1"\n`,
    );
    chmodSync(join(bin, 'xdg-open'), 0o755);
    const env = { ...process.env, GATEHOUSE_DATA_DIR: dataDir, PATH: `${bin}:${process.env.PATH ?? ''}` };
    const add = await cli(
      ['accounts', 'add', 'oidc', '--label', 'ops', '--client-id', idp.clientId, '--issuer', idp.issuer],
      { env },
    );
    expect(add.code, add.stderr).toBe(0);
    const enroll = await cli(['enroll', add.stdout.trim(), '--timeout', '60'], { env });
    expect(enroll.code, enroll.stderr).toBe(1);
    expect(enroll.stderr).toMatch(/denied|declined|refused/i);
    const argv = readFileSync(`${record}.argv`, 'utf8');
    expect(argv).not.toMatch(/state=|code_challenge|http/);
    expect(readFileSync(`${record}.mode`, 'utf8').trim()).toBe('600');
    expect(readFileSync(`${record}.dirmode`, 'utf8').trim()).toBe('700');
    const page = readFileSync(`${record}.page`, 'utf8');
    expect(page).toMatch(/http-equiv="refresh" content="0;url=http:\/\/127\.0\.0\.1:\d+\/.*code_challenge=/);
    // The hand-off page is gone once the CLI has exited.
    expect(() => statSync(argv)).toThrow();
  });
});

/** The refresh child (tests/fixtures/refresh-child.ts) on a data folder; resolves with its exit. */
function refreshChild(dataDir: string, accountId: string) {
  return bundled('tests/fixtures/refresh-child.ts').then((entry) =>
    run(process.execPath, [entry, dataDir, accountId], {
      env: { ...process.env, GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()) },
      timeoutMs: 60_000,
    }),
  );
}

describe('a single-use refresh token is never spent twice', () => {
  it('a live lease holder keeps its lease although another process’s clock says it ran out', async () => {
    const dataDir = tempDir();
    const seed = await testCore({ dataDir, endpointOverrides: overrides() });
    await seed.start();
    const shop = await connectCafe24(seed, cafe24, 'Leased shop');
    await seed.close();
    // This process's clock runs three minutes ahead of the child's: the 90-second lease looks stale.
    const ahead = testClock(Date.now() + 180_000);
    const core = await testCore({ dataDir, endpointOverrides: overrides(), clock: ahead });
    await core.start();
    const before = refreshes();
    cafe24.tokenDelayMs = 2_500;
    try {
      const child = refreshChild(dataDir, shop.id);
      for (let i = 0; i < 300; i++) {
        if ((await q(core).one`SELECT count(*) FROM refresh_leases`) === 1) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      const here = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      const there = await child;
      expect(there.code, there.stderr).toBe(0);
      expect(here.results[0]!.outcome).toBe('refreshed');
      expect(refreshes() - before).toBe(1);
      expect(cafe24.reuses).toEqual([]);
    } finally {
      cafe24.tokenDelayMs = 0;
    }
  });

  it('a lease left by a process on another workstation is taken over once its heartbeat stood still for the lease time; the sweep leaves it alone meanwhile', async () => {
    // 1.5 s instead of 90 s, so the takeover is seen without waiting a minute and a half.
    const core = await testCore({ endpointOverrides: overrides(), leaseMs: 1_500 });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Shop with an orphaned lease');
    // A process on another device took the lease and died (kill -9, power cut): its PID means nothing
    // here, so only its heartbeat can say it is gone.
    await q(core).exec`INSERT INTO refresh_leases(account_id, owner, attempt_id, lease_until, beat)
      VALUES (${shop.id}, ${'another-device:4242:deadbeef'}, ${'attempt-elsewhere'}, ${Date.now() + 1_500}, ${0})`;
    await q(core).exec`UPDATE accounts SET next_refresh_at = ${0} WHERE id = ${shop.id}`;
    const before = refreshes();
    const swept = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { due: true });
    expect(swept.results.find((r) => r.accountId === shop.id)?.outcome).toBe('skipped');
    expect(refreshes()).toBe(before);
    const taken = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
    expect(taken.results[0]!.outcome).toBe('refreshed');
    expect(refreshes() - before).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    expect(await q(core).one`SELECT count(*) FROM refresh_leases WHERE account_id = ${shop.id}`).toBe(0);
  });

  it('a rotated token that cannot be committed is said plainly, recorded, and the spent token is never sent again', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Full shop');
    // The store refuses the write-ahead commit exactly as a full disk would.
    if (ENGINE === 'sqlite')
      await q(core).exec`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON credentials
        WHEN NEW.kind = 'pending_refresh_token' BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`;
    else {
      await q(core).exec`CREATE FUNCTION full_disk() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
        IF NEW.kind = 'pending_refresh_token' THEN RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END IF;
        RETURN NEW; END $$`;
      await q(core)
        .exec`CREATE TRIGGER full_disk BEFORE INSERT ON credentials FOR EACH ROW EXECUTE FUNCTION full_disk()`;
    }
    const before = refreshes();
    const first = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
    expect(first.results[0]).toMatchObject({ outcome: 'needs_reauth' });
    expect(first.results[0]!.message).toMatch(/could not be saved.*re-authorize/);
    expect(refreshes() - before).toBe(1);
    const [account] = await must<Account[]>(core, 'accounts:list');
    expect(account).toMatchObject({ status: 'needs_reauth', lastErrorCode: 'rotation_not_saved' });
    const incidents = await must<Incident[]>(core, 'incidents:list', { accountId: shop.id });
    expect(incidents.map((i) => i.errorCode)).toContain('rotation_not_saved');
    if (ENGINE === 'sqlite') await q(core).exec`DROP TRIGGER full_disk`;
    else await q(core).exec`DROP TRIGGER full_disk ON credentials`;
    const again = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
    expect(again.results[0]!.outcome).toBe('needs_reauth');
    expect(refreshes() - before).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    // Re-authorized: a new grant, which this process refreshes again as usual.
    const session = await must<Session>(core, 'sessions:start', { accountId: shop.id });
    const approved = await get(session.authorizationUrl as string);
    const callback = await get(approved.location as string);
    await get(new URL(callback.location as string, approved.location).href);
    await waitForState(core, session.id, ['COMPLETED']);
    const renewed = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
    expect(renewed.results[0]!.outcome).toBe('refreshed');
    expect(cafe24.reuses).toEqual([]);
  });

  it('a clock stepped back makes the keep-alive due at once instead of waiting for the clock to catch up', async () => {
    const clock = testClock(Date.now());
    const core = await testCore({ endpointOverrides: overrides(), clock });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Time shop');
    expect(await core.internals.refresher.due()).not.toContain(shop.id);
    clock.advance(-10 * 86_400_000);
    expect(await core.internals.refresher.due()).toContain(shop.id);
    const results = await core.internals.refresher.sweep();
    expect(results.find((r) => r.accountId === shop.id)?.outcome).toBe('refreshed');
    expect(await core.internals.refresher.due()).not.toContain(shop.id);
  });
});

/** Mounts a small tmpfs (CI runs as root); null where this machine does not allow it. */
function smallDisk(mb: number): { dir: string; unmount: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-tmpfs-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${mb}m,mode=0700`, 'tmpfs', dir], { stdio: 'ignore' });
  } catch {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    unmount: () => {
      execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Fills a file system until `leaveBytes` are free. Synchronous, so it holds the event loop (the
 * emulators keep idle connections as providers do for that reason, see helpers/listen.ts); asking
 * statfs rather than running `df` per chunk keeps that to milliseconds.
 */
function fill(dir: string, leaveBytes: number): string {
  const ballast = join(dir, 'ballast');
  const free = () => {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  };
  const chunk = Buffer.alloc(256 * 1024, 1);
  let written = 0;
  for (;;) {
    const room = free() - leaveBytes;
    if (room <= 0) break;
    try {
      writeFileSync(ballast, room < chunk.length ? chunk.subarray(0, room) : chunk, { flag: 'a' });
    } catch {
      break;
    }
    written += 1;
    if (written > 100_000) break;
  }
  return ballast;
}

// The data folder's disk holds the store only on SQLite; PostgreSQL's disk is the server's (above).
describe.skipIf(ENGINE === 'postgres')('a full disk (a real tmpfs)', () => {
  const disk = process.getuid?.() === 0 ? smallDisk(48) : null;
  afterAll(() => disk?.unmount());

  it.skipIf(!disk)(
    'refuses to spend a token with too little room, and saves one issued while the disk filled',
    async () => {
      const dataDir = join(disk!.dir, 'data');
      mkdirSync(dataDir, { mode: 0o700 });
      const core = await testCore({ dataDir, endpointOverrides: overrides() });
      await core.start();
      const shop = await connectCafe24(core, cafe24, 'Disk shop');
      const before = refreshes();

      const ballast = fill(disk!.dir, 4 * 1024 * 1024);
      const refused = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      expect(refused.results[0]!.message).toMatch(/MB is free.*nothing was sent or spent/);
      expect(refreshes()).toBe(before);
      rmSync(ballast);

      // Room at the start; the disk fills while the provider is answering.
      fill(disk!.dir, 12 * 1024 * 1024);
      core.internals.store.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
      cafe24.tokenDelayMs = 800;
      try {
        const pending = must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
        for (let i = 0; i < 200 && refreshes() === before; i++) await new Promise((r) => setTimeout(r, 10));
        fill(disk!.dir, 0);
        const result = await pending;
        expect(result.results[0]!.outcome, result.results[0]!.message).toBe('refreshed');
      } finally {
        cafe24.tokenDelayMs = 0;
        rmSync(ballast, { force: true });
      }
      expect(refreshes() - before).toBe(1);
      const next = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      expect(next.results[0]!.outcome, next.results[0]!.message).toBe('refreshed');
      expect(cafe24.reuses).toEqual([]);
      // (Closed: its keep-alive would otherwise go on writing to this small disk during the next test.)
      await core.close();
    },
  );

  it.skipIf(!disk)(
    'a refresh that cannot even record its failure on a full disk still answers, and the next one works',
    async () => {
      const dataDir = join(disk!.dir, 'data-full');
      mkdirSync(dataDir, { mode: 0o700 });
      const core = await testCore({ dataDir, endpointOverrides: overrides() });
      await core.start();
      const shop = await connectCafe24(core, cafe24, 'Full shop');
      const before = refreshes();
      core.internals.store.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
      const ballast = fill(disk!.dir, 0);
      try {
        // The keep-alive's path (no router in front to stop it): the account hears why; nothing throws
        // (a throw would end the whole pass, and the results of every other account with it).
        const result = await core.internals.refresher.refresh(shop.id);
        expect(result.outcome).toBe('failed');
        expect(result.message).toMatch(/is free.*nothing was sent or spent/);
        expect(refreshes()).toBe(before);
      } finally {
        rmSync(ballast, { force: true });
      }
      const next = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      expect(next.results[0]!.outcome, next.results[0]!.message).toBe('refreshed');
      expect(cafe24.reuses).toEqual([]);

      await core.close();
    },
  );
});

describe.skipIf(ENGINE === 'postgres')('a refusal that cannot be written', () => {
  it('keeps the refused token from being sent again by this process', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const shop = await connectCafe24(core, cafe24, 'Refused shop');
    const sentBefore = refreshes();
    // The provider refuses the grant, and the refusal cannot be written: SQLite's own full-disk error
    // on the incident's insert (a real full disk decides by page boundaries which write meets it).
    cafe24.tokenFault = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ error: 'invalid_grant', error_description: 'revoked' }),
    };
    core.internals.store.sqlite!.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON incidents
      BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`);
    try {
      const refused = await core.internals.refresher.refresh(shop.id);
      expect(refused.outcome).toBe('needs_reauth');
      expect(refused.message).toMatch(/re-?auth|refused|revoked|invalid_grant/i);
    } finally {
      cafe24.tokenFault = null;
      core.internals.store.sqlite!.exec('DROP TRIGGER full_disk');
    }
    // The refusal was not written: the account still reads as connected...
    expect((await core.internals.store.read.accounts.get(shop.id))?.status).toBe('connected');
    // ...and this process still does not send the refused token again.
    const again = await core.internals.refresher.refresh(shop.id);
    expect(again.outcome).toBe('needs_reauth');
    expect(refreshes() - sentBefore).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    await core.close();
  });
});

describe('a recovery recovers, a failure shows', () => {
  it('putting the old keychain item back reopens the secrets and clears the accounts it had marked', async () => {
    const dataDir = tempDir();
    const first = await testCore({ dataDir, endpointOverrides: overrides() });
    await first.start();
    const shop = await connectCafe24(first, cafe24, 'Key shop');
    const name = first.internals.vault.keyName(1);
    const original = await realKeyStore().get(name);
    await first.close();

    await realKeyStore().delete(name);
    const lost = await testCore({ dataDir, endpointOverrides: overrides() });
    await lost.start();
    expect((await must<Account[]>(lost, 'accounts:list'))[0]).toMatchObject({
      status: 'needs_reauth',
      lastErrorCode: 'key_mismatch',
    });

    // The admin restores the old item; doctor (health:check) in the running app notices at once.
    await realKeyStore().set(name, original as string);
    const report = await must<{ ok: boolean; checks: { id: string; status: string }[] }>(lost, 'health:check');
    expect(report.checks.find((c) => c.id === 'vault')?.status).toBe('ok');
    expect((await must<Account[]>(lost, 'accounts:list'))[0]).toMatchObject({
      status: 'connected',
      lastErrorCode: null,
    });
    const refreshed = await must<{ results: RefreshResultView[] }>(lost, 'tokens:refresh', { ids: [shop.id] });
    expect(refreshed.results[0]!.outcome).toBe('refreshed');
  });
});

describe('the audit log and doctor', () => {
  it('a mutation whose audit entry cannot be written fails and changes nothing; doctor notices', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    await core.start();
    await q(core).exec`DROP TABLE audit_log`;
    const result = await core.invoke('settings:update', { expiryWarningDays: 5 }, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
    expect((await must<{ expiryWarningDays: number }>(core, 'settings:get')).expiryWarningDays).not.toBe(5);
    const report = await must<{ ok: boolean; checks: { id: string; status: string }[] }>(core, 'health:check');
    expect(report.ok).toBe(false);
    expect(report.checks.find((c) => c.id === 'audit')?.status).toBe('fail');
  });

  it('doctor names a broken preferences file as that, not as a damaged database', async () => {
    const dataDir = tempDir();
    expect((await cli(['--data-dir', dataDir, 'doctor'])).code).toBe(0);
    writeFileSync(join(dataDir, 'config.json'), '{ not json');
    const out = await cli(['--data-dir', dataDir, '--json', 'doctor']);
    const checks = (JSON.parse(out.stdout) as { checks: { id: string; status: string; detail: string }[] }).checks;
    expect(checks.find((c) => c.id === 'preferences')).toMatchObject({ status: 'fail' });
    expect(checks.find((c) => c.id === 'database')).toMatchObject({ status: 'ok' });
    expect(out.stdout).not.toMatch(/restore/i);
  });

  // The SQLite file's own safeguards; PostgreSQL's files are the server's.
  it.skipIf(ENGINE === 'postgres')(
    'a 0-byte database is refused, never replaced by a new one under a new key',
    async () => {
      const dataDir = tempDir();
      expect((await cli(['--data-dir', dataDir, 'doctor'])).code).toBe(0);
      for (const f of ['gatehouse.db', 'gatehouse.db-wal', 'gatehouse.db-shm'])
        rmSync(join(dataDir, f), { force: true });
      writeFileSync(join(dataDir, 'gatehouse.db'), '');
      const out = await cli(['--data-dir', dataDir, 'doctor']);
      expect(out.code).toBe(1);
      expect(out.stdout).toMatch(/empty \(0 bytes\)/);
      expect(statSync(join(dataDir, 'gatehouse.db')).size).toBe(0);
    },
  );

  // The SQLite file's own safeguards; PostgreSQL's files are the server's.
  it.skipIf(ENGINE === 'postgres')(
    'a first start interrupted before SQLite wrote anything is not mistaken for a truncated database',
    async () => {
      const dataDir = tempDir();
      writeFileSync(join(dataDir, 'gatehouse.db'), '');
      const out = await cli(['--data-dir', dataDir, 'doctor']);
      expect(out.code, out.stdout).toBe(0);
      expect(statSync(join(dataDir, 'gatehouse.db')).size).toBeGreaterThan(0);
    },
  );

  // The SQLite file's own safeguards; PostgreSQL's files are the server's.
  it.skipIf(ENGINE === 'postgres')(
    'the database is private to its user even when the data folder already existed',
    async () => {
      const dataDir = tempDir();
      chmodSync(dataDir, 0o755);
      const core = await testCore({ dataDir });
      await core.start();
      await must(core, 'settings:update', { expiryWarningDays: 4 });
      for (const f of ['gatehouse.db', 'gatehouse.db-wal', 'gatehouse.db-shm'])
        expect((statSync(join(dataDir, f)).mode & 0o777).toString(8)).toBe('600');
    },
  );

  const disk = process.getuid?.() === 0 ? smallDisk(16) : null;
  afterAll(() => disk?.unmount());

  it.skipIf(!disk)('doctor calls a full disk and a read-only folder what they are', async () => {
    const dataDir = join(disk!.dir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    expect((await cli(['--data-dir', dataDir, 'doctor'])).code).toBe(0);
    const ballast = fill(disk!.dir, 0);
    const full = await cli(['--data-dir', dataDir, '--json', 'doctor']);
    const fullChecks = (JSON.parse(full.stdout) as { checks: { id: string; status: string }[] }).checks;
    expect(fullChecks.find((c) => c.id === 'disk')).toMatchObject({ status: 'fail' });
    expect(full.stdout).not.toMatch(/damaged|restore/i);
    rmSync(ballast);

    execFileSync('mount', ['-o', 'remount,ro', disk!.dir]);
    try {
      const ro = await cli(['--data-dir', dataDir, 'doctor']);
      expect(ro.code).toBe(1);
      expect(ro.stdout).toMatch(/not writable/);
      expect(ro.stdout, ro.stdout).not.toMatch(/damaged|restore/i);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', disk!.dir]);
    }
  });
});

describe('input is handled as promised', () => {
  it('a CLI child keeps its secrets out of core dumps', async () => {
    const entry = await bundled('electron/cli/index.ts');
    const child = spawn(process.execPath, [entry, '--data-dir', tempDir(), 'secrets', 'set', 'slack-webhook-url'], {
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    // It waits at the secret on stdin: the moment a dump would matter. (It sets the filter as it
    // starts; a loaded machine can take seconds to get there, so the test looks until it has.)
    const filter = () => readFileSync(`/proc/${child.pid}/coredump_filter`, 'utf8').trim();
    let seen = filter();
    for (let i = 0; i < 200 && Number.parseInt(seen, 16) !== 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      seen = filter();
    }
    child.stdin.end();
    await new Promise((r) => child.on('close', r));
    expect(Number.parseInt(seen, 16)).toBe(0);
  });

  it('labels with CR, escape sequences and bidi marks cannot forge rows or drive the terminal', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    await core.start();
    const forged = 'ops\r\u001b[2J\u001b[31mADMIN connected\u202eevil\u2028x\u200f';
    await must<Account>(core, 'accounts:add', { provider: 'oidc', label: forged, clientId: 'c', issuer: idp.issuer });
    await core.close();
    for (const args of [
      ['accounts', 'list'],
      ['tokens', 'status'],
      ['--json', 'accounts', 'list'],
      ['audit', 'list'],
    ]) {
      const out = await cli(['--data-dir', dataDir, ...args]);
      const printed = out.stdout + out.stderr;
      // eslint-disable-next-line no-control-regex -- the point of the test
      expect(printed, args.join(' ')).not.toMatch(/[\r\u001b\u202e\u2028\u200f]/);
      expect(printed, args.join(' ')).toContain('\\u001b');
    }
  });

  it('the documented 10,000-user re-sync list with every column is accepted; one more is refused by its limit', async () => {
    const core = await testCore();
    await core.start();
    const user = (i: number) => ({
      email: `user${i}@example.com`,
      auth0Id: `auth0|${i}`,
      firstName: 'Jane',
      lastName: 'Doe',
      companyId: 'c-1',
      userType: 'buyer',
    });
    // A configured target on a closed loopback port: the few users started before the cancel fail fast.
    await must(core, 'settings:update', { customerServiceUrl: 'http://127.0.0.1:9' });
    await must(core, 'secrets:set', { name: 'customer-service-api-key', value: 'cs-key-for-the-limit-test' });
    const ok = await core.invoke('resync:batch', { users: Array.from({ length: 10_000 }, (_, i) => user(i)) }, admin);
    expect(ok.ok, JSON.stringify(ok).slice(0, 300)).toBe(true);
    if (ok.ok) await core.invoke('resync:cancel', { id: (ok.value as { id: string }).id }, admin);
    const tooMany = await core.invoke(
      'resync:batch',
      { users: Array.from({ length: 10_001 }, (_, i) => user(i)) },
      admin,
    );
    expect(tooMany).toMatchObject({ ok: false, error: { message: expect.stringContaining('at most 10,000 users') } });
  });

  it('CSV summaries are formula-safe, and a repeated header column is an error', () => {
    const csv = resyncSummaryCsv(
      [
        {
          email: '=HYPERLINK("http://evil")@example.com',
          status: 'ok',
          results: [{ target: 'bigcommerce', outcome: 'created' }],
        } as unknown as SyncRun,
        { email: '+1@example.com', status: 'failed', results: [] } as unknown as SyncRun,
      ],
      ['bigcommerce'],
    );
    const lines = csv.split('\r\n');
    expect(lines[1]).toBe(`"'=HYPERLINK(""http://evil"")@example.com",ok,created`);
    expect(lines[2]).toBe(`'+1@example.com,failed,`);
    expect(csvCell('-2+3')).toBe(`'-2+3`);
    expect(csvCell('@SUM(A1)')).toBe(`'@SUM(A1)`);
    const parsed = parseUsersCsv('email,firstName,first_name\njane@example.com,Jane,Janet\n');
    expect(parsed.users).toEqual([]);
    expect(parsed.errors[0]!.message).toMatch(/firstName more than once \(columns 2, 3\)/);
  });

  it('a secret piped with surrounding whitespace or a lone CR is stored trimmed, with a warning, for every kind', async () => {
    const dataDir = tempDir();
    const env = {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
    };
    const add = await cli(['accounts', 'add', 'bigcommerce', '--label', 'CR store', '--store-hash', 'abc123'], {
      env,
      input: 'bc-token-correct-horse\r',
    });
    expect(add.code, add.stderr).toBe(0);
    expect(add.stderr).toMatch(/removed surrounding whitespace/);
    const set = await cli(['secrets', 'set', 'customer-service-api-key'], { env, input: '  cs-key-1234 \n' });
    expect(set.code, set.stderr).toBe(0);
    expect(set.stderr).toMatch(/removed surrounding whitespace/);
    const plain = await cli(['secrets', 'set', 'customer-service-api-key'], { env, input: 'cs-key-1234\n' });
    expect(plain.stderr).not.toMatch(/whitespace/);
    // The CLI used the keychain under the product's own service name.
    const core = await openCore({ dataDir, keyStore: createOsKeyStore() });
    await core.start();
    expect(await core.internals.vault.get(add.stdout.trim(), 'api_token')).toBe('bc-token-correct-horse');
    expect(await core.internals.vault.get('settings', 'customer-service-api-key')).toBe('cs-key-1234');
    await core.close();
  });

  it.each([
    ['\u0004', 1, /no value was entered \(end of input, Ctrl-D\); nothing was stored/],
    ['\u0003', 130, /cancelled at the prompt \(Ctrl-C\); nothing was stored/],
  ])('%j at the hidden prompt of a terminal says so and exits %i', async (key, code, message) => {
    const entry = await bundled('electron/cli/index.ts');
    // A real terminal: Python's pty module gives the CLI a pseudo-terminal and types the key.
    const driver = [
      'import os, pty, sys, time',
      'pid, fd = pty.fork()',
      'if pid == 0:',
      '    os.execv(sys.argv[1], sys.argv[1:])',
      'out = b""',
      'deadline = time.time() + 20',
      'while b"hidden" not in out and time.time() < deadline:',
      '    out += os.read(fd, 4096)',
      'os.write(fd, sys.stdin.buffer.read())',
      'while True:',
      '    try:',
      '        chunk = os.read(fd, 4096)',
      '    except OSError:',
      '        break',
      '    if not chunk:',
      '        break',
      '    out += chunk',
      '_, status = os.waitpid(pid, 0)',
      'sys.stdout.write(out.decode("utf8", "replace"))',
      'sys.exit(os.waitstatus_to_exitcode(status))',
    ].join('\n');
    const result = await run(
      'python3',
      ['-c', driver, process.execPath, entry, '--data-dir', tempDir(), 'secrets', 'set', 'slack-webhook-url'],
      { input: key },
    );
    expect(result.stdout).toMatch(message);
    expect(result.code).toBe(code);
  });

  it('`accounts list | head -1` ends quietly, without a stack trace', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    await core.start();
    await seedAccounts(core.internals.store, 3000, Date.now());
    await core.close();
    const entry = await bundled('electron/cli/index.ts');
    const result = await run('sh', [
      '-c',
      `"${process.execPath}" "${entry}" --data-dir "${dataDir}" accounts list | head -1`,
    ]);
    expect(result.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toBe('');
  });

  it('a folder of more enrollment files than one import takes is refused before any is read', async () => {
    const dir = tempDir();
    for (let i = 0; i < 1001; i++) writeFileSync(join(dir, `a${i}.yaml`), 'provider: oidc\n');
    const out = await cli(['--data-dir', tempDir(), 'accounts', 'import', dir]);
    expect(out.code).toBe(1);
    expect(out.stderr).toMatch(/1,001 enrollment files; one import takes at most 1,000/);
  });

  it.each([
    ['http://127.1:5071/cb', 'http://127.0.0.1:5071/cb'],
    ['http://localhost:5072/a/../cb', 'http://localhost:5072/cb'],
    ['http://LOCALHOST:5073/cb', 'http://localhost:5073/cb'],
  ])('a redirect written as %s is refused, naming its plain form', async (redirectUri, plain) => {
    const core = await testCore();
    await core.start();
    const result = await core.invoke(
      'accounts:add',
      { provider: 'oidc', label: 'r', clientId: 'c', issuer: idp.issuer, redirectUri },
      admin,
    );
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining(`write it as ${plain}`) } });
  });

  it('a callback with two Host headers gets 400 and the sign-in keeps waiting', async () => {
    const core = await testCore();
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'oidc',
      label: 'h',
      clientId: idp.clientId,
      issuer: idp.issuer,
    });
    const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
    const port = Number(new URL(session.redirectUri).port);
    const state = new URL(session.authorizationUrl as string).searchParams.get('state') as string;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let text = '';
      socket.on('data', (d: Buffer) => (text += d.toString()));
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
      socket.write(
        `GET /callback?state=${state}&code=x HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`,
      );
    });
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const [still] = await must<Session[]>(core, 'sessions:list');
    expect(still).toMatchObject({ id: session.id, state: 'PENDING' });
  });
});
