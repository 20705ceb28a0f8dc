import { sql, type Updateable } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Account, AccountWindow } from '../shared/domain';
import { ATTENTION_URGENCY, byUrgency, GLANCE_TEST, needsAttention } from '../shared/levels';
import { GOVERNING_END, HEALTH_RULES, LEVEL_RULES } from '../electron/main/core/accounts/health';
import type { Core } from '../electron/main/core/core';
import { firstMatch, ruleClock } from '../electron/main/core/accounts/rules';
import type { AccountsTable } from '../electron/main/core/store/schema';
import { ALERT_RULES } from '../electron/main/core/tokens/alerts';
import { cli } from './helpers/children';
import { must, testClock, testCore, viewer } from './helpers/core';
import { seedAccounts } from './helpers/seed';
import { ENGINE } from './helpers/store';
import { tempDir } from './helpers/temp';

const DAY = 86_400_000;
const THRESHOLDS = { expiryWarningDays: 3, expiryCriticalDays: 1 };

/** A small deterministic generator (the same rows on every run and both engines). */
function rng(seed: number) {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    return x / 2 ** 31;
  };
}

/**
 * Rows that reach every rule: every status and provider, instants unset, just before, at and just
 * after now and each horizon, degraded or not, with or without a scheduled keep-alive.
 */
function varietyRows(now: number, count: number) {
  const random = rng(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const clock = ruleClock(now, THRESHOLDS);
  const edges = [clock.now, clock.critical, clock.warning];
  const instant = () =>
    random() < 0.25
      ? null
      : random() < 0.5
        ? pick(edges) + pick([-1, 0, 1])
        : now + Math.round((random() * 10 - 2) * DAY);
  return Array.from({ length: count }, (_, i) => ({
    id: `acct-v${String(i).padStart(4, '0')}`,
    provider: pick(['microsoft', 'google', 'cafe24', 'bigcommerce', 'oidc'] as const),
    kind: 'mailbox' as const,
    label: `${pick(['Zed', 'alpha', 'Ämter', '상점', 'beta_1', '50%off'])}-${i}`,
    config: '{}',
    status: pick(['connected', 'connected', 'not_connected', 'needs_reauth', 'error', 'disabled'] as const),
    access_expires_at: instant(),
    refresh_expires_at: instant(),
    next_refresh_at: random() < 0.5 ? null : now + DAY,
    last_refresh_at: random() < 0.3 ? null : now - Math.round(random() * DAY),
    degraded_until: random() < 0.6 ? null : pick([now - 1, now, now + 1, now + DAY]),
    last_error_message: random() < 0.8 ? null : pick(['timeout after 30 s', 'invalid_grant: 100% refused']),
    created_at: now - DAY,
    updated_at: now,
  }));
}

async function seedVariety(now: number, count = 600) {
  const clock = testClock(now);
  const core = await testCore({ clock });
  const rows = varietyRows(now, count);
  await core.internals.store.db.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += 200)
      await trx
        .insertInto('accounts')
        .values(rows.slice(i, i + 200))
        .execute();
  });
  return { core, rows };
}

/** Another device claimed the judgements kept in the rows, for other thresholds, at `at`. */
async function claimedElsewhere(core: Core, at: number): Promise<void> {
  await core.internals.store.db
    .updateTable('meta')
    .set({ value: JSON.stringify({ basis: 'other thresholds', by: 'device-b', at }) })
    .where('key', '=', 'judged_with')
    .execute();
}

/** A write to one account behind the core's back (another program, a hand in the database). */
async function writeBehind(core: Core, id: string, values: Updateable<AccountsTable>): Promise<void> {
  await core.internals.store.db.updateTable('accounts').set(values).where('id', '=', id).execute();
}

