import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account, ResyncBatch, ResyncResult, ResyncTargetState, SyncRun } from '../shared/domain';
import { startBigCommerceEmulator, type BigCommerceEmulator } from './helpers/bigcommerce-emulator';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { cli } from './helpers/children';
import { must, support, testCore, viewer } from './helpers/core';
import { startCustomerServiceEmulator, type CustomerServiceEmulator } from './helpers/customer-service-emulator';
import { fileSources, findCanaries } from './helpers/scan';
import { connectCafe24 } from './helpers/signin';

let cs: CustomerServiceEmulator;
let bc: BigCommerceEmulator;
let cafe24: Cafe24Emulator;
const BC_TOKEN = 'bc-store-token-8a7f3c21';
beforeAll(async () => {
  [cs, bc, cafe24] = await Promise.all([
    startCustomerServiceEmulator(),
    startBigCommerceEmulator(),
    startCafe24Emulator(),
  ]);
  bc.stores.set('abc123', BC_TOKEN);
});
afterAll(async () => {
  await Promise.all([cs?.close(), bc?.close(), cafe24?.close()]);
});
beforeEach(() => {
  cs.faults = [];
  bc.faults = [];
  bc.quota = 1000;
  bc.delayMs = 0;
  bc.customers.clear();
  cafe24.members.length = 0;
});

const overrides = () => ({
  'https://api.bigcommerce.com': bc.origin,
  'https://shop1.cafe24api.com': cafe24.origin,
});

/** A core with all three targets configured against the emulators. */
async function configured(dataDir?: string) {
  const core = await testCore({ endpointOverrides: overrides(), ...(dataDir ? { dataDir } : {}) });
  await core.start();
  const store = await must<Account>(core, 'accounts:add', {
    provider: 'bigcommerce',
    label: 'Main store',
    storeHash: 'abc123',
    apiToken: BC_TOKEN,
  });
  const mall = await connectCafe24(core, cafe24, 'Shop 1');
  await must(core, 'secrets:set', { name: 'customer-service-api-key', value: cs.apiKey });
  await must(core, 'settings:update', {
    customerServiceUrl: cs.url,
    resyncBigcommerceAccountId: store.id,
    resyncCafe24AccountId: mall.id,
  });
  return { core, store, mall };
}

const jane = {
  email: 'jane.doe@example.com',
  auth0Id: 'auth0|jane-42',
  firstName: 'Jane',
  lastName: 'Doe',
  companyId: 'co-7',
  userType: 'customer',
};

