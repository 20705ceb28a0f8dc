import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, LATEST_VERSION } from '../electron/main/core/store/sqlite';
import { cli, envWithoutDbus, run, bundled } from './helpers/children';
import { tempDir } from './helpers/temp';
import { must, testCore, viewer } from './helpers/core';
import type { Session } from '../shared/domain';
import { ENGINE } from './helpers/store';
import { DEVICE_FILE } from '../electron/main/core/store/device';

describe('gatehouse CLI', () => {
  it('doctor reports each check and exits 0 when all pass', async () => {
    const dir = tempDir();
    const r = await cli(['doctor', '--data-dir', dir]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const label of ['Data folder', 'Database', 'OS keychain', 'Vault', 'Loopback listener'])
      expect(r.stdout).toContain(label);
    expect(r.stdout).toContain('All checks passed.');
  });

  it('doctor --json is machine-readable', async () => {
    const r = await cli(['--json', 'doctor', '--data-dir', tempDir()]);
    const report = JSON.parse(r.stdout) as { ok: boolean; checks: { id: string; status: string }[] };
    expect(report.ok).toBe(true);
    expect(report.checks.map((c) => c.id)).toEqual([
      'data-folder',
      'disk',
      'database',
      'audit',
      'keychain',
      'vault',
      'loopback',
    ]);
  });

  it('accounts list --json prints [] on a new data folder', async () => {
    const r = await cli(['accounts', 'list', '--json', '--data-dir', tempDir()]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const human = await cli(['accounts', 'list', '--data-dir', tempDir()]);
    expect(human.stdout).toMatch(/No accounts yet/);
  });

  it('honours GATEHOUSE_DATA_DIR', async () => {
    // (On a PostgreSQL run the folder holds no database file; the store test covers that engine.)
    const dir = tempDir();
    const r = await cli(['accounts', 'list', '--json'], { env: { ...process.env, GATEHOUSE_DATA_DIR: dir } });
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, ENGINE === 'sqlite' ? DB_FILE : DEVICE_FILE))).toBe(true);
  });

  it.each([
    [['frobnicate'], /unknown command/],
    [['accounts'], /unknown command/],
    [['--bogus', 'doctor'], /Unknown option/],
    [[], /Usage/],
    [['audit', 'list', '--limit', 'zero'], /--limit/],
    [['settings', 'set', 'novalue'], /KEY=VALUE/],
    [['secrets', 'set', 'not-a-secret'], /unknown secret/],
  ])('usage errors exit 2: %j', async (args, message) => {
    const r = await cli([...args, '--data-dir', tempDir()]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('failures exit 1 with a one-line reason naming the field', async () => {
    const r = await cli(['settings', 'set', 'expiryWarningDays=soon', '--data-dir', tempDir()]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/INVALID_INPUT.*expiryWarningDays/);
  });

  it('settings set changes a preference that settings get then shows', async () => {
    const dir = tempDir();
    expect(
      (await cli(['settings', 'set', 'expiryWarningDays=5', 'sessionTimeoutMinutes=15', '--data-dir', dir])).code,
    ).toBe(0);
    const r = await cli(['settings', 'get', '--json', '--data-dir', dir]);
    expect(JSON.parse(r.stdout)).toMatchObject({ expiryWarningDays: 5, sessionTimeoutMinutes: 15 });
  });

  it.skipIf(ENGINE === 'postgres')(
    'doctor names a database from a newer build and still reports the other checks',
    async () => {
      const dir = tempDir();
      const raw = new Database(join(dir, DB_FILE));
      raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
      raw.close();
      const r = await cli(['doctor', '--data-dir', dir]);
      expect(r.code).toBe(1);
      expect(r.stdout).toMatch(/\[FAIL\] Database.*DATABASE_NEWER/);
      expect(r.stdout).toMatch(/\[ok {2}\] Data folder/);
      expect(r.stdout).toMatch(/\[ok {2}\] Loopback/);
      expect(r.stderr).toMatch(/broken: .*Database/);
    },
  );

  it('doctor on a folder whose PostgreSQL is unreachable names it, and creates no SQLite file instead', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'store.json'),
      JSON.stringify({ engine: 'postgres', url: 'postgres://gatehouse@127.0.0.1:1/gatehouse' }),
    );
    const r = await cli(['doctor', '--data-dir', dir], { env: { ...process.env, GATEHOUSE_STORE_URL: '' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[FAIL\] Database.*cannot be reached/);
    expect(r.stdout).toMatch(/\[ok {2}\] Data folder/);
    expect(existsSync(join(dir, DB_FILE))).toBe(false);
  });

  it('doctor names an unwritable data folder', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, 'x');
    const r = await cli(['doctor', '--data-dir', join(file, 'sub')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\[FAIL\] Data folder/);
  });

  it('a secret is read from stdin, never argv, and is not printed back', async () => {
    const dir = tempDir();
    const r = await cli(['secrets', 'set', 'customer-service-api-key', '--data-dir', dir], {
      input: 'CANARY-CLI-KEY-7f3a\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain('CANARY-CLI-KEY-7f3a');
    const empty = await cli(['secrets', 'set', 'customer-service-api-key', '--data-dir', dir], { input: '' });
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/no value on standard input/);
    const list = await cli(['secrets', 'list', '--json', '--data-dir', dir]);
    expect(JSON.parse(list.stdout)).toContainEqual(
      expect.objectContaining({ name: 'customer-service-api-key', isSet: true }),
    );
  });

  it('vault rotate-key and audit verify work from the CLI', async () => {
    const dir = tempDir();
    await cli(['secrets', 'set', 'slack-webhook-url', '--data-dir', dir], {
      input: 'https://hooks.slack.com/services/T0/B0/abc',
    });
    const rotated = await cli(['vault', 'rotate-key', '--data-dir', dir]);
    // One account's secret, and the audit log's key (sealed like any secret).
    expect(rotated.stdout).toMatch(/Re-sealed 2 secret\(s\) under key v2/);
    const audit = await cli(['audit', 'list', '--json', '--data-dir', dir]);
    expect((JSON.parse(audit.stdout) as { action: string }[]).map((a) => a.action)).toEqual([
      'vault:rotateKey',
      'secrets:set',
    ]);
    expect((await cli(['audit', 'verify', '--data-dir', dir])).stdout).toMatch(/intact: 2 entries/);
  });
});

