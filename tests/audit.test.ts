import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Core } from '../electron/main/core/core';
import { AUDIT_OWNER, auditKeyKind, neutralise, newAuditKey } from '../electron/main/core/audit/audit';
import { HeadMoved, SIGNING_KEY, untilHeadStill } from '../electron/main/core/store/audit';
import { admin, must, realKeyStore, testCore } from './helpers/core';
import { q } from './helpers/sql';
import { ENGINE, freshDatabase, PG_SERVER } from './helpers/store';
import { tempDir } from './helpers/temp';
import { createCore } from '../electron/main/core/core';

describe('audit log', () => {
  it('is hash-chained and detects an edited entry', async () => {
    const core = await testCore();
    for (let i = 0; i < 5; i++)
      await core.internals.audit.append(
        { actor: 'a', role: 'admin', action: `x:${i}`, target: null, outcome: 'ok', detail: null },
        i,
      );
    expect(await core.internals.audit.verify()).toMatchObject({ ok: true, entries: 5, brokenAtSeq: null });
    await expect(q(core).exec`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`).rejects.toThrow(/append-only/);
    await expect(q(core).exec`DELETE FROM audit_log WHERE seq = 3`).rejects.toThrow(/append-only/);
    // Someone with raw access drops the triggers and edits a row: the chain shows it.
    if (ENGINE === 'sqlite') await q(core).exec`DROP TRIGGER audit_log_no_update`;
    else await q(core).exec`DROP TRIGGER audit_log_no_update ON audit_log`;
    await q(core).exec`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`;
    expect(await must(core, 'audit:verify')).toMatchObject({
      ok: false,
      entries: 3,
      brokenAtSeq: 3,
      reason: 'changed',
    });
  });

  it('neutralises log injection in free text', () => {
    expect(neutralise('line\r\nforged: entry')).toBe('line\\u000d\\u000aforged: entry');
    expect(neutralise('\u001b[31mred')).toBe('\\u001b[31mred');
    expect(neutralise('abc\u202Edef')).toBe('abc\\u202edef');
    expect(neutralise('y'.repeat(2000))).toHaveLength(501);
  });

  it('pages newest first', async () => {
    const core = await testCore();
    for (let i = 0; i < 30; i++)
      await core.internals.audit.append(
        { actor: 'a', role: 'admin', action: 'x', target: String(i), outcome: 'ok', detail: null },
        i,
      );
    const first = await must<{ seq: number }[]>(core, 'audit:list', { limit: 10 });
    expect(first.map((e) => e.seq)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    const next = await must<{ seq: number }[]>(core, 'audit:list', { limit: 10, beforeSeq: 21 });
    expect(next[0]!.seq).toBe(20);
  });
});

/** Someone who can write the database (not open a keychain) lifts the append-only triggers. */
async function unguard(core: Core): Promise<void> {
  for (const name of ['audit_log_no_update', 'audit_log_no_delete']) {
    if (ENGINE === 'sqlite') await q(core).exec`DROP TRIGGER IF EXISTS ${sql.raw(name)}`;
    else await q(core).exec`DROP TRIGGER IF EXISTS ${sql.raw(name)} ON audit_log`;
  }
}

interface Row {
  seq: number;
  at: number;
  actor: string;
  role: string;
  action: string;
  target: string | null;
  outcome: string;
  detail: string | null;
  device: string | null;
  prev_hash: string;
  hash: string;
}

/** The chain as our (public) source computes it: what an attacker who read it would recompute. */
function recomputed(rows: Row[]): Row[] {
  let prev = '0'.repeat(64);
  return rows.map((r) => {
    const fields: unknown[] = [Number(r.at), r.actor, r.role, r.action, r.target, r.outcome, r.detail];
    if (r.device !== null) fields.push(r.device);
    const hash = createHash('sha256').update(prev).update(JSON.stringify(fields)).digest('hex');
    const row = { ...r, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
}

async function signedLog(): Promise<Core> {
  const core = await testCore();
  await core.start();
  for (let i = 0; i < 6; i++) await must(core, 'settings:update', { expiryWarningDays: 3 + i });
  // This device anchors the head in its keychain (shortly after each append; at once here).
  await core.internals.audit.anchor?.flush();
  return core;
}

describe('an audit log that someone with the database but no keychain cannot rewrite unseen', () => {
  it('signs each entry, names the device, and an untouched log verifies', async () => {
    const core = await signedLog();
    const rows = await q(core).all<{ mac: string | null; device: string | null }>`SELECT mac, device FROM audit_log`;
    expect(rows.length).toBe(6);
    expect(rows.every((r) => typeof r.mac === 'string' && r.device === core.internals.services.device)).toBe(true);
    const v = await must<{ ok: boolean; anchoredSeq: number | null; unsigned: number }>(core, 'audit:verify');
    expect(v).toMatchObject({ ok: true, entries: 6, unsigned: 0, reason: null });
    // (PostgreSQL's sequence skips numbers that a rolled-back probe took: compare with the real last.)
    const last = await q(core).one<number>`SELECT max(seq) FROM audit_log`;
    expect(v.anchoredSeq).toBe(Number(last));
  });

  const seqs = async (core: Core) =>
    (await q(core).all<{ seq: number }>`SELECT seq FROM audit_log ORDER BY seq`).map((r) => Number(r.seq));

  it.each([
    [
      'an edited entry',
      async (core: Core, s: number[]) => {
        await q(core).exec`UPDATE audit_log SET actor = 'mallory' WHERE seq = ${s[2]}`;
        return { at: s[2], reason: 'changed' };
      },
    ],
    [
      'an entry deleted in the middle',
      async (core: Core, s: number[]) => {
        await q(core).exec`DELETE FROM audit_log WHERE seq = ${s[2]}`;
        return { at: s[3], reason: 'changed' };
      },
    ],
    [
      'the newest entries deleted',
      async (core: Core, s: number[]) => {
        await q(core).exec`DELETE FROM audit_log WHERE seq >= ${s[4]}`;
        return { at: s[3], reason: 'missing' };
      },
    ],
    [
      'two entries swapped',
      async (core: Core, s: number[]) => {
        const [a, b] = await q(core).all<Row>`SELECT * FROM audit_log WHERE seq IN (${s[1]}, ${s[2]}) ORDER BY seq`;
        for (const [to, from] of [
          [a!, b!],
          [b!, a!],
        ] as const)
          await q(core).exec`UPDATE audit_log SET at = ${from.at}, actor = ${from.actor}, action = ${from.action},
            target = ${from.target}, detail = ${from.detail}, prev_hash = ${from.prev_hash}, hash = ${from.hash},
            mac = ${(from as Row & { mac: string }).mac} WHERE seq = ${to.seq}`;
        return { at: s[1], reason: 'changed' };
      },
    ],
    [
      'an edit with the whole chain recomputed',
      async (core: Core, s: number[]) => {
        const rows = await q(core).all<Row>`SELECT * FROM audit_log ORDER BY seq`;
        rows[1] = { ...rows[1]!, actor: 'mallory', detail: 'nothing happened' };
        for (const r of recomputed(rows))
          await q(core).exec`UPDATE audit_log SET actor = ${r.actor}, detail = ${r.detail}, prev_hash = ${r.prev_hash},
            hash = ${r.hash} WHERE seq = ${r.seq}`;
        return { at: s[1], reason: 'forged' };
      },
    ],
    [
      'a recomputed chain with the signatures stripped and the newest entries dropped',
      async (core: Core, s: number[]) => {
        const rows = (await q(core).all<Row>`SELECT * FROM audit_log ORDER BY seq`).slice(0, 3);
        rows[1] = { ...rows[1]!, actor: 'mallory' };
        await q(core).exec`DELETE FROM audit_log WHERE seq > ${s[2]}`;
        for (const r of recomputed(rows))
          await q(core).exec`UPDATE audit_log SET actor = ${r.actor}, prev_hash = ${r.prev_hash}, hash = ${r.hash},
            mac = NULL, mac_key = NULL WHERE seq = ${r.seq}`;
        return { at: s[2], reason: 'missing' };
      },
    ],
  ])('detects %s and says where', async (_name, tamper) => {
    const core = await signedLog();
    await unguard(core);
    const expected = await tamper(core, await seqs(core));
    const v = await must<{ ok: boolean; brokenAtSeq: number; reason: string; say: { key: string } }>(
      core,
      'audit:verify',
    );
    expect(v).toMatchObject({ ok: false, brokenAtSeq: expected.at, reason: expected.reason });
    expect(v.say.key).toBe(`audit.verify.${expected.reason}`);
    // The health panel says the same.
    const health = await must<{ checks: { id: string; status: string }[] }>(core, 'health:check');
    expect(health.checks.find((c) => c.id === 'audit')?.status).toBe('fail');
  });

  it('a key made elsewhere (a member removed on another workstation) signs the very next entry here', async () => {
    const core = await signedLog();
    const { store, vault } = core.internals;
    const held = Number(await store.read.meta.get(SIGNING_KEY));
    // What `team remove` does on another device: a new audit key sealed beside the old, its version recorded.
    await store.transaction(async (tx) => {
      await vault.put(AUDIT_OWNER, auditKeyKind(held + 1), newAuditKey());
      await tx.meta.set(SIGNING_KEY, String(held + 1));
    });
    await must(core, 'settings:update', { expiryWarningDays: 9 });
    const last = await q(core).all<{ mac_key: number | null }>`SELECT mac_key FROM audit_log ORDER BY seq DESC LIMIT 1`;
    expect(Number(last[0]?.mac_key)).toBe(held + 1);
    expect(await must(core, 'audit:verify')).toMatchObject({ ok: true, unsigned: 0 });
    await core.close();
  });

  it('an entry is chained to the head as it is when written, not as it was first read', async () => {
    const core = await signedLog();
    const { store } = core.internals;
    const prevs: (string | null)[] = [];
    await store.transaction((tx) =>
      tx.audit.append(async (prev) => {
        prevs.push(prev);
        // Another entry lands between the first read of the head and the insert.
        if (prevs.length === 1) await tx.audit.probe();
        return {
          at: 1,
          actor: 'test',
          role: 'admin',
          action: 'test:append',
          target: null,
          outcome: 'ok',
          detail: null,
          prev_hash: prev ?? '',
          hash: `after-${prev ?? ''}`,
          device: null,
          mac: null,
          mac_key: null,
        };
      }),
    );
    // The first attempt wrote nothing; the second was made from the entry that landed (the probe's, hash '').
    expect(prevs).toHaveLength(2);
    expect(prevs[1]).toBe('');
    const rows = await q(core).all<{
      action: string;
      prev_hash: string;
    }>`SELECT action, prev_hash FROM audit_log WHERE action = 'test:append'`;
    expect(rows).toEqual([{ action: 'test:append', prev_hash: '' }]);
    await core.close();
  });

  it('a head taken ahead (`hold`, as a refresh does with its re-read) serves one entry; the next follows it', async () => {
    const core = await signedLog();
    const { store } = core.internals;
    const [before] = await q(core).all<{ hash: string }>`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`;
    const prevs: (string | null)[] = [];
    const entry = (name: string) => (prev: string | null) => {
      prevs.push(prev);
      return {
        at: 1,
        actor: 'test',
        role: 'admin',
        action: 'test:held',
        target: null,
        outcome: 'ok',
        detail: null,
        prev_hash: prev ?? '',
        hash: name,
        device: null,
        mac: null,
        mac_key: null,
      } as const;
    };
    await store.transaction(async (tx) => {
      await tx.audit.hold();
      await tx.audit.append(entry('first'));
      await tx.audit.append(entry('second'));
    });
    // One try each: the second was made from the first, not from the head held before it.
    expect(prevs).toEqual([before?.hash, 'first']);
    const rows = await q(core).all<{ hash: string; prev_hash: string }>`
      SELECT hash, prev_hash FROM audit_log WHERE action = 'test:held' ORDER BY seq`;
    expect(rows).toEqual([
      { hash: 'first', prev_hash: before?.hash },
      { hash: 'second', prev_hash: 'first' },
    ]);
    await core.close();
  });

  it.skipIf(ENGINE !== 'postgres')(
    'an entry whose head moved under it (a writer that skips the lock) ends its transaction with nothing of it kept; its owner runs it again',
    async () => {
      const core = await signedLog();
      const { store } = core.internals;
      const entry = (hash: string) => (prev: string | null) =>
        ({
          at: 1,
          actor: 'test',
          role: 'admin',
          action: 'test:moved',
          target: null,
          outcome: 'ok',
          detail: null,
          prev_hash: prev ?? '',
          hash,
          device: null,
          mac: null,
          mac_key: null,
        }) as const;
      // Outside the transaction (another connection), without the lock.
      const intrude = async (hash: string) => {
        const [head] = await q(core).all<{ hash: string }>`SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1`;
        await q(core).exec`INSERT INTO audit_log (at, actor, role, action, target, outcome, detail, prev_hash, hash)
          VALUES (1, 'intruder', 'admin', 'test:intruder', NULL, 'ok', NULL, ${head?.hash ?? ''}, ${hash})`;
      };
      // The entry is the transaction's last statement, its COMMIT sent with it: refused, it takes the
      // transaction's other writes with it instead of committing them without their entry.
      await expect(
        store.transaction(async (tx, end) => {
          await tx.meta.set('moved-test', 'written before the entry');
          await tx.audit.hold();
          await intrude('intruder-1');
          return tx.audit.append(entry('never'), end);
        }),
      ).rejects.toBeInstanceOf(HeadMoved);
      expect(await store.read.meta.get('moved-test')).toBeNull();
      // Its owner runs it again, and the entry follows the intruder's.
      let runs = 0;
      const seq = await untilHeadStill(() =>
        store.transaction(async (tx, end) => {
          runs += 1;
          await tx.meta.set('moved-test', `run ${runs}`);
          await tx.audit.hold();
          if (runs === 1) await intrude('intruder-3');
          return tx.audit.append(entry('made again'), end);
        }),
      );
      expect(runs).toBe(2);
      expect(await store.read.meta.get('moved-test')).toBe('run 2');
      const rows = await q(core).all<{ seq: number; hash: string; prev_hash: string }>`
        SELECT seq, hash, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 2`;
      expect(rows.map((r) => [r.hash, r.prev_hash])).toEqual([
        ['made again', 'intruder-3'],
        ['intruder-3', expect.any(String)],
      ]);
      expect(Number(rows[0]?.seq)).toBe(seq);
      await core.close();
    },
  );

  it('entries written before any key was reachable are counted as not vouched for, and doctor warns', async () => {
    const core = await testCore(); // never started: the vault is locked, so nothing can be signed
    await must(core, 'settings:update', { expiryWarningDays: 4 });
    await must(core, 'settings:update', { expiryWarningDays: 5 });
    const v = await must<{ ok: boolean; unsigned: number; say: { key: string } }>(core, 'audit:verify');
    expect(v).toMatchObject({ ok: true, unsigned: 2 });
    expect(v.say.key).toBe('audit.verify.intactUnsigned');
    const health = await must<{ checks: { id: string; status: string }[] }>(core, 'health:check');
    // (doctor unlocks the vault for its keychain check: the next entry signed will vouch for them)
    expect(['warn', 'ok']).toContain(health.checks.find((c) => c.id === 'audit')?.status);
    await must(core, 'settings:update', { expiryWarningDays: 6 });
    expect(await must(core, 'audit:verify')).toMatchObject({ ok: true, unsigned: 0 });
  });

  it('filters by member, action, target, outcome and time; exports formula-safe CSV and JSON lines', async () => {
    const core = await signedLog();
    await must(core, 'settings:update', { expiryWarningDays: 9 }, { ...admin, actor: '=HYPERLINK("http://x")' });
    await core.invoke('accounts:remove', { id: 'nope' }, admin);
    const byActor = await must<{ actor: string }[]>(core, 'audit:list', { actor: 'hyperlink' });
    expect(byActor.map((e) => e.actor)).toEqual(['=HYPERLINK("http://x")']);
    const failed = await must<{ action: string }[]>(core, 'audit:list', { outcome: 'error' });
    expect(failed.map((e) => e.action)).toEqual(['accounts:remove']);
    expect(await must<unknown[]>(core, 'audit:list', { action: 'settings:update' })).toHaveLength(7);
    expect(await must<unknown[]>(core, 'audit:list', { from: '2999-01-01T00:00:00Z' })).toHaveLength(0);
    expect(await must<string[]>(core, 'audit:actions')).toEqual(['accounts:remove', 'settings:update']);
    const csv = await must<{ text: string; entries: number }>(core, 'audit:export', { format: 'csv' });
    expect(csv.entries).toBe(8);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('seq,at,actor,role,device,action,target,outcome,detail,signed');
    expect(lines[1]).toMatch(/^\d+,\d{4}-/);
    expect(csv.text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const jsonl = await must<{ text: string }>(core, 'audit:export', { format: 'jsonl', action: 'accounts:remove' });
    expect(
      jsonl.text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { action: string }).action),
    ).toEqual(['accounts:remove']);
  });
});

describe.skipIf(!PG_SERVER || ENGINE === 'postgres')('anchors and moving between stores', () => {
  it('a folder that moved to PostgreSQL and went back to its own file: each log verifies against its own anchor', async () => {
    const dataDir = tempDir();
    const url = await freshDatabase();
    const here = await createCore({ dataDir, keyStore: realKeyStore() });
    await here.start();
    for (let i = 0; i < 3; i++) await must(here, 'settings:update', { expiryWarningDays: 3 + i });
    await must(here, 'store:move', { to: url });
    await here.close();
    // The shared copy goes on growing…
    const shared = await createCore({ dataDir, keyStore: realKeyStore(), storeUrl: url });
    await shared.start();
    for (let i = 0; i < 5; i++) await must(shared, 'settings:update', { expiryWarningDays: 4 + i });
    expect(await must(shared, 'audit:verify')).toMatchObject({ ok: true });
    await shared.close();
    // …while the file left behind keeps its own, shorter history: not "entries are missing".
    const back = await createCore({ dataDir, keyStore: realKeyStore() });
    await back.start();
    expect(await must(back, 'audit:verify')).toMatchObject({ ok: true, reason: null });
    await back.close();
  });
});
