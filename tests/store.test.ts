import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account, AuditEntry, Session } from '../shared/domain';
import { createCore } from '../electron/main/core/core';
import { together } from '../electron/main/core/store/together';
import {
  createPool,
  MIGRATION_LOCK,
  migratePostgres,
  pipelinedStatements,
  pipelinedTransaction,
  preparingPool,
  storeUrlProblem,
} from '../electron/main/core/store/postgres';
import { Store } from '../electron/main/core/store/store';
import { createOsKeyStore } from '../electron/main/core/vault/key-store';
import { startCafe24Emulator, type Cafe24Emulator } from './helpers/cafe24-emulator';
import { bundled, cli, run } from './helpers/children';
import { connectCafe24, get, raw } from './helpers/signin';
import { admin, must, realKeyStore } from './helpers/core';
import { fileSources, findCanaries } from './helpers/scan';
import { seedAccounts } from './helpers/seed';
import { ENGINE, freshDatabase, listening, PG_SERVER, storeUrlFor } from './helpers/store';
import { tempDir } from './helpers/temp';

/**
 * These set up PostgreSQL themselves: they need a server, and run once (in the SQLite pass of
 * `npm test`), not again in the pass where PostgreSQL is the engine under test.
 */
const PG_ONCE = !PG_SERVER || ENGINE === 'postgres';

/** The CLI on a data folder's own store choice (store.json), whatever engine this run tests. */
const own = { env: { ...process.env, GATEHOUSE_STORE_URL: '' } };

describe.skipIf(PG_ONCE)('moving a data folder between SQLite and PostgreSQL', () => {
  it('copies everything into an empty PostgreSQL database and back, verified, with a dry run first; nothing is lost', async () => {
    const dataDir = tempDir();
    const sqlite = await createCore({ dataDir, keyStore: realKeyStore() });
    await sqlite.start();
    await seedAccounts(sqlite.internals.store, 1_000, Date.now());
    await sqlite.internals.store.transaction(async () => {
      for (let i = 0; i < 20; i++)
        await sqlite.internals.vault.put(`acct-${String(i).padStart(5, '0')}`, 'refresh_token', `rt-move-${i}`);
    });
    await must(sqlite, 'secrets:set', { name: 'customer-service-api-key', value: 'cs-key-moved' });
    await must(sqlite, 'settings:update', { expiryWarningDays: 9 });
    const before = await must<Account[]>(sqlite, 'accounts:list');
    await sqlite.close();
    const url = await freshDatabase();

    const dry = await cli(['store', 'move', '--to', url, '--dry-run', '--data-dir', dataDir], own);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/accounts\s+1000/);
    expect(dry.stdout).toMatch(/Dry run/);
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false);
    const probe = new pg.Client({ connectionString: url });
    await probe.connect();
    expect((await probe.query("SELECT to_regclass('accounts') AS t")).rows[0].t).toBeNull();

    const moved = await cli(['store', 'move', '--to', url, '--data-dir', dataDir], own);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.stdout).toMatch(/Copied and verified/);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toEqual({ engine: 'postgres', url });
    expect((await probe.query('SELECT count(*)::int AS n FROM accounts')).rows[0].n).toBe(1000);
    await probe.end();

    // The folder now opens PostgreSQL: the same accounts, the same sealed secrets (the keychain item
    // is the same), an intact audit chain that ends with the move.
    const status = await cli(['--json', 'store', 'status', '--data-dir', dataDir], own);
    expect(JSON.parse(status.stdout)).toMatchObject({ engine: 'postgres' });
    const onPg = await createCore({ dataDir, keyStore: realKeyStore(), storeUrl: url });
    await onPg.start();
    expect(await must<Account[]>(onPg, 'accounts:list')).toEqual(before);
    expect(await onPg.internals.vault.get('acct-00007', 'refresh_token')).toBe('rt-move-7');
    expect(await onPg.internals.vault.get('settings', 'customer-service-api-key')).toBe('cs-key-moved');
    expect(await must(onPg, 'audit:verify')).toMatchObject({ ok: true });
    const [last] = await must<AuditEntry[]>(onPg, 'audit:list', { limit: 1 });
    expect(last).toMatchObject({ action: 'store:move', outcome: 'ok' });
    // A change made on PostgreSQL travels back with everything else.
    await onPg.internals.store.transaction(() => onPg.internals.vault.put('acct-00001', 'refresh_token', 'rt-on-pg'));
    await onPg.close();

    const back = await cli(['store', 'move', '--to', 'sqlite', '--data-dir', dataDir], own);
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dataDir, 'store.json'), 'utf8'))).toEqual({ engine: 'sqlite' });
    // The file from before the first move is kept aside, never overwritten.
    expect(readdirSync(dataDir).some((f) => /^gatehouse-before-.*\.db$/.test(f))).toBe(true);
    const home = await createCore({ dataDir, keyStore: realKeyStore() });
    await home.start();
    expect(home.internals.store.engine).toBe('sqlite');
    expect(await must<Account[]>(home, 'accounts:list')).toEqual(before);
    expect(await home.internals.vault.get('acct-00001', 'refresh_token')).toBe('rt-on-pg');
    expect(await must(home, 'audit:verify')).toMatchObject({ ok: true });
    const moves = (await must<AuditEntry[]>(home, 'audit:list', { limit: 10 })).filter(
      (e) => e.action === 'store:move',
    );
    expect(moves).toHaveLength(2);
    await home.close();
  });

  it('refuses a target that holds data, a password in the URL and a remote host without TLS; the source keeps working', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, keyStore: realKeyStore() });
    await core.start();
    await seedAccounts(core.internals.store, 3, Date.now());
    const url = await freshDatabase();
    const occupied = await Store.open({ dataDir: tempDir(), url });
    await occupied.db.insertInto('meta').values({ key: 'x', value: 'y' }).execute();
    await occupied.close();
    const full = await core.invoke('store:move', { to: url }, admin);
    expect(full).toMatchObject({
      ok: false,
      error: { code: 'CONFLICT', message: expect.stringMatching(/already holds data/) },
    });
    const withPassword = new URL(url);
    withPassword.password = 'hunter2';
    const leaked = await core.invoke('store:move', { to: withPassword.toString() }, admin);
    expect(leaked).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(JSON.stringify(leaked)).not.toContain('hunter2');
    expect(storeUrlProblem('postgres://gatehouse@db.example.com/gh')).toMatch(/TLS.*sslmode=verify-full/);
    expect(storeUrlProblem('postgres://gatehouse@db.example.com/gh?sslmode=verify-full')).toBeNull();
    expect(storeUrlProblem('postgres://gatehouse@127.0.0.1:5432/gh')).toBeNull();
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false);
    // Refused moves are audited in the source, which still takes writes.
    await must(core, 'settings:update', { expiryWarningDays: 8 });
    const audit = await must<AuditEntry[]>(core, 'audit:list', { limit: 5 });
    expect(audit.filter((e) => e.action === 'store:move').every((e) => e.outcome === 'error')).toBe(true);
    expect(JSON.stringify(audit)).not.toContain('hunter2');
    await core.close();
  });
});

