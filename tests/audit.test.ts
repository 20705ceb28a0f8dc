import { describe, expect, it } from 'vitest';
import { appendAudit, neutralise, verifyAudit } from '../electron/main/core/audit/audit';
import { must, testCore } from './helpers/core';
import { q } from './helpers/sql';
import { ENGINE } from './helpers/store';

describe('audit log', () => {
  it('is hash-chained and detects an edited entry', async () => {
    const core = await testCore();
    const { store } = core.internals;
    for (let i = 0; i < 5; i++)
      await appendAudit(
        store,
        { actor: 'a', role: 'admin', action: `x:${i}`, target: null, outcome: 'ok', detail: null },
        i,
      );
    expect(await verifyAudit(store)).toEqual({ ok: true, entries: 5, brokenAtSeq: null });
    await expect(q(core).exec`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`).rejects.toThrow(/append-only/);
    await expect(q(core).exec`DELETE FROM audit_log WHERE seq = 3`).rejects.toThrow(/append-only/);
    // Someone with raw access drops the triggers and edits a row: the chain shows it.
    if (ENGINE === 'sqlite') await q(core).exec`DROP TRIGGER audit_log_no_update`;
    else await q(core).exec`DROP TRIGGER audit_log_no_update ON audit_log`;
    await q(core).exec`UPDATE audit_log SET actor = 'mallory' WHERE seq = 3`;
    expect(await must(core, 'audit:verify')).toEqual({ ok: false, entries: 3, brokenAtSeq: 3 });
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
      await appendAudit(
        core.internals.store,
        { actor: 'a', role: 'admin', action: 'x', target: String(i), outcome: 'ok', detail: null },
        i,
      );
    const first = await must<{ seq: number }[]>(core, 'audit:list', { limit: 10 });
    expect(first.map((e) => e.seq)).toEqual([30, 29, 28, 27, 26, 25, 24, 23, 22, 21]);
    const next = await must<{ seq: number }[]>(core, 'audit:list', { limit: 10, beforeSeq: 21 });
    expect(next[0]!.seq).toBe(20);
  });
});
