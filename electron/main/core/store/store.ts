import { AsyncLocalStorage } from 'node:async_hooks';
import { resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  PostgresDialect,
  SqliteDialect,
  SqliteDriver,
  sql,
  type DatabaseConnection,
  type PostgresPool,
} from 'kysely';
import type pg from 'pg';
import { CoreError } from '../errors';
import { AccountsRepository } from './accounts';
import { postgresChangeFeed, sqliteChangeFeed, type ChangeFeed, type ChangeFeedOptions } from './changes';
import { AuditRepository } from './audit';
import { CredentialsRepository } from './credentials';
import { IncidentsRepository } from './incidents';
import { LeasesRepository } from './leases';
import { MetaRepository } from './meta';
import { MembersRepository } from './members';
import {
  classifyPostgresError,
  createPool,
  endPool,
  preparingPool,
  isConnectionLoss,
  migratePostgres,
  postgresSchemaVersion,
  PG_LATEST_VERSION,
  pipelinedStatements,
  pipelinedTransaction,
  type TransactionEnd,
  redact,
  warmPool,
} from './postgres';

export { classifyPostgresError, redact };
import type { Schema } from './schema';
import { SessionsRepository } from './sessions';
import { closedCleanly, LATEST_VERSION, openDatabase, quickCheck, readPragmas, type OpenOptions } from './sqlite';
import { SyncRunsRepository } from './sync-runs';
import { WalSync, type DataSync } from './wal-sync';

export type Engine = 'sqlite' | 'postgres';

/** The repositories, bound to one connection or one transaction. Reached as `store.read` or `tx`. */
export class Repos {
  readonly accounts: AccountsRepository;
  readonly credentials: CredentialsRepository;
  readonly sessions: SessionsRepository;
  readonly leases: LeasesRepository;
  readonly audit: AuditRepository;
  readonly incidents: IncidentsRepository;
  readonly syncRuns: SyncRunsRepository;
  readonly meta: MetaRepository;
  readonly members: MembersRepository;
  /** Set when the transaction these repositories belong to has ended. */
  closed = false;
  /**
   * Serialises one named decision across every process and workstation until the transaction ends
   * (PostgreSQL: a transaction-scoped advisory lock; SQLite: BEGIN IMMEDIATE already holds the only
   * write lock). Outside a transaction it holds nothing.
   */
  readonly lock: (name: string) => Promise<void>;

  constructor(q: Kysely<Schema>, engine: Engine) {
    // Inside a transaction: PostgreSQL takes a transaction-scoped advisory lock (every workstation
    // agrees on it); SQLite's BEGIN IMMEDIATE already holds the only write lock there is.
    const lock =
      engine === 'postgres'
        ? async (name: string) => {
            await sql`SELECT pg_advisory_xact_lock(hashtext(${name}))`.execute(q);
          }
        : async () => {};
    this.lock = lock;
    this.meta = new MetaRepository(q);
    this.accounts = new AccountsRepository(q, engine, lock, this.meta);
    this.credentials = new CredentialsRepository(q, engine);
    this.sessions = new SessionsRepository(q);
    this.leases = new LeasesRepository(q, engine, lock);
    this.audit = new AuditRepository(q, lock);
    this.incidents = new IncidentsRepository(q);
    this.syncRuns = new SyncRunsRepository(q);
    this.members = new MembersRepository(q);
  }
}

export interface StoreOptions extends OpenOptions {
  /** The data folder: the SQLite file lives here when no PostgreSQL URL is given. */
  dataDir: string;
  /** A PostgreSQL URL: the team's database instead of the embedded file. */
  url?: string;
  /** Names this process's connections in pg_stat_activity. */
  applicationName?: string;
  /** How SQLite's WAL is synced after a durable commit; tests replace it with a disk that fails. */
  dataSync?: DataSync;
  /**
   * PostgreSQL: open the pool's other connections while the start's first statements run (the app:
   * its first screen asks several things at once). Left off, they open when first needed.
   */
  warm?: boolean;
}

/** What `store status` and the doctor say about the store. */
export interface StoreDescription {
  engine: Engine;
  /** The SQLite file, or the PostgreSQL URL without its password. */
  location: string;
  schema: number;
  latest: number;
  /** Engine settings that credential writes rely on, each as `name=value`. */
  settings: Record<string, unknown>;
  latencyMs: number;
}

export interface TransactionOptions {
  /**
   * false: on SQLite, do not wait for the disk after the commit (atomic and consistent, and durable
   * against a crash of the process, but the last such commits can be lost to a power cut, which stops
   * every process on the machine with them). For work that a durable write-ahead already covers (a
   * refresh's lease and promotion). PostgreSQL always waits: its server can restart while this
   * process goes on.
   */
  durable?: boolean;
}

