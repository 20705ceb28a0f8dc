import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DB_FILE, LATEST_VERSION, openDatabase, readPragmas } from '../electron/main/core/store/sqlite';
import { CoreError } from '../electron/main/core/errors';
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