describe('statements issued together (`together`)', () => {
  it('answers only once every one has settled, with the first error to arrive', async () => {
    const order: string[] = [];
    const later = (ms: number, name: string, fail = false) =>
      new Promise<string>((resolve, reject) =>
        setTimeout(() => {
          order.push(name);
          if (fail) reject(new Error(name));
          else resolve(name);
        }, ms),
      );
    await expect(
      together([later(20, 'slow'), later(1, 'first failure', true), later(5, 'second failure', true)]),
    ).rejects.toThrow('first failure');
    // Promise.all would have answered at the first failure, with 'slow' still running.
    expect(order).toEqual(['first failure', 'second failure', 'slow']);
    expect(await together([later(2, 'a'), Promise.resolve(1)])).toEqual(['a', 1]);
  });
});

describe.skipIf(PG_ONCE)('PostgreSQL migrations', () => {
  it('refuse a schema from a newer build and leave it untouched; a failing set rolls back whole', async () => {
    const url = await freshDatabase();
    const pool = new pg.Pool({ connectionString: url });
    try {
      await migratePostgres(pool, [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER)' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE b (x NOPE_TYPE)' },
      ]).catch(() => undefined);
      expect((await pool.query("SELECT to_regclass('a') AS t")).rows[0].t).toBeNull();
      await pool.query('CREATE TABLE IF NOT EXISTS gatehouse_schema (version INTEGER NOT NULL)');
      await pool.query('INSERT INTO gatehouse_schema(version) VALUES (9999)');
    } finally {
      await pool.end();
    }
    await expect(Store.open({ dataDir: tempDir(), url })).rejects.toMatchObject({
      code: 'DATABASE_NEWER',
      message: expect.stringMatching(/newer Gatehouse.*not modified/),
    });
  });

  it('a start on a current schema neither waits for nor takes the migration lock', async () => {
    const url = await freshDatabase();
    await (await Store.open({ dataDir: tempDir(), url })).close();
    // Another workstation holds the lock (mid-migration of a database it is upgrading, say).
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const store = await Store.open({ dataDir: tempDir(), url });
      expect((await store.describe()).schema).toBe((await store.describe()).latest);
      await store.close();
      // One a version behind waits for the lock, as before: it must not migrate beside another.
      await other.query('UPDATE gatehouse_schema SET version = version - 1');
      let opened = false;
      const behind = Store.open({ dataDir: tempDir(), url }).then((s) => {
        opened = true;
        return s;
      });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(opened).toBe(false);
      await other.query('UPDATE gatehouse_schema SET version = version + 1');
      await other.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      await (await behind).close();
    } finally {
      await other.end();
    }
  });

  it("the app's store opens its pool's connections while the start runs; otherwise they open when needed", async () => {
    const url = await freshDatabase();
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    const backends = async (name: string) =>
      Number(
        (
          await watcher.query<{ n: string }>('SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1', [
            name,
          ])
        ).rows[0]?.n,
      );
    const warm = await Store.open({ dataDir: tempDir(), url, applicationName: 'gatehouse-warm', warm: true });
    const plain = await Store.open({ dataDir: tempDir(), url, applicationName: 'gatehouse-plain' });
    try {
      // The pool's size (4): the connection the start used, and three more.
      await expect.poll(() => backends('gatehouse-warm')).toBe(4);
      expect(await backends('gatehouse-plain')).toBe(1);
      // Connections opened ahead serve the store like any other, several at once.
      const reads = await Promise.all([1, 2, 3, 4, 5, 6].map(() => warm.read.meta.get('install_id')));
      expect(new Set(reads).size).toBe(1);
      expect(await backends('gatehouse-warm')).toBe(4);
    } finally {
      await warm.close();
      await plain.close();
    }
    await expect.poll(() => backends('gatehouse-warm')).toBe(0);
    // Closed while they are still opening: nothing is left behind.
    const closedEarly = await Store.open({ dataDir: tempDir(), url, applicationName: 'gatehouse-early', warm: true });
    await closedEarly.close();
    await expect.poll(() => backends('gatehouse-early')).toBe(0);
    await watcher.end();
  });

  it('two workstations starting on one new database migrate it once', async () => {
    const url = await freshDatabase();
    const stores = await Promise.all([0, 1, 2].map(() => Store.open({ dataDir: tempDir(), url })));
    for (const store of stores) expect((await store.describe()).schema).toBe((await store.describe()).latest);
    await Promise.all(stores.map((s) => s.close()));
  });
});

type Db = Record<string, Record<string, unknown>>;

/**
 * A fresh database with a table `t`, reached through the store's pool (one connection, pipeline
 * mode, preparing) whose every statement `observe` sees as it is written (its text, and its answer
 * to hand back); and a second client to read `t` from outside.
 */
async function pipelineTable(observe: (text: string, answer: Promise<unknown>) => Promise<unknown>) {
  const pool = await createPool({ url: await freshDatabase(), max: 1 });
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
    (client as unknown as { query: unknown }).query = (...args: unknown[]) => {
      const [config] = args as [string | { text: string }];
      return observe(typeof config === 'string' ? config : config.text, query(...args));
    };
  });
  const connections = preparingPool(pool);
  const other = new pg.Client({ connectionString: pool.options.connectionString });
  await other.connect();
  await other.query('CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL)');
  return {
    connections,
    rows: async () => (await other.query<{ id: number }>('SELECT id FROM t ORDER BY id')).rows.map((r) => r.id),
    insert: (db: Kysely<Db>, id: number) => sql`INSERT INTO t VALUES (${id}, ${id * 10})`.execute(db),
    close: async () => {
      await other.end();
      await connections.end();
    },
  };
}

/**
 * Runs `run` with a callback that inserts `first` and, once the callback has returned, issues an
 * insert of `then` on the same Kysely: what became of that late statement ('sent', or its error).
 * Its outcome is caught as it settles: the timer may fire while a COMMIT is still out.
 */
async function issuedLate(
  run: (fn: (db: Kysely<Db>) => Promise<void>) => Promise<void>,
  insert: (db: Kysely<Db>, id: number) => Promise<unknown>,
  first: number,
  then: number,
): Promise<unknown> {
  let late: Promise<unknown> = Promise.resolve('never issued');
  await run(async (db) => {
    await insert(db, first);
    late = new Promise((resolve) => setTimeout(resolve, 0))
      .then(() => insert(db, then))
      .then(
        () => 'sent',
        (error: unknown) => error,
      );
  });
  return late;
}

