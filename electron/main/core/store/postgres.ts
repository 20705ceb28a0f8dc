import { createHash } from 'node:crypto';
import { Socket } from 'node:net';
import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type PostgresCursor,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
  type QueryResult,
  AbortedTransactionError,
} from 'kysely';
import type pg from 'pg';
import { CoreError, errorCodeOf } from '../errors';
import type { Migration } from './migrations-sqlite';
import { pgMigrations } from './migrations-postgres';

/** The advisory lock every migration of a PostgreSQL store runs under, across workstations. */
export const MIGRATION_LOCK = 0x6761_7465; // 'gate'

export interface PostgresOptions {
  url: string;
  /** Connections this process keeps open (the UI, the keep-alive and the CLI of one machine). */
  max?: number;
  /** A statement that runs longer than this is cancelled by the server. */
  statementTimeoutMs?: number;
  /** Sent as the connection's application_name: who holds a connection is visible in pg_stat_activity. */
  applicationName?: string;
}

/**
 * node-postgres, loaded when a PostgreSQL store is first opened or tested and never before: it brings
 * TLS, DNS and its streams with it, about 50 ms of the start of every command (a service's
 * `gatehouse token`) that a SQLite file never needs.
 */
let driver: typeof pg | null = null;

export async function loadPg(): Promise<typeof pg> {
  driver ??= (await import('pg')).default;
  return driver;
}

/** node-postgres, for code that runs only once a pool exists (`createPool` loaded it). */
export function loadedPg(): typeof pg {
  if (!driver) throw new Error('node-postgres is not loaded yet: createPool or loadPg first');
  return driver;
}

/** BIGINT (int8) and COUNT(*) come back as numbers: every instant is epoch ms, well within 2^53. */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === 20
      ? (value: string) => Number(value)
      : (loadedPg().types.getTypeParser as (o: number, f?: string) => unknown)(
          oid,
          format,
        )) as pg.CustomTypesConfig['getTypeParser'],
};

/** A pool on the team's PostgreSQL. TLS is decided by the URL (`sslmode`), checked by `storeUrlProblem`. */
export async function createPool(options: PostgresOptions): Promise<pg.Pool> {
  const { Pool } = await loadPg();
  // Every socket the pool opens is known, so that `endPool` can close one that node-postgres left
  // open after a sign-in failed on our side (a password the server wants and was not given).
  const sockets = new Set<Socket>();
  const pool = new Pool({
    stream: () => {
      const socket = new Socket();
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
      return socket;
    },
    connectionString: options.url,
    max: options.max ?? 4,
    types,
    connectionTimeoutMillis: 10_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: options.applicationName ?? 'gatehouse',
    keepAlive: true,
    // A statement is written without waiting for the one before it to be answered (in order, each
    // with its own Sync): the store's transactions send their BEGIN with their first statement.
    pipeline: true,
  });
  // A connection the server dropped must not crash the process, idle (the pool's 'error') or checked
  // out between two statements (the client's own); the statement in flight fails, the next reconnects.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  POOL_SOCKETS.set(pool, sockets);
  return pool;
}

const POOL_SOCKETS = new WeakMap<pg.Pool, Set<Socket>>();

/**
 * Fills `pool` up to its size: each new connection is given back as soon as it is up. A new
 * connection costs the server a new backend and the client several round trips (TCP, start-up,
 * password); asked for when the first screen's statements go out together, that wait is theirs.
 * A connection that fails to open is left to the statement that next needs one to meet.
 */
export function warmPool(pool: pg.Pool): void {
  // Asked all at once: an idle connection is lent to one of these (and back at once), the rest are new.
  const asks = pool.idleCount + (pool.options.max ?? 10) - pool.totalCount;
  for (let i = 0; i < asks; i++) {
    pool.connect().then(
      (client) => client.release(),
      () => {},
    );
  }
}

/** Statement texts kept as named statements, per pool: each connection prepares them as it meets them. */
const MAX_PREPARED = 128;
/** Texts counted while deciding which come back; forgotten all at once past this many. */
const MAX_COUNTED = 4_096;
/** A select list or RETURNING with `*` (not count(*)): its result's shape changes when a column is added. */
const STAR = /(?:^|[\s,])(?:"[^"]+"\.)?\*(?=[\s,]|$)/;

