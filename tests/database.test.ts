import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../electron/main/core/health/checks';
import { closedCleanly, DB_FILE, LATEST_VERSION, openDatabase, readPragmas } from '../electron/main/core/store/sqlite';
import { Store } from '../electron/main/core/store/store';
import { CoreError } from '../electron/main/core/errors';
import { cli } from './helpers/children';
import { tempDir } from './helpers/temp';

describe('openDatabase', () => {
  it('applies the pragmas credential writes rely on and migrates to the latest schema', () => {
    const db = openDatabase(tempDir());
    expect(readPragmas(db)).toMatchObject({
      journal_mode: 'wal',
      synchronous: 2,
      foreign_keys: 1,
      secure_delete: 1,
      busy_timeout: 5000,
      user_version: LATEST_VERSION,
    });
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['accounts', 'audit_log', 'credentials', 'meta']));
    db.close();
  });

  it('is idempotent: reopening runs no migration twice', () => {
    const dir = tempDir();
    openDatabase(dir).close();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database written by a newer build and leaves it untouched', () => {
    const dir = tempDir();
    const raw = new Database(join(dir, DB_FILE));
    raw.pragma(`user_version = ${LATEST_VERSION + 10}`);
    raw.close();
    const error = catchError(() => openDatabase(dir));
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('DATABASE_NEWER');
    expect((error as CoreError).message).toMatch(/Update Gatehouse/);
    const again = new Database(join(dir, DB_FILE));
    expect(again.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 10);
    again.close();
  });

  it('checks every page only after a close that was not clean; doctor checks every time', async () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, text TEXT)');
    const insert = db.prepare('INSERT INTO filler (text) VALUES (?)');
    db.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run('x'.repeat(200));
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pageSize = db.pragma('page_size', { simple: true }) as number;
    const rootpage = db.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'filler'").pluck().get() as number;
    db.close();
    closedCleanly(db);
    expect(readdirSync(dir).filter((n) => n.startsWith('.gatehouse-open-'))).toEqual([]);
    // Damage the table's root page (a disk that lost a write).
    const fd = openSync(join(dir, DB_FILE), 'r+');
    writeSync(fd, Buffer.alloc(64, 0xee), 0, 64, (rootpage - 1) * pageSize + 8);
    closeSync(fd);

    // Closed cleanly: the start does not read every page (about 20 ms at 10,000 accounts).
    const reopened = openDatabase(dir);
    expect(readdirSync(dir)).toContain(`.gatehouse-open-${process.pid}`);
    reopened.close();
    closedCleanly(reopened);
    // `gatehouse doctor` does, and names the file and what to do (the app's own checks stay quick).
    const store = await Store.open({ dataDir: dir });
    const quick = await checkDatabase(store, null);
    await store.close();
    expect(quick.status).toBe('ok');
    // The folder's own SQLite file, also on the PostgreSQL pass ('' is the folder's own choice).
    const doctor = await cli(['--json', 'doctor', '--data-dir', dir], {
      env: { ...process.env, GATEHOUSE_STORE_URL: '' },
    });
    expect(doctor.code).toBe(1);
    const check = (JSON.parse(doctor.stdout) as { checks: { id: string }[] }).checks.find((c) => c.id === 'database');
    expect(check).toMatchObject({ status: 'fail', errorCode: 'DATABASE_CORRUPT' });
    expect(JSON.stringify(check)).toContain(join(dir, DB_FILE));
    expect(JSON.stringify(check)).toMatch(/backup/);

    // A process that had it open and is gone (kill -9, a crash): the next start checks, and refuses.
    const gone = spawnSync(process.execPath, ['-e', '0']).pid;
    writeFileSync(join(dir, `.gatehouse-open-${gone}`), '');
    const error = catchError(() => openDatabase(dir));
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('DATABASE_CORRUPT');
    expect((error as CoreError).message).toContain(dir);
    // The mark stays until the file passes: the next start is refused too, not let through unchecked.
    expect(readdirSync(dir)).toContain(`.gatehouse-open-${gone}`);
    expect((catchError(() => openDatabase(dir)) as CoreError).code).toBe('DATABASE_CORRUPT');
  });

  it('gives a clear error for a file that is not a database', () => {
    const dir = tempDir();
    writeFileSync(join(dir, DB_FILE), 'this is not sqlite '.repeat(400));
    const error = catchError(() => openDatabase(dir));
    expect(error).toBeInstanceOf(CoreError);
    expect(['DATABASE_UNAVAILABLE', 'DATABASE_CORRUPT']).toContain((error as CoreError).code);
    expect((error as CoreError).message).toContain(dir);
  });

  it('rolls a failing migration set back as a whole', async () => {
    const { migrate } = await import('../electron/main/core/store/sqlite');
    const db = new Database(':memory:');
    expect(() =>
      migrate(db, [
        { version: 1, name: 'ok', sql: 'CREATE TABLE a (x INTEGER) STRICT;' },
        { version: 2, name: 'broken', sql: 'CREATE TABLE b (x NOPE_TYPE) STRICT;' },
      ]),
    ).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'a'").pluck().get()).toBe(0);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    db.close();
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('a SQLite driver built for another runtime (issue 15, defect 5)', () => {
  it('is named as such, with what to run, instead of "check that the data folder is writable"', () => {
    const dir = tempDir();
    // Not a loadable addon for this Node: what `electron .` meets with the Node build, or vice versa.
    const binding = join(dir, 'better_sqlite3.node');
    writeFileSync(binding, 'not an ELF shared object');
    let caught: unknown = null;
    try {
      openDatabase(join(dir, 'data'), { nativeBinding: binding }).close();
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CoreError);
    expect((caught as CoreError).code).toBe('DATABASE_UNAVAILABLE');
    expect((caught as CoreError).message).toMatch(/SQLite driver .* could not be loaded/);
    expect((caught as CoreError).message).toMatch(/npm start/);
    expect((caught as CoreError).message).not.toMatch(/writable/);
  });
});