describe.skipIf(PG_ONCE)('prepared statements on PostgreSQL', () => {
  /** A Kysely on one connection through the store's preparing pool, and a second client to alter tables. */
  async function open() {
    const url = await freshDatabase();
    const pool = await createPool({ url, max: 1 });
    const db = new Kysely<Record<string, Record<string, unknown>>>({
      dialect: new PostgresDialect({ pool: preparingPool(pool) }),
    });
    const other = new pg.Client({ connectionString: url });
    await other.connect();
    await other.query('CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER NOT NULL)');
    await other.query('INSERT INTO t VALUES (1, 10), (2, 20)');
    const prepared = async () =>
      (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows
        .map((r) => r.statement)
        .sort();
    const pid = async () => (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(db)).rows[0]?.pid;
    const x = (id: number, on: Kysely<Record<string, Record<string, unknown>>> = db) =>
      sql<{ x: number }>`SELECT x FROM t WHERE id = ${id}`.execute(on);
    const close = async () => {
      await other.end();
      await db.destroy();
    };
    return { db, other, prepared, pid, x, close };
  }

  it('a statement sent twice is prepared once on the connection; one-offs, BEGIN and `select *` are not', async () => {
    const { db, prepared, x, close } = await open();
    try {
      await x(1);
      expect(await prepared()).toEqual([]);
      expect((await x(2)).rows).toEqual([{ x: 20 }]);
      expect((await x(1)).rows).toEqual([{ x: 10 }]);
      await db.transaction().execute(async (trx) => {
        await sql`SELECT * FROM t WHERE id = ${1}`.execute(trx);
        await sql`SELECT * FROM t WHERE id = ${2}`.execute(trx);
      });
      expect(await prepared()).toEqual(['SELECT x FROM t WHERE id = $1']);
      // Planned for each call's values, as unnamed statements are (a LIMIT it cannot see made a
      // generic plan read every row).
      expect((await sql<{ plan_cache_mode: string }>`SHOW plan_cache_mode`.execute(db)).rows).toEqual([
        { plan_cache_mode: 'force_custom_plan' },
      ]);
    } finally {
      await close();
    }
  });

  it('a prepared statement gone stale (a column changed elsewhere, or deallocated) is run again unprepared; inside a transaction it fails once', async () => {
    const { db, other, prepared, pid, x, close } = await open();
    try {
      await x(1);
      await x(1);
      const first = await pid();
      // Another workstation's newer build changes the column: the prepared plan no longer fits.
      await other.query('ALTER TABLE t ALTER COLUMN x TYPE TEXT');
      expect((await x(2)).rows).toEqual([{ x: '20' }]);
      // The connection that held it is replaced the next time the pool hands it out.
      expect(await pid()).not.toBe(first);
      expect(await prepared()).toEqual([]);

      await x(1);
      await x(1);
      await other.query('ALTER TABLE t ALTER COLUMN x TYPE INTEGER USING x::integer');
      await expect(db.transaction().execute((trx) => x(1, trx))).rejects.toMatchObject({ code: '0A000' });
      await expect(db.transaction().execute((trx) => x(1, trx))).resolves.toMatchObject({ rows: [{ x: 10 }] });

      // Statements deallocated under it (a pooler's DISCARD ALL, someone's DEALLOCATE ALL).
      await x(2);
      await x(2);
      expect(await prepared()).toHaveLength(1);
      await sql`DEALLOCATE ALL`.execute(db);
      expect((await x(2)).rows).toEqual([{ x: 20 }]);
      expect((await x(2)).rows).toEqual([{ x: 20 }]);
    } finally {
      await close();
    }
  });

  it('a transaction’s BEGIN leaves with its first statement: that statement is inside it, and an empty one ends cleanly', async () => {
    const { db, other, close } = await open();
    try {
      const rows = async () =>
        (await other.query<{ id: number }>('SELECT id FROM t ORDER BY id')).rows.map((r) => r.id);
      // Rolled back: the first statement (written together with the BEGIN) is undone with the rest.
      await expect(
        db.transaction().execute(async (trx) => {
          await sql`INSERT INTO t VALUES (${3}, ${30})`.execute(trx);
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await rows()).toEqual([1, 2]);
      // A first statement that fails: the transaction is rolled back and the connection goes on.
      await expect(
        db.transaction().execute((trx) => sql`INSERT INTO t VALUES (${1}, ${10})`.execute(trx)),
      ).rejects.toMatchObject({ code: '23505' });
      // Nothing sent at all: nothing to commit, nothing to roll back.
      await db.transaction().execute(async () => {});
      await expect(db.transaction().execute(() => Promise.reject(new Error('before any statement')))).rejects.toThrow(
        'before any statement',
      );
      // The one connection is not left inside a transaction by any of these.
      expect((await sql<{ s: string }>`SELECT 1 AS s`.execute(db)).rows).toEqual([{ s: 1 }]);
      await db.transaction().execute(async (trx) => {
        await sql`INSERT INTO t VALUES (${3}, ${30})`.execute(trx);
        // Another connection does not see it before the commit: it is inside a transaction.
        expect(await rows()).toEqual([1, 2]);
      });
      expect(await rows()).toEqual([1, 2, 3]);
    } finally {
      await close();
    }
  });

  it('a store transaction sends the statements issued together without waiting; late ones are refused, failures roll back', async () => {
    // How many statements were on the wire at once, on the pool's one connection.
    let inFlight = 0;
    let most = 0;
    const { connections, rows, insert, close } = await pipelineTable((_, answer) => {
      most = Math.max(most, ++inFlight);
      return answer.finally(() => inFlight--);
    });
    try {
      await pipelinedTransaction<Db, void>(connections, async (db) => {
        await Promise.all([insert(db, 1), insert(db, 2), insert(db, 3)]);
      });
      expect(await rows()).toEqual([1, 2, 3]);
      // BEGIN and the three inserts were written before the first answer came back.
      expect(most).toBeGreaterThanOrEqual(4);

      // One of several fails: none of them is kept, and the connection goes on.
      await expect(
        pipelinedTransaction<Db, void>(connections, async (db) => {
          await Promise.all([insert(db, 4), insert(db, 1), insert(db, 5)]);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await rows()).toEqual([1, 2, 3]);

      // A failure swallowed inside: PostgreSQL rolls the whole transaction back, and it says so.
      await expect(
        pipelinedTransaction<Db, void>(connections, async (db) => {
          await insert(db, 6);
          await insert(db, 1).catch(() => undefined);
        }),
      ).rejects.toThrow(/rolled back instead of committed/);
      expect(await rows()).toEqual([1, 2, 3]);

      // A statement issued after the end is refused, not run on its own (or for whoever has the connection next).
      const late = await issuedLate((fn) => pipelinedTransaction<Db, void>(connections, fn), insert, 7, 8);
      expect(late).toMatchObject({ message: expect.stringMatching(/after its transaction ended/) });
      expect(await rows()).toEqual([1, 2, 3, 7]);
    } finally {
      await close();
    }
  });

  it('statements on one connection without a transaction leave together, each its own unit; late ones are refused', async () => {
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const { connections, rows, insert, close } = await pipelineTable((text, answer) => {
      sent.push(text.split(' ')[0] as string);
      most = Math.max(most, ++inFlight);
      return answer.finally(() => inFlight--);
    });
    try {
      // One of three fails: the other two are kept (no transaction to roll back), and its error is the caller's.
      await insert(new Kysely<Db>({ dialect: new PostgresDialect({ pool: connections }) }), 1);
      sent.length = 0;
      const settled = await pipelinedStatements<Db, PromiseSettledResult<unknown>[]>(connections, (db) =>
        Promise.allSettled([insert(db, 2), insert(db, 1), insert(db, 3)]),
      );
      expect(settled.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await rows()).toEqual([1, 2, 3]);
      // All three were written before the first answer came back, and nothing else was sent.
      expect(most).toBe(3);
      expect(sent).toEqual(['INSERT', 'INSERT', 'INSERT']);

      const late = await issuedLate((fn) => pipelinedStatements<Db, void>(connections, fn), insert, 4, 5);
      expect(late).toMatchObject({ message: expect.stringMatching(/after its statements were done/) });
      expect(await rows()).toEqual([1, 2, 3, 4]);
    } finally {
      await close();
    }
  });

  it('a transaction can end with its last statement: the COMMIT or ROLLBACK leaves with it, before any answer', async () => {
    // Statements written before the first answer of the transaction came back.
    let sentBeforeAnswer: string[] = [];
    let answered = false;
    const { connections, rows, insert, close } = await pipelineTable((text, answer) => {
      if (!answered) sentBeforeAnswer.push(text.split(' ')[0] as string);
      return answer.finally(() => (answered = true));
    });
    const fresh = () => {
      sentBeforeAnswer = [];
      answered = false;
    };
    try {
      fresh();
      await pipelinedTransaction<Db, void>(connections, async (db, end) => {
        expect(end.withNext('commit')).toBe(true);
        // Asked once: a second ask is refused.
        expect(end.withNext('rollback')).toBe(false);
        await insert(db, 1);
      });
      // (A new connection's SET leaves first, with the transaction's first statement.)
      expect(sentBeforeAnswer).toEqual(['SET', 'BEGIN', 'INSERT', 'commit']);
      expect(await rows()).toEqual([1]);

      // After the last statement, no other is sent, and the commit stands.
      let late: unknown = null;
      await pipelinedTransaction<Db, void>(connections, async (db, end) => {
        end.withNext('commit');
        await insert(db, 2);
        late = await insert(db, 3).catch((error: unknown) => error);
      });
      expect(late).toMatchObject({ message: expect.stringMatching(/after its transaction ended/) });
      expect(await rows()).toEqual([1, 2]);

      // A last statement that fails turns the COMMIT sent with it into a ROLLBACK: nothing kept,
      // its own error is the one thrown, and the connection goes on.
      await expect(
        pipelinedTransaction<Db, void>(connections, async (db, end) => {
          await insert(db, 4);
          end.withNext('commit');
          await insert(db, 1);
        }),
      ).rejects.toMatchObject({ code: '23505' });
      expect(await rows()).toEqual([1, 2]);

      // A ROLLBACK sent with the statement (a probe): nothing kept, whatever the callback does after.
      fresh();
      await expect(
        pipelinedTransaction<Db, void>(connections, async (db, end) => {
          end.withNext('rollback');
          await insert(db, 5);
          throw new Error('probed');
        }),
      ).rejects.toThrow('probed');
      // (A SET only if the pool had to open its connection again.)
      expect(sentBeforeAnswer.filter((word) => word !== 'SET')).toEqual(['BEGIN', 'INSERT', 'rollback']);
      await pipelinedTransaction<Db, void>(connections, async (db, end) => {
        end.withNext('rollback');
        await insert(db, 6);
      });
      // Asked for, but no statement followed: the end asked for is sent at the end.
      await pipelinedTransaction<Db, void>(connections, async (db, end) => {
        await insert(db, 7);
        end.withNext('rollback');
      });
      expect(await rows()).toEqual([1, 2]);
      // The one connection was left outside any transaction by all of these.
      await pipelinedTransaction<Db, void>(connections, (db) => insert(db, 8).then(() => undefined));
      expect(await rows()).toEqual([1, 2, 8]);
    } finally {
      await close();
    }
  });

  it('`select *` keeps working, also inside a transaction, when another workstation adds a column', async () => {
    const { db, other, close } = await open();
    try {
      const all = (on: Kysely<Record<string, Record<string, unknown>>>) =>
        sql`SELECT * FROM t WHERE id = ${1}`.execute(on);
      await all(db);
      await all(db);
      await other.query('ALTER TABLE t ADD COLUMN y TEXT');
      expect((await db.transaction().execute(all)).rows).toEqual([{ id: 1, x: 10, y: null }]);
    } finally {
      await close();
    }
  });
});

describe.skipIf(PG_ONCE)('several workstations on one PostgreSQL database', () => {
  let cafe24: Cafe24Emulator;
  beforeAll(async () => {
    cafe24 = await startCafe24Emulator();
  });
  afterAll(async () => {
    await cafe24?.close();
  });
  const overrides = () => ({ 'https://shop1.cafe24api.com': cafe24.origin });
  const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;

  it('three processes of three data folders racing one single-use refresh token refresh it once, with no reuse', async () => {
    const url = await freshDatabase();
    const enrol = await createCore({
      dataDir: tempDir(),
      keyStore: realKeyStore(),
      storeUrl: url,
      endpointOverrides: overrides(),
    });
    await enrol.start();
    const shop = await connectCafe24(enrol, cafe24, 'Shared shop');
    const generation = async () => (await enrol.internals.store.read.accounts.get(shop.id))?.refresh_generation ?? -1;
    const before = { refreshes: refreshes(), generation: await generation() };
    await enrol.close();
    const entry = await bundled('tests/fixtures/refresh-child.ts');
    cafe24.tokenDelayMs = 1_000;
    try {
      // Each workstation has its own data folder (its own device id); they share the database.
      const children = await Promise.all(
        [0, 1, 2].map(() =>
          run(process.execPath, [entry, tempDir(), shop.id], {
            env: {
              ...process.env,
              GATEHOUSE_STORE_URL: url,
              GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
            },
            timeoutMs: 60_000,
          }),
        ),
      );
      for (const child of children) {
        expect(child.code, child.stderr).toBe(0);
        expect(JSON.parse(child.stdout)).toMatchObject({ ok: true, value: { results: [{ outcome: 'refreshed' }] } });
      }
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    expect(refreshes() - before.refreshes).toBe(1);
    expect(cafe24.reuses).toEqual([]);
    const after = await createCore({
      dataDir: tempDir(),
      keyStore: realKeyStore(),
      storeUrl: url,
      endpointOverrides: overrides(),
    });
    expect((await after.internals.store.read.accounts.get(shop.id))?.refresh_generation).toBe(before.generation + 1);
    expect(await after.internals.store.read.leases.count()).toBe(0);
    expect(await must(after, 'audit:verify')).toMatchObject({ ok: true });
    await after.close();
  });

  it('three processes sweeping at once refresh a due account exactly once; the others skip it', async () => {
    const url = await freshDatabase();
    const enrol = await createCore({
      dataDir: tempDir(),
      keyStore: realKeyStore(),
      storeUrl: url,
      endpointOverrides: overrides(),
    });
    await enrol.start();
    // (The Cafe24 stand-in has one mall and one client: one account, swept by three processes.)
    const shops = [await connectCafe24(enrol, cafe24, 'Swept shop')];
    await enrol.internals.store.db.updateTable('accounts').set({ next_refresh_at: 0 }).execute();
    await enrol.close();
    const before = refreshes();
    const entry = await bundled('tests/fixtures/refresh-child.ts');
    // Long enough that every child has started and swept while the first still holds the lease (a
    // loaded CI machine starts three processes hundreds of ms apart).
    cafe24.tokenDelayMs = 1_500;
    let outcomes: string[] = [];
    try {
      const children = await Promise.all(
        [0, 1, 2].map(() =>
          run(process.execPath, [entry, tempDir(), '--due'], {
            env: {
              ...process.env,
              GATEHOUSE_STORE_URL: url,
              GATEHOUSE_ENDPOINT_OVERRIDES: JSON.stringify(overrides()),
            },
            timeoutMs: 60_000,
          }),
        ),
      );
      for (const child of children) expect(child.code, child.stderr).toBe(0);
      outcomes = children.flatMap((c) =>
        (JSON.parse(c.stdout) as { value: { results: { outcome: string }[] } }).value.results.map((r) => r.outcome),
      );
    } finally {
      cafe24.tokenDelayMs = 0;
    }
    expect(refreshes() - before).toBe(shops.length);
    expect(cafe24.reuses).toEqual([]);
    expect(outcomes.every((o) => o === 'refreshed' || o === 'skipped')).toBe(true);
    expect(outcomes.filter((o) => o === 'skipped').length).toBeGreaterThan(0);
  });

  it('a workstation whose keychain never held the shared key is told to join, and mints nothing that would lock the others out', async () => {
    const url = await freshDatabase();
    const first = await createCore({ dataDir: tempDir(), keyStore: realKeyStore(), storeUrl: url });
    await first.start();
    await must(first, 'secrets:set', {
      name: 'slack-webhook-url',
      value: 'https://hooks.slack.com/services/T/B/elsewhere',
    });
    const version = await first.internals.store.read.meta.get('key_version');
    // Another computer: its own keychain (another service name here), the same database.
    const other = await createCore({
      dataDir: tempDir(),
      keyStore: createOsKeyStore({ service: 'Gatehouse-test-other', timeoutMs: 10_000 }),
      storeUrl: url,
    });
    const refused = await other.invoke(
      'secrets:set',
      { name: 'slack-webhook-url', value: 'https://x.example/y' },
      admin,
    );
    expect(refused).toMatchObject({ ok: false, error: { code: 'NOT_A_MEMBER' } });
    expect(refused.ok ? '' : refused.error.message).toMatch(/Join as a team instead/);
    expect(await first.internals.store.read.meta.get('key_version')).toBe(version);
    expect(await must(first, 'secrets:list')).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'slack-webhook-url', isSet: true })]),
    );
    await Promise.all([first.close(), other.close()]);
  });

  it('one writer per audit append: entries from three processes at once form one unbroken chain', async () => {
    const url = await freshDatabase();
    const cores = await Promise.all(
      [0, 1, 2].map(() => createCore({ dataDir: tempDir(), keyStore: realKeyStore(), storeUrl: url })),
    );
    await Promise.all(
      cores.flatMap((core, c) =>
        Array.from({ length: 30 }, (_, i) =>
          core.internals.audit.append(
            { actor: `ws${c}`, role: 'admin', action: 'x', target: String(i), outcome: 'ok', detail: null },
            i,
          ),
        ),
      ),
    );
    expect(await must(cores[0]!, 'audit:verify')).toMatchObject({ ok: true, entries: 90, brokenAtSeq: null });
    await Promise.all(cores.map((c) => c.close()));
  });
});

describe('changes made by another process reach this one', () => {
  it('on the same store, a change from another core (another process, a teammate) arrives as store:changed', async () => {
    const dataDir = tempDir();
    const storeUrl = ENGINE === 'postgres' ? await storeUrlFor(dataDir) : undefined;
    const a = await createCore({ dataDir, keyStore: realKeyStore(), ...(storeUrl ? { storeUrl } : {}) });
    const b = await createCore({
      dataDir: storeUrl ? tempDir() : dataDir,
      keyStore: realKeyStore(),
      ...(storeUrl ? { storeUrl } : {}),
    });
    await a.start();
    await b.start();
    const seen: { scope: string[] }[] = [];
    b.events.subscribe((event, payload) => {
      if (event === 'store:changed') seen.push({ scope: (payload as { scope: string[] }).scope });
    });
    // The listener is up once a first round trip has been made (PostgreSQL: LISTEN is asynchronous).
    for (let i = 0; i < 50 && seen.length === 0; i++) {
      await must(a, 'settings:update', { expiryWarningDays: 5 + (i % 3) });
      await new Promise((r) => setTimeout(r, 100));
    }
    seen.length = 0;
    await must(a, 'secrets:set', { name: 'customer-service-api-key', value: 'cs-live' });
    await seedAccounts(a.internals.store, 1, Date.now());
    a.internals.services.events.emit('accounts:changed', { ids: ['acct-00000'] });
    for (let i = 0; i < 100 && !seen.some((s) => s.scope.includes('accounts')); i++)
      await new Promise((r) => setTimeout(r, 20));
    const arrived = seen.find((s) => s.scope.includes('accounts'));
    expect(arrived, JSON.stringify(seen)).toBeDefined();
    // b's own changes are not echoed back to itself.
    const before = seen.length;
    const ownSeen: string[] = [];
    a.events.subscribe((event) => {
      if (event === 'store:changed') ownSeen.push(event);
    });
    await must(b, 'settings:update', { expiryWarningDays: 4 });
    await new Promise((r) => setTimeout(r, 600));
    expect(seen.length).toBe(before);
    expect(ownSeen.length).toBeGreaterThan(0);
    await a.close();
    await b.close();
  });
});

/** A PostgreSQL server of the test's own: a crash must not take the other test files' server down. */
function ownServer(): { url: string; crash: () => void; restart: () => void; stop: () => void } {
  const script = join(import.meta.dirname, '..', 'scripts', 'pg-server.sh');
  const env = Object.fromEntries(
    execFileSync(script, ['start'], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map((line) => line.replace(/^export /, '').split('=') as [string, string]),
  );
  const dir = env.GATEHOUSE_PG_DIR as string;
  return {
    url: env.GATEHOUSE_TEST_PG as string,
    crash: () => execFileSync(script, ['crash', dir]),
    restart: () => execFileSync(script, ['restart', dir]),
    stop: () => execFileSync(script, ['stop', dir]),
  };
}

describe.skipIf(PG_ONCE)('the shared database goes away and comes back', () => {
  it('a server crash is said (offline since…), calls fail as DATABASE_UNAVAILABLE, and the core recovers by itself', async () => {
    const server = ownServer();
    try {
      const links: { online: boolean; since: string | null }[] = [];
      const changes: string[][] = [];
      const core = await createCore({ dataDir: tempDir(), keyStore: realKeyStore(), storeUrl: server.url });
      await core.start();
      core.events.subscribe((event, payload) => {
        if (event === 'store:link') links.push(payload as { online: boolean; since: string | null });
        if (event === 'store:changed') changes.push((payload as { scope: string[] }).scope);
      });
      await seedAccounts(core.internals.store, 5, Date.now());
      expect(await must<Account[]>(core, 'accounts:list')).toHaveLength(5);

      server.crash();
      for (let i = 0; i < 100 && !links.some((l) => !l.online); i++) await new Promise((r) => setTimeout(r, 100));
      expect(links[0]).toMatchObject({ online: false, since: expect.any(String) });
      const down = await core.invoke('accounts:list', undefined, admin);
      expect(down).toMatchObject({ ok: false, error: { code: 'DATABASE_UNAVAILABLE' } });
      const refused = await core.invoke('settings:update', { expiryWarningDays: 3 }, admin);
      expect(refused).toMatchObject({ ok: false, error: { code: 'DATABASE_UNAVAILABLE' } });

      server.restart();
      for (let i = 0; i < 150 && !links.some((l) => l.online); i++) await new Promise((r) => setTimeout(r, 100));
      expect(links.at(-1)).toEqual({ online: true, since: null });
      // Whatever happened meanwhile is unknown: every area is reloaded.
      expect(changes.at(-1)).toEqual(expect.arrayContaining(['accounts', 'sessions', 'incidents', 'audit']));
      expect(await must<Account[]>(core, 'accounts:list')).toHaveLength(5);
      await must(core, 'settings:update', { expiryWarningDays: 3 });
      expect(await must(core, 'audit:verify')).toMatchObject({ ok: true });
      await core.close();
    } finally {
      server.stop();
    }
  });

  it('a server crash while a rotated token is on its way: the token waits in memory and is committed when the server is back; nothing is spent twice', async () => {
    const server = ownServer();
    const cafe24 = await startCafe24Emulator();
    try {
      const overrides = { 'https://shop1.cafe24api.com': cafe24.origin };
      const dataDir = tempDir();
      const core = await createCore({
        dataDir,
        keyStore: realKeyStore(),
        storeUrl: server.url,
        endpointOverrides: overrides,
      });
      await core.start();
      const shop = await connectCafe24(core, cafe24, 'Shop through a restart');
      const refreshes = () => cafe24.tokenRequests.filter((r) => r.body.get('grant_type') === 'refresh_token').length;
      const before = refreshes();
      // The provider holds the request until the database is down: the rotated token lands while it is.
      const hold = cafe24.holdTokens();
      const pending = must<{ results: { outcome: string }[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      pending.catch(() => {}); // (awaited below; a failure meanwhile is not an unhandled one)
      for (let i = 0; i < 1_500 && hold.arrived() === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(hold.arrived()).toBe(1);
      server.crash();
      hold.release();
      for (let i = 0; i < 500 && refreshes() === before; i++) await new Promise((r) => setTimeout(r, 20));
      expect(refreshes()).toBe(before + 1);
      // The answer is in (and the provider has rotated the token) while the database is still away.
      await new Promise((r) => setTimeout(r, 2_000));
      server.restart();
      const { results } = await pending;
      expect(results[0]!.outcome).toBe('refreshed');
      // It waited for the database rather than giving up on the token.
      expect(readFileSync(join(dataDir, 'logs', 'gatehouse.log'), 'utf8')).toContain('tokens.write_ahead_waiting');
      // The rotated token is the live one: the next refresh sends it, and the provider saw no reuse.
      const again = await must<{ results: { outcome: string }[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      expect(again.results[0]!.outcome).toBe('refreshed');
      expect(refreshes() - before).toBe(2);
      expect(cafe24.reuses).toEqual([]);
      expect(await core.internals.vault.has(shop.id, 'pending_refresh_token')).toBe(false);
      await core.close();
    } finally {
      await cafe24.close();
      server.stop();
    }
  });

  it('the database goes away just after a refresh committed: the call says it was carried out, not that nothing changed', async () => {
    const server = ownServer();
    const cafe24 = await startCafe24Emulator();
    try {
      const core = await createCore({
        dataDir: tempDir(),
        keyStore: realKeyStore(),
        storeUrl: server.url,
        endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin },
      });
      await core.start();
      const shop = await connectCafe24(core, cafe24, 'Shop refreshed just in time');
      const online: boolean[] = [];
      let armed = true;
      core.events.subscribe((event, payload) => {
        if (event === 'store:link') online.push((payload as { online: boolean }).online);
        // Emitted the moment the promotion has committed, before the call's follow-ups run.
        if (event === 'accounts:changed' && armed && (payload as { ids: string[] }).ids.includes(shop.id)) {
          armed = false;
          server.crash();
        }
      });
      const reply = await core.invoke('tokens:refresh', { ids: [shop.id] }, admin);
      expect(armed).toBe(false);
      expect(reply).toMatchObject({ ok: false, error: { code: 'AUDIT_UNAVAILABLE' } });
      expect(JSON.stringify(reply)).toMatch(/was carried out/);
      server.restart();
      for (let i = 0; i < 150 && online.at(-1) !== true; i++) await new Promise((r) => setTimeout(r, 100));
      // It was: the rotated token is the live one, and the refresher's own audit entry is there.
      const again = await must<{ results: { outcome: string }[] }>(core, 'tokens:refresh', { ids: [shop.id] });
      expect(again.results[0]!.outcome).toBe('refreshed');
      expect(cafe24.reuses).toEqual([]);
      const entries = await must<AuditEntry[]>(core, 'audit:list', { target: shop.id });
      expect(entries.filter((e) => e.action === 'tokens:refreshed' && e.outcome === 'ok')).toHaveLength(2);
      await core.close();
    } finally {
      await cafe24.close();
      server.stop();
    }
  });
});

describe.skipIf(PG_ONCE)('joining a store that already exists', () => {
  it(
    'a teammate connects with a password that goes to the OS keychain, never to a file; the next start finds the same accounts',
    { timeout: 90_000 },
    async () => {
      const server = ownServer();
      try {
        const su = new pg.Client({ connectionString: server.url });
        await su.connect();
        const password = 'pg-canary-Zq8w-team';
        await su.query(`CREATE ROLE teammate LOGIN PASSWORD '${password}'`);
        await su.query('CREATE DATABASE team OWNER teammate');
        // This server asks the teammate for a password (the others are trusted, as everywhere in the tests).
        const hba = (await su.query<{ hba_file: string }>('SHOW hba_file')).rows[0]!.hba_file;
        writeFileSync(hba, `host all teammate 127.0.0.1/32 scram-sha-256\n${readFileSync(hba, 'utf8')}`);
        await su.query('SELECT pg_reload_conf()');
        await su.end();
        const shared = new URL(server.url);
        shared.username = 'teammate';
        shared.pathname = '/team';
        const url = shared.toString();

        // The admin moves their accounts there; the password is kept in the admin's keychain.
        const adminDir = tempDir();
        const first = await createCore({ dataDir: adminDir, keyStore: realKeyStore() });
        await first.start();
        await seedAccounts(first.internals.store, 3, Date.now());
        expect(await must(first, 'store:move', { to: url, password })).toMatchObject({ activated: true });
        await first.close();
        const again = await createCore({ dataDir: adminDir, keyStore: realKeyStore(), storeUrl: url });
        await again.start();
        expect(await must<Account[]>(again, 'accounts:list')).toHaveLength(3);
        await again.close();

        // A teammate, from their own data folder and keychain (the CLI's), tests and then joins.
        const dir = tempDir();
        const as = (args: string[], input?: string) =>
          cli(['--data-dir', dir, ...args], { ...own, ...(input === undefined ? {} : { input }) });
        const wrong = await as(['store', 'connect', url, '--test', '--password-stdin'], 'not-the-password');
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toMatch(/refused the sign-in/);
        expect(wrong.stderr + wrong.stdout).not.toContain('not-the-password');
        const tried = await as(['store', 'connect', url, '--test', '--password-stdin'], password);
        expect(tried.code, tried.stderr).toBe(0);
        expect(tried.stdout).toMatch(/Gatehouse schema \d+ with 3 account\(s\)/);
        expect(tried.stdout).toMatch(/nothing was changed/);
        expect(existsSync(join(dir, 'store.json'))).toBe(false);
        const joined = await as(['store', 'connect', url, '--password-stdin'], password);
        expect(joined.code, joined.stderr).toBe(0);
        expect(joined.stdout).toMatch(/the password is kept in your OS keychain/);
        expect(JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8'))).toEqual({ engine: 'postgres', url });
        // The next command starts on the shared store: the password came from the keychain.
        const listed = await as(['--json', 'accounts', 'list']);
        expect(listed.code, listed.stderr).toBe(0);
        expect((JSON.parse(listed.stdout) as Account[]).map((a) => a.id)).toHaveLength(3);
        const audit = await as(['--json', 'audit', 'list']);
        expect(audit.stdout).toMatch(/this workstation joins the shared store/);
        // The password is in no file of the folder, and in no audit entry.
        expect(findCanaries([password], fileSources(dir))).toEqual([]);
        expect(audit.stdout).not.toContain(password);

        // Back to the folder's own file: the shared store keeps everything, the password is forgotten.
        const back = await as(['store', 'connect', 'sqlite']);
        expect(back.code, back.stderr).toBe(0);
        expect(JSON.parse(readFileSync(join(dir, 'store.json'), 'utf8'))).toEqual({ engine: 'sqlite' });
        const forgotten = await as(['store', 'connect', url, '--test']);
        expect(forgotten.code).toBe(1);
        expect(forgotten.stderr).toMatch(/asks for a password, and none was given/);
      } finally {
        server.stop();
      }
    },
  );

  it('connecting a folder that has accounts to an empty database is refused, pointing at store move; a newer schema is refused', async () => {
    const dataDir = tempDir();
    const core = await createCore({ dataDir, keyStore: realKeyStore() });
    await core.start();
    await seedAccounts(core.internals.store, 2, Date.now());
    const blank = await freshDatabase();
    const refused = await core.invoke('store:connect', { to: blank }, admin);
    expect(refused).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/2 accounts/) },
    });
    if (!refused.ok) expect(refused.error.message).toMatch(/store move --to/);
    expect(existsSync(join(dataDir, 'store.json'))).toBe(false);
    const ahead = await freshDatabase();
    const store = await Store.open({ dataDir: tempDir(), url: ahead });
    await store.close();
    const client = new pg.Client({ connectionString: ahead });
    await client.connect();
    await client.query('UPDATE gatehouse_schema SET version = version + 100');
    await client.end();
    expect(await core.invoke('store:connect', { to: ahead, test: true }, admin)).toMatchObject({
      ok: false,
      error: { code: 'DATABASE_NEWER' },
    });
    // A connection test changes nothing and is not audited; a bad URL names the problem.
    expect(await core.invoke('store:connect', { to: 'postgres://db.example.com/x' }, admin)).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: expect.stringMatching(/TLS/) },
    });
    await core.close();
  });
});

