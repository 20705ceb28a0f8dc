import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * With GATEHOUSE_TEST_PG (a URL of the throw-away server the test script started, e.g.
 * postgres://gatehouse@127.0.0.1:55432/postgres), every data folder gets a PostgreSQL database of
 * its own, created on first use: two cores on one folder share it, as two processes would.
 */
export const TEST_PG = process.env.GATEHOUSE_TEST_PG ?? '';

const created = new Map<string, Promise<string>>();

export function storeUrlFor(dataDir: string): Promise<string | undefined> {
  if (!TEST_PG) return Promise.resolve(undefined);
  const name = `t_${createHash('sha256').update(dataDir).digest('hex').slice(0, 20)}`;
  let url = created.get(name);
  if (!url) {
    url = createDatabase(name);
    created.set(name, url);
  }
  return url;
}

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: TEST_PG });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    // Created by another test process at the same moment.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The PostgreSQL server of this run, whichever engine the suite tests (empty without PostgreSQL). */
export const PG_SERVER = process.env.GATEHOUSE_PG_SERVER ?? TEST_PG;

/** A new, empty PostgreSQL database on the run's server; its URL. */
export async function freshDatabase(): Promise<string> {
  const name = `f_${createHash('sha256').update(`${process.pid}:${Math.random()}`).digest('hex').slice(0, 20)}`;
  const admin = new pg.Client({ connectionString: PG_SERVER });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The engine this run tests, for the few tests that are about one engine's files or pragmas. */
export const ENGINE: 'sqlite' | 'postgres' = TEST_PG ? 'postgres' : 'sqlite';

/** Everything the data folder's PostgreSQL database holds, as `pg_dump` writes it (for canary scans). */
export async function dumpDatabase(dataDir: string): Promise<string> {
  const url = await storeUrlFor(dataDir);
  if (!url) return '';
  return execFileSync('pg_dump', ['--no-owner', url], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** The environment for a child process of the data folder: the same store as the test's cores. */
export async function childEnv(dataDir: string, extra: NodeJS.ProcessEnv = {}): Promise<NodeJS.ProcessEnv> {
  const url = await storeUrlFor(dataDir);
  return { ...process.env, ...(url ? { GATEHOUSE_STORE_URL: url } : {}), ...extra };
}

/**
 * Resolves once a core's change feed is listening on `storeUrl`'s database (PostgreSQL's LISTEN is
 * made after the core starts; a loaded machine can take a while). SQLite: at once.
 */
export async function listening(storeUrl: string | undefined): Promise<void> {
  if (!storeUrl) return;
  const client = new pg.Client({ connectionString: storeUrl });
  await client.connect();
  try {
    for (let i = 0; i < 200; i++) {
      const { rows } = await client.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'gatehouse-listen' AND query LIKE 'LISTEN%'`,
      );
      if (Number(rows[0]?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the change feed never listened');
  } finally {
    await client.end();
  }
}
