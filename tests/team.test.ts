import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore } from '../electron/main/core/core';
import { createOsKeyStore } from '../electron/main/core/vault/key-store';
import type { Member } from '../shared/domain';
import { startBigCommerceEmulator, type BigCommerceEmulator } from './helpers/bigcommerce-emulator';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { must } from './helpers/core';
import { newDevice, onDevice, type Device } from './helpers/devices';
import { fileSources, findCanaries } from './helpers/scan';
import { connectCafe24 } from './helpers/signin';
import { ENGINE, freshDatabase, PG_SERVER } from './helpers/store';
import { tempDir } from './helpers/temp';

// Each test drives dozens of CLI processes (11–15 s alone here); with two test files sharing a
// 2-core machine they took 23–30 s, at the default limit. The time is the processes', not a wait.
vi.setConfig({ testTimeout: 120_000 });

/** Team mode needs the PostgreSQL server; these tests are about several machines, run once. */
const PG_ONCE = !PG_SERVER || ENGINE === 'postgres';
const WEBHOOK = 'https://hooks.slack.com/services/T000/B000/team-canary-webhook';
const BC_TOKEN = 'bc-token-correct-horse';

describe.skipIf(PG_ONCE)('a team on one PostgreSQL: three workstations, their own keyrings, their own roles', () => {
  let cafe24: Cafe24Emulator;
  let bc: BigCommerceEmulator;
  let url: string;
  const alice = newDevice('alice', false);
  const bob = newDevice('bob');
  const carol = newDevice('carol');
  const ids: { shop: string; store: string } = { shop: '', store: '' };
  const outputs: string[] = [];
  let overrides: NodeJS.ProcessEnv;

  beforeAll(async () => {
    cafe24 = await startCafe24Emulator();
    bc = await startBigCommerceEmulator();
    bc.stores.set('abc123', BC_TOKEN);
    url = await freshDatabase();
    overrides = {
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify({
        'https://shop1.cafe24api.com': cafe24.origin,
        'https://api.bigcommerce.com': bc.origin,
      }),
    };
  });
  afterAll(async () => {
    await cafe24?.close();
    await bc?.close();
  });

  /** The CLI on a device; every word it prints is kept for the canary scan. */
  const gh = async (device: Device, args: string[], input?: string, env: NodeJS.ProcessEnv = {}) => {
    const result = await onDevice(device, args, { env: { ...overrides, ...env }, ...(input ? { input } : {}) });
    outputs.push(`${device.name} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`);
    return result;
  };
  const ok = async (device: Device, args: string[], input?: string) => {
    const result = await gh(device, args, input);
    expect(result.code, `${device.name}: gatehouse ${args.join(' ')}\n${result.stderr}`).toBe(0);
    return result.stdout.replace(/\n$/, '');
  };
  const fingerprintIn = (text: string) => /fingerprint: ([A-Z2-9]{4}(?:-[A-Z2-9]{4}){3})/.exec(text)?.[1] as string;

  it('starts from one admin’s own data with nothing lost; a joining device opens nothing until approved', async () => {
    // Alice's workstation, alone: a Cafe24 mall (signed in), a BigCommerce store, a sealed webhook.
    const core = await createCore({
      dataDir: alice.dataDir,
      keyStore: createOsKeyStore(),
      endpointOverrides: JSON.parse(overrides.GATEHOUSE_ENDPOINT_OVERRIDES as string) as Record<string, string>,
    });
    await core.start();
    ids.shop = (await connectCafe24(core, cafe24, 'Strict shop')).id;
    ids.store = (
      await must<{ id: string }>(core, 'accounts:add', {
        provider: 'bigcommerce',
        label: 'Store',
        storeHash: 'abc123',
        apiToken: BC_TOKEN,
      })
    ).id;
    await must(core, 'secrets:set', { name: 'slack-webhook-url', value: WEBHOOK });
    const before = await must<unknown[]>(core, 'audit:list', { limit: 1000 });
    await core.close();

    const created = await ok(alice, [
      'team',
      'create',
      '--team',
      'Ops',
      '--name',
      'Alice',
      '--email',
      'alice@example.com',
      '--to',
      url,
    ]);
    expect(created).toMatch(/Team "Ops" created/);
    expect(fingerprintIn(created), created).toBeTruthy();
    // Everything moved: accounts, secrets (they still open: the token comes back), history.
    expect(JSON.parse(await ok(alice, ['accounts', 'list', '--json']))).toHaveLength(2);
    expect(await ok(alice, ['token', ids.store])).toBe(BC_TOKEN);
    const history = JSON.parse(await ok(alice, ['audit', 'list', '--json', '--limit', '1000'])) as unknown[];
    expect(history.length).toBeGreaterThan(before.length);

    // Bob asks to join from his own machine and keyring.
    const joined = await ok(bob, ['team', 'join', url, '--name', 'Bob', '--email', 'bob@example.com']);
    expect(joined).toMatch(/Asked to join "Ops"/);
    const bobPrint = fingerprintIn(joined);
    expect(bobPrint).toBeTruthy();
    // Until approved he reads metadata (the database holds it plainly) but opens no secret.
    expect(JSON.parse(await ok(bob, ['accounts', 'list', '--json']))).toHaveLength(2);
    const early = await gh(bob, ['token', ids.store]);
    expect(early.code).toBe(1);
    expect(early.stdout).toBe('');
    expect(early.stderr).toMatch(/FORBIDDEN: .*\(pending\), with the viewer role/);
    // Nothing is wrapped for his device yet, and his doctor says what to do.
    const doctor = await gh(bob, ['doctor']);
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/waiting for an admin of Ops to approve it/);
    expect(doctor.stdout).toContain(bobPrint);

    // The admin compares fingerprints: a wrong one is refused and nothing is wrapped.
    const wrong = await gh(alice, ['team', 'approve', 'bob@example.com', '--fingerprint', 'AAAAA-AAAAA-AAAAA-AAAAA']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/is not the one Bob’s device sent/);
    expect((await gh(bob, ['token', ids.store])).code).toBe(1);
    expect(
      await ok(alice, [
        'team',
        'approve',
        'bob@example.com',
        '--fingerprint',
        bobPrint.toLowerCase(),
        '--role',
        'support',
      ]),
    ).toMatch(/Approved Bob .* as support/);
    expect(await ok(bob, ['token', ids.store])).toBe(BC_TOKEN);

    const carolPrint = fingerprintIn(await ok(carol, ['team', 'join', url, '--name', 'Carol']));
    await ok(alice, ['team', 'approve', 'Carol', '--fingerprint', carolPrint]);
    const members = JSON.parse(await ok(carol, ['team', 'members', '--json'])) as Member[];
    expect(members.map((m) => [m.name, m.role, m.status, m.isMe])).toEqual([
      ['Alice', 'admin', 'active', false],
      ['Bob', 'support', 'active', false],
      ['Carol', 'viewer', 'active', true],
    ]);

    // The app's start marks its member seen (the Members screen's "last seen"; the CLI does not start).
    const since = Date.now();
    const app = await createCore({ dataDir: alice.dataDir, keyStore: createOsKeyStore(), storeUrl: url });
    await app.start();
    const seen = (await must<Member[]>(app, 'team:members')).find((m) => m.name === 'Alice');
    await app.close();
    expect(Date.parse(seen?.seenAt ?? '')).toBeGreaterThanOrEqual(since);
  });

  it('roles hold on every face: support and viewer are refused above their role, under their own names, and audited', async () => {
    // Support: re-syncs and tests, but removes nothing and changes no setting.
    const remove = await gh(bob, ['accounts', 'remove', ids.store]);
    expect(remove.code).toBe(1);
    expect(remove.stderr).toMatch(/FORBIDDEN: .*Bob <bob@example.com>.*support/);
    expect((await gh(bob, ['settings', 'set', 'expiryWarningDays=3'])).code).toBe(1);
    expect((await gh(bob, ['team', 'approve', 'Carol'])).code).toBe(1);
    expect(await ok(bob, ['accounts', 'test', ids.store])).toBeTruthy();
    // Viewer: reads, and nothing else; not even a token.
    const token = await gh(carol, ['token', ids.store]);
    expect(token.code).toBe(1);
    expect(token.stdout).toBe('');
    expect(token.stderr).toMatch(/FORBIDDEN: .*Carol.*viewer/);
    expect((await gh(carol, ['tokens', 'refresh', ids.shop])).code).toBe(1);
    expect(JSON.parse(await ok(carol, ['tokens', 'status', '--json']))).toBeTruthy();

    // The matrix from the command line: every command above each role is refused, naming them.
    const yaml = join(alice.dataDir, 'enrol.yaml');
    writeFileSync(yaml, 'provider: bigcommerce\nlabel: Y\nstore_hash: def456\n');
    const adminOnly: string[][] = [
      ['accounts', 'add', 'bigcommerce', '--label', 'X', '--store-hash', 'abc123'],
      ['accounts', 'import', yaml],
      ['accounts', 'set-token', ids.store],
      ['accounts', 'disable', ids.store],
      ['enroll', ids.shop, '--no-browser'],
      ['secrets', 'set', 'slack-webhook-url'],
      ['secrets', 'clear', 'slack-webhook-url'],
      ['vault', 'rotate-key'],
      ['store', 'move', '--to', 'sqlite'],
      ['team', 'role', 'Carol', 'admin'],
      ['team', 'remove', 'Carol'],
    ];
    const supportOnly: string[][] = [
      ['tokens', 'refresh', '--due'],
      ['resync', '--email', 'someone@example.com'],
      ['alerts', 'test'],
    ];
    const matrix: [Device, string, string[]][] = [
      ...adminOnly.map((args): [Device, string, string[]] => [
        bob,
        'Bob <bob@example.com>, with the support role',
        args,
      ]),
      ...[...adminOnly, ...supportOnly].map((args): [Device, string, string[]] => [
        carol,
        'Carol, with the viewer role',
        args,
      ]),
    ];
    for (let i = 0; i < matrix.length; i += 6) {
      await Promise.all(
        matrix.slice(i, i + 6).map(async ([device, who, args]) => {
          const r = await gh(device, args, 'not-a-secret-value\n');
          expect(r.code, `${device.name}: ${args.join(' ')}\n${r.stderr}`).toBe(1);
          expect(r.stderr, `${device.name}: ${args.join(' ')}`).toContain(`FORBIDDEN: `);
          expect(r.stderr, `${device.name}: ${args.join(' ')}`).toContain(who);
        }),
      );
    }

    const refused = JSON.parse(await ok(alice, ['audit', 'list', '--json', '--outcome', 'error'])) as {
      actor: string;
      role: string;
      action: string;
      detail: string;
      device: string;
    }[];
    const said = refused.map((e) => `${e.actor}|${e.role}|${e.action}|${e.detail}`);
    expect(said).toContain('Bob <bob@example.com>|support|accounts:remove|FORBIDDEN');
    expect(said).toContain('Bob <bob@example.com>|support|settings:update|FORBIDDEN');
    expect(said).toContain('Carol|viewer|tokens:issue|FORBIDDEN');
    expect(said).toContain('Carol|viewer|tokens:refresh|FORBIDDEN');
    // Each entry names the device it came from; Bob's handing of a token is on record too.
    const issued = JSON.parse(await ok(alice, ['audit', 'list', '--json', '--action', 'tokens:issue'])) as {
      actor: string;
      outcome: string;
      device: string;
    }[];
    expect(issued.filter((e) => e.actor.startsWith('Bob') && e.outcome === 'ok').length).toBeGreaterThan(0);
    expect(new Set(issued.map((e) => e.device)).size).toBeGreaterThanOrEqual(3);
  });

  it('three devices’ keep-alive sweeps and CLI refreshes of one strict rotating account: one refresh, no reuse', async () => {
    await ok(alice, ['team', 'role', 'Carol', 'support']);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await db.query('UPDATE accounts SET next_refresh_at = 0 WHERE id = $1', [ids.shop]);
    } finally {
      await db.end();
    }
    const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;
    const before = refreshes();
    // The provider holds its answer while all five processes start: one that starts after the
    // refresh has ended is asked for another and rightly makes it (a second refresh, no reuse). With
    // 0.8 s, a CI machine running two suites at once started one too late.
    cafe24.tokenDelayMs = 3_000;
    try {
      const runs = await Promise.all([
        gh(alice, ['tokens', 'refresh', '--due']),
        gh(bob, ['tokens', 'refresh', '--due']),
        gh(carol, ['tokens', 'refresh', '--due']),
        gh(bob, ['tokens', 'refresh', ids.shop]),
        gh(carol, ['tokens', 'refresh', ids.shop]),
      ]);
      for (const r of runs) expect(r.code, r.stderr).toBe(0);
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    expect(refreshes() - before).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    // The refresh is audited under whoever made it, with their real role (no more "admin" for all).
    const refreshed = JSON.parse(await ok(alice, ['audit', 'list', '--json', '--action', 'tokens:refreshed'])) as {
      actor: string;
      role: string;
    }[];
    expect(refreshed[0]?.role).not.toBe(undefined);
    expect(['Alice <alice@example.com>', 'Bob <bob@example.com>', 'Carol']).toContain(
      refreshed[0]?.actor.replace(/ \(automatic\)$/, ''),
    );
  });

  it('`gatehouse token` on a headless member while a desktop refreshes: both valid, one refresh at the provider', async () => {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // The access token is about to lapse: whoever asks first refreshes, the other waits for it.
      await db.query('UPDATE accounts SET access_expires_at = $1 WHERE id = $2', [Date.now() + 30_000, ids.shop]);
    } finally {
      await db.end();
    }
    const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;
    const before = refreshes();
    cafe24.tokenDelayMs = 800;
    let server: Awaited<ReturnType<typeof gh>>;
    try {
      [server] = await Promise.all([
        gh(bob, ['token', ids.shop, '--json']),
        gh(alice, ['tokens', 'refresh', ids.shop]),
      ]);
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    expect(server.code, server.stderr).toBe(0);
    const issued = JSON.parse(server.stdout) as { accessToken: string; account: string; expiresAt: string };
    expect(issued.account).toBe(ids.shop);
    expect(cafe24.liveAccessTokens.has(issued.accessToken)).toBe(true);
    expect(Date.parse(issued.expiresAt)).toBeGreaterThan(Date.now() + 60_000);
    expect(refreshes() - before).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    const plain = await ok(carol, ['token', ids.shop]);
    expect(cafe24.liveAccessTokens.has(plain)).toBe(true);
  });

  it('removing a member rotates the team key in one transaction, even across kill -9; they open nothing sealed after', async () => {
    // kill -9 in the middle of re-sealing: the transaction rolls back, Carol is still a member, nothing lost.
    const crashed = await gh(alice, ['team', 'remove', 'Carol'], undefined, {
      GATEHOUSE_TEST_CRASH_AT: 'rotation-row',
    });
    expect(crashed.signal, `exit ${crashed.code}: ${crashed.stderr.slice(-2000)}`).toBe('SIGKILL');
    const afterCrash = JSON.parse(await ok(alice, ['team', 'members', '--json'])) as Member[];
    expect(afterCrash.find((m) => m.name === 'Carol')?.status).toBe('active');
    expect(await ok(carol, ['token', ids.store])).toBe(BC_TOKEN);
    expect(await ok(alice, ['token', ids.store])).toBe(BC_TOKEN);

    const removed = await ok(alice, ['team', 'remove', 'bob@example.com']);
    expect(removed).toMatch(/Removed Bob .* rotated to v\d+ and \d+ secret\(s\) re-sealed/);
    const gone = await gh(bob, ['token', ids.store]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/FORBIDDEN: .*\(removed\), with the viewer role/);
    expect((await gh(bob, ['doctor'])).stdout).toMatch(/was removed from the team Ops/);
    // Someone who can write the database marks Bob active again: still nothing opens, for nothing is
    // wrapped for him under the new key (the old wrapped copies are gone; his keychain holds only his own key).
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      await db.query(`UPDATE members SET status = 'active' WHERE email = 'bob@example.com'`);
      const forged = await gh(bob, ['token', ids.store]);
      expect(forged.code).toBe(1);
      expect(forged.stderr).toMatch(/No team key is wrapped for this device/);
      await db.query(`UPDATE members SET status = 'removed' WHERE email = 'bob@example.com'`);
    } finally {
      await db.end();
    }
    // Bob's app, still running on his laptop: its keep-alive does nothing and marks nothing, and a
    // secret it cannot open is not reported as the team's damage.
    const stale = await createCore({
      dataDir: bob.dataDir,
      keyStore: createOsKeyStore({ service: 'Gatehouse-bob-elsewhere', timeoutMs: 10_000 }),
      storeUrl: url,
    });
    try {
      const db2 = new pg.Client({ connectionString: url });
      await db2.connect();
      const incidents = async () => Number((await db2.query('SELECT count(*) AS n FROM incidents')).rows[0].n);
      const before = await incidents();
      await db2.query('UPDATE accounts SET next_refresh_at = 0 WHERE id = $1', [ids.shop]);
      expect(await stale.internals.refresher.sweep()).toEqual([]);
      await expect(stale.internals.vault.get(ids.store, 'api_token')).rejects.toMatchObject({ code: 'NOT_A_MEMBER' });
      expect(await incidents()).toBe(before);
      const marked = await db2.query("SELECT count(*) AS n FROM accounts WHERE last_error_code = 'key_mismatch'");
      expect(Number(marked.rows[0].n)).toBe(0);
      await db2.end();
    } finally {
      await stale.close();
    }
    // The others still open everything.
    expect(await ok(carol, ['token', ids.store])).toBe(BC_TOKEN);
    expect(await ok(alice, ['token', ids.store])).toBe(BC_TOKEN);
    expect(cafe24.liveAccessTokens.has(await ok(alice, ['token', ids.shop]))).toBe(true);
    for (const device of [alice, carol]) expect(await ok(device, ['audit', 'verify'])).toMatch(/Audit log intact/);
  });

  it('the canary scan over pg_dump, every data folder and everything printed finds no secret', () => {
    const dump = execFileSync('pg_dump', ['--no-owner', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    // What `gatehouse token` printed on purpose is not a leak; everything else must be clean.
    const printed = outputs.filter((o) => !/^\w+ token /.test(o)).join('\n');
    const canaries = [BC_TOKEN, WEBHOOK, cafe24.clientSecret, ...cafe24.issued];
    const hits = findCanaries(canaries, [
      { name: 'pg_dump', bytes: dump },
      { name: 'printed', bytes: printed },
      ...[alice, bob, carol].flatMap((d) => fileSources(d.dataDir)),
    ]);
    expect(hits).toEqual([]);
    // The members table holds public keys and wrapped keys only.
    expect(dump).toMatch(/COPY public\.member_keys/);
  });
});