describe('a sign-in in flight when the data moves', () => {
  it('its callback is turned away without exchanging the code, and the page says to restart and sign in again', async () => {
    const cafe24 = await startCafe24Emulator();
    try {
      const core = await createCore({
        dataDir: tempDir(),
        keyStore: realKeyStore(),
        endpointOverrides: { 'https://shop1.cafe24api.com': cafe24.origin },
      });
      await core.start();
      const account = await must<Account>(core, 'accounts:add', {
        provider: 'cafe24',
        label: 'Shop in flight',
        mallId: 'shop1',
        clientId: cafe24.clientId,
        clientSecret: cafe24.clientSecret,
      });
      const session = await must<Session>(core, 'sessions:start', { accountId: account.id });
      const approved = await get(session.authorizationUrl as string);
      const exchanges = cafe24.tokenRequests.length;
      core.internals.store.retire('postgres://db.example.com/gatehouse');
      const callback = await get(approved.location as string);
      const page = await raw(
        Number(new URL(approved.location as string).port),
        new URL(callback.location as string, approved.location).pathname +
          new URL(callback.location as string, approved.location).search,
      );
      expect(page.body).toContain('Gatehouse moved its data');
      expect(page.body).toContain('its code was not used');
      expect(cafe24.tokenRequests.length).toBe(exchanges);
      await core.close();
    } finally {
      await cafe24.close();
    }
  });
});