describe('force a re-sync of one user', () => {
  it('sends seed 001’s payload, gets-or-creates the BigCommerce customer, looks up the Cafe24 member; stored and audited', async () => {
    const { core } = await configured();
    cafe24.members.push({ member_id: 'jane42', email: 'Jane.Doe@example.com', name: 'Jane' });
    const targets = await must<ResyncTargetState[]>(core, 'resync:targets', undefined, viewer);
    expect(targets.every((t) => t.configured)).toBe(true);

    const before = await must<ResyncResult[]>(core, 'resync:check', { email: jane.email }, support);
    expect(before.map((r) => r.outcome)).toEqual(['skipped', 'absent', 'present']);

    const run = await must<SyncRun>(core, 'resync:run', { user: jane }, support);
    expect(run).toMatchObject({ status: 'succeeded', email: jane.email, requestedBy: 'helper' });
    const [service, store, mall] = run.results;
    expect(service).toMatchObject({ target: 'customer-service', outcome: 'synced', customerId: 'cs-auth0jane42' });
    expect(store).toMatchObject({ target: 'bigcommerce', outcome: 'created' });
    expect(mall).toMatchObject({ target: 'cafe24', outcome: 'present', customerId: 'jane42' });

    const sent = cs.requests.at(-1)!;
    expect(sent.headers['x-service-name']).toBe('gatehouse');
    expect(sent.body).toEqual({
      auth0Id: 'auth0|jane-42',
      email: 'jane.doe@example.com',
      name: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
      companyId: 'co-7',
      userType: 'customer',
      metadata: { source: 'gatehouse', requestedBy: 'helper' },
    });

    // The same re-sync again never creates a second customer.
    const again = await must<SyncRun>(core, 'resync:run', { user: jane }, support);
    expect(again.results[1]).toMatchObject({ outcome: 'existing', customerId: store!.customerId });
    expect(bc.customers.get('abc123')).toHaveLength(1);

    const history = await must<SyncRun[]>(core, 'resync:history', { email: 'JANE.DOE@example.com' }, viewer);
    expect(history.map((h) => h.id)).toEqual([again.id, run.id]);
    const audit = await must<{ action: string; actor: string; target: string; detail: string }[]>(core, 'audit:list');
    const entries = audit.filter((a) => a.action === 'resync:user');
    expect(entries).toHaveLength(2);
    expect(entries[1]).toMatchObject({ actor: 'helper', target: jane.email });
    expect(entries[1]!.detail).toMatch(/bigcommerce created \d+/);
    expect(await core.invoke('resync:run', { user: jane }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
  });

  it('says what each target needs, and refuses a bad email before anything is sent', async () => {
    const { core } = await configured();
    const run = await must<SyncRun>(core, 'resync:run', { user: { email: 'solo@example.com' } }, support);
    expect(run.status).toBe('failed');
    expect(run.results[0]!.message).toMatch(/needs the user’s Auth0 id/);
    expect(run.results[1]!.message).toMatch(/first and a last name are needed/);
    expect(run.results[2]).toMatchObject({ outcome: 'absent' });
    for (const email of [
      'not-an-email',
      'a@b',
      'x@@example.com',
      'jane doe@example.com',
      `${'a'.repeat(65)}@example.com`,
    ]) {
      const refused = await core.invoke('resync:run', { user: { email } }, support);
      expect(refused).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringContaining('user.email') },
      });
    }
  });

  it('BigCommerce: waits out a 429 as its headers say, explains a 422, and reports 5xx and HTML bodies', async () => {
    const { core } = await configured();
    bc.faults = [
      { status: 429, headers: { 'X-Rate-Limit-Time-Reset-Ms': '300', 'Content-Type': 'application/json' }, body: '{}' },
    ];
    const waited = await must<SyncRun>(core, 'resync:run', { user: jane, targets: ['bigcommerce'] }, support);
    expect(waited.results[0]).toMatchObject({ outcome: 'created' });

    bc.customers.set('abc123', [{ id: 7, email: 'taken@example.com', first_name: 'T', last_name: 'K' }]);
    bc.faults = [
      { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"data":[]}' }, // a stale read
    ];
    const raced = await must<SyncRun>(
      core,
      'resync:run',
      { user: { ...jane, email: 'taken@example.com' }, targets: ['bigcommerce'] },
      support,
    );
    expect(raced.results[0]).toMatchObject({ outcome: 'existing', customerId: '7' });

    bc.faults = [{ status: 503, headers: { 'Content-Type': 'text/html' }, body: '<html>maintenance</html>' }];
    const down = await must<SyncRun>(
      core,
      'resync:run',
      { user: { ...jane, email: 'x1@example.com' }, targets: ['bigcommerce'] },
      support,
    );
    expect(down.results[0]).toMatchObject({ outcome: 'failed', httpStatus: 503 });
    expect(down.results[0]!.message).toMatch(/server problem/);

    bc.faults = [
      { status: 200, headers: { 'Content-Type': 'application/json' }, body: '{"data":[]}' },
      { status: 422, headers: { 'Content-Type': 'application/json' }, body: '{"status":422,"title":"Invalid"}' },
    ];
    const invalid = await must<SyncRun>(
      core,
      'resync:run',
      { user: { ...jane, email: 'x2@example.com' }, targets: ['bigcommerce'] },
      support,
    );
    expect(invalid.results[0]).toMatchObject({ outcome: 'failed', httpStatus: 422 });
    expect(invalid.results[0]!.message).toMatch(/email is already used .* or a field is invalid/);
  });

  it('Customer Service: a wrong key, a 429 with Retry-After, a slow answer', async () => {
    const { core } = await configured();
    cs.faults = [{ status: 429, headers: { 'Retry-After': '1' }, body: '' }];
    const waited = await must<SyncRun>(core, 'resync:run', { user: jane, targets: ['customer-service'] }, support);
    expect(waited.results[0]).toMatchObject({ outcome: 'synced' });
    await must(core, 'secrets:set', { name: 'customer-service-api-key', value: 'wrong-key-123' });
    const refused = await must<SyncRun>(core, 'resync:run', { user: jane, targets: ['customer-service'] }, support);
    expect(refused.results[0]).toMatchObject({ outcome: 'failed', httpStatus: 401 });
    expect(refused.results[0]!.message).toMatch(/refused Gatehouse’s credentials; check them in Settings/);
    expect(JSON.stringify(refused)).not.toContain('wrong-key-123');
  });
});

