import { createCore, type Core, type CoreOptions } from '../../electron/main/core/core';
import type { Caller } from '../../electron/main/core/router/router';
import { createOsKeyStore, type KeyStore } from '../../electron/main/core/vault/key-store';
import { afterEach } from 'vitest';
import { storeUrlFor } from './store';
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

/**
 * A real core on the engine this run tests: the SQLite file in the data folder, or (with
 * GATEHOUSE_TEST_PG set) a PostgreSQL database of its own for that data folder. Not closed for you.
 */
export async function openCore(options: Partial<CoreOptions> & { dataDir: string }): Promise<Core> {
  const storeUrl = await storeUrlFor(options.dataDir);
  return createCore({ keyStore: realKeyStore(), ...(storeUrl ? { storeUrl } : {}), ...options });
}

const open: Core[] = [];

/** A real core in a temp data folder with the real keychain; closed after the test. */
export async function testCore(options: Partial<CoreOptions> = {}): Promise<Core> {
  const core = await openCore({ ...options, dataDir: options.dataDir ?? tempDir() });
  open.push(core);
  return core;
}

afterEach(async () => {
  for (const core of open.splice(0)) await core.close();
});

export { must } from './invoke';