/**
 * The pool the store's queries go through, with the statements it sends again and again prepared
 * once per connection (named statements) instead of parsed and analysed by the server on every
 * call. Each is still planned for its values (`force_custom_plan`), as an unnamed statement is; a
 * keep-alive sweep costs the server about a fifth less CPU per refresh. A text becomes a named
 * statement the second time it is seen, up to MAX_PREPARED texts per pool (the server keeps each on
 * every connection that used it). Not prepared: statements without parameters (BEGIN, COMMIT: the
 * simple protocol), and those that select `*`, whose result would stop matching the prepared one
 * when another workstation's newer Gatehouse adds a column (PostgreSQL refuses to run it then).
 *
 * If a prepared statement still goes stale (a column's type changed, or something ran `DISCARD
 * ALL` or `DEALLOCATE`), every connection opened before is closed the next time it is taken from the
 * pool, and the count starts again; the statement that met it is run again unprepared when it was
 * outside a transaction (it never ran), and fails once inside one (the transaction is aborted).
 */
export function preparingPool(pool: pg.Pool): PostgresPool {
  const counted = new Map<string, number>();
  const names = new Map<string, string>();
  /** Bumped when a prepared statement went stale: connections prepared under an older one are closed. */
  let generation = 0;
  const clients = new WeakMap<pg.PoolClient, PreparingClient>();

  const nameFor = (text: string, parameters: readonly unknown[]): string | undefined => {
    if (parameters.length === 0) return undefined;
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_PREPARED) return known;
    const seen = (counted.get(text) ?? 0) + 1;
    if (seen < 2) {
      if (counted.size >= MAX_COUNTED) counted.clear();
      counted.set(text, seen);
      return undefined;
    }
    counted.delete(text);
    if (STAR.test(text)) return undefined;
    const name = `gh_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
    return name;
  };

  class PreparingClient implements PostgresPoolClient {
    /** The generation its named statements were prepared under. */
    prepared = generation;
    inTransaction = false;
    /** A BEGIN not sent yet: it leaves with the transaction's first statement, one round trip for both. */
    beginPending = false;
    /** A new connection's SET, not sent yet: it leaves with the connection's first statement. */
    setPending: boolean;
    /** Its SET failed: the connection is closed when it is given back. */
    retire = false;
    constructor(readonly client: pg.PoolClient) {
      this.setPending = Boolean((client as { pipeline?: boolean }).pipeline);
    }

    query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
    query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>>;
    query<R>(
      text: string | PostgresCursor<R>,
      parameters: readonly unknown[] = [],
    ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
      if (typeof text !== 'string') return this.client.query(text as never);
      return this.run<R>(text, parameters);
    }

    private async run<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
      const word = parameters.length === 0 ? text.trim().toLowerCase() : '';
      if (word === 'begin' && (this.client as { pipeline?: boolean }).pipeline) {
        this.inTransaction = true;
        this.beginPending = true;
        return { command: 'BEGIN', rowCount: null, rows: [] } as unknown as PostgresQueryResult<R>;
      }
      if (word === 'begin' || word.startsWith('start transaction')) this.inTransaction = true;
      else if (word === 'commit' || word === 'rollback') {
        this.inTransaction = false;
        if (this.beginPending) {
          // Nothing was sent since the BEGIN that was not: there is no transaction to end.
          this.beginPending = false;
          return { command: word.toUpperCase(), rowCount: null, rows: [] } as unknown as PostgresQueryResult<R>;
        }
      }
      const name = nameFor(text, parameters);
      const values = parameters as unknown[];
      try {
        return await this.sendWithPending<R>(name === undefined ? { text, values } : { name, text, values });
      } catch (error) {
        if (name === undefined || !staleStatement(error)) throw error;
        generation += 1;
        names.clear();
        counted.clear();
        if (this.inTransaction) throw error;
        return this.send<R>({ text, values });
      }
    }

    private send<R>(query: pg.QueryConfig): Promise<PostgresQueryResult<R>> {
      return this.client.query(query) as unknown as Promise<PostgresQueryResult<R>>;
    }

    /**
     * Sends `query`, preceded by what is still to go (the connection's SET, the transaction's BEGIN):
     * all are written at once and answered in order. A BEGIN that fails is the caller's error (its
     * statement fails too: a connection that cannot begin cannot run one either). A SET that fails is
     * not: the statement's own answer stands, and a connection that did not take the setting is
     * closed when it is given back (unless the server does not know the setting at all).
     */
    private async sendWithPending<R>(query: pg.QueryConfig): Promise<PostgresQueryResult<R>> {
      if (!this.beginPending && !this.setPending) return this.send<R>(query);
      const set = this.setPending ? this.send({ text: PLAN_FOR_EACH_CALL }) : null;
      const begun = this.beginPending ? this.send({ text: 'BEGIN' }) : null;
      this.setPending = false;
      this.beginPending = false;
      const [setting, beginning, result] = await Promise.allSettled([set, begun, this.send<R>(query)]);
      if (setting.status === 'rejected' && errorCodeOf(setting.reason) !== UNKNOWN_SETTING) this.retire = true;
      if (beginning.status === 'rejected') throw beginning.reason;
      if (result.status === 'rejected') throw result.reason;
      return result.value;
    }

    release(destroy?: boolean): void {
      if (this.retire) clients.delete(this.client);
      this.client.release(destroy === true || this.retire);
    }
  }

  return {
    async connect(): Promise<PostgresPoolClient> {
      for (;;) {
        const client = await pool.connect();
        const known = clients.get(client);
        if (known === undefined) {
          // Planned for each call's values, as an unnamed statement is: a plan made once for any
          // values (PostgreSQL's choice after five calls) read every row of 100,000 for a window
          // whose LIMIT and OFFSET it cannot see (50 ms instead of 4). The name saves the parse and
          // the analysis. The SET leaves with the connection's first statement (see sendWithPending);
          // without pipeline mode it is sent here. A server that does not know the setting (before
          // PostgreSQL 12) goes on; any other failure (the connection lost) is the caller's, and the
          // connection is dropped.
          if (!(client as { pipeline?: boolean }).pipeline) {
            try {
              await client.query(PLAN_FOR_EACH_CALL);
            } catch (error) {
              if (errorCodeOf(error) !== UNKNOWN_SETTING) {
                client.release(true);
                throw error;
              }
            }
          }
          const wrapped = new PreparingClient(client);
          clients.set(client, wrapped);
          return wrapped;
        }
        if (known.prepared === generation) {
          known.inTransaction = false;
          known.beginPending = false;
          return known;
        }
        // Prepared under an older generation: its statements may be stale. A new connection instead.
        clients.delete(client);
        client.release(true);
      }
    },
    end: () => pool.end(),
  };
}

/** Kysely's own adapter for PostgreSQL, one for every transaction: compiled statements are kept per adapter. */
const ADAPTER = new PostgresAdapter();
/** Commands whose row count Kysely reports as the rows they changed. */
const CHANGING = new Set(['INSERT', 'UPDATE', 'DELETE', 'MERGE']);

/** How a transaction ends: what `TransactionEnd.withNext` sends right behind a statement. */
export type EndWord = 'commit' | 'rollback';

/** Lets a transaction's callback end it with the statement it issues next (see `pipelinedTransaction`). */
export interface TransactionEnd {
  /**
   * The next statement issued is the transaction's last: `word` leaves right behind it, so both
   * wait for one round trip, and any statement issued after it is refused. Only for a statement
   * that fails loudly when it cannot do its work (a failure turns a COMMIT into a ROLLBACK), never
   * for one whose answer decides whether the transaction should have committed. Returns false
   * where it cannot be arranged (a statement was already named, or the transaction has ended).
   */
  withNext(word: EndWord): boolean;
}

/**
 * Runs `fn` as one transaction on one connection of `pool`, with a Kysely whose statements go out on
 * that connection the moment they are issued (pipeline mode, see `createPool`): statements issued
 * together (`Promise.all`) wait for one round trip instead of one each. Kysely's own `transaction()`
 * waits for each statement's answer before it sends the next. Otherwise as Kysely's: BEGIN, then
 * COMMIT after `fn` resolves, ROLLBACK after it throws (a connection whose ROLLBACK failed is
 * closed, not reused). A statement issued once the transaction ends is refused, never sent: after
 * the COMMIT it would run on its own, and on a connection that may already serve someone else.
 * `fn` may end the transaction with its last statement instead (`TransactionEnd.withNext`).
 */
export async function pipelinedTransaction<DB, T>(
  pool: PostgresPool,
  fn: (db: Kysely<DB>, end: TransactionEnd) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let ended = false;
  let discard = false;
  /** The end `fn` asked to send behind its next statement, and, once sent, its answer. */
  let endWord = null as EndWord | null;
  let endSent = null as Promise<PostgresQueryResult<unknown>> | null;
  const db = onClient<DB>(client, {
    refusal: 'A statement was issued after its transaction ended; it was not sent.',
    ended: () => ended,
    sent: () => {
      if (endWord === null) return;
      // Written right behind the statement, before either is answered.
      ended = true;
      endSent = client.query(endWord, []);
      endSent.catch(() => {});
    },
  });
  const end: TransactionEnd = {
    withNext(word) {
      if (ended || endWord !== null) return false;
      endWord = word;
      return true;
    },
  };
  try {
    await client.query('begin', []);
    let result: T;
    try {
      result = await fn(db, end);
    } catch (error) {
      ended = true;
      try {
        // Already on its way behind the last statement, or sent now.
        await (endSent ?? client.query('rollback', []));
      } catch (endFailed) {
        discard = true;
        if (endSent === null) throw endFailed;
      }
      throw error;
    }
    ended = true;
    // Asked for but never sent (no statement followed): sent now, as asked.
    const { command } = await (endSent ?? client.query(endWord ?? 'commit', []));
    // PostgreSQL ends a transaction that an earlier statement's error aborted with ROLLBACK instead.
    if (command === 'ROLLBACK' && endWord !== 'rollback') throw new AbortedTransactionError();
    return result;
  } finally {
    ended = true;
    client.release(discard);
  }
}

/**
 * Runs `fn` with a Kysely whose statements all go out on one connection of `pool` the moment they
 * are issued, each its own unit (no transaction: in pipeline mode every statement has its own Sync,
 * so one that fails leaves the others as they were). Statements issued together wait for one round
 * trip, where the pool would give each a connection of its own, or, while its other connections are
 * still opening (a start), send them one after another. A statement issued after `fn` settles is
 * refused, never sent: the connection may already serve someone else.
 */
export async function pipelinedStatements<DB, T>(pool: PostgresPool, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let ended = false;
  try {
    return await fn(
      onClient<DB>(client, {
        refusal: 'A statement was issued after its statements were done; it was not sent.',
        ended: () => ended,
      }),
    );
  } finally {
    ended = true;
    client.release();
  }
}

/**
 * A Kysely whose every statement is sent on `client` as soon as it is issued; refused once `ended`
 * says so. `sent` runs right after a statement is written, before it is answered.
 */
function onClient<DB>(
  client: PostgresPoolClient,
  life: { refusal: string; ended: () => boolean; sent?: () => void },
): Kysely<DB> {
  const connection: DatabaseConnection = {
    async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
      if (life.ended()) throw new Error(life.refusal);
      const answer = client.query<R>(compiled.sql, [...compiled.parameters]);
      life.sent?.();
      const { command, rowCount, rows } = await answer;
      return { numAffectedRows: CHANGING.has(command) ? BigInt(rowCount ?? 0) : undefined, rows: rows ?? [] };
    },
    streamQuery: () => {
      throw new Error(
        'The store does not stream on a connection it holds (a transaction, or statements sent together).',
      );
    },
  };
  return new Kysely<DB>({ dialect: onConnection(connection) });
}

/** A dialect whose every statement runs on `connection` (a transaction's), as soon as it is issued. */
function onConnection(connection: DatabaseConnection): Dialect {
  const refuse = () => Promise.reject(new Error('A store transaction does not nest transactions.'));
  const driver: Driver = {
    init: () => Promise.resolve(),
    acquireConnection: () => Promise.resolve(connection),
    beginTransaction: refuse,
    commitTransaction: refuse,
    rollbackTransaction: refuse,
    releaseConnection: () => Promise.resolve(),
    destroy: () => Promise.resolve(),
  };
  return {
    createAdapter: () => ADAPTER,
    createDriver: () => driver,
    createQueryCompiler: () => new PostgresQueryCompiler(),
    createIntrospector: (db) => new PostgresIntrospector(db),
  };
}

/** What each new connection of the store runs first. */
const PLAN_FOR_EACH_CALL = 'SET plan_cache_mode = force_custom_plan';

/** SQLSTATE 42704: a setting this server does not have (plan_cache_mode before PostgreSQL 12). */
const UNKNOWN_SETTING = '42704';

/** PostgreSQL's answer to a named statement that no longer fits (0A000) or no longer exists (26000). */
function staleStatement(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === '26000' || (code === '0A000' && /cached plan/i.test(error instanceof Error ? error.message : ''));
}

/**
 * Ends a pool, waiting at most a second, then closes any socket still open: after a connection that
 * failed inside its sign-in (a password the server wants and was not given), node-postgres leaves
 * that socket open until the server gives up (a minute), and a CLI command must not wait for it.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    pool.end().catch(() => {}),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, 1_000);
      timer.unref();
    }),
  ]);
  clearTimeout(timer);
  for (const socket of POOL_SOCKETS.get(pool) ?? []) socket.destroy();
}

/**
 * Runs every migration newer than the stored version in one transaction, under an advisory lock.
 * A start on a schema already current costs one statement: its version is read first, outside any
 * transaction (a migration commits its version with its tables, so what is read is whole).
 */
export async function migratePostgres(
  pool: pg.Pool,
  list: readonly Migration[] = pgMigrations,
): Promise<{ from: number; to: number }> {
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  const client = await pool.connect();
  try {
    const current = await client.query<{ version: number }>('SELECT version FROM gatehouse_schema').then(
      ({ rows }) => rows[0]?.version ?? 0,
      // No table yet (a blank database): the migration below creates it.
      (error: unknown) => {
        if (errorCodeOf(error) === '42P01') return 0;
        throw error;
      },
    );
    if (current > latest) throw CoreError.say('DATABASE_NEWER', 'errors.pgNewerSchema', { from: current, latest });
    if (current === latest && latest > 0) return { from: current, to: current };
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await client.query('CREATE TABLE IF NOT EXISTS gatehouse_schema (version INTEGER NOT NULL)');
      const { rows } = await client.query<{ version: number }>('SELECT version FROM gatehouse_schema');
      const from = rows[0]?.version ?? 0;
      if (from > latest) {
        throw CoreError.say('DATABASE_NEWER', 'errors.pgNewerSchema', { from, latest });
      }
      const pending = [...list].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
      for (const m of pending) await client.query(m.sql);
      if (pending.length > 0) {
        await client.query('DELETE FROM gatehouse_schema');
        await client.query('INSERT INTO gatehouse_schema(version) VALUES ($1)', [latest]);
      }
      await client.query('COMMIT');
      return { from, to: pending.length > 0 ? latest : from };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    }
  } finally {
    client.release();
  }
}

/** The schema version stored in PostgreSQL (0 before the first migration). */
export async function postgresSchemaVersion(pool: pg.Pool): Promise<number> {
  const exists = await pool.query<{ t: string | null }>("SELECT to_regclass('gatehouse_schema')::text AS t");
  if (!exists.rows[0]?.t) return 0;
  const { rows } = await pool.query<{ version: number }>('SELECT version FROM gatehouse_schema');
  return rows[0]?.version ?? 0;
}

/** The latest schema version this build writes to PostgreSQL. */
export const PG_LATEST_VERSION = pgMigrations.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Why a store URL is not acceptable, or null. A non-loopback host needs TLS with a verified
 * certificate (`sslmode=verify-full`, or `require`/`verify-ca` which node-postgres verifies too).
 */
export function storeUrlProblem(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'It is not a URL. Use postgres://user@host:5432/database.';
  }
  if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')
    return `The scheme is ${parsed.protocol.replace(/:$/, '')}; use postgres://user@host:5432/database.`;
  if (!parsed.hostname) return 'The URL names no host.';
  if (parsed.pathname.length <= 1) return 'The URL names no database (postgres://user@host:5432/database).';
  const loopback = ['localhost', '127.0.0.1', '[::1]', '::1'].includes(parsed.hostname);
  const mode = parsed.searchParams.get('sslmode');
  if (!loopback && !['require', 'verify-ca', 'verify-full'].includes(mode ?? ''))
    return `${parsed.hostname} is not this machine, so the connection must use TLS: add ?sslmode=verify-full (certificates are verified).`;
  if (mode === 'no-verify') return 'sslmode=no-verify turns off certificate checks; use verify-full.';
  return null;
}