describe('the Customer Service with the operator’s identity-provider token', () => {
  it('sends an enrolled account’s access token (refreshed when needed) instead of the API key', async () => {
    const { core, mall } = await configured();
    const token = (await core.internals.vault.get(mall.id, 'access_token')) as string;
    cs.acceptedTokens.add(token);
    await must(core, 'secrets:clear', { name: 'customer-service-api-key' });
    await must(core, 'settings:update', {
      customerServiceAuth: 'identity-provider',
      customerServiceIdentityAccountId: mall.id,
    });
    const run = await must<SyncRun>(core, 'resync:run', { user: jane, targets: ['customer-service'] }, support);
    expect(run.results[0]).toMatchObject({ outcome: 'synced' });
    expect(cs.requests.at(-1)!.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.stringify(run)).not.toContain(token);
  });
});

describe('re-sync a list of users', () => {
  it('reads a CSV with the bad lines named, runs with bounded concurrency under the rate limit, and retries the failed ones', async () => {
    const { core } = await configured();
    const lines = ['email,auth0Id,firstName,lastName'];
    for (let i = 0; i < 30; i++) lines.push(`user${i}@example.com,auth0|u${i},User,${i}`);
    lines.push(
      'not-an-email,auth0|x,A,B',
      'user3@example.com,auth0|u3,User,3',
      '"quoted@example.com","auth0|q","Q, Jr.",Q',
    );
    const parsed = await must<{
      users: { email: string }[];
      errors: { line: number; message: string }[];
      duplicates: number;
    }>(core, 'resync:parseCsv', { content: lines.join('\n') }, support);
    expect(parsed.users).toHaveLength(31);
    expect(parsed.duplicates).toBe(1);
    // In English for the CLI, and as the catalogue's words for a screen in another language.
    expect(parsed.errors).toEqual([
      {
        line: 32,
        message: 'email is not a valid email address',
        say: { key: 'csv.field', params: { field: 'email', problem: 'field.custom.email' } },
      },
    ]);
    expect(
      (
        await must<{ errors: { line: number; message: string }[] }>(
          core,
          'resync:parseCsv',
          { content: 'name\nJane' },
          support,
        )
      ).errors[0],
    ).toMatchObject({ line: 1, message: 'the header has no "email" column' });
    expect(
      (
        await must<{ errors: { line: number }[] }>(
          core,
          'resync:parseCsv',
          { content: 'email\n"open@example.com' },
          support,
        )
      ).errors[0],
    ).toMatchObject({ line: 2 });

    bc.quota = 20;
    bc.windowMs = 500;
    bc.delayMs = 20;
    const started = await must<ResyncBatch>(
      core,
      'resync:batch',
      { users: parsed.users, targets: ['bigcommerce', 'customer-service'], maxConcurrent: 8 },
      support,
    );
    const finished = await core.internals.resync.whenFinished(started.id);
    expect(finished).toMatchObject({ total: 31, done: 31, succeeded: 31, failed: 0 });
    expect(bc.maxInFlight).toBeLessThanOrEqual(3);
    expect(bc.customers.get('abc123')).toHaveLength(31);

    // A failing list: the failed ones are named and can be retried.
    cs.faults = [
      { status: 500, body: 'boom' },
      { status: 500, body: 'boom' },
    ];
    const second = await must<ResyncBatch>(
      core,
      'resync:batch',
      { users: parsed.users.slice(0, 5), targets: ['customer-service'], maxConcurrent: 1 },
      support,
    );
    const done = await core.internals.resync.whenFinished(second.id);
    expect(done.failed).toBe(2);
    const retry = await must<ResyncBatch>(
      core,
      'resync:batch',
      { users: parsed.users.filter((u) => done.failedEmails.includes(u.email)), targets: ['customer-service'] },
      support,
    );
    expect((await core.internals.resync.whenFinished(retry.id)).succeeded).toBe(2);
  });

  it('a cancelled list sends nobody who had not started', async () => {
    const { core } = await configured();
    cs.delayMs = 100;
    try {
      const users = Array.from({ length: 20 }, (_, i) => ({ email: `c${i}@example.com`, auth0Id: `auth0|c${i}` }));
      const batch = await must<ResyncBatch>(
        core,
        'resync:batch',
        { users, targets: ['customer-service'], maxConcurrent: 2 },
        support,
      );
      await new Promise((r) => setTimeout(r, 150));
      await must(core, 'resync:cancel', { id: batch.id }, support);
      const end = await core.internals.resync.whenFinished(batch.id);
      expect(end.cancelled).toBe(true);
      expect(end.done).toBeLessThan(20);
      expect(
        cs.requests.filter((r) => String((r.body as { email?: string } | null)?.email).startsWith('c')).length,
      ).toBe(end.done);
    } finally {
      cs.delayMs = 0;
    }
  });
});

