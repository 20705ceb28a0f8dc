import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors';
import { LATEST_VERSION, migrations, type Migration } from './migrations';

export type Db = Database.Database;

export const DB_FILE = 'gatehouse.db';

export interface OpenOptions {
  /** Path of a better-sqlite3 binary built for another runtime (Electron's ABI). */
  nativeBinding?: string;
  /** Milliseconds a writer waits for another process's lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the database in `dataDir` with the pragmas credential writes rely on,
 * checks it, and runs pending migrations in one transaction. Refuses a database from a newer build.
 */
export function openDatabase(dataDir: string, options: OpenOptions = {}): Db {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DB_FILE);
  let db: Db;
  try {
    db = new Database(path, {
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw new CoreError(
      'DATABASE_UNAVAILABLE',
      `Cannot open the database at ${path}: ${describe(error)}. Check that the data folder is writable.`,
    );
  }
  try {
    try {
      applyPragmas(db);
    } catch (error) {
      throw new CoreError(
        'DATABASE_CORRUPT',
        `${path} is not a Gatehouse database or is damaged (${describe(error)}).`,
        'Restore it from a backup or move it away to start fresh; it was not modified.',
      );
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') {
      throw new CoreError(
        'DATABASE_CORRUPT',
        `The database at ${path} failed its integrity check (${String(check)}). Restore it from a backup; it was not modified.`,
      );
    }
    migrate(db, migrations);
    cacheStatements(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Every connection gets these; durability of a rotated refresh token depends on them. */
export function applyPragmas(db: Db): void {
  db.pragma('journal_mode = WAL');
  // better-sqlite3 builds with SQLITE_DEFAULT_WAL_SYNCHRONOUS=1, so WAL alone would mean NORMAL.
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // Wiped secrets must not linger in free pages.
  db.pragma('secure_delete = ON');
}

/** Runs every migration newer than `user_version` in one transaction. */
export function migrate(db: Db, list: readonly Migration[]): { from: number; to: number } {
  const from = db.pragma('user_version', { simple: true }) as number;
  const latest = list.reduce((max, m) => Math.max(max, m.version), 0);
  if (from > latest) {
    throw new CoreError(
      'DATABASE_NEWER',
      `The database was written by a newer Gatehouse (schema ${from}, this build knows ${latest}). Update Gatehouse; the database was not modified.`,
    );
  }
  const pending = [...list].filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  if (pending.length === 0) return { from, to: from };
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`user_version = ${latest}`);
  }).immediate();
  return { from, to: latest };
}

/** The pragmas as they are on this connection, for the health check. */
export function readPragmas(db: Db): Record<string, unknown> {
  return {
    journal_mode: db.pragma('journal_mode', { simple: true }),
    synchronous: db.pragma('synchronous', { simple: true }),
    foreign_keys: db.pragma('foreign_keys', { simple: true }),
    secure_delete: db.pragma('secure_delete', { simple: true }),
    busy_timeout: db.pragma('busy_timeout', { simple: true }),
    user_version: db.pragma('user_version', { simple: true }),
  };
}

export { LATEST_VERSION };

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes `db.prepare` reuse compiled statements: the core prepares the same few dozen statements on
 * every call, and compiling them was the largest single cost of a refresh (B3). A reused reader is
 * reset to return objects (`pluck(false)`, `raw(false)`), so a caller that plucks one use does not
 * change the next.
 */
function cacheStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  const cached = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = prepare(sql);
      if (cache.size < 500) cache.set(sql, stmt);
      return stmt;
    }
    if (stmt.reader) stmt.pluck(false).raw(false).expand(false);
    return stmt;
  };
  db.prepare = cached as Db['prepare'];
}
