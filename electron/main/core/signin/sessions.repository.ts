import type { Provider, Session, SessionState } from '../../../../shared/domain';
import type { Db } from '../db/database';

export interface SessionRow {
  id: string;
  account_id: string;
  account_label: string;
  provider: Provider;
  state: SessionState;
  step: string;
  redirect_uri: string;
  scopes: string;
  owner_pid: number;
  created_at: number;
  expires_at: number;
  finished_at: number | null;
  error_code: string | null;
  error_message: string | null;
}

export const ACTIVE: readonly SessionState[] = ['PENDING', 'CALLBACK_RECEIVED'];

/** Maps a row to the model; the authorization URL lives only in the owning process's memory. */
export function toSession(row: SessionRow, authorizationUrl: string | null): Session {
  return {
    id: row.id,
    accountId: row.account_id,
    accountLabel: row.account_label,
    provider: row.provider,
    state: row.state,
    step: row.step,
    redirectUri: row.redirect_uri,
    authorizationUrl: ACTIVE.includes(row.state) ? authorizationUrl : null,
    scopes: JSON.parse(row.scopes) as string[],
    createdAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(row.finished_at).toISOString(),
    errorCode: row.error_code,
    errorMessage: row.error_message,
  };
}

export function insertSession(db: Db, row: SessionRow): void {
  db.prepare(
    `INSERT INTO auth_sessions(id, account_id, account_label, provider, state, step, redirect_uri, scopes, owner_pid,
       created_at, expires_at, finished_at, error_code, error_message)
     VALUES (@id, @account_id, @account_label, @provider, @state, @step, @redirect_uri, @scopes, @owner_pid,
       @created_at, @expires_at, @finished_at, @error_code, @error_message)`,
  ).run(row);
}

/** Moves a session on; a finished session never changes again (returns false then). */
export function updateSession(
  db: Db,
  id: string,
  change: {
    state: SessionState;
    step: string;
    finishedAt?: number | null;
    errorCode?: string | null;
    errorMessage?: string | null;
  },
): boolean {
  const result = db
    .prepare(
      `UPDATE auth_sessions SET state = ?, step = ?, finished_at = ?, error_code = ?, error_message = ?
       WHERE id = ? AND state IN ('PENDING', 'CALLBACK_RECEIVED')`,
    )
    .run(
      change.state,
      change.step,
      change.finishedAt ?? null,
      change.errorCode ?? null,
      change.errorMessage ?? null,
      id,
    );
  return result.changes > 0;
}

export function getSession(db: Db, id: string): SessionRow | undefined {
  return db.prepare('SELECT * FROM auth_sessions WHERE id = ?').get(id) as SessionRow | undefined;
}

export function listSessions(db: Db, includeFinished: boolean): SessionRow[] {
  return (
    includeFinished
      ? db.prepare('SELECT * FROM auth_sessions ORDER BY created_at DESC LIMIT 1000').all()
      : db
          .prepare(
            "SELECT * FROM auth_sessions WHERE state IN ('PENDING', 'CALLBACK_RECEIVED') ORDER BY created_at DESC",
          )
          .all()
  ) as SessionRow[];
}

/** The pending session of one account, if any (indexed: cheap with thousands in flight). */
export function pendingSessionOf(db: Db, accountId: string): { id: string } | undefined {
  return db
    .prepare("SELECT id FROM auth_sessions WHERE account_id = ? AND state IN ('PENDING', 'CALLBACK_RECEIVED') LIMIT 1")
    .get(accountId) as { id: string } | undefined;
}

/** How many sign-ins are in flight. */
export function countPending(db: Db): number {
  return db
    .prepare("SELECT count(*) FROM auth_sessions WHERE state IN ('PENDING', 'CALLBACK_RECEIVED')")
    .pluck()
    .get() as number;
}

/** Sessions whose owning process is gone are recorded as interrupted (a crash, a kill). */
export function markOrphansInterrupted(db: Db, now: number, isAlive: (pid: number) => boolean): number {
  const rows = db
    .prepare("SELECT id, owner_pid FROM auth_sessions WHERE state IN ('PENDING', 'CALLBACK_RECEIVED')")
    .all() as {
    id: string;
    owner_pid: number;
  }[];
  let n = 0;
  for (const row of rows) {
    if (isAlive(row.owner_pid)) continue;
    if (
      updateSession(db, row.id, {
        state: 'INTERRUPTED',
        step: 'interrupted',
        finishedAt: now,
        errorCode: 'interrupted',
        errorMessage: 'Gatehouse stopped while this sign-in was in flight. Start it again.',
      })
    )
      n += 1;
  }
  return n;
}

/** Deletes finished sessions that ended before `before`. */
export function deleteFinishedBefore(db: Db, before: number): number {
  return db
    .prepare("DELETE FROM auth_sessions WHERE state NOT IN ('PENDING', 'CALLBACK_RECEIVED') AND finished_at < ?")
    .run(before).changes;
}