describe('the CLI and the app on one store', () => {
  it('a change made by a CLI command (which listens to nobody) reaches the running app', async () => {
    const dataDir = tempDir();
    const storeUrl = ENGINE === 'postgres' ? await storeUrlFor(dataDir) : undefined;
    const app = await createCore({ dataDir, keyStore: realKeyStore(), ...(storeUrl ? { storeUrl } : {}) });
    await app.start();
    const seen: string[][] = [];
    app.events.subscribe((event, payload) => {
      if (event === 'store:changed') seen.push((payload as { scope: string[] }).scope);
    });
    // LISTEN is asynchronous: the app's connection listens before the CLI speaks.
    await listening(storeUrl);
    const set = await cli(['secrets', 'set', 'customer-service-api-key', '--data-dir', dataDir], { input: 'cs-cli' });
    expect(set.code, set.stderr).toBe(0);
    for (let i = 0; i < 100 && !seen.some((s) => s.includes('audit')); i++) await new Promise((r) => setTimeout(r, 20));
    expect(
      seen.some((s) => s.includes('audit')),
      JSON.stringify(seen),
    ).toBe(true);
    await app.close();
  });
});

describe('a refresh lease taken in one statement', () => {
  it('is taken only when no lease is held and the account is still connected at the generation read; a promotion in progress is waited for', async () => {
    const dataDir = tempDir();
    const url = await storeUrlFor(dataDir);
    const store = await Store.open({ dataDir, ...(url ? { url } : {}) });
    // A second connection, as another process would have.
    const other = await Store.open({ dataDir, ...(url ? { url } : {}) });
    try {
      await seedAccounts(store, 8, Date.now());
      const rows = await Promise.all(
        Array.from({ length: 8 }, (_, i) => store.read.accounts.get(`acct-${String(i).padStart(5, '0')}`)),
      );
      const connected = rows.find((r) => r?.status === 'connected')!;
      const reauth = rows.find((r) => r?.status === 'needs_reauth')!;
      const gen = connected.refresh_generation;
      const take = (s: Store, id: string, attempt: string, generation = gen) =>
        s.oneWrite((r) => r.leases.takeIfFree(id, 'me:1:x', attempt, Date.now() + 90_000, generation), {
          durable: false,
        });

      expect(await take(store, connected.id, 'a1', gen + 1)).toBe(false);
      expect(await take(store, reauth.id, 'a1', reauth.refresh_generation)).toBe(false);
      expect(await take(store, connected.id, 'a1')).toBe(true);
      expect(await take(other, connected.id, 'a2')).toBe(false);
      expect(await store.read.leases.get(connected.id)).toMatchObject({ attempt_id: 'a1' });
      await store.read.leases.release(connected.id, 'a1');

      // SQLite: the statement runs under BEGIN IMMEDIATE, the one write lock, whose busy wait blocks
      // this thread (another process is needed to show it; the multi-process tests do).
      if (ENGINE !== 'postgres') return;
      // PostgreSQL: a promotion elsewhere holds the account's row; the take waits for it, then sees its commit.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockedNow = new Promise<void>((resolve) => (locked = resolve));
      const promotion = other.transaction(async (tx) => {
        await tx.accounts.recordTokens(
          connected.id,
          { accessExpiresAt: null, refreshExpiresAt: null, estimated: false, nextRefreshAt: null, grantedScopes: [] },
          Date.now(),
        );
        locked();
        await held;
      });
      await lockedNow;
      let settled = false;
      const racing = take(store, connected.id, 'a3').finally(() => (settled = true));
      await new Promise((r) => setTimeout(r, 300));
      expect(settled).toBe(false);
      release();
      await promotion;
      expect(await racing).toBe(false);
      expect(await store.read.leases.count()).toBe(0);
      expect(await take(store, connected.id, 'a4', gen + 1)).toBe(true);
    } finally {
      await other.close();
      await store.close();
    }
  });
});

