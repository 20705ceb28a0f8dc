import type { Store } from '../store/store';

interface Waiting {
  write: () => Promise<void>;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Durable writes that arrive together share one commit: the write-aheads of refreshes in flight at
 * once (the sweep runs four) wait for the disk once instead of once each. Each caller's promise
 * settles only after the commit that holds its write, so what a caller does next still happens after
 * its own write is on disk. A batch that fails is tried again one write at a time, so each caller
 * gets its own outcome (a full disk, a lost connection) and one bad write never takes another down.
 */
export class GroupCommit {
  private queue: Waiting[] = [];
  private running: Promise<void> | null = null;
  /** Commits made so far (for the bench: fewer than writes when they were grouped). */
  commits = 0;
  writes = 0;

  constructor(private readonly store: () => Store) {}

  /**
   * Runs `write` inside a durable transaction shared with the writes waiting beside it. Never from
   * inside a transaction: the batch would join the caller's unit and wait on its commit instead.
   */
  run(write: () => Promise<void>): Promise<void> {
    if (this.store().inTransaction) return Promise.reject(new Error('GroupCommit.run inside a transaction'));
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ write, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.drain().finally(() => {
      this.running = null;
      // (A write queued after the last batch was taken and before this ran.)
      if (this.queue.length > 0) this.kick();
    });
  }

  private async drain(): Promise<void> {
    // One turn of the event loop: answers that arrived together (read while the last commit waited
    // for the disk) join this batch.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0);
      try {
        await this.commit(batch);
        for (const w of batch) w.resolve();
      } catch (error) {
        if (batch.length === 1) (batch[0] as Waiting).reject(error);
        else await this.oneByOne(batch);
      }
    }
  }

  private async oneByOne(batch: Waiting[]): Promise<void> {
    for (const w of batch) {
      try {
        await this.commit([w]);
        w.resolve();
      } catch (error) {
        w.reject(error);
      }
    }
  }

  private async commit(batch: Waiting[]): Promise<void> {
    const write = async () => {
      for (const w of batch) await w.write();
    };
    // A write alone is one statement: on PostgreSQL it commits by itself (see `oneWrite`).
    if (batch.length === 1) await this.store().oneWrite(write);
    else await this.store().transaction(write);
    this.commits++;
    this.writes += batch.length;
  }
}
