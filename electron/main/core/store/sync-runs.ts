import { sql, type Kysely, type Selectable } from 'kysely';
import type { ResyncResult, SyncRun } from '../../../../shared/domain';
import type { Schema } from './schema';
import { isoTime, isoTimeOrNull } from '../iso';

type SyncRunRow = Selectable<Schema['sync_runs']>;

/** Every statement about `sync_runs`: each customer re-sync, who asked and what each target said. */
export class SyncRunsRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  async insert(run: {
    id: string;
    batchId: string | null;
    email: string;
    requestedBy: string;
    at: number;
  }): Promise<void> {
    await this.q
      .insertInto('sync_runs')
      .values({
        id: run.id,
        batch_id: run.batchId,
        email: run.email,
        requested_by: run.requestedBy,
        started_at: run.at,
        status: 'running',
        results: '[]',
      })
      .execute();
  }

  async finish(id: string, status: SyncRun['status'], results: ResyncResult[], at: number): Promise<void> {
    await this.q
      .updateTable('sync_runs')
      .set({ status, results: JSON.stringify(results), finished_at: at })
      .where('id', '=', id)
      .execute();
  }

  async get(id: string): Promise<SyncRun | null> {
    const row = await this.q.selectFrom('sync_runs').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRun(row) : null;
  }

  /** Newest first; for one email (case-insensitive), one batch (in order), or all. */
  async list(options: { email?: string; batchId?: string; limit: number }): Promise<SyncRun[]> {
    let query = this.q.selectFrom('sync_runs').selectAll().limit(options.limit);
    if (options.batchId) query = query.where('batch_id', '=', options.batchId).orderBy('started_at').orderBy('id');
    else {
      if (options.email) query = query.where(sql`lower(email)`, '=', options.email.toLowerCase());
      query = query.orderBy('started_at', 'desc').orderBy('id', 'desc');
    }
    return (await query.execute()).map(toRun);
  }

  /** Runs left `running` by a process that stopped (a crash) are recorded as cancelled. */
  async markStaleCancelled(now: number): Promise<number> {
    const result = await this.q
      .updateTable('sync_runs')
      .set({ status: 'cancelled', finished_at: now })
      .where('status', '=', 'running')
      .where('started_at', '<', now - 15 * 60_000)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}

function toRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    batchId: row.batch_id,
    email: row.email,
    requestedBy: row.requested_by,
    startedAt: isoTime(row.started_at),
    finishedAt: isoTimeOrNull(row.finished_at),
    status: row.status,
    results: JSON.parse(row.results) as ResyncResult[],
  };
}
