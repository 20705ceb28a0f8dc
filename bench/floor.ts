// The durable floor (session 15): a baseline for B1 and B3 that keeps the promise Gatehouse keeps.
import { closeSync, fdatasync, openSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { associatedData, KEY_BYTES, seal } from '../electron/main/core/vault/seal';

export interface DurableFloor {
  /** Seals each secret and resolves once all of them are on disk. */
  keep(owner: string, secrets: Record<string, string>): Promise<void>;
  close(): void;
}

/**
 * The least that any tool which never loses a token adds to a bare exchange or refresh: the tokens
 * sealed (AES-256-GCM, as the vault seals them) and on disk before it answers. One SQLite file in WAL
 * mode and one compiled upsert, committed at `synchronous = NORMAL`; then the WAL's `fdatasync` on
 * libuv's pool, one sync shared by every write that lands while another runs (group commit), which
 * is the cheapest way this machine offers. Nothing else: no lease between processes, no write-ahead
 * then promotion, no audit entry, no session state, no preflight, no log line, no event.
 */
export function durableFloor(dir: string): DurableFloor {
  const db = new Database(join(dir, 'floor.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(
    'CREATE TABLE IF NOT EXISTS sealed (owner TEXT, kind TEXT, nonce BLOB, ciphertext BLOB, PRIMARY KEY (owner, kind))',
  );
  const key = randomBytes(KEY_BYTES);
  const put = db.prepare('INSERT OR REPLACE INTO sealed (owner, kind, nonce, ciphertext) VALUES (?, ?, ?, ?)');
  const write = db.transaction((owner: string, secrets: Record<string, string>) => {
    for (const [kind, value] of Object.entries(secrets)) {
      const sealed = seal(key, value, associatedData(owner, kind, 1));
      put.run(owner, kind, sealed.nonce, sealed.ciphertext);
    }
  });
  // The first write creates the WAL file, whose descriptor the syncs use.
  write('floor', { 'warm-up': 'not a token' });
  const wal = openSync(join(dir, 'floor.db-wal'), 'r+');
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  /** A sync that starts after this call: one already running may have begun before the caller's write. */
  const sync = (): Promise<void> => {
    if (!running) {
      running = new Promise<void>((resolve, reject) => fdatasync(wal, (e) => (e ? reject(e) : resolve()))).finally(
        () => {
          running = null;
        },
      );
      return running;
    }
    next ??= running.then(() => {
      next = null;
      return sync();
    });
    return next;
  };
  return {
    keep(owner, secrets) {
      write(owner, secrets);
      return sync();
    },
    close() {
      closeSync(wal);
      db.close();
    },
  };
}
