import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';

/** How the WAL reaches the disk; a test may fail it on purpose (a disk that errors). */
export type DataSync = (file: FileHandle) => Promise<void>;

/**
 * Durable SQLite commits that do not hold the thread while the disk works (issue #16, B3 and B1).
 *
 * With `synchronous=FULL`, SQLite's COMMIT waits for `fdatasync` of the WAL, and better-sqlite3 runs it
 * on the calling thread: the main process, which is also answering the window, the IPC and the
 * provider. A write transaction now commits at `synchronous=NORMAL` (its frames are in the WAL, in the
 * OS's cache), and the store then waits here, off the thread, for the same `fdatasync` of the same WAL
 * file on libuv's pool. A durable `transaction()` resolves only after that, so what its caller does
 * next (promote a rotated token, tell the tab "Connected") still happens after its writes are on disk.
 *
 * Why this is the same promise as FULL: in WAL mode FULL differs from NORMAL only by that sync of the
 * WAL after each commit; checkpoints sync the WAL before copying it and the database after, at both
 * levels. The WAL is one file, written in order, so one sync covers every commit made before it
 * began: commits that end while a sync runs share the next one. The file stays the same for as long
 * as this connection is open (SQLite removes it only when the last connection closes; a checkpoint
 * restarts or truncates it in place), so the descriptor is opened once. The first sync also syncs the
 * folder, once: a file's name is only as durable as the folder's entry for it.
 *
 * What differs: for the time of one sync (about a millisecond here) other readers can see a commit
 * that a power cut would still undo; with FULL they saw it only after. Nothing the core does with
 * what it reads makes that a loss: a refresh goes on only after its own write-ahead's sync, and a
 * later durable commit that builds on an earlier one syncs the WAL past both.
 */
export class WalSync {
  private file: Promise<FileHandle> | null = null;
  /** Commits that wrote something, counted as they end. */
  private committed = 0;
  /** Every commit up to this count is on disk. */
  private synced = 0;
  private running: Promise<void> | null = null;
  /** Syncs made (for the bench and tests: fewer than durable commits when they were shared). */
  syncs = 0;

  constructor(
    private readonly walPath: string,
    private readonly dataSync: DataSync = (file) => file.datasync(),
  ) {}

  /** Called right after a COMMIT that changed rows: the next `sync()` must cover it. */
  wrote(): void {
    this.committed++;
  }

  /**
   * Resolves once every commit that ended before the call is on disk (at once when nothing is
   * waiting). Rejects with the disk's error when the sync fails: the commit is then in the file but
   * not known to be on disk, and the caller must not go on as if it were.
   */
  async sync(): Promise<void> {
    const target = this.committed;
    while (this.synced < target) {
      this.running ??= this.flush().finally(() => {
        this.running = null;
      });
      await this.running;
    }
  }

  /** Opens the WAL's descriptor (and syncs the folder) ahead of a first durable commit. */
  async warm(): Promise<void> {
    await this.handle();
  }

  private async flush(): Promise<void> {
    // Everything committed by now is in the WAL; a commit that ends during the sync waits for the next.
    const upTo = this.committed;
    const file = await this.handle();
    await this.dataSync(file);
    this.syncs++;
    if (upTo > this.synced) this.synced = upTo;
  }

  private handle(): Promise<FileHandle> {
    this.file ??= openWal(this.walPath).catch((error: unknown) => {
      this.file = null;
      throw error;
    });
    return this.file;
  }

  /** After the database is closed: waits for a sync under way, then lets go of the file. */
  async close(): Promise<void> {
    await this.running?.catch(() => {});
    const file = await this.file?.catch(() => null);
    this.file = null;
    await file?.close().catch(() => {});
  }
}

async function openWal(path: string): Promise<FileHandle> {
  // Read-write without creating or truncating: Windows flushes only a handle opened for writing.
  const file = await open(path, 'r+');
  try {
    // Windows cannot open a folder as a file, and NTFS keeps its own entries.
    if (process.platform !== 'win32') {
      const folder = await open(dirname(path), 'r');
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    }
    return file;
  } catch (error) {
    await file.close().catch(() => {});
    throw error;
  }
}