describe('a transaction SQLite ended by itself', () => {
  it.skipIf(ENGINE === 'postgres')(
    'reports the error that ended it (a full disk), not the ROLLBACK that follows',
    async () => {
      const core = await createCore({ dataDir: tempDir(), keyStore: realKeyStore() });
      // SQLite rolls a transaction back by itself after some errors (SQLITE_FULL may); RAISE(ROLLBACK) does the same.
      core.internals.store.sqlite!.exec(`CREATE TEMP TRIGGER full_disk BEFORE INSERT ON meta
      BEGIN SELECT RAISE(ROLLBACK, 'database or disk is full'); END`);
      await expect(core.internals.store.transaction((tx) => tx.meta.set('probe', 'x'))).rejects.toThrow(/disk is full/);
      // The connection is usable afterwards.
      core.internals.store.sqlite!.exec('DROP TRIGGER full_disk');
      await core.internals.store.transaction((tx) => tx.meta.set('probe', 'y'));
      expect(await core.internals.store.read.meta.get('probe')).toBe('y');
      await core.close();
    },
  );
});

describe.skipIf(ENGINE === 'postgres')('SQLite statements', () => {
  it('are compiled once and then reused, by Kysely and by the commit-level switches; a busy one is never shared', async () => {
    const store = await Store.open({ dataDir: tempDir() });
    try {
      const sqlite = store.sqlite!;
      // Every statement handed out, by its SQL: reuse means one object per SQL, round after round.
      const handed = new Map<string, Set<object>>();
      const prepare = sqlite.prepare.bind(sqlite);
      sqlite.prepare = ((source: string) => {
        const statement = prepare(source);
        handed.set(source, (handed.get(source) ?? new Set()).add(statement));
        return statement;
      }) as typeof sqlite.prepare;
      const round = async () => {
        await store.read.meta.get('statements-probe');
        await store.transaction((tx) => tx.meta.set('statements-probe', 'x'));
        await store.transaction((tx) => tx.meta.get('statements-probe'), { durable: false });
      };
      for (let i = 0; i < 6; i++) await round();
      expect(handed.size).toBeGreaterThan(4);
      for (const [source, statements] of handed) expect([source, statements.size]).toEqual([source, 1]);
      // Outside a transaction the connection waits for the disk at every commit.
      expect(prepare('PRAGMA synchronous').get()).toEqual({ synchronous: 2 });
      // A statement being iterated is busy: the same SQL meanwhile gets a statement of its own.
      const list = 'SELECT key FROM meta';
      const first = sqlite.prepare(list);
      const rows = first.iterate();
      rows.next();
      expect(sqlite.prepare(list)).not.toBe(first);
      rows.return?.();
      expect(sqlite.prepare(list)).toBe(first);
    } finally {
      await store.close();
    }
  });
});

