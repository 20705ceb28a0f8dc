import Database from 'better-sqlite3';
import {
  chmodSync,
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { isProcessAlive } from '../process';
import { CoreError, errorCodeOf } from '../errors';
import { isDiskFull } from './disk';
import { LATEST_VERSION, migrations, type Migration } from './migrations-sqlite';

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
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (error) {
    throw classifyOpenError(error, dataDir);
  }
  const path = join(dataDir, DB_FILE);
  prepareFile(path, dataDir);
  let db: Db;
  try {
    db = new Database(path, {
      timeout: options.busyTimeoutMs ?? 5000,
      ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    });
  } catch (error) {
    throw classifyOpenError(error, dataDir);
  }
  try {
    try {
      applyPragmas(db);
    } catch (error) {
      throw classifyOpenError(error, dataDir);
    }
    // quick_check reads every page (about 20 ms at 10,000 accounts, issue #16 B4): it runs when a
    // process that had this file open ended without closing it (a crash, kill -9, a power cut), before
    // migrations change the schema, and by doctor (Store.integrity); a clean close leaves nothing to check.
    const folder = dirname(path);
    const stale = marksOfGoneProcesses(folder);
    const behind = (db.pragma('user_version', { simple: true }) as number) < LATEST_VERSION;
    if (stale.length > 0 || behind) {
      const check = quickCheck(db);
      if (check !== 'ok') {
        // The marks stay: every start checks again until the file is restored.
        throw CoreError.say('DATABASE_CORRUPT', 'errors.integrity', { path, detail: String(check) });
      }
      for (const mark of stale) rmSync(mark, { force: true });
    }
    try {
      migrate(db, migrations);
    } catch (error) {
      throw error instanceof CoreError ? error : classifyOpenError(error, dataDir);
    }
    cacheStatements(db);
    markOpen(folder);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** SQLite's quick_check of every page: "ok" when sound, else what it found. */
export function quickCheck(db: Db): string {
  return String(db.pragma('quick_check', { simple: true }));
}

/**
 * After the database is closed: when this process holds it open no more, removes its open mark, so
 * the next start knows it was closed cleanly and skips the integrity check.
 */
export function closedCleanly(db: Db): void {
  if (db.memory) return;
  const folder = dirname(db.name);
  const left = (openHere.get(folder) ?? 1) - 1;
  if (left > 0) return void openHere.set(folder, left);
  openHere.delete(folder);
  rmSync(join(folder, `${OPEN_MARK_PREFIX}${process.pid}`), { force: true });
}

/** `.gatehouse-open-<pid>`: written by every process while it has the database open. */
const OPEN_MARK_PREFIX = '.gatehouse-open-';
/** How many stores of this process have each data folder's database open. */
const openHere = new Map<string, number>();

function markOpen(folder: string): void {
  openHere.set(folder, (openHere.get(folder) ?? 0) + 1);
  try {
    writeFileSync(join(folder, `${OPEN_MARK_PREFIX}${process.pid}`), '', { mode: 0o600 });
  } catch {
    // Best effort: without its mark a crash of this process goes unchecked at the next start.
  }
}

/**
 * The open marks here of processes that are gone (they ended without closing the file). The caller
 * removes them once the file passed its check, so a damaged file is checked again at every start.
 */
function marksOfGoneProcesses(folder: string): string[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const stale: string[] = [];
  for (const name of names) {
    if (!name.startsWith(OPEN_MARK_PREFIX)) continue;
    const pid = Number(name.slice(OPEN_MARK_PREFIX.length));
    if (!Number.isInteger(pid) || pid <= 0) continue;
    // This process's own mark with no store open here: it crashed in a test, or a pid was reused.
    if (pid === process.pid ? openHere.has(folder) : isProcessAlive(pid)) continue;
    stale.push(join(folder, name));
  }
  return stale;
}

/**
 * The database file only this user can read, also when the data folder already existed (SQLite
 * gives its -wal and -shm files the mode of the database file). A database that exists but is empty
 * (0 bytes: truncated by a full disk or a failed copy) is refused: SQLite would silently start a new
 * one under a new key, and the old keychain item would be orphaned.
 */
function prepareFile(path: string, dataDir: string): void {
  let size: number | null = null;
  try {
    const stat = statSync(path);
    size = stat.size;
    if ((stat.mode & 0o077) !== 0) chmodSync(path, 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  // Empty beside the marker of a folder that was in use: truncated data, not a first start that was
  // interrupted before SQLite wrote anything (that one is simply initialised).
  const marker = readInstallMarker(dataDir);
  if (size === 0 && marker !== null && !existsSync(`${path}-wal`)) {
    throw CoreError.say('DATABASE_CORRUPT', 'errors.dbEmpty', { path, marker });
  }
  if (size === null) {
    try {
      closeSync(openSync(path, 'wx', 0o600));
    } catch {
      // Created by another process at the same moment, or not creatable: the open below says which.
    }
  }
}

/** The marker of a data folder in use: its install id (not a secret), written once the database opened. */
export const INSTALL_MARKER = 'gatehouse.id';

function readInstallMarker(dataDir: string): string | null {
  try {
    const text = readFileSync(join(dataDir, INSTALL_MARKER), 'utf8').trim();
    return /^[0-9a-f-]{36}$/.test(text) ? text : null;
  } catch {
    return null;
  }
}

/** Records the folder's install id beside the database (best effort), so a truncated file is recognised. */
export function writeInstallMarker(dataDir: string, id: string): void {
  if (readInstallMarker(dataDir) === id) return;
  try {
    writeFileSync(join(dataDir, INSTALL_MARKER), `${id}\n`, { mode: 0o600 });
  } catch {
    // A read-only folder says so elsewhere; the marker only sharpens one diagnosis.
  }
}

/** Names what stops the database from opening, with the remedy that fits (not always "restore"). */
function classifyOpenError(error: unknown, dataDir: string): CoreError {
  if (error instanceof CoreError) return error;
  const code = errorCodeOf(error);
  const path = join(dataDir, DB_FILE);
  if (code === 'ERR_DLOPEN_FAILED' || /NODE_MODULE_VERSION|compiled against a different Node/i.test(describe(error)))
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.driverAbi', {
      detail: describe(error).split('\n')[0]?.slice(0, 160) ?? '',
    });
  if (isDiskFull(error)) return CoreError.say('DISK_FULL', 'errors.diskFullOpen', { dir: dataDir });
  if (
    ['SQLITE_READONLY', 'SQLITE_CANTOPEN', 'SQLITE_PERM', 'SQLITE_AUTH', 'EACCES', 'EPERM', 'EROFS'].some((c) =>
      code.startsWith(c),
    )
  )
    return CoreError.say('DATABASE_UNAVAILABLE', 'errors.folderNotWritable', { dir: dataDir, file: DB_FILE, code });
  if (['SQLITE_NOTADB', 'SQLITE_CORRUPT'].some((c) => code.startsWith(c)))
    return CoreError.say('DATABASE_CORRUPT', 'errors.notADatabase', { path, detail: describe(error) });
  return CoreError.say('DATABASE_UNAVAILABLE', 'errors.cannotOpen', { path, detail: describe(error) });
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
    throw CoreError.say('DATABASE_NEWER', 'errors.newerSchema', { from, latest });
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
 * every call (Kysely's driver too), and compiling them was the largest single cost of a refresh (B3).
 * A reused reader is reset to return objects (`pluck(false)`, `raw(false)`), so a caller that plucks
 * one use does not change the next. A statement still being iterated (a streamed read) is never handed
 * out twice: while it is busy, a caller gets a new one.
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
    if (stmt.busy) return prepare(sql);
    if (stmt.reader) stmt.pluck(false).raw(false).expand(false);
    return stmt;
  };
  db.prepare = cached as Db['prepare'];
}
