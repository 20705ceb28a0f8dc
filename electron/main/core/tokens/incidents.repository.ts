import type { Incident, Provider } from '../../../../shared/domain';
import type { Db } from '../db/database';

interface IncidentRow {
  id: number;
  at: number;
  account_id: string | null;
  account_label: string | null;
  provider: Provider | null;
  code: string;
  message: string;
  action: string;
}

/** Records a failure and what was done about it (inside the caller's transaction when there is one). */
export function recordIncident(
  db: Db,
  incident: {
    at: number;
    accountId: string | null;
    accountLabel: string | null;
    provider: Provider | null;
    code: string;
    message: string;
    action: string;
  },
): number {
  const result = db
    .prepare(
      `INSERT INTO incidents(at, account_id, account_label, provider, code, message, action)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      incident.at,
      incident.accountId,
      incident.accountLabel,
      incident.provider,
      incident.code.slice(0, 100),
      incident.message.slice(0, 2000),
      incident.action.slice(0, 500),
    );
  return Number(result.lastInsertRowid);
}

/** Newest first; optionally for one account. */
export function listIncidents(db: Db, options: { accountId?: string; limit: number }): Incident[] {
  const rows = (
    options.accountId
      ? db
          .prepare('SELECT * FROM incidents WHERE account_id = ? ORDER BY id DESC LIMIT ?')
          .all(options.accountId, options.limit)
      : db.prepare('SELECT * FROM incidents ORDER BY id DESC LIMIT ?').all(options.limit)
  ) as IncidentRow[];
  return rows.map((row) => ({
    id: row.id,
    at: new Date(row.at).toISOString(),
    accountId: row.account_id,
    accountLabel: row.account_label,
    provider: row.provider,
    errorCode: row.code,
    message: row.message,
    action: row.action,
  }));
}
