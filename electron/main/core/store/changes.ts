import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type BetterSqlite3 from 'better-sqlite3';
import { loadedPg } from './postgres';

/** What another process changed, by area: each face reloads what it shows of those. */
export type ChangeScope = 'accounts' | 'sessions' | 'incidents' | 'audit' | 'resync' | 'members';

export interface ChangeFeed {
  /** Tells every other process on the store that these areas changed (after the commit). */
  publish(scope: ChangeScope[]): void;
  /** Stops listening and publishing. */
  close(): Promise<void>;
}

export interface ChangeFeedOptions {
  /** false: only announce this process's changes (a one-shot CLI command needs no one else's). */
  listen?: boolean;
  /** Changes made by other processes, coalesced. */
  onChange: (scope: ChangeScope[]) => void;
  /** The feed lost (or regained) the store: `since` is when it went away. */
  onLink?: (state: { online: boolean; since: number | null }) => void;
  onError?: (error: unknown) => void;
  now?: () => number;
}

const CHANNEL = 'gatehouse_changes';
const SCOPES: readonly ChangeScope[] = ['accounts', 'sessions', 'incidents', 'audit', 'resync', 'members'];

/**
 * PostgreSQL: LISTEN on a connection of its own, reconnecting with backoff; NOTIFY through the
 * pool. A reconnect reports every area as changed (what happened meanwhile is unknown).
 */
export function postgresChangeFeed(url: string, pool: pg.Pool, options: ChangeFeedOptions): ChangeFeed {
  const origin = randomUUID();
  const now = options.now ?? Date.now;
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | null = null;
  let delay = 500;
  let offlineSince: number | null = null;
  const publishing = new Set<Promise<unknown>>();
  const connect = async (): Promise<void> => {
    if (closed) return;
    const c = new (loadedPg().Client)({ connectionString: url, application_name: 'gatehouse-listen', keepAlive: true });
    // Held from the start, so that close() also ends a connection still being made.
    client = c;
    const lost = (error?: unknown) => {
      if (client !== c) return;
      client = null;
      if (error) options.onError?.(error);
      c.removeAllListeners();
      c.on('error', () => {});
      c.end().catch(() => {});
      if (offlineSince === null && !closed) {
        offlineSince = now();
        options.onLink?.({ online: false, since: offlineSince });
      }
      schedule();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (message) => {
      if (message.channel !== CHANNEL || !message.payload) return;
      try {
        const parsed = JSON.parse(message.payload) as { origin?: unknown; scope?: unknown };
        if (parsed.origin === origin || !Array.isArray(parsed.scope)) return;
        const scope = parsed.scope.filter((s): s is ChangeScope => SCOPES.includes(s as ChangeScope));
        if (scope.length > 0) options.onChange(scope);
      } catch {
        // A payload that is not ours: ignored.
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${CHANNEL}`);
      if (closed || client !== c) return;
      delay = 500;
      if (offlineSince !== null) {
        offlineSince = null;
        options.onLink?.({ online: true, since: null });
        options.onChange([...SCOPES]);
      }
    } catch (error) {
      lost(error);
    }
  };
  const schedule = () => {
    if (closed || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, delay);
    retry.unref();
    delay = Math.min(delay * 2, 10_000);
  };
  if (options.listen !== false) void connect();
  return {
    publish(scope) {
      if (closed || scope.length === 0) return;
      const sent = pool
        .query('SELECT pg_notify($1, $2)', [CHANNEL, JSON.stringify({ origin, scope })])
        .catch((error: unknown) => options.onError?.(error))
        .finally(() => publishing.delete(sent));
      publishing.add(sent);
    },
    async close() {
      closed = true;
      // The last announcements go out before the pool closes (a CLI command ends right after them).
      await Promise.all([...publishing]);
      if (retry) clearTimeout(retry);
      const c = client;
      client = null;
      if (c) {
        c.removeAllListeners();
        c.on('error', () => {});
        await c.end().catch(() => {});
      }
    },
  };
}

/**
 * SQLite: another connection's commit (the CLI's, or another app window's) moves `data_version`;
 * polled on this connection, it reports "something changed" without saying what.
 */
export function sqliteChangeFeed(db: BetterSqlite3.Database, options: ChangeFeedOptions, everyMs = 250): ChangeFeed {
  if (options.listen === false)
    return {
      publish() {},
      close: () => Promise.resolve(),
    };
  let last: number | null = null;
  const read = () => db.pragma('data_version', { simple: true }) as number;
  const timer = setInterval(() => {
    try {
      if (!db.open) return;
      const version = read();
      if (last !== null && version !== last) options.onChange([...SCOPES]);
      last = version;
    } catch (error) {
      options.onError?.(error);
    }
  }, everyMs);
  timer.unref();
  try {
    last = read();
  } catch {
    last = null;
  }
  return {
    publish() {
      // Another process sees the commit itself through data_version.
    },
    close() {
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