describe('the re-sync CLI', () => {
  // A dozen CLI processes: 19 s in a fresh-clone gate's SQLite pass, 31 s (over the default limit) in a
  // PostgreSQL pass on a busy machine. The time is the processes', not a wait.
  it('resync --email, --file and history; exit 0 only when every target succeeded; no secret in any output or file', async () => {
    const { core } = await configured();
    const dataDir = core.dataDir;
    await core.close();
    const env = { ...process.env, GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()) };
    // The CLI uses the OS keychain under the app's service name; these tests seal under Gatehouse-test.
    // So the CLI gets its own data folder, configured through the CLI itself.
    const own = `${dataDir}-cli`;
    const run = (args: string[], input?: string) =>
      cli(['--data-dir', own, ...args], { env, ...(input ? { input } : {}) });
    expect(
      (await run(['accounts', 'add', 'bigcommerce', '--label', 'Main store', '--store-hash', 'abc123'], BC_TOKEN)).code,
    ).toBe(0);
    const list = JSON.parse((await run(['--json', 'accounts', 'list'])).stdout) as Account[];
    expect((await run(['secrets', 'set', 'customer-service-api-key'], cs.apiKey)).code).toBe(0);
    expect(
      (await run(['settings', 'set', `customerServiceUrl=${cs.url}`, `resyncBigcommerceAccountId=${list[0]!.id}`]))
        .code,
    ).toBe(0);

    const one = await run([
      'resync',
      '--email',
      jane.email,
      '--auth0-id',
      jane.auth0Id,
      '--first-name',
      'Jane',
      '--last-name',
      'Doe',
      '--target',
      'customer-service',
      '--target',
      'bigcommerce',
    ]);
    expect(one.stderr).toBe('');
    expect(one.code).toBe(0);
    expect(one.stdout).toMatch(/Customer Service\s+synced/);
    expect(one.stdout).toMatch(/BigCommerce customer\s+created/);

    const partial = await run(['resync', '--email', 'nobody@example.com']);
    expect(partial.code).toBe(1);
    // A target that is not configured is not part of the run (and no failure of this user's).
    expect(partial.stdout).not.toMatch(/Cafe24 customer/);
    expect(partial.stdout).toMatch(/Customer Service\s+skipped .*Auth0 id/);

    const { writeFileSync } = await import('node:fs');
    const file = `${own}/users.csv`;
    writeFileSync(
      file,
      'email,auth0Id,firstName,lastName\nf1@example.com,auth0|f1,F,One\nbroken,auth0|b,B,B\nf2@example.com,auth0|f2,F,Two\n',
    );
    const batch = await run([
      'resync',
      '--file',
      file,
      '--target',
      'customer-service',
      '--target',
      'bigcommerce',
      '--max-concurrent',
      '2',
    ]);
    expect(batch.stderr).toMatch(/line 3: email is not a valid email address/);
    expect(batch.code).toBe(1); // a bad line means not every user was re-synced
    expect(batch.stdout).toMatch(/2 of 2 user\(s\) re-synced/);

    const history = await run(['--json', 'resync', 'history', '--email', 'f1@example.com']);
    expect((JSON.parse(history.stdout) as SyncRun[])[0]).toMatchObject({
      email: 'f1@example.com',
      status: 'succeeded',
    });

    const hits = findCanaries(
      [BC_TOKEN, cs.apiKey],
      [
        ...fileSources(own),
        ...[one, partial, batch, history].map((r, i) => ({ name: `cli ${i}`, bytes: r.stdout + r.stderr })),
      ],
    );
    expect(hits).toEqual([]);
  }, 120_000);
});