/** True when the database has no Gatehouse schema yet: a dry run then opens nothing and creates nothing. */
export async function postgresIsBlank(url: string): Promise<boolean> {
  const pool = await createPool({ url, max: 1 });
  try {
    return (await postgresSchemaVersion(pool)) === 0;
  } catch (error) {
    throw classifyPostgresError(error, redact(url));
  } finally {
    await endPool(pool);
  }
}

/** What a connection test finds at a PostgreSQL URL, changing nothing there. */
export interface PostgresProbe {
  serverVersion: string;
  tls: boolean;
  /** The Gatehouse schema there: 0 for a database that holds none yet. */
  schema: number;
  /** How many accounts it holds (null when it has no Gatehouse schema). */
  accounts: number | null;
  latencyMs: number;
}

/** Connects, reads the server's version, TLS and the Gatehouse schema, and leaves. Nothing is written. */
export async function probePostgres(url: string): Promise<PostgresProbe> {
  const pool = await createPool({ url, max: 1, applicationName: 'gatehouse connection test' });
  try {
    const t0 = performance.now();
    await pool.query('SELECT 1');
    const latencyMs = performance.now() - t0;
    const { rows } = await pool.query<{ v: string; ssl: boolean | null }>(
      "SELECT current_setting('server_version') AS v, (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl",
    );
    const schema = await postgresSchemaVersion(pool);
    const accounts =
      schema === 0 ? null : Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM accounts')).rows[0]?.n);
    return { serverVersion: rows[0]?.v ?? '?', tls: rows[0]?.ssl === true, schema, accounts, latencyMs };
  } catch (error) {
    throw classifyPostgresError(error, redact(url));
  } finally {
    await endPool(pool);
  }
}

