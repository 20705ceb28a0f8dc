import { createCore, type Core, type CoreOptions } from '../../electron/main/core/core';
import type { Caller } from '../../electron/main/core/router/router';
import { createOsKeyStore, type KeyStore } from '../../electron/main/core/vault/key-store';
import { afterEach } from 'vitest';
import { tempDir } from './temp';

export { admin } from './invoke';
export const support: Caller = { actor: 'helper', role: 'support', face: 'test-host' };
export const viewer: Caller = { actor: 'watcher', role: 'viewer', face: 'test-host' };

/** The real OS keychain (the test run's private Secret Service), under a test service name. */
export function realKeyStore(): KeyStore {
  return createOsKeyStore({ service: 'Gatehouse-test', timeoutMs: 10_000 });
}

/** A controllable clock. */
export function testClock(start = Date.parse('2026-11-22T12:00:00Z')) {
  let now = start;
  return { now: () => now, set: (t: number) => (now = t), advance: (ms: number) => (now += ms) };
}

const open: Core[] = [];

/** A real core in a temp data folder with the real keychain; closed after the test. */
export function testCore(options: Partial<CoreOptions> = {}): Core {
  const core = createCore({ dataDir: options.dataDir ?? tempDir(), keyStore: realKeyStore(), ...options });
  open.push(core);
  return core;
}

afterEach(() => {
  for (const core of open.splice(0)) core.close();
});

export { must } from './invoke';