/** Raised inside a transaction to roll it back on purpose (a probe). */
class Rollback extends Error {}

/**
 * The one owner of persistence. Every SQL statement of the core lives in this folder; services and
 * handlers reach tables only through `store.read` (autocommit) or `store.transaction(async (tx) =>
 * …)` (one unit of work: all of it commits or none). The same code runs on the embedded SQLite file
 * and on PostgreSQL, through Kysely's dialects.
 */
export class Store {
  private readonly scope = new AsyncLocalStorage<Repos>();
  private readonly root: Repos;
  /** Set once this store's data was moved elsewhere: nothing more is written here. */
  private movedTo: string | null = null;

  private constructor(
    /** PostgreSQL's connection string (with any password; memory only), for the change feed. */
    private readonly url: string | null,
    readonly engine: Engine,
    /** The query builder; tests use it to inspect or damage tables from outside. */
    readonly db: Kysely<Schema>,
    /** The SQLite connection (SQLite only): pragmas, checkpoints and fault injection in tests. */
    readonly sqlite: BetterSqlite3.Database | null,
    private readonly pool: pg.Pool | null,
    readonly location: string,
    /** What a durable SQLite transaction waits for after its commit (null: PostgreSQL, or in memory). */
    readonly walSync: WalSync | null = null,
    /** PostgreSQL: the pool the store's statements go through (see `preparingPool`). */
    private readonly connections: PostgresPool | null = null,
  ) {
    this.root = new Repos(db, engine);
  }

  /** Opens (creating and migrating as needed) the store the options name. */
  static async open(options: StoreOptions): Promise<Store> {
    if (options.url) return Store.openPostgres(options.url, options.applicationName, options.warm ?? false);
    const sqlite = openDatabase(options.dataDir, options);
    const walSync = sqlite.memory ? null : new WalSync(resolve(`${sqlite.name}-wal`), options.dataSync);
    const db = new Kysely<Schema>({ dialect: new ImmediateSqliteDialect(sqlite, walSync) });
    return new Store(null, 'sqlite', db, sqlite, null, sqlite.name, walSync);
  }