describe('accounts: windows filtered, sorted and counted by the store', () => {
  it('the store computes the same level and health as the rules in memory, row by row', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const { core, rows } = await seedVariety(now);
    const clock = ruleClock(now, THRESHOLDS);
    const scope = {
      clock,
      rules: {
        level: LEVEL_RULES,
        health: HEALTH_RULES,
        lapsesAt: { when: { status: ['connected' as const] }, at: 'refresh_expires_at' as const },
      },
    };
    const order = { by: 'label' as const, statusOrder: [] };
    const byRule = async (filter: object) =>
      (await core.internals.store.read.accounts.window(scope, filter, order, 0, 1000)).map((r) => r.id).sort();
    const expected = rows.map((row) => {
      const level = firstMatch(LEVEL_RULES, row, clock);
      return { id: row.id, level, health: firstMatch(HEALTH_RULES, row, clock, LEVEL_RULES[level]!.then) };
    });
    // Each rule of each list, as a filter, keeps exactly the rows it decides in memory.
    for (const [i] of LEVEL_RULES.entries())
      expect(await byRule({ levelRules: [i] }), `level rule ${i}`).toEqual(
        expected
          .filter((e) => e.level === i)
          .map((e) => e.id)
          .sort(),
      );
    for (const [i] of HEALTH_RULES.entries()) {
      const decided = expected
        .filter((e) => e.health === i)
        .map((e) => e.id)
        .sort();
      // Every arm of the compiled CASE is reached by some row, so each was compared.
      expect(decided.length, `health rule ${i} is reached`).toBeGreaterThan(0);
      expect(await byRule({ health: { always: [i], whenDegraded: [] } }), `health rule ${i}`).toEqual(decided);
    }
    const { groups: tally } = await core.internals.store.read.accounts.tally(scope);
    for (const group of tally)
      expect(
        group.n,
        `level rule ${group.levelRule}, health rule ${group.healthRule}, ${group.status}, degraded ${group.degraded}`,
      ).toBe(
        expected.filter(
          (e, k) =>
            e.level === group.levelRule &&
            e.health === group.healthRule &&
            rows[k]!.status === group.status &&
            (rows[k]!.degraded_until !== null && rows[k]!.degraded_until > now) === group.degraded,
        ).length,
      );
    expect(tally.reduce((n, g) => n + g.n, 0)).toBe(rows.length);
  });

  it('every filter, sort and count agrees with the same judgement made over the whole list', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const { core } = await seedVariety(now);
    const all = await must<Account[]>(core, 'accounts:list');
    const byLabel = (a: Account, b: Account) =>
      a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
    const windowOf = (input: object) => must<AccountWindow>(core, 'accounts:window', { limit: 1000, ...input });

    const whole = await windowOf({ limit: 0 });
    expect(whole.rows).toEqual([]);
    if (!whole.counts) throw new Error('counts were asked for');
    expect(whole.counts.total).toBe(all.length);
    expect(whole.matching).toBe(all.length);
    expect(whole.counts.attention).toBe(all.filter(needsAttention).length);
    for (const level of ['ok', 'warning', 'critical', 'expired', 'unknown'] as const)
      expect(whole.counts.byLevel[level], level).toBe(all.filter((a) => a.expiryLevel === level).length);
    for (const key of Object.keys(GLANCE_TEST) as (keyof typeof GLANCE_TEST)[]) {
      const expected = all.filter((a) => GLANCE_TEST[key](a.health, a.providerState === 'degraded'));
      expect(whole.counts.glance[key], key).toBe(expected.length);
      const shown = await windowOf({ glance: key, sort: 'label' });
      expect(
        shown.rows.map((a) => a.id),
        key,
      ).toEqual(expected.sort(byLabel).map((a) => a.id));
    }

    // Most urgent first: what needs a person, then what lapses soonest, then by name.
    const urgent = await windowOf({ sort: 'expiry' });
    expect(urgent.rows.map((a) => a.id)).toEqual(
      [...all].sort((a, b) => byUrgency(a, b) || (a.id < b.id ? -1 : 1)).map((a) => a.id),
    );
    const attention = await windowOf({ level: 'attention', sort: 'label' });
    expect(attention.rows.map((a) => a.id)).toEqual(
      all
        .filter((a) => a.health.urgency <= ATTENTION_URGENCY)
        .sort(byLabel)
        .map((a) => a.id),
    );
    const critical = await windowOf({ level: 'critical', provider: 'google', sort: 'label' });
    expect(critical.rows.map((a) => a.id)).toEqual(
      all
        .filter((a) => a.expiryLevel === 'critical' && a.provider === 'google')
        .sort(byLabel)
        .map((a) => a.id),
    );
    expect(critical.matching).toBe(critical.rows.length);
    // A page fetched while scrolling carries how many match, without the counts.
    const page = await windowOf({ level: 'critical', provider: 'google', sort: 'label', limit: 3, counts: false });
    expect(page).toMatchObject({ counts: null, matching: critical.matching, rows: critical.rows.slice(0, 3) });

    // A search is literal: % and _ are characters, not wildcards; case does not matter.
    const percent = await windowOf({ search: '50%OFF', sort: 'label' });
    expect(percent.rows.length).toBeGreaterThan(0);
    expect(percent.rows.every((a) => a.label.startsWith('50%off'))).toBe(true);
    // As a wildcard, _ would match "Zed-1…"; taken literally, nothing holds "d_1".
    expect((await windowOf({ search: 'd-1' })).matching).toBeGreaterThan(0);
    expect((await windowOf({ search: 'd_1' })).matching).toBe(0);
    expect((await windowOf({ search: 'a_1' })).matching).toBe(all.filter((a) => a.label.includes('a_1')).length);
    const byError = await windowOf({ search: '100% REFUSED' });
    expect(byError.matching).toBe(all.filter((a) => a.lastError?.includes('100% refused')).length);
    const korean = await windowOf({ search: '상점', sort: 'label' });
    expect(korean.rows.map((a) => a.id)).toEqual(
      all
        .filter((a) => a.label.includes('상점'))
        .sort(byLabel)
        .map((a) => a.id),
    );

    // Paging by offset visits every match once, in order, whatever the sort.
    for (const sort of ['expiry', 'label', 'provider', 'status', 'lastRefresh'] as const) {
      const seen: string[] = [];
      for (let offset = 0; ; offset += 97) {
        const page = await windowOf({ sort, offset, limit: 97 });
        seen.push(...page.rows.map((a) => a.id));
        if (page.rows.length < 97) break;
      }
      expect(seen, sort).toEqual((await windowOf({ sort })).rows.map((a) => a.id));
      expect(new Set(seen).size, sort).toBe(all.length);
    }

    // Selecting every match takes their ids, in the same order.
    const ids = await must<{ accounts: { id: string; provider: string }[]; capped: boolean }>(
      core,
      'accounts:matchingIds',
      { level: 'attention', sort: 'label' },
    );
    expect(ids).toEqual({ accounts: attention.rows.map((a) => ({ id: a.id, provider: a.provider })), capped: false });
    // A screen that names its accounts gets those, whatever else matches.
    const named = await windowOf({ ids: [all[3]!.id, all[1]!.id, 'acct-none'], sort: 'label' });
    expect(named.rows.map((a) => a.id).sort()).toEqual([all[1]!.id, all[3]!.id].sort());
  });

  it('the counts are kept between changes, and are judged again when time alone moves an account to another level', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const clock = testClock(now);
    const core = await testCore({ clock });
    const row = (id: string, refreshIn: number) => ({
      id,
      provider: 'oidc' as const,
      kind: 'identity' as const,
      label: id,
      config: '{}',
      status: 'connected' as const,
      access_expires_at: now + 3_600_000,
      refresh_expires_at: now + refreshIn,
      next_refresh_at: now + DAY,
      created_at: now,
      updated_at: now,
    });
    await core.internals.store.db
      .insertInto('accounts')
      .values([row('acct-soon', 2 * DAY), row('acct-later', 10 * DAY)])
      .execute();
    const counts = async () => (await must<AccountWindow>(core, 'accounts:window', { limit: 0 })).counts!;
    expect((await counts()).byLevel).toMatchObject({ warning: 1, ok: 1, critical: 0 });
    // Kept: a row written behind the core's back, announced by nobody, is not counted yet.
    await core.internals.store.db
      .insertInto('accounts')
      .values(row('acct-unannounced', 20 * DAY))
      .execute();
    expect((await counts()).total).toBe(2);
    core.internals.services.events.emit('accounts:changed', { ids: ['acct-unannounced'] });
    expect((await counts()).total).toBe(3);
    // A day later nothing was written, yet acct-soon lapses within a day: the kept counts end there.
    clock.advance(DAY + 1);
    expect((await counts()).byLevel).toMatchObject({ warning: 0, ok: 2, critical: 1 });
    expect((await counts()).attention).toBe(1);
    // A change through the core is announced, and the next counts follow it.
    await must(core, 'accounts:setEnabled', { id: 'acct-later', enabled: false });
    expect((await counts()).byStatus).toMatchObject({ connected: 2, disabled: 1 });
    // So does a change of the thresholds (a setting).
    await must(core, 'settings:update', { expiryCriticalDays: 0.5 });
    expect((await counts()).byLevel).toMatchObject({ critical: 0, warning: 1 });
  });

  it('the judgement kept with each row agrees with the rules as time moves, rows change behind the core and thresholds differ', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const { core } = await seedVariety(now);
    const { clock, store, services } = {
      clock: core.internals.services.clock as ReturnType<typeof testClock>,
      ...core.internals,
    };
    const scopeNow = () => ({
      clock: ruleClock(clock.now(), THRESHOLDS),
      rules: {
        level: LEVEL_RULES,
        health: HEALTH_RULES,
        lapsesAt: { when: { status: ['connected' as const] }, at: GOVERNING_END },
      },
    });
    /** The window and the counts say what the rules say of the whole list, at the clock's instant. */
    const agrees = async (when: string) => {
      const all = await must<Account[]>(core, 'accounts:list');
      const urgent = await must<AccountWindow>(core, 'accounts:window', { sort: 'expiry', limit: 1000 });
      expect(
        urgent.rows.map((a) => a.id),
        when,
      ).toEqual([...all].sort((a, b) => byUrgency(a, b) || (a.id < b.id ? -1 : 1)).map((a) => a.id));
      for (const level of ['ok', 'warning', 'critical', 'expired', 'unknown'] as const)
        expect(urgent.counts?.byLevel[level], `${when}: ${level}`).toBe(
          all.filter((a) => a.expiryLevel === level).length,
        );
      expect(urgent.counts?.attention, when).toBe(all.filter(needsAttention).length);
      for (const status of ['connected', 'not_connected', 'needs_reauth', 'error', 'disabled'] as const)
        expect(urgent.counts?.byStatus[status], `${when}: ${status}`).toBe(
          all.filter((a) => a.status === status).length,
        );
      const critical = await must<AccountWindow>(core, 'accounts:window', { level: 'critical', sort: 'label' });
      expect(critical.matching, when).toBe(all.filter((a) => a.expiryLevel === 'critical').length);
    };
    const claim = () => store.read.accounts.judgementClaim(scopeNow());

    await agrees('first call');
    // The first call judged every row and claimed them for this device.
    expect(await claim()).toMatchObject({ holds: true, stale: false, by: services.device });
    // Time moves across each edge the rows sit on (1 ms before, at, after), forward and back.
    for (const step of [1, 1, DAY - 2, 1, DAY / 2, 2 * DAY, -3 * DAY, -DAY / 2]) {
      clock.advance(step);
      services.events.emit('accounts:changed', { ids: [] });
      await agrees(`at now ${step >= 0 ? '+' : ''}${step}`);
      expect((await claim()).stale).toBe(false);
    }
    // Rows written behind the core's back are judged again: the store's trigger marks them.
    await store.db
      .updateTable('accounts')
      .set({ refresh_expires_at: clock.now() - 1, status: 'connected' })
      .where('id', 'in', ['acct-v0001', 'acct-v0002', 'acct-v0003'])
      .execute();
    await store.db.updateTable('accounts').set({ status: 'disabled' }).where('id', '=', 'acct-v0004').execute();
    expect((await claim()).stale).toBe(true);
    services.events.emit('accounts:changed', { ids: [] });
    await agrees('after writes behind the core');

    // Another device claimed the rows for other thresholds a minute ago: this one judges in the query
    // instead of fighting over the rows, and is right all the same.
    clock.advance(DAY / 3);
    await claimedElsewhere(core, clock.now() - 60_000);
    services.events.emit('accounts:changed', { ids: [] });
    await agrees('while another device holds the claim');
    expect(await claim()).toMatchObject({ holds: false, by: 'device-b' });
    // A claim left for more than an hour is taken over.
    clock.advance(2 * 3_600_000);
    await agrees('after the claim is taken over');
    expect(await claim()).toMatchObject({ holds: true, by: services.device });

    // This device's own thresholds change: it judges every row again under them.
    await must(core, 'settings:update', { expiryCriticalDays: 2 });
    const all = await must<Account[]>(core, 'accounts:list');
    const urgent = await must<AccountWindow>(core, 'accounts:window', { sort: 'expiry', limit: 1000 });
    expect(urgent.rows.map((a) => a.id)).toEqual(
      [...all].sort((a, b) => byUrgency(a, b) || (a.id < b.id ? -1 : 1)).map((a) => a.id),
    );
    expect(urgent.counts?.byLevel.critical).toBe(all.filter((a) => a.expiryLevel === 'critical').length);
    const after = await store.read.accounts.judgementClaim({
      ...scopeNow(),
      clock: ruleClock(clock.now(), { expiryWarningDays: 3, expiryCriticalDays: 2 }),
    });
    expect(after).toMatchObject({ holds: true, by: services.device });
  });

  it('the expiry check finds exactly the accounts whose alert state moved, as the rules in memory judge them', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    const { core } = await seedVariety(now);
    const { store, services } = core.internals;
    const clock = services.clock as ReturnType<typeof testClock>;
    await must(core, 'settings:update', THRESHOLDS);
    const stored = async () =>
      new Map((await store.db.selectFrom('accounts').selectAll().execute()).map((r) => [r.id, r]));
    /** Every row's announced state is what the rules say now; returns the rows that moved. */
    const agrees = async (when: string, before: Awaited<ReturnType<typeof stored>>) => {
      const after = await stored();
      const at = ruleClock(clock.now(), THRESHOLDS);
      const moved: string[] = [];
      for (const [id, row] of after) {
        const expected =
          row.status === 'not_connected'
            ? before.get(id)?.alert_level
            : ALERT_RULES[firstMatch(ALERT_RULES, row, at)]?.then;
        expect(row.alert_level, `${when}: ${id}`).toBe(expected ?? null);
        if (before.get(id)?.alert_level !== row.alert_level) moved.push(id);
      }
      return moved;
    };
    // The screen (or the tray's counts) keeps the judgements with the rows; from then on a check reads
    // only the rows judged, or waiting to be judged, since the one before.
    const judge = () => must(core, 'accounts:window', { sort: 'expiry', limit: 10, counts: true });
    await judge();
    let before = await stored();
    await core.internals.alerts.check();
    expect((await agrees('first check', before)).length).toBeGreaterThan(300);
    // Nothing moved: nothing is written or announced.
    before = await stored();
    expect(await core.internals.alerts.check()).toEqual({ changes: 0 });
    expect(await agrees('again', before)).toEqual([]);
    // Time crosses the edges the rows sit on; rows change behind the core; the screen judges them
    // again before some checks and not before others.
    for (const [i, step] of [1, DAY - 1, 2 * DAY, -3 * DAY, DAY / 2, 2 * DAY].entries()) {
      clock.advance(step);
      // Rows change behind the core: read as they wait to be judged (2), or once judged again (3).
      const changed = { 2: ['acct-v0001', 'acct-v0002'], 3: ['acct-v0005', 'acct-v0014'] }[i];
      if (changed)
        await store.db.updateTable('accounts').set({ status: 'needs_reauth' }).where('id', 'in', changed).execute();
      if (i % 2 === 1) await judge();
      before = await stored();
      await core.internals.alerts.check();
      expect((await agrees(`at now ${step}`, before)).length, `at now ${step}`).toBeGreaterThan(0);
    }
    // Another process on the same store (the command line, a teammate's console) checks between two
    // of this one's: this one's next check still leaves every state as the rules say.
    const other = await testCore({ dataDir: core.dataDir, clock });
    clock.advance(DAY / 4);
    const refused = [...(await stored()).values()].find((r) => r.status === 'connected')!.id;
    await writeBehind(core, refused, { status: 'needs_reauth' });
    await judge();
    before = await stored();
    await other.internals.alerts.check();
    expect(await agrees('checked by another process', before)).toContain(refused);
    clock.advance(DAY / 4);
    before = await stored();
    await core.internals.alerts.check();
    await agrees('checked again by this one', before);
    await judge();
    await core.internals.alerts.check();
    // A level written behind the core, on a column no rule reads: nothing judges that row again, so
    // the check does not read it (it reads what moved, not every account)…
    await writeBehind(core, 'acct-v0001', { alert_level: 'written behind' });
    expect(await core.internals.alerts.check()).toEqual({ changes: 0 });
    expect((await stored()).get('acct-v0001')?.alert_level).toBe('written behind');
    // …until its row changes: every writer's change leaves it waiting to be judged (the store's trigger).
    await writeBehind(core, 'acct-v0001', { status: 'connected' });
    before = await stored();
    await core.internals.alerts.check();
    expect(await agrees('after the row changed', before)).toContain('acct-v0001');
    // Another device's thresholds hold the rows: every row is judged in the query, and agrees.
    clock.advance(DAY / 3);
    await claimedElsewhere(core, clock.now() - 60_000);
    await writeBehind(core, 'acct-v0002', { alert_level: 'written behind' });
    before = await stored();
    await core.internals.alerts.check();
    expect(await agrees('while another device holds the claim', before)).toContain('acct-v0002');
    // Two hours on, the screen takes the rows back under new thresholds of this device's own: every
    // row is judged again under them, and read.
    await must(core, 'settings:update', { expiryCriticalDays: 2 });
    clock.advance(2 * 3_600_000);
    await judge();
    await core.internals.alerts.check();
    const at = ruleClock(clock.now(), { ...THRESHOLDS, expiryCriticalDays: 2 });
    for (const row of (await stored()).values())
      if (row.status !== 'not_connected')
        expect(row.alert_level, row.id).toBe(ALERT_RULES[firstMatch(ALERT_RULES, row, at)]?.then);
  });

  it.skipIf(ENGINE !== 'postgres')(
    'every account judged at once brings PostgreSQL’s planner statistics up to date, without waiting for autovacuum',
    async () => {
      const core = await testCore();
      const { store } = core.internals;
      await seedAccounts(store, 1_500, Date.now());
      const analyzed = async () =>
        (
          await sql<{ at: Date | null }>`SELECT last_analyze AS at FROM pg_stat_user_tables
            WHERE relname = 'accounts' AND schemaname = current_schema()`.execute(store.db)
        ).rows[0]?.at ?? null;
      expect(await analyzed()).toBeNull();
      // The first window judges all 1,500 rows and keeps the judgements with them.
      await must(core, 'accounts:window', { limit: 10, counts: true });
      await expect.poll(analyzed, { timeout: 10_000 }).not.toBeNull();
    },
  );

  it('a search follows new, renamed, failing and removed accounts, and finds the same after a VACUUM', async () => {
    const now = Date.parse('2026-11-22T12:00:00Z');
    // More accounts than SQLite's index answers for (2,000): a search that keeps most reads the rows.
    const { core } = await seedVariety(now, 2100);
    const store = core.internals.store;
    const found = async (search: string) =>
      (await must<AccountWindow>(core, 'accounts:window', { search, sort: 'label', limit: 1000 })).rows.map(
        (a) => a.id,
      );
    const matching = async (search: string) =>
      (await must<AccountWindow>(core, 'accounts:window', { search, limit: 0, counts: false })).matching;
    // What the search must find, by reading every account (lower case on both sides: ASCII here).
    const expected = async (search: string) => {
      const q = search.toLowerCase();
      return (await must<Account[]>(core, 'accounts:list'))
        .filter((a) => [a.label, a.id, a.lastError ?? ''].some((t) => t.toLowerCase().includes(q)))
        .sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : a.id < b.id ? -1 : 1))
        .map((a) => a.id);
    };
    // Short (every row read) and long (SQLite's trigram index) searches agree with a full read.
    for (const search of [
      'z',
      'ZE',
      'zed',
      'ZED-1',
      'v02',
      'acct-v0299',
      'acct-v',
      'TIMEOUT after',
      '"q"',
      'nothing!',
    ]) {
      const all = await expected(search);
      expect(await found(search), search).toEqual(all.slice(0, 1000));
      expect(await matching(search), search).toBe(all.length);
    }
    // A NUL cannot be searched for (PostgreSQL stores none): refused, and the field named.
    const nul = await core.invoke('accounts:window', { search: 'zed\u0000' }, viewer);
    expect(nul).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/search/) },
    });
    // A match never spans two fields: a label's end and the id's start are not one text.
    const label = (await must<Account>(core, 'accounts:get', { id: 'acct-v0007' })).label;
    expect(await found(`${label.slice(-2)}acct`)).toEqual([]);

    await store.db
      .updateTable('accounts')
      .set({ label: 'Renamed Storefront' })
      .where('id', '=', 'acct-v0007')
      .execute();
    await store.db
      .updateTable('accounts')
      .set({ last_error_message: 'quota "exceeded" at the provider' })
      .where('id', '=', 'acct-v0008')
      .execute();
    await store.db
      .insertInto('accounts')
      .values({ ...varietyRows(now, 1)[0]!, id: 'acct-new-one', label: 'Brand new storefront' })
      .execute();
    expect(await found('storefront')).toEqual(['acct-new-one', 'acct-v0007']);
    expect(await found(label)).not.toContain('acct-v0007');
    expect(await found('"exceeded"')).toEqual(['acct-v0008']);
    await must(core, 'accounts:remove', { id: 'acct-new-one' });
    expect(await found('storefront')).toEqual(['acct-v0007']);

    if (store.sqlite) {
      // A VACUUM may renumber the rows of a table keyed by text; the search index keeps its own keys.
      const before = await Promise.all(['zed', 'storefront', 'ämter', '50%OFF'].map(found));
      store.sqlite.exec('VACUUM');
      expect(await Promise.all(['zed', 'storefront', 'ämter', '50%OFF'].map(found))).toEqual(before);
    }
  });

  it('one account by id, and a clear error for one that does not exist; a viewer may read windows', async () => {
    const now = Date.now();
    const core = await testCore();
    await seedAccounts(core.internals.store, 12, now);
    const one = await must<Account>(core, 'accounts:get', { id: 'acct-00003' });
    expect(one).toMatchObject({ id: 'acct-00003', status: 'needs_reauth' });
    const missing = await core.invoke('accounts:get', { id: 'acct-nope' }, viewer);
    expect(missing).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND', message: expect.stringContaining('acct-nope') },
    });
    const window = await core.invoke('accounts:window', { limit: 5, sort: 'label' }, viewer);
    expect(window).toMatchObject({ ok: true });
    const bad = await core.invoke('accounts:window', { provider: 'yahoo', limit: 5000 }, viewer);
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error.code).toBe('INVALID_INPUT');
      expect(bad.error.message).toMatch(/provider/);
      expect(bad.error.message).toMatch(/limit/);
    }
  });

  it('the CLI lists a window of the matches and says how to page on', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    await seedAccounts(core.internals.store, 30, Date.now());
    await core.close();
    const out = await cli(['--data-dir', dataDir, 'accounts', 'list', '--level', 'attention', '--limit', '3']);
    expect(out.code, out.stderr).toBe(0);
    expect(out.stdout).toMatch(/1–3 of \d+ matching shown · 30 account\(s\), \d+ need attention\. Next: --offset 3/);
    const json = JSON.parse(
      (await cli(['--data-dir', dataDir, '--json', 'accounts', 'list', '--search', 'shop000', '--sort', 'label']))
        .stdout,
    ) as AccountWindow;
    expect(json.rows.map((a) => a.label)).toEqual([...json.rows.map((a) => a.label)].sort());
    expect(json.rows.every((a) => a.label.includes('shop000'))).toBe(true);
    const wrong = await cli(['--data-dir', dataDir, 'accounts', 'list', '--glance', 'soon']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/glance/);
    const status = await cli(['--data-dir', dataDir, 'tokens', 'status']);
    expect(status.code).toBe(1);
    expect(status.stdout).toMatch(/\d+ of 30 account\(s\) need attention\./);
  });
});
