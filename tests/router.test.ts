import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { channels, events } from '../shared/contract';
import type { ApiError } from '../shared/result';
import { createRouter, type Handlers } from '../electron/main/core/router/router';
import { admin, must, support, testCore, viewer } from './helpers/core';

describe('the router', () => {
  it('rejects unknown channels, including ones built from odd values', async () => {
    const core = await testCore();
    for (const name of ['nope:nothing', '__proto__', 'constructor', 'toString', 42, null, 'x'.repeat(10_000)]) {
      const result = await core.invoke(name, undefined, admin);
      expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
      if (!result.ok) expect(result.error.message.length).toBeLessThan(200);
    }
  });

  it('rejects malformed input without reaching the handler and without echoing values', async () => {
    const core = await testCore();
    const bad: unknown[] = [
      { expiryWarningDays: 'three' },
      { expiryWarningDays: Number.NaN },
      { expiryWarningDays: Infinity },
      { expiryWarningDays: -1 },
      { sessionTimeoutMinutes: 2.5 },
      { unknownKey: 1 },
      { ['__proto__']: { polluted: true } },
      'a string',
      [1, 2, 3],
      new Map(),
      new Date(),
      new Uint8Array(4),
      { expiryWarningDays: 10n },
      JSON.parse('{"__proto__": {"polluted": true}}'),
      deep(200),
    ];
    for (const input of bad) {
      const result = await core.invoke('settings:update', input, admin);
      expect(result.ok, String(Object.prototype.toString.call(input))).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('INVALID_INPUT');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const secret = await core.invoke('secrets:set', { name: 'slack-webhook-url', value: 'x'.repeat(9000) }, admin);
    expect(secret).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    if (!secret.ok) expect(secret.error.message).not.toContain('xxxxxxxx');
    expect(await must(core, 'settings:get')).toMatchObject({ expiryWarningDays: 3 });
  });

  it('names the field in a validation error', async () => {
    const core = await testCore();
    const result = await core.invoke('settings:update', { tokenExchangeRetries: 99 }, admin);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(/tokenExchangeRetries/);
  });

  it('enforces roles: viewers read, support cannot change settings, admins can; refusals are audited', async () => {
    const core = await testCore();
    expect((await core.invoke('accounts:list', undefined, viewer)).ok).toBe(true);
    const refused = await core.invoke('settings:update', { expiryWarningDays: 5 }, support);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN', message: expect.stringContaining('admin') },
    });
    expect(await must(core, 'settings:update', { expiryWarningDays: 5 }, admin)).toMatchObject({
      expiryWarningDays: 5,
    });
    const audit = await must<{ action: string; outcome: string; actor: string; detail: string | null }[]>(
      core,
      'audit:list',
    );
    expect(audit.map((a) => [a.actor, a.outcome, a.detail])).toEqual([
      ['tester', 'ok', null],
      ['helper', 'error', 'FORBIDDEN'],
    ]);
  });

  it('the role matrix: over every channel of the contract, viewer and support are refused above their role, each refusal audited under their name', async () => {
    const core = await testCore();
    const ranks = ['viewer', 'support', 'admin'] as const;
    let refusals = 0;
    for (const caller of [viewer, support]) {
      for (const [name, spec] of Object.entries(channels)) {
        const above = ranks.indexOf(spec.role) > ranks.indexOf(caller.role);
        if (!above) continue;
        const result = await core.invoke(name, {}, caller);
        expect(result, `${caller.role} calling ${name}`).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        if (!result.ok) expect(result.error.message).toContain(`${caller.actor}, with the ${caller.role} role`);
        if (spec.mutates) refusals += 1;
      }
    }
    const audit = await must<{ actor: string; role: string; outcome: string; detail: string | null }[]>(
      core,
      'audit:list',
      { limit: 1000 },
    );
    expect(audit).toHaveLength(refusals);
    expect(audit.every((e) => e.outcome === 'error' && e.detail === 'FORBIDDEN')).toBe(true);
    expect(new Set(audit.map((e) => `${e.actor}|${e.role}`))).toEqual(new Set(['watcher|viewer', 'helper|support']));
  });

  it('never lets an output that fails its schema leave, and hides internal error text', async () => {
    const handlers = { 'accounts:list': () => [{ id: 'a', accessToken: 'LEAKED-TOKEN' }] } as unknown as Handlers;
    const logged: unknown[] = [];
    const router = createRouter(
      handlers,
      async () => {},
      (_c, e) => logged.push(e),
    );
    const result = await router.invoke('accounts:list', undefined, admin);
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } });
    expect(JSON.stringify(result)).not.toContain('LEAKED-TOKEN');

    const throwing = {
      'app:info': () => {
        throw new Error('provider said: refresh_token=SECRET123');
      },
    } as unknown as Handlers;
    const r2 = await createRouter(
      throwing,
      async () => {},
      () => {},
    ).invoke('app:info', undefined, admin);
    expect(r2).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(r2)).not.toContain('SECRET123');
    expect(JSON.stringify(r2)).not.toMatch(/at .*\.ts/);
    // A read changed nothing, and says so.
    expect((r2 as { error: ApiError }).error.message).toMatch(/nothing was changed/);

    // A change that fails unexpectedly may have committed part of its work first: it never claims
    // that nothing was changed, so the admin looks before doing it twice.
    const committed: string[] = [];
    const afterCommit = {
      'settings:update': () => {
        committed.push('settings');
        throw new Error('announce failed after the commit');
      },
    } as unknown as Handlers;
    const r3 = await createRouter(
      afterCommit,
      async () => {},
      () => {},
    ).invoke('settings:update', { theme: 'dark' }, admin);
    expect(committed).toEqual(['settings']);
    expect(r3).toMatchObject({ ok: false, error: { code: 'INTERNAL', say: { key: 'errors.internalChange' } } });
    expect((r3 as { error: ApiError }).error.message).not.toMatch(/nothing was changed/);
    expect((r3 as { error: ApiError }).error.message).toMatch(/look at the result before trying again/);
  });

  it('rejects cross-field setting conflicts with both names', async () => {
    const core = await testCore();
    const r = await core.invoke('settings:update', { expiryCriticalDays: 10 }, admin);
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/expiryCriticalDays.*expiryWarningDays/) },
    });
  });
});

