import Database from 'better-sqlite3';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Account, ConnectionTest, Incident, RefreshResultView } from '../shared/domain';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { must, support, testClock, testCore, viewer } from './helpers/core';
import { connectCafe24, get, waitForState } from './helpers/signin';
import { fileSources, findCanaries } from './helpers/scan';
import { allConnectionsOpen, roundTrips } from './helpers/round-trips';
import { ENGINE } from './helpers/store';
import { tempDir } from './helpers/temp';
import type { Core } from '../electron/main/core/core';
import { classifyRefreshFailure } from '../electron/main/core/tokens/classify';

const DAY = 86_400_000;
let cafe24: Cafe24Emulator;
beforeAll(async () => {
  cafe24 = await startCafe24Emulator();
});
afterAll(async () => {
  await cafe24?.close();
});
beforeEach(() => {
  cafe24.tokenFault = null;
});

async function cafe24Core(clock = testClock(), notifications: { title: string; body: string }[] = []) {
  return await testCore({
    clock,
    endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin },
    notify: (n) => notifications.push(n),
  });
}

async function account(core: Core, id: string): Promise<Account> {
  return (await must<Account[]>(core, 'accounts:list')).find((a) => a.id === id) as Account;
}

/** A local Slack incoming webhook that records what it was sent. */
async function slackWebhook(): Promise<{ url: string; posts: string[]; close: () => Promise<void> }> {
  const posts: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      posts.push((JSON.parse(body) as { text: string }).text);
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/services/T000/B000/XXXX`,
    posts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('keep-alive and expiry levels (a controllable clock, the Cafe24 emulator)', () => {
  it('schedules the keep-alive at half the 14-day life, refreshes when due, and rotates the refresh token', async () => {
    const clock = testClock();
    const core = await cafe24Core(clock);
    await core.start();
    const enrolled = await connectCafe24(core, cafe24);
    const t0 = clock.now();
    expect(enrolled).toMatchObject({ expiryLevel: 'ok', refreshLevel: 'ok', refreshExpiryEstimated: false });
    expect(Date.parse(enrolled.nextRefreshAt as string) - t0).toBe(7 * DAY);
    const firstRt = await core.internals.vault.get(enrolled.id, 'refresh_token');

    clock.advance(6 * DAY);
    expect((await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { due: true })).results).toEqual([]);
    clock.advance(DAY + 60_000);
    const { results } = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { due: true });
    expect(results).toEqual([expect.objectContaining({ accountId: enrolled.id, outcome: 'refreshed' })]);

    const refresh = cafe24.tokenRequests.at(-1)!;
    expect(refresh.body.get('grant_type')).toBe('refresh_token');
    expect(refresh.body.get('refresh_token')).toBe(firstRt);
    expect(refresh.authorization).toMatch(/^Basic /);
    const after = await account(core, enrolled.id);
    expect(Date.parse(after.refreshExpiresAt as string) - clock.now()).toBe(14 * DAY);
    expect(Date.parse(after.nextRefreshAt as string) - clock.now()).toBe(7 * DAY);
    expect(await core.internals.vault.get(enrolled.id, 'refresh_token')).not.toBe(firstRt);
    expect(await core.internals.vault.has(enrolled.id, 'pending_refresh_token')).toBe(false);
    const audit = await must<{ action: string; target: string; detail: string }[]>(core, 'audit:list');
    expect(audit.find((a) => a.action === 'tokens:refreshed')).toMatchObject({
      target: enrolled.id,
      detail: 'generation 2',
    });
  });

  it('levels follow the refresh token with the thresholds from settings; alerts fire once per change and on recovery', async () => {
    const clock = testClock();
    const notifications: { title: string; body: string }[] = [];
    const slack = await slackWebhook();
    try {
      const core = await cafe24Core(clock, notifications);
      await core.start();
      const refused = await core.invoke(
        'secrets:set',
        { name: 'slack-webhook-url', value: 'http://hooks.example.com/services/T1/B1/secret-path-xyz' },
        support,
      );
      expect(refused).toMatchObject({ ok: false });
      const admin = { actor: 'a', role: 'admin' as const, face: 'test-host' as const };
      const plain = await core.invoke(
        'secrets:set',
        { name: 'slack-webhook-url', value: 'http://hooks.example.com/services/T1/B1/secret-path-xyz' },
        admin,
      );
      expect(plain).toMatchObject({
        ok: false,
        error: { code: 'INVALID_INPUT', message: expect.stringMatching(/https/) },
      });
      expect(JSON.stringify(plain)).not.toContain('secret-path-xyz');
      await must(core, 'secrets:set', { name: 'slack-webhook-url', value: slack.url });
      const a = await connectCafe24(core, cafe24, 'Lapsing shop');
      await core.internals.alerts.check();
      expect(notifications).toEqual([]);

      // The app was closed for 12 days: nothing refreshed.
      clock.advance(12 * DAY);
      expect(await account(core, a.id)).toMatchObject({
        expiryLevel: 'warning',
        refreshLevel: 'warning',
        accessLevel: 'expired',
      });
      await core.internals.alerts.check();
      await core.internals.alerts.check();
      expect(notifications).toHaveLength(1);
      expect(notifications[0]!.title).toMatch(/Lapsing shop expires within the warning period/);
      expect(slack.posts).toHaveLength(1);
      expect(slack.posts[0]).toContain('Lapsing shop (Cafe24)');

      clock.advance(1.5 * DAY);
      expect((await account(core, a.id)).expiryLevel).toBe('critical');
      await must(core, 'settings:update', { expiryWarningDays: 5, expiryCriticalDays: 0.25 });
      expect((await account(core, a.id)).expiryLevel).toBe('warning');
      await must(core, 'settings:update', { expiryWarningDays: 3, expiryCriticalDays: 1 });
      await core.internals.alerts.check();
      expect(notifications.at(-1)!.title).toMatch(/expires within a day/);

      // The keep-alive catches up: the account recovers and says so.
      await must(core, 'tokens:refresh', { due: true });
      expect((await account(core, a.id)).expiryLevel).toBe('ok');
      expect(notifications.at(-1)!.title).toMatch(/healthy again/);
      expect(slack.posts.at(-1)).toMatch(/healthy again/);
      const incidents = await must<Incident[]>(core, 'incidents:list', { accountId: a.id });
      expect(incidents.map((i) => i.errorCode)).toEqual(['expiry_critical', 'expiry_warning']);
      for (const text of [...slack.posts, ...notifications.map((n) => n.body)])
        expect(text).not.toMatch(/cafe24-(at|rt)-/);
    } finally {
      await slack.close();
    }
  });

  it('a refresh token that expired while nobody ran Gatehouse becomes needs_reauth with the reason, once', async () => {
    const clock = testClock();
    const core = await cafe24Core(clock);
    await core.start();
    const a = await connectCafe24(core, cafe24, 'Forgotten shop');
    // Cafe24 refuses it as it would after 14 days (invalid_grant): the seed 003 incident.
    cafe24.tokenFault = {
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"invalid_grant","error_description":"expired"}',
    };
    clock.advance(15 * DAY);
    const { results } = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { due: true });
    expect(results[0]).toMatchObject({ outcome: 'needs_reauth' });
    const after = await account(core, a.id);
    expect(after).toMatchObject({ status: 'needs_reauth', lastErrorCode: 'invalid_grant', nextRefreshAt: null });
    expect(after.lastError).toMatch(/single-use and last 14 days.*Re-authorize/);
    // Stopped: no retry storm on the next passes.
    const before = cafe24.tokenRequests.length;
    await must(core, 'tokens:refresh', { due: true });
    await must(core, 'tokens:refresh', { ids: [a.id] });
    expect(cafe24.tokenRequests.length).toBe(before);
    // Re-authorizing keeps the account and brings it back.
    cafe24.tokenFault = null;
    const { id } = await connectCafe24Again(core, a.id);
    expect((await account(core, id)).status).toBe('connected');
  });
});

describe('write-aheads that arrive together share one durable commit', () => {
  it('commits every write, fewer commits than writes, and a failing write fails alone', async () => {
    const core = await testCore();
    await core.start();
    const { vault, refresher } = core.internals;
    await vault.unlock();
    const group = refresher.writeAheads;
    const before = { commits: group.commits, writes: group.writes };
    // Eight rotated tokens at once, as answers that arrived in the same turn; one write fails.
    const owners = Array.from({ length: 8 }, (_, i) => `acct-group-${i}`);
    const outcomes = await Promise.allSettled(
      owners.map((owner, i) =>
        group.run(async () => {
          if (i === 3) throw new Error('this write fails');
          await vault.put(owner, 'pending_refresh_token', `rt-${owner}`);
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(owners.map((_, i) => (i === 3 ? 'rejected' : 'fulfilled')));
    for (const [i, owner] of owners.entries())
      expect(await vault.get(owner, 'pending_refresh_token')).toBe(i === 3 ? null : `rt-${owner}`);
    // The batch failed, so it was tried again one write at a time: seven commits for the seven that
    // landed. Eight writes that all succeed: one commit.
    expect(group.writes - before.writes).toBe(7);
    const together = await Promise.all(
      owners.map((owner) => group.run(() => vault.put(owner, 'pending_refresh_token', `rt2-${owner}`))),
    );
    expect(together).toHaveLength(8);
    expect(group.commits - before.commits).toBe(7 + 1);
    for (const owner of owners) expect(await vault.get(owner, 'pending_refresh_token')).toBe(`rt2-${owner}`);
  });
});

describe('the keep-alive while the app runs', () => {
  it('a scheduler tick refreshes what is due and announces level changes; ticks never overlap', async () => {
    const clock = testClock();
    const notifications: { title: string; body: string }[] = [];
    const core = await cafe24Core(clock, notifications);
    await core.start();
    const a = await connectCafe24(core, cafe24, 'Ticking shop');
    clock.advance(13 * DAY); // the app was asleep: critical by now, and due
    const before = cafe24.tokenRequests.length;
    await Promise.all([core.internals.scheduler.tick(), core.internals.scheduler.tick()]);
    expect(cafe24.tokenRequests.length).toBe(before + 1);
    expect(await account(core, a.id)).toMatchObject({ expiryLevel: 'ok', status: 'connected' });
    expect(Date.parse((await account(core, a.id)).nextRefreshAt as string) - clock.now()).toBe(7 * DAY);
  });
});

/** Re-authorizes an existing Cafe24 account (a new sign-in for the same id). */
async function connectCafe24Again(core: Core, id: string): Promise<{ id: string }> {
  const session = await must<{ id: string; authorizationUrl: string }>(core, 'sessions:start', { accountId: id });
  const approved = await get(session.authorizationUrl);
  const callback = await get(approved.location as string);
  await get(new URL(callback.location as string, approved.location).href);
  await waitForState(core, session.id, ['COMPLETED']);
  return { id };
}

describe('provider faults change no stored token and leave the account usable', () => {
  const faults: [string, Cafe24Emulator['tokenFault'], string, number | null][] = [
    ['429 with Retry-After seconds', { status: 429, headers: { 'retry-after': '120' }, body: '' }, 'http_429', 120_000],
    [
      '429 with Retry-After as an HTTP date',
      { status: 429, headers: { 'retry-after': new Date(Date.now() + 300_000).toUTCString() }, body: '' },
      'http_429',
      240_000,
    ],
    [
      '429 with an invalid Retry-After',
      { status: 429, headers: { 'retry-after': 'soon' }, body: '' },
      'http_429',
      null,
    ],
    [
      '429 with Cafe24 usage headers',
      { status: 429, headers: { 'x-cafe24-call-remain': '90', 'x-api-call-limit': '40/40' }, body: '' },
      'http_429',
      90_000,
    ],
    [
      '503 with an HTML page',
      { status: 503, headers: { 'content-type': 'text/html' }, body: '<html>down</html>' },
      'http_503',
      null,
    ],
    [
      '200 with an HTML maintenance page',
      { status: 200, headers: { 'content-type': 'text/html' }, body: '<html>maintenance</html>' },
      'invalid_response',
      null,
    ],
    [
      '200 with JSON lacking an access token',
      { status: 200, headers: { 'content-type': 'application/json' }, body: '{"token_type":"Bearer"}' },
      'invalid_response',
      null,
    ],
    ['a reset connection', 'reset', 'no_answer', null],
    ['a server that never answers', 'hang', 'no_answer', null],
  ];
  it.each(faults)('%s', async (_name, fault, code, waitAtLeast) => {
    const clock = testClock(Date.now());
    const core = await cafe24Core(clock);
    await core.start();
    await must(core, 'settings:update', { tokenExchangeTimeoutSeconds: 1 });
    const a = await connectCafe24(core, cafe24, 'Faulty shop');
    const rt = await core.internals.vault.get(a.id, 'refresh_token');
    const at = await core.internals.vault.get(a.id, 'access_token');
    cafe24.tokenFault = fault;
    const sent = cafe24.tokenRequests.length;
    const { results } = await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] });
    expect(results[0]).toMatchObject({ outcome: 'degraded' });
    expect(cafe24.tokenRequests.length).toBe(sent + 1); // sent once, never blindly retried
    expect(await core.internals.vault.get(a.id, 'refresh_token')).toBe(rt);
    expect(await core.internals.vault.get(a.id, 'access_token')).toBe(at);
    const after = await account(core, a.id);
    expect(after).toMatchObject({ status: 'connected', providerState: 'degraded', lastErrorCode: code });
    expect(after.lastError).toMatch(/every token was kept/);
    if (waitAtLeast !== null)
      expect(Date.parse(after.nextRefreshAt as string) - clock.now()).toBeGreaterThanOrEqual(waitAtLeast);
    const [incident] = await must<Incident[]>(core, 'incidents:list', { accountId: a.id });
    expect(incident).toMatchObject({ errorCode: code, provider: 'cafe24', accountLabel: 'Faulty shop' });
    expect(incident!.action).toMatch(/Kept every token; next attempt in/);
    // Once the provider is back, the same token still works.
    cafe24.tokenFault = null;
    expect(
      (await must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { ids: [a.id] })).results[0]!.outcome,
    ).toBe('refreshed');
    expect(await account(core, a.id)).toMatchObject({ providerState: 'ok', lastError: null });
    expect(cafe24.reuses).toEqual([]);
  });
});

describe('a disk that fills during a refresh', () => {
  it("is said as this computer's full disk, not as a provider that did not answer", () => {
    // SQLite's own error for a full disk: a database that may not grow past one page.
    const db = new Database(':memory:');
    db.pragma('max_page_count = 2');
    db.exec('CREATE TABLE t (x BLOB)');
    let full: unknown;
    try {
      db.prepare('INSERT INTO t VALUES (?)').run(Buffer.alloc(64 * 1024));
    } catch (error) {
      full = error;
    }
    db.close();
    expect((full as { code?: string }).code).toBe('SQLITE_FULL');
    const failure = classifyRefreshFailure('cafe24', full);
    // Retried with backoff, the provider not marked degraded, and the words say what to do.
    expect(failure).toMatchObject({ kind: 'local', code: 'disk_full' });
    expect(failure.message).toMatch(/disk filled up.*every token was kept.*Free disk space/);
    expect(classifyRefreshFailure('cafe24', Object.assign(new Error('write'), { code: 'ENOSPC' }))).toMatchObject({
      code: 'disk_full',
    });
  });
});

describe("a service's token (tokens:issue)", () => {
  it('hands over the stored token while it lasts, and a refreshed one, with its new expiry, when it is about to lapse', async () => {
    const clock = testClock(Date.now());
    const core = await cafe24Core(clock);
    await core.start();
    const a = await connectCafe24(core, cafe24);
    const handed: string[] = [];
    const caller = {
      ...support,
      face: 'cli',
      receiveSecret: (token: string) => handed.push(token),
    } as const;
    const stored = await core.internals.vault.get(a.id, 'access_token');
    const first = await must<{ expiresAt: string; refreshed: boolean; label: string }>(
      core,
      'tokens:issue',
      { account: a.id },
      caller,
    );
    expect(first).toMatchObject({ account: a.id, label: 'Shop 1', refreshed: false, expiresAt: a.accessExpiresAt });
    expect(handed).toEqual([stored]);

    // A minute before it lapses: refreshed first (one refresh), then handed over with the new expiry.
    clock.set(Date.parse(a.accessExpiresAt as string) - 60_000);
    const before = cafe24.tokenRequests.length;
    const second = await must<{ expiresAt: string; refreshed: boolean }>(
      core,
      'tokens:issue',
      { account: a.id },
      caller,
    );
    expect(second.refreshed).toBe(true);
    expect(cafe24.tokenRequests.length).toBe(before + 1);
    expect(handed[1]).not.toBe(stored);
    expect(handed[1]).toBe(await core.internals.vault.get(a.id, 'access_token'));
    expect(cafe24.liveAccessTokens.has(handed[1] as string)).toBe(true);
    expect(Date.parse(second.expiresAt)).toBeGreaterThan(clock.now() + 60_000);

    // An account that is not there is named.
    expect(await core.invoke('tokens:issue', { account: 'cafe24-nothere' }, caller)).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
  });
});

describe('test connection', () => {
  it('reads /api/v2/admin/store; a 401 triggers exactly one refresh and one retry', async () => {
    const core = await cafe24Core(testClock(Date.now()));
    await core.start();
    const a = await connectCafe24(core, cafe24, 'Tested shop');
    const ok = await must<ConnectionTest>(core, 'accounts:test', { id: a.id }, support);
    expect(ok).toMatchObject({ ok: true, httpStatus: 200, refreshed: false, endpoint: '/api/v2/admin/store' });

    // The provider drops the access token early: one refresh, one retry, success.
    cafe24.liveAccessTokens.clear();
    const before = cafe24.tokenRequests.length;
    const retried = await must<ConnectionTest>(core, 'accounts:test', { id: a.id }, support);
    expect(retried).toMatchObject({ ok: true, refreshed: true });
    expect(cafe24.tokenRequests.length).toBe(before + 1);

    // A viewer cannot run it; the run is audited.
    expect(await core.invoke('accounts:test', { id: a.id }, viewer)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN' },
    });
    const history = await must<{ kind: string }[]>(core, 'accounts:history', { id: a.id });
    expect(history.map((h) => h.kind)).toEqual(expect.arrayContaining(['test', 'refresh', 'sign-in', 'change']));
  });
});

describe('no token in any trace of the token lifecycle (K4)', () => {
  it('refreshes, faults that echo the token, test connection and alerts leave no token or secret anywhere', async () => {
    const clock = testClock(Date.now());
    const notifications: { title: string; body: string }[] = [];
    const slack = await slackWebhook();
    const replies: string[] = [];
    const events: string[] = [];
    try {
      const core = await cafe24Core(clock, notifications);
      core.events.subscribe((event, payload) => events.push(JSON.stringify([event, payload])));
      await core.start();
      await must(core, 'secrets:set', { name: 'slack-webhook-url', value: slack.url });
      const a = await connectCafe24(core, cafe24, 'Canary shop');
      const call = async (channel: string, input?: unknown) => {
        replies.push(JSON.stringify(await core.invoke(channel, input, support)));
      };
      await call('tokens:refresh', { ids: [a.id] });
      await call('accounts:test', { id: a.id });
      const rt = (await core.internals.vault.get(a.id, 'refresh_token')) as string;
      for (const body of [
        `{"error":"temporarily_unavailable","error_description":"token ${rt} busy"}`,
        `<html>${rt}</html>`,
      ]) {
        cafe24.tokenFault = { status: 503, headers: { 'content-type': 'application/json' }, body };
        await call('tokens:refresh', { ids: [a.id] });
      }
      cafe24.tokenFault = {
        status: 400,
        headers: { 'content-type': 'application/json' },
        body: `{"error":"invalid_grant","error_description":"${rt} was used"}`,
      };
      await call('tokens:refresh', { ids: [a.id] });
      clock.advance(20 * DAY);
      await core.internals.alerts.check();
      await call('incidents:list');
      await call('accounts:history', { id: a.id });
      await call('accounts:list');
      await call('audit:list', { limit: 1000 });
      const hits = findCanaries(
        [...cafe24.issued, cafe24.clientSecret],
        [
          ...fileSources(core.dataDir),
          { name: 'replies', bytes: replies.join('\n') },
          { name: 'events', bytes: events.join('\n') },
          { name: 'slack', bytes: slack.posts.join('\n') },
          { name: 'notifications', bytes: JSON.stringify(notifications) },
        ],
      );
      expect(hits).toEqual([]);
      expect(cafe24.issued.length).toBeGreaterThanOrEqual(4);
    } finally {
      await slack.close();
    }
  });
});

describe.skipIf(ENGINE !== 'postgres')("round trips to a team's PostgreSQL (each one is the network's latency)", () => {
  /** What each round trip sent, for a failure's message. */
  const said = (trips: string[][]) => trips.map((t, i) => `${i + 1}: ${t.join(' | ')}`).join('\n');

  it('a start waits for two before its core is built: the schema, then the install id and the crash checks at once', async () => {
    const dataDir = tempDir();
    const first = await testCore({ dataDir });
    await first.start();
    await first.close();
    // As the app starts: its other connections opened ahead, and still opening while these go out.
    const { count, trips } = await roundTrips(() => testCore({ dataDir, warmStore: true }));
    expect(count, said(trips)).toBe(2);
    expect(trips[1], said(trips)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^select "value" from "meta"/),
        expect.stringMatching(/^select "id", "owner_pid" from "auth_sessions"/),
        expect.stringMatching(/^update "sync_runs"/),
      ]),
    );
  });

  it("a command's first unlock reads the team and the key's records in one, on the connection it has", async () => {
    const dataDir = tempDir();
    const first = await testCore({ dataDir });
    await first.start();
    await first.close();
    // As a CLI command opens it: one connection, no other opened ahead, no change feed.
    const core = await testCore({ dataDir, followChanges: false });
    const { count, trips } = await roundTrips(() => core.internals.vault.unlock());
    expect(core.internals.vault.health().state).toBe('ready');
    expect(count, said(trips)).toBe(1);
    expect(trips[0], said(trips)).toEqual([
      expect.stringMatching(/^select "value" from "meta"/),
      expect.stringMatching(/^select "key", "value" from "meta"/),
    ]);
  });

  it("a service's token waits for four: the audit probe, the account with its sealed token, the entry", async () => {
    const core = await cafe24Core();
    await core.start();
    const { id } = await connectCafe24(core, cafe24);
    // The enrolment's entries are anchored now, not while this is counted.
    await core.internals.audit.anchor?.flush();
    await allConnectionsOpen(core.internals.store);
    const handed: string[] = [];
    const caller = {
      actor: 'sync service (cli)',
      role: 'support',
      face: 'cli',
      receiveSecret: (t: string) => handed.push(t),
    } as const;
    const { value, count, trips } = await roundTrips(() => core.invoke('tokens:issue', { account: id }, caller));
    expect(value).toMatchObject({ ok: true, value: { account: id, label: 'Shop 1', refreshed: false } });
    expect(handed).toHaveLength(1);
    // 1 the audit probe; 2 the account, who holds its lease and its sealed tokens in one statement
    // (it was the account, the account again and the token, one after another); 3-4 the entry.
    expect(count, said(trips)).toBe(4);
    const reads = trips.flat().filter((s) => s.startsWith('select') && /"(accounts|credentials)"/.test(s));
    expect(reads, said(trips)).toHaveLength(1);
    await core.close();
  });

  it('a change waits for one to check that its audit entry can be written, and two to write it', async () => {
    const core = await cafe24Core();
    await core.start();
    await must(core, 'settings:update', { expiryWarningDays: 4 });
    await allConnectionsOpen(core.internals.store);
    const { count, trips } = await roundTrips(() => must(core, 'settings:update', { expiryWarningDays: 5 }));
    // The probe: BEGIN, its insert and ROLLBACK at once. The entry: BEGIN, the lock and the head;
    // then the insert with its COMMIT.
    expect(count, said(trips)).toBe(3);
    expect(trips[0]).toEqual(['BEGIN', expect.stringMatching(/^insert into "audit_log"/), 'rollback']);
    expect(trips[2]).toEqual([expect.stringMatching(/^insert into "audit_log"/), 'commit']);
    await core.close();
  });

  it('a due refresh of one account, asked through the router, waits for fourteen', async () => {
    const clock = testClock();
    const core = await cafe24Core(clock);
    await core.start();
    await connectCafe24(core, cafe24);
    clock.advance(7 * DAY + 60_000);
    // Who is calling is read once a minute: read before, as it would have been.
    await must(core, 'accounts:list');
    await allConnectionsOpen(core.internals.store);
    const { value, count, trips } = await roundTrips(() =>
      must<{ results: RefreshResultView[] }>(core, 'tokens:refresh', { due: true }),
    );
    expect(value.results.map((r) => r.outcome)).toEqual(['refreshed']);
    // 1 the audit probe; 2 the key's version and the due accounts; 3 the account, its lease's holder
    // and its secrets; 4 the lease; 5 the write-ahead of the rotated token; 6-8 the promotion (the
    // re-read, the writes with the audit lock and head, the entry with COMMIT); 9-10 the expiry check
    // (whether the kept judgements hold and how far they were seen, then what changed); 11-12 the
    // changed alert level (BEGIN with it, COMMIT); 13-14 the call's audit entry.
    expect(count, said(trips)).toBe(14);
    // The audit lock, which every refresh and change of a team passes one at a time, is held for one
    // round trip: the one after it is taken carries the COMMIT.
    const locking = trips.flatMap((t, i) => (t.some((s) => s.includes('pg_advisory_xact_lock')) ? [i] : []));
    expect(locking, said(trips)).toHaveLength(2);
    for (const i of locking) expect(trips[i + 1], said(trips)).toContain('commit');
    await core.close();
  });
});
