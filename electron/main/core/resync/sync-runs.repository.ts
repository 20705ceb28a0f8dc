import type { ResyncResult, SyncRun } from '../../../../shared/domain';
import type { Db } from '../db/database';

interface SyncRunRow {
  id: string;
  batch_id: string | null;
  email: string;
  requested_by: string;
  started_at: number;
  finished_at: number | null;
  status: SyncRun['status'];
  results: string;
}

export function insertRun(
  db: Db,
  run: { id: string; batchId: string | null; email: string; requestedBy: string; at: number },
): void {
  db.prepare(
    `INSERT INTO sync_runs(id, batch_id, email, requested_by, started_at, status) VALUES (?, ?, ?, ?, ?, 'running')`,
  ).run(run.id, run.batchId, run.email, run.requestedBy, run.at);
}

export function finishRun(db: Db, id: string, status: SyncRun['status'], results: ResyncResult[], at: number): void {
  db.prepare('UPDATE sync_runs SET status = ?, results = ?, finished_at = ? WHERE id = ?').run(
    status,
    JSON.stringify(results),
    at,
    id,
  );
}

export function getRun(db: Db, id: string): SyncRun | null {
  const row = db.prepare('SELECT * FROM sync_runs WHERE id = ?').get(id) as SyncRunRow | undefined;
  return row ? toRun(row) : null;
}

/** Newest first; for one email (case-insensitive) or all. */
export function listRuns(db: Db, options: { email?: string; batchId?: string; limit: number }): SyncRun[] {
  if (options.batchId) {
    return (
      db
        .prepare('SELECT * FROM sync_runs WHERE batch_id = ? ORDER BY started_at, id LIMIT ?')
        .all(options.batchId, options.limit) as SyncRunRow[]
    ).map(toRun);
  }
  const rows = (
    options.email
      ? db
          .prepare('SELECT * FROM sync_runs WHERE email = ? COLLATE NOCASE ORDER BY started_at DESC, id DESC LIMIT ?')
          .all(options.email, options.limit)
      : db.prepare('SELECT * FROM sync_runs ORDER BY started_at DESC, id DESC LIMIT ?').all(options.limit)
  ) as SyncRunRow[];
  return rows.map(toRun);
}

/** Runs left `running` by a process that stopped (a crash) are recorded as cancelled. */
export function markStaleRunsCancelled(db: Db, now: number): number {
  return db
    .prepare("UPDATE sync_runs SET status = 'cancelled', finished_at = ? WHERE status = 'running' AND started_at < ?")
    .run(now, now - 15 * 60_000).changes;
}

function toRun(row: SyncRunRow): SyncRun {
  return {
    id: row.id,
    batchId: row.batch_id,
    email: row.email,
    requestedBy: row.requested_by,
    startedAt: new Date(row.started_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    status: row.status,
    results: JSON.parse(row.results) as ResyncResult[],
  };
}