describe('logs a page at a time', () => {
  it('incidents list and audit list say how to ask for the older page, and --before gives it', async () => {
    const dir = tempDir();
    const core = await testCore({ dataDir: dir });
    const ids: number[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(
        await core.internals.store.read.incidents.record({
          at: Date.now() - (5 - i) * 60_000,
          accountId: null,
          accountLabel: null,
          provider: null,
          code: `code_${i}`,
          message: `incident ${i}`,
          action: 'none',
        }),
      );
    // Two audited changes: the audit log holds more than a page of one.
    await must(core, 'settings:update', { expiryWarningDays: 10 });
    await must(core, 'settings:update', { expiryWarningDays: 12 });
    await core.close();
    // Each CLI call is a process of its own: few of them, each checking much.
    const first = await cli(['incidents', 'list', '--limit', '2', '--data-dir', dir]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/code_4[\s\S]*code_3/);
    expect(first.stdout).toContain(`Older: --before ${ids[3]}`);
    // The rest is a short page: the last, with no hint.
    const older = await cli(['incidents', 'list', '--limit', '4', '--before', String(ids[3]), '--data-dir', dir]);
    expect(older.stdout).toMatch(/code_2[\s\S]*code_1[\s\S]*code_0/);
    expect(older.stdout).not.toMatch(/code_3|Older:/);
    const audit = await cli(['audit', 'list', '--limit', '1', '--data-dir', dir]);
    expect(audit.stdout).toMatch(/Older: --before \d+/);
    // A page option that is not a number is refused, naming the option.
    const bad = await cli(['incidents', 'list', '--before', 'x', '--data-dir', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--before/);
  });
});

describe('sign-ins a page at a time', () => {
  it('sessions are counted over all of them, and paged newest first by the core and the CLI', async () => {
    const dir = tempDir();
    const core = await testCore({ dataDir: dir });
    const t0 = Date.now() - 3_600_000;
    // Two accounts whose latest sign-in failed (one of them failed before and succeeded in between),
    // one whose failure was followed by a success, one in flight: 9 sign-ins, some started in the
    // same millisecond.
    const rows: [string, string, string, number][] = [
      ['s1', 'acct-a', 'FAILED', t0],
      ['s2', 'acct-a', 'COMPLETED', t0 + 1],
      ['s3', 'acct-a', 'EXPIRED', t0 + 2],
      ['s4', 'acct-b', 'CANCELLED', t0 + 2],
      ['s5', 'acct-c', 'INTERRUPTED', t0 + 3],
      ['s6', 'acct-c', 'COMPLETED', t0 + 4],
      ['s7', 'acct-d', 'COMPLETED', t0 + 4],
      ['s8', 'acct-d', 'COMPLETED', t0 + 4],
      ['s9', 'acct-e', 'PENDING', t0 + 5],
    ];
    await core.internals.store.db
      .insertInto('auth_sessions')
      .values(
        rows.map(([id, account, state, at]) => ({
          id,
          account_id: account,
          account_label: `${account}.example`,
          provider: 'cafe24' as const,
          state: state as 'PENDING',
          step: 'waiting for the browser',
          redirect_uri: 'http://127.0.0.1:1/callback',
          scopes: JSON.stringify(['mall.read_store']),
          owner_pid: process.pid,
          owner_device: core.internals.services.device,
          created_at: at,
          expires_at: Date.now() + 3_600_000,
          finished_at: state === 'PENDING' ? null : at,
          error_code: null,
          error_message: null,
        })),
      )
      .execute();
    expect(await must(core, 'sessions:counts')).toEqual({ inFlight: 1, completed: 4, needYou: 2, total: 9 });
    const whole = (await must<Session[]>(core, 'sessions:list', { includeFinished: true })).map((x) => x.id);
    expect(whole).toEqual(['s9', 's8', 's7', 's6', 's5', 's4', 's3', 's2', 's1']);
    const paged: string[] = [];
    for (let before: string | undefined; ;) {
      const page = await must<Session[]>(core, 'sessions:list', {
        includeFinished: true,
        limit: 2,
        ...(before ? { beforeId: before } : {}),
      });
      paged.push(...page.map((x) => x.id));
      if (page.length < 2) break;
      before = page.at(-1)?.id;
    }
    expect(paged).toEqual(whole);
    expect(await core.invoke('sessions:list', { includeFinished: true, beforeId: 'nope' }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('nope') },
    });
    await core.close();

    expect((await cli(['sessions', 'counts', '--data-dir', dir])).stdout).toContain(
      '1 sign-in(s) in flight, 4 completed, of 9; 2 account(s) wait for a new sign-in.',
    );
    const page = await cli(['sessions', 'list', '--all', '--limit', '3', '--before', 's9', '--data-dir', dir]);
    expect(page.stdout).toMatch(/s8[\s\S]*s7[\s\S]*s6/);
    expect(page.stdout).not.toMatch(/s9|s5/);
    expect(page.stdout).toContain('Older: --before s6');
    const usage = await cli(['sessions', 'list', '--limit', '3', '--data-dir', dir]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/--all/);
  });
});

describe('without a keychain', () => {
  it('doctor says KEYCHAIN_UNAVAILABLE with what to do; metadata reads still work; no plaintext is written', async () => {
    const dir = tempDir();
    const env = envWithoutDbus();
    const doctor = await cli(['doctor', '--data-dir', dir], { env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/\[FAIL\] OS keychain\s+KEYCHAIN_UNAVAILABLE/);
    expect(doctor.stdout).toMatch(/gnome-keyring/);
    expect(doctor.stderr).toMatch(/broken: OS keychain, Vault/);

    expect((await cli(['accounts', 'list', '--json', '--data-dir', dir], { env })).stdout.trim()).toBe('[]');

    const set = await cli(['secrets', 'set', 'slack-webhook-url', '--data-dir', dir], {
      env,
      input: 'https://hooks.slack.com/services/T9/B9/CANARY-NO-KEYCHAIN-91b2',
    });
    expect(set.code).toBe(1);
    expect(set.stderr).toMatch(/KEYCHAIN_UNAVAILABLE/);
    expect(set.stderr).not.toContain('CANARY-NO-KEYCHAIN-91b2');
    const { fileSources, findCanaries } = await import('./helpers/scan');
    expect(findCanaries(['CANARY-NO-KEYCHAIN-91b2'], fileSources(dir))).toEqual([]);
  });

  it('a Secret Service without a default keyring is explained', async () => {
    const entry = await bundled('electron/cli/index.ts');
    const env = { ...envWithoutDbus(), XDG_DATA_HOME: mkdtempSync(join(tmpdir(), 'gatehouse-nokeyring-')) };
    const script = `gnome-keyring-daemon --daemonize --components=secrets >/dev/null 2>&1; exec "${process.execPath}" "${entry}" doctor --data-dir "${tempDir()}"`;
    const r = await run('dbus-run-session', ['--', 'sh', '-c', script], { env, timeoutMs: 60_000 });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/KEYCHAIN_(UNAVAILABLE|LOCKED)/);
    expect(r.stdout).toMatch(/default keyring|Unlock/);
  });

  it('a locked keychain is reported as KEYCHAIN_LOCKED', async () => {
    const entry = await bundled('electron/cli/index.ts');
    const keyringHome = mkdtempSync(join(tmpdir(), 'gatehouse-locked-'));
    const env = { ...envWithoutDbus(), XDG_DATA_HOME: keyringHome };
    const dataDir = tempDir();
    // First session: an unlocked keyring is created and holds this folder's key.
    const create = `echo pw | gnome-keyring-daemon --unlock --daemonize --components=secrets >/dev/null 2>&1; exec "${process.execPath}" "${entry}" doctor --data-dir "${dataDir}"`;
    expect((await run('dbus-run-session', ['--', 'sh', '-c', create], { env, timeoutMs: 60_000 })).code).toBe(0);
    // Second session: the same keyring, not unlocked, and no display for a prompt.
    const locked = `gnome-keyring-daemon --daemonize --components=secrets >/dev/null 2>&1; exec "${process.execPath}" "${entry}" doctor --data-dir "${dataDir}"`;
    const r = await run('dbus-run-session', ['--', 'sh', '-c', locked], { env, timeoutMs: 60_000 });
    expect(r.stdout).toMatch(/\[FAIL\] OS keychain\s+KEYCHAIN_LOCKED/);
    expect(r.stdout).toMatch(/Unlock your login keyring/);
    expect(r.code).toBe(1);
  });
});