describe.skipIf(PG_ONCE)('an admin who removes their own device', () => {
  it('keeps nothing of the new key in memory; the other admin opens everything', async () => {
    const url = await freshDatabase();
    const open = async (name: string) => {
      const core = await createCore({
        dataDir: tempDir(),
        keyStore: createOsKeyStore({ service: `Gatehouse-test-${name}`, timeoutMs: 10_000 }),
        storeUrl: url,
      });
      await core.start();
      return core;
    };
    const alice = await open('self-alice');
    await must(alice, 'secrets:set', { name: 'slack-webhook-url', value: WEBHOOK });
    await must(alice, 'team:create', { team: 'Ops', name: 'Alice' });
    const dave = await open('self-dave');
    const asked = await must<{ fingerprint: string }>(dave, 'team:join', { name: 'Dave' });
    await must(alice, 'team:approve', { member: 'Dave', fingerprint: asked.fingerprint, role: 'admin' });
    expect(await dave.internals.vault.get('settings', 'slack-webhook-url')).toBe(WEBHOOK);
    await must(dave, 'team:remove', { member: 'Dave' });
    expect(dave.internals.vault.health().state).toBe('locked');
    await expect(dave.internals.vault.get('settings', 'slack-webhook-url')).rejects.toMatchObject({
      code: 'NOT_A_MEMBER',
    });
    expect(await alice.internals.vault.get('settings', 'slack-webhook-url')).toBe(WEBHOOK);
    await Promise.all([alice.close(), dave.close()]);
  });
});