describe('the contract', () => {
  // A bare `code` or an authorization code is a secret; `errorCode` is not.
  const SECRET_NAME = /(token|secret|password|verifier|apikey|api_key|credential|webhookurl|^code|authorizationcode)$/i;

  function keysOf(schema: z.ZodType, path: string[] = []): string[] {
    const def = (schema as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    switch (def.type) {
      case 'object':
        return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => [
          [...path, k].join('.'),
          ...keysOf(v, [...path, k]),
        ]);
      case 'array':
        return keysOf(def.element as z.ZodType, path);
      case 'optional':
      case 'nullable':
      case 'default':
        return keysOf(def.innerType as z.ZodType, path);
      case 'union':
        return (def.options as z.ZodType[]).flatMap((o) => keysOf(o, path));
      default:
        return [];
    }
  }

  it('no output schema and no event carries a field named like a secret', () => {
    const offending: string[] = [];
    for (const [name, spec] of Object.entries(channels)) {
      for (const key of keysOf(spec.output))
        if (SECRET_NAME.test(key.split('.').pop() ?? '')) offending.push(`${name}: ${key}`);
    }
    for (const [name, schema] of Object.entries(events)) {
      for (const key of keysOf(schema))
        if (SECRET_NAME.test(key.split('.').pop() ?? '')) offending.push(`${name}: ${key}`);
    }
    expect(offending).toEqual([]);
  });

  it('every channel is named domain:verb and mutations need more than the viewer role', () => {
    // Asking to join a team is what a device does before it has any role (it changes nothing it could open).
    const askedByAnyone = new Set(['team:join']);
    for (const [name, spec] of Object.entries(channels)) {
      expect(name).toMatch(/^[a-z]+:[a-zA-Z]+$/);
      if (spec.mutates && !askedByAnyone.has(name)) expect(spec.role).not.toBe('viewer');
    }
  });
});

function deep(n: number): unknown {
  let v: unknown = { leaf: 1 };
  for (let i = 0; i < n; i++) v = { v };
  return v;
}
