import type { Core } from '../../electron/main/core/core';
import type { Caller } from '../../electron/main/core/router/router';

/** The caller tests act as unless they say otherwise. (No vitest here: the demo uses this too.) */
export const admin: Caller = { actor: 'tester', role: 'admin', face: 'test-host' };

/** Invokes and unwraps, failing the test with the error when the call failed. */
export async function must<T = unknown>(
  core: Core,
  channel: string,
  input?: unknown,
  caller: Caller = admin,
): Promise<T> {
  const result = await core.invoke(channel, input, caller);
  if (!result.ok) throw new Error(`${channel} failed: ${result.error.code} ${result.error.message}`);
  return result.value as T;
}