  private static async openPostgres(url: string, applicationName: string | undefined, warm: boolean): Promise<Store> {
    const pool = await createPool({ url, ...(applicationName ? { applicationName } : {}) });
    const location = redact(url);
    try {
      await migratePostgres(pool);
    } catch (error) {
      await endPool(pool);
      throw classifyPostgresError(error, location);
    }
    // Only once the server has let one connection in: a refused password is met once, not four times.
    if (warm) warmPool(pool);
    const connections = preparingPool(pool);
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: connections }) });
    return new Store(url, 'postgres', db, null, pool, location, null, connections);
  }

  /** Repositories outside any transaction; inside one, the transaction's own (never a second connection). */
  get read(): Repos {
    const tx = this.scope.getStore();
    return tx && !tx.closed ? tx : this.root;
  }

  /** True inside `transaction(…)`'s callback (and what it awaits). */
  get inTransaction(): boolean {
    const tx = this.scope.getStore();
    return tx !== undefined && !tx.closed;
  }

  /**
   * Repositories outside any transaction, also when called from inside one: for work that must not
   * join the caller's unit (it is queued behind it on SQLite, and runs on its own connection on
   * PostgreSQL). Never await it inside a transaction on SQLite: it waits for that transaction to end.
   */
  get detached(): Repos {
    return this.root;
  }

  /**
   * Runs `fn` as one unit of work. SQLite starts it with BEGIN IMMEDIATE (the write lock first, so
   * two processes never deadlock upgrading); PostgreSQL in READ COMMITTED, with advisory locks where
   * the repositories need them. Called inside a transaction, joins it. Unless `durable: false`, it
   * resolves once what it wrote is on disk (SQLite: after the WAL's sync, see `WalSync`).
   *
   * `end` is given to the transaction's owner on PostgreSQL (null on SQLite, and to a caller that
   * joined another's transaction): its last statement can take the COMMIT with it (`TransactionEnd`).
   */
  async transaction<T>(
    fn: (tx: Repos, end: TransactionEnd | null) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    const outer = this.scope.getStore();
    if (outer && !outer.closed) return fn(outer, null);
    if (this.movedTo !== null)
      throw CoreError.say('STORE_MOVED', 'errors.storeMoved', { to: this.movedTo, from: this.location });
    let tx: Repos | null = null;
    let result: T;
    const run = (trx: Kysely<Schema>, end: TransactionEnd | null = null) => {
      tx = new Repos(trx, this.engine);
      return this.scope.run(tx, () => fn(tx as Repos, end));
    };
    try {
      // PostgreSQL: statements the repositories issue together leave together (one round trip).
      result = this.connections
        ? await pipelinedTransaction(this.connections, run)
        : await this.db.transaction().execute((trx) => run(trx));
    } finally {
      if (tx) (tx as Repos).closed = true;
    }
    // The connection is free again while the disk works: the next transaction need not wait for it.
    if (this.walSync && options.durable !== false) await this.walSync.sync();
    return result;
  }

  /**
   * Runs `fn`, whose only write is one statement (reads before it see the latest commits, not a
   * snapshot shared with it). PostgreSQL runs it as it is: a single statement is its own transaction,
   * durable once acknowledged, and BEGIN and COMMIT would add two round trips of nothing. SQLite runs
   * it as `transaction` (whose write lock and, with `durable: false`, relaxed commit it needs; outside
   * one, every statement waits for the disk on the main thread).
   */
  async oneWrite<T>(fn: (repos: Repos) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
    if (this.engine !== 'postgres' || this.inTransaction) return this.transaction(fn, options);
    if (this.movedTo !== null)
      throw CoreError.say('STORE_MOVED', 'errors.storeMoved', { to: this.movedTo, from: this.location });
    return fn(this.root);
  }

  /**
   * Runs `fn`, whose statements are units of their own (no transaction), with repositories that send
   * them together: on PostgreSQL all on one connection, those issued together answered in one round
   * trip (`pipelinedStatements`), where the pool would send them one after another while its other
   * connections are still opening (at a start). SQLite runs them as `read` would, and so does a
   * caller inside a transaction (its own). Not for statements that must commit or fail together.
   */
  async onOneConnection<T>(fn: (repos: Repos) => Promise<T>): Promise<T> {
    if (!this.connections || this.inTransaction) return fn(this.read);
    return pipelinedStatements(this.connections, (db: Kysely<Schema>) => fn(new Repos(db, this.engine)));
  }

  /**
   * Readies what a process's first durable write would otherwise do on its way: a first transaction
   * (which commits nothing) and, on SQLite, the WAL's descriptor for its sync. Best effort.
   */
  async warm(): Promise<void> {
    await this.transaction(async () => {}, { durable: false });
    await this.walSync?.warm();
  }

  /**
   * After one unit of work wrote `rows` rows of `table` in bulk (an import, every account judged
   * anew, a move; not the keep-alive's steady trickle, which autovacuum follows): on PostgreSQL the
   * planner's statistics are brought up to date now instead of by autovacuum a minute or more
   * later. Until then it guesses, and the guesses read every row: at 100,000 imported accounts, a
   * window's check for rows waiting to be judged took 70 ms instead of 0.5. SQLite's planner is left
   * to its own rules, which the store's queries are written for. Runs in the background (at most one
   * per table at a time) and never fails its caller: autovacuum still does it later.
   */
  analyzeAfter(table: keyof Schema, rows: number): Promise<void> {
    if (this.engine !== 'postgres' || rows < BULK_ROWS) return Promise.resolve();
    let running = this.analyzing.get(table);
    if (!running) {
      running = sql`ANALYZE ${sql.table(table)}`
        .execute(this.db)
        .then(
          () => {},
          () => {},
        )
        .finally(() => this.analyzing.delete(table));
      this.analyzing.set(table, running);
    }
    return running;
  }

  private readonly analyzing = new Map<string, Promise<void>>();

  /** Throws when an audit entry could not be appended now; writes nothing (the probe is rolled back). */
  async probeAudit(): Promise<void> {
    try {
      await this.transaction(async (tx, end) => {
        // PostgreSQL: the ROLLBACK leaves with the probe's insert (BEGIN too): one round trip.
        end?.withNext('rollback');
        await tx.audit.probe();
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
  }

  /**
   * SQLite's quick_check of every page ("ok" when sound). A start runs it only after an unclean
   * close, so doctor runs it every time. PostgreSQL checks its own pages: always "ok" here.
   */
  integrity(): string {
    return this.sqlite ? quickCheck(this.sqlite) : 'ok';
  }

  /** Engine, schema and the settings credential writes rely on, with one round trip's latency. */
  async describe(): Promise<StoreDescription> {
    const started = performance.now();
    if (this.sqlite) {
      const settings = readPragmas(this.sqlite);
      return {
        engine: 'sqlite',
        location: this.location,
        schema: Number(settings.user_version),
        latest: LATEST_VERSION,
        settings,
        latencyMs: performance.now() - started,
      };
    }
    const pool = this.pool as pg.Pool;
    const schema = await postgresSchemaVersion(pool);
    const latencyMs = performance.now() - started;
    const { rows } = await pool.query<{ version: string; ssl: boolean | null; sync: string }>(
      `SELECT current_setting('server_version') AS version, current_setting('synchronous_commit') AS sync,
         (SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()) AS ssl`,
    );
    const info = rows[0];
    return {
      engine: 'postgres',
      location: this.location,
      schema,
      latest: PG_LATEST_VERSION,
      settings: { server_version: info?.version, synchronous_commit: info?.sync, ssl: info?.ssl === true },
      latencyMs,
    };
  }

  /**
   * Changes other processes make to this store, as they happen: PostgreSQL's LISTEN/NOTIFY (with
   * reconnects), or SQLite's data_version for the processes sharing the file on this machine.
   */
  changeFeed(options: ChangeFeedOptions): ChangeFeed {
    if (this.sqlite) return sqliteChangeFeed(this.sqlite, options);
    return postgresChangeFeed(this.url as string, this.pool as pg.Pool, options);
  }

  /** A lost connection to the store said as such (DATABASE_UNAVAILABLE), or null for any other error. */
  unreachable(error: unknown): CoreError | null {
    if (this.engine !== 'postgres' || !isConnectionLoss(error)) return null;
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.sharedAway', { location: this.location });
  }

  /** After a move: reads still answer (the last known state), writes are refused with STORE_MOVED. */
  retire(movedTo: string): void {
    this.movedTo = movedTo;
  }

  /** Where the data went, once this store was retired (null while it is the live one). */
  get retiredTo(): string | null {
    return this.movedTo;
  }

  async close(): Promise<void> {
    await this.db.destroy();
    // Kysely ends the pool only if a statement went through it: a store opened and closed without
    // one would keep the start's connection (and those opened ahead) until they idled out.
    if (this.pool) await endPool(this.pool);
    await this.walSync?.close();
    if (this.sqlite) closedCleanly(this.sqlite);
  }
}

/** How many rows one unit of work writes before the planner's statistics are refreshed (`analyzeAfter`). */
const BULK_ROWS = 1_000;

/** Kysely's SQLite dialect, with write transactions that take the write lock when they begin. */
class ImmediateSqliteDialect extends SqliteDialect {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly walSync: WalSync | null,
  ) {
    // The database's `prepare` reuses compiled statements (`cacheStatements` in ./sqlite).
    super({ database });
  }

  override createDriver(): SqliteDriver {
    return new ImmediateSqliteDriver(this.database, this.walSync);
  }
}

class ImmediateSqliteDriver extends SqliteDriver {
  constructor(
    private readonly database: BetterSqlite3.Database,
    private readonly walSync: WalSync | null,
  ) {
    super({ database });
  }

  /** SQLite's count of rows changed on this connection when the open transaction began. */
  private changesAtBegin = 0;

  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    // A transaction commits without the disk's sync on this thread; `WalSync` does it after (see
    // there). The level can only change between transactions, and this connection is held (Kysely's
    // mutex). Statements outside a transaction keep FULL.
    if (this.walSync) {
      this.database.prepare('PRAGMA synchronous = NORMAL').run();
      this.changesAtBegin = this.totalChanges();
    }
    try {
      await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
    } catch (error) {
      this.restoreSafety();
      throw error;
    }
  }

  override async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const wrote = this.walSync !== null && this.totalChanges() !== this.changesAtBegin;
    try {
      await connection.executeQuery(CompiledQuery.raw('COMMIT'));
      if (wrote) this.walSync?.wrote();
    } finally {
      if (!this.database.inTransaction) this.restoreSafety();
    }
  }

  private totalChanges(): number {
    return (this.database.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  }

  private restoreSafety(): void {
    if (this.walSync) this.database.prepare('PRAGMA synchronous = FULL').run();
  }

  /**
   * SQLite ends a transaction by itself after some errors (SQLITE_FULL, SQLITE_IOERR…). A ROLLBACK
   * then fails with "no transaction is active", and Kysely would throw that instead of the error that
   * matters (a full disk, which the refresher answers by releasing its reserve).
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    try {
      if (this.database.inTransaction) await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
    } finally {
      this.restoreSafety();
    }
  }

  override async destroy(): Promise<void> {
    // better-sqlite3 closes synchronously; a second close (the shell and a test both closing) is a no-op.
    await super.destroy().catch(() => {});
  }
}
