import pg from 'pg';
import type { Store } from '../../electron/main/core/store/store';

/**
 * Runs `fn` and counts the round trips its PostgreSQL statements waited for, on every connection of
 * the process: a statement issued before any answer came back since the one before it travels with
 * it (pipelined, or on another connection at the same moment); one issued after an answer came back
 * is a new round trip. Counted at node-postgres's `Client#query`, which every store statement goes
 * through; connecting is not counted. Also returns each round trip's statements (their first words),
 * to say what a count is made of when it is not the one expected. The audit anchor's read of the
 * chain's head is left out: it runs on a timer of its own (300 ms after an entry), so it lands inside
 * a count or not as the machine's speed has it (CI once counted 15 where the call made 14).
 */
export async function roundTrips<T>(fn: () => Promise<T>): Promise<{ value: T; count: number; trips: string[][] }> {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  const trips: string[][] = [];
  let answered = true;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const result = query.apply(this, args);
    const [config] = args;
    const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
    // A cursor or a callback's query is not a statement of the store's: left uncounted.
    if (text === undefined || !(result instanceof Promise)) return result;
    if (/\bAuditAnchor\./.test(deepStack())) return result;
    if (answered) trips.push([]);
    answered = false;
    trips.at(-1)?.push(text.replace(/\s+/g, ' ').trim().slice(0, 60));
    const mark = () => {
      answered = true;
    };
    result.then(mark, mark);
    return result;
  };
  try {
    const value = await fn();
    return { value, count: trips.length, trips };
  } finally {
    proto.query = query;
  }
}

/**
 * Has the store's pool hold all its connections (four) just before a count: a statement that waits
 * for a new connection is issued after other answers came back and would count as a round trip of
 * its own, and the pool closes a connection idle for ten seconds (a slow machine's setup can take that).
 */
export async function allConnectionsOpen(store: Store): Promise<void> {
  await Promise.all([1, 2, 3, 4].map(() => store.detached.meta.get('install_id')));
}

/** The caller's stack, deep enough to reach past the driver, Kysely and the store to who asked. */
function deepStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  try {
    return new Error().stack ?? '';
  } finally {
    Error.stackTraceLimit = limit;
  }
}