/** The URL as it may be shown: without its password. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

/** Names what stops PostgreSQL from opening, with the remedy that fits. */
export function classifyPostgresError(error: unknown, location: string): CoreError {
  if (error instanceof CoreError) return error;
  const code = errorCodeOf(error);
  const text = error instanceof Error ? error.message : String(error);
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET'].includes(code) || /timeout/i.test(text))
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.pgUnreachable', { location, detail: code || text });
  if (code === '28P01' || code === '28000')
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.pgAuth', { location, detail: text });
  if (/client password must be|no password was provided|password must be a string/i.test(text))
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.pgNoPassword', { location });
  if (code === '3D000') return CoreError.say('DATABASE_UNAVAILABLE', 'errors.pgNoDatabase', { location });
  return CoreError.say('DATABASE_UNAVAILABLE', 'errors.pgOther', { location, detail: text });
}

/** True for an error that says the server is gone or going (not a problem with the statement). */
export function isConnectionLoss(error: unknown): boolean {
  const code = errorCodeOf(error);
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
  // 08: connection exception; 57P01-03: the server shuts down, crashed, or is starting.
  if (code.startsWith('08') || ['57P01', '57P02', '57P03'].includes(code)) return true;
  const text = error instanceof Error ? error.message : '';
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(text);
}