describe.skipIf(ENGINE === 'postgres')('durable SQLite commits', () => {
  it('resolve after the WAL is synced off the thread; commits that end together share a sync; reads and relaxed commits wait for none', async () => {
    const dataDir = tempDir();
    const synced: number[] = [];
    const store = await Store.open({
      dataDir,
      dataSync: async (file) => {
        await file.datasync();
        synced.push(Date.now());
      },
    });
    try {
      const wal = store.walSync!;
      // Readying the first commit's way (a sign-in does it while the admin is at the provider) syncs nothing.
      await store.warm();
      expect(synced.length).toBe(0);
      await store.transaction((tx) => tx.meta.set('durable-1', 'a'));
      expect(synced.length).toBe(1);
      // What it wrote is there, and the connection is back at FULL for statements outside a transaction.
      expect(await store.read.meta.get('durable-1')).toBe('a');
      expect(store.sqlite!.pragma('synchronous', { simple: true })).toBe(2);
      // A transaction that changed nothing, and one that does not ask to wait, sync nothing.
      await store.transaction((tx) => tx.meta.get('durable-1'));
      await store.transaction((tx) => tx.meta.set('relaxed', 'b'), { durable: false });
      expect(synced.length).toBe(1);
      // The next durable commit's sync covers the relaxed one before it (one WAL, written in order).
      await store.transaction((tx) => tx.meta.set('durable-2', 'c'));
      expect(synced.length).toBe(2);
      // Twenty at once: each resolves after a sync that began after its own commit, and they share.
      const before = wal.syncs;
      await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.transaction((tx) => tx.meta.set(`together-${i}`, String(i)))),
      );
      expect(wal.syncs - before).toBeGreaterThan(0);
      expect(wal.syncs - before).toBeLessThan(20);
    } finally {
      await store.close();
    }
    // Closed cleanly: everything is there for the next process.
    const again = await Store.open({ dataDir });
    try {
      expect(await again.read.meta.get('together-19')).toBe('19');
      expect(await again.read.meta.get('relaxed')).toBe('b');
    } finally {
      await again.close();
    }
  });

  it('a disk that fails its sync fails the durable transaction with the disk’s error, and the store goes on once the disk is back', async () => {
    let failing = true;
    const store = await Store.open({
      dataDir: tempDir(),
      dataSync: async (file) => {
        if (failing) throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
        await file.datasync();
      },
    });
    try {
      await expect(store.transaction((tx) => tx.meta.set('on-a-bad-disk', 'x'))).rejects.toMatchObject({ code: 'EIO' });
      // The caller was told it is not known to be on disk; the next durable commit waits for a good sync.
      failing = false;
      await store.transaction((tx) => tx.meta.set('after', 'y'));
      expect(await store.read.meta.get('after')).toBe('y');
      expect(store.walSync!.syncs).toBe(1);
    } finally {
      await store.close();
    }
  });
});
