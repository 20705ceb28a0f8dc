import { randomUUID } from 'node:crypto';
import type { Db } from '../db/database';

/** Reads one value of the `meta` table. */
export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

/** Writes one value of the `meta` table. */
export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(
    key,
    value,
  );
}

/** Deletes one value of the `meta` table. */
export function deleteMeta(db: Db, key: string): void {
  db.prepare('DELETE FROM meta WHERE key = ?').run(key);
}

/** The id of this data folder, created once; it names this folder's items in the OS keychain. */
export function installId(db: Db): string {
  db.prepare('INSERT OR IGNORE INTO meta(key, value) VALUES (?, ?)').run('install_id', randomUUID());
  return getMeta(db, 'install_id') as string;
}
