import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, Session } from '../shared/domain';
import { createOsKeyStore } from '../electron/main/core/vault/key-store';
import { launchChromium, signInWithBrowser } from './helpers/browser';
import { startBigCommerceEmulator, type BigCommerceEmulator } from './helpers/bigcommerce-emulator';
import { bundled, run } from './helpers/children';
import { admin, must, testCore, openCore } from './helpers/core';
import { startOidcServer, type OidcServer } from './helpers/oidc-server';
import { fileSources, findCanaries } from './helpers/scan';
import { tempDir } from './helpers/temp';
import { spawn } from 'node:child_process';
import { q } from './helpers/sql';
import { childEnv, storeUrlFor } from './helpers/store';

let browser: Browser;
let idp: OidcServer;
let bc: BigCommerceEmulator;
beforeAll(async () => {
  browser = await launchChromium();
  idp = await startOidcServer();
  bc = await startBigCommerceEmulator();
  bc.stores.set('abc123', 'bc-token-correct-horse');
  bc.stores.set('def456', 'bc-token-battery-staple');
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await bc?.close();
});

const overrides = () => ({ 'https://api.bigcommerce.com': bc.origin });

describe('BigCommerce enrolment with a store-level API token', () => {
  it('checks the token with GET /v2/store, then seals it; the account is connected and never expires', async () => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const account = await must<Account>(core, 'accounts:add', {
      provider: 'bigcommerce',
      label: 'Main store',
      storeHash: 'abc123',
      apiToken: 'bc-token-correct-horse',
    });
    expect(account).toMatchObject({
      provider: 'bigcommerce',
      kind: 'store',
      status: 'connected',
      expiryLevel: 'ok',
      refreshExpiresAt: null,
    });
    expect(bc.requests.at(-1)).toEqual({
      method: 'GET',
      path: '/stores/abc123/v2/store',
      token: 'bc-token-correct-horse',
    });
    expect(await core.internals.vault.get(account.id, 'api_token')).toBe('bc-token-correct-horse');
    const dup = await core.invoke(
      'accounts:add',
      { provider: 'bigcommerce', label: 'Again', storeHash: 'abc123', apiToken: 'bc-token-correct-horse' },
      admin,
    );
    expect(dup).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: expect.stringContaining(account.id) } });
    const signIn = await core.invoke('sessions:start', { accountId: account.id }, admin);
    expect(signIn).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringContaining('store API token') },
    });
  });

  it.each([
    ['abc123', 'wrong-token-value', /rejected the API token \(401\)/],
    ['zzz999', 'bc-token-correct-horse', /no store with hash zzz999 \(404\)/],
  ])('store %s with a bad token or hash is refused and nothing is stored', async (storeHash, apiToken, message) => {
    const core = await testCore({ endpointOverrides: overrides() });
    await core.start();
    const result = await core.invoke(
      'accounts:add',
      { provider: 'bigcommerce', label: 'x', storeHash, apiToken },
      admin,
    );
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(message) },
    });
    expect(await must<Account[]>(core, 'accounts:list')).toEqual([]);
    expect(await q(core).one`SELECT count(*) FROM credentials WHERE owner <> '_audit'`).toBe(0);
    if (!result.ok) expect(result.error.message).not.toContain(apiToken);
  });
});

describe('enrolment from the CLI', () => {
  it('accounts add + enroll --no-browser: the URL alone on a line, Chromium finishes it, exit 0; no token anywhere on disk', async () => {
    const dataDir = tempDir();
    const entry = await bundled('electron/cli/index.ts');
    const env = await childEnv(dataDir, { GATEHOUSE_DATA_DIR: dataDir });
    const add = await runCli(
      entry,
      ['accounts', 'add', 'oidc', '--label', 'cli@example.com', '--client-id', idp.clientId, '--issuer', idp.issuer],
      env,
    );
    expect(add.code).toBe(0);
    const id = add.stdout.trim();
    expect(id).toMatch(/^oidc-[0-9a-f]{10}$/);

    const child = spawn(process.execPath, [entry, 'enroll', id, '--no-browser', '--timeout', '60'], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Listen for the end at once: the CLI exits as soon as the tab has fetched its result page.
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const line = stdout.split('\n').find((l) => l.startsWith('http'));
        if (line) resolve(line.trim());
      });
    });
    expect(stdout.split('\n')[0]).toBe(url);
    expect(new URL(url).searchParams.get('code_challenge_method')).toBe('S256');
    const page = await signInWithBrowser(browser, url, 'cli-user');
    expect(page.text, `${page.text}\n${stderr}`).toContain('cli@example.com');
    const code = await closed;
    expect(stderr, stderr).toMatch(/COMPLETED/);
    expect(code).toBe(0);

    const list = await runCli(entry, ['--json', 'sessions', 'list', '--all'], env);
    expect((JSON.parse(list.stdout) as Session[])[0]).toMatchObject({ state: 'COMPLETED', accountId: id });
    const accounts = await runCli(entry, ['--json', 'accounts', 'list'], env);
    expect((JSON.parse(accounts.stdout) as Account[])[0]).toMatchObject({ id, status: 'connected' });

    // The real tokens the authorization server issued: nowhere in plaintext on disk or in output.
    // The CLI used the keychain under the product's own service name.
    const core = await openCore({ dataDir, keyStore: createOsKeyStore() });
    await core.start();
    const tokens = [
      await core.internals.vault.get(id, 'access_token'),
      await core.internals.vault.get(id, 'refresh_token'),
    ].filter((t): t is string => !!t);
    expect(tokens).toHaveLength(2);
    await core.close();
    expect(
      findCanaries(tokens, [
        ...fileSources(dataDir),
        { name: 'cli output', bytes: stdout + stderr + list.stdout + accounts.stdout },
      ]),
    ).toEqual([]);
  });

  it('accounts add bigcommerce reads the token from stdin only; enroll of an unknown id exits 1', async () => {
    const dataDir = tempDir();
    const entry = await bundled('electron/cli/index.ts');
    const env = {
      ...process.env,
      GATEHOUSE_DATA_DIR: dataDir,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
    };
    const add = await runCli(
      entry,
      ['accounts', 'add', 'bigcommerce', '--label', 'Shop', '--store-hash', 'abc123'],
      env,
      'bc-token-correct-horse\n',
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const bad = await runCli(
      entry,
      ['accounts', 'add', 'bigcommerce', '--label', 'Shop2', '--store-hash', 'def456'],
      env,
      'nope-nope-nope\n',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/rejected the API token/);
    expect(bad.stderr).not.toContain('nope-nope-nope');
    const enroll = await runCli(entry, ['enroll', 'no-such-account', '--no-browser'], env);
    expect(enroll.code).toBe(1);
    expect(enroll.stderr).toMatch(/NOT_FOUND/);
    const usage = await runCli(entry, ['accounts', 'add', 'myspace', '--label', 'x'], env);
    expect(usage.code).toBe(2);
    const overridesElsewhere = await runCli(entry, ['accounts', 'list'], {
      ...env,
      GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify({ 'https://api.bigcommerce.com': 'https://evil.example' }),
    });
    expect(overridesElsewhere.code).toBe(1);
    expect(overridesElsewhere.stderr).toMatch(/loopback/);
  });
});

async function runCli(entry: string, args: string[], env: NodeJS.ProcessEnv, input = '') {
  // The CLI of a data folder uses that folder's store (its PostgreSQL database on a PostgreSQL run).
  const storeUrl = env.GATEHOUSE_DATA_DIR ? await storeUrlFor(env.GATEHOUSE_DATA_DIR) : undefined;
  return run(process.execPath, [entry, ...args], {
    env: storeUrl ? { ...env, GATEHOUSE_STORE_URL: storeUrl } : env,
    input,
  });
}
