import { sql, type Kysely, type Selectable } from 'kysely';
import type { Say } from '../../../../shared/result';
import type { SessionState } from '../../../../shared/domain';
import type { Schema, SessionsTable } from './schema';

export type SessionRow = Selectable<SessionsTable>;

/** The states of a sign-in still in flight. */
export const ACTIVE: readonly SessionState[] = ['PENDING', 'CALLBACK_RECEIVED'];
const ACTIVE_STATES = ACTIVE as SessionState[];

/** Every statement about `auth_sessions` (sign-in history; no verifier or state ever touches it). */
export class SessionsRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  async insert(row: SessionRow): Promise<void> {
    await this.q.insertInto('auth_sessions').values(row).execute();
  }

  /** Moves a session on and returns it as it now is; a finished session never changes again (undefined then). */
  async update(
    id: string,
    change: {
      state: SessionState;
      step: string;
      finishedAt?: number | null;
      errorCode?: string | null;
      errorMessage?: string | null;
      errorSay?: Say | null;
    },
  ): Promise<SessionRow | undefined> {
    return this.q
      .updateTable('auth_sessions')
      .set({
        state: change.state,
        step: change.step,
        finished_at: change.finishedAt ?? null,
        error_code: change.errorCode ?? null,
        error_message: change.errorMessage ?? null,
        error_say: change.errorSay ? JSON.stringify(change.errorSay) : null,
      })
      .where('id', '=', id)
      .where('state', 'in', ACTIVE_STATES)
      .returningAll()
      .executeTakeFirst();
  }

  /** Names the step a pending sign-in is at (shown while the admin is at the provider's page). */
  async setStep(id: string, step: string): Promise<void> {
    await this.q
      .updateTable('auth_sessions')
      .set({ step })
      .where('id', '=', id)
      .where('state', '=', 'PENDING')
      .execute();
  }

  get(id: string): Promise<SessionRow | undefined> {
    return this.q.selectFrom('auth_sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * Newest first (ties by id): the ones in flight, or with `includeFinished` at most `limit` of
   * all, started before the sign-in `beforeId` when it is given (the next page).
   */
  list(includeFinished: boolean, page: { limit: number; beforeId?: string } = { limit: 1000 }): Promise<SessionRow[]> {
    const query = this.q.selectFrom('auth_sessions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc');
    if (!includeFinished) return query.where('state', 'in', ACTIVE_STATES).execute();
    const { beforeId } = page;
    return (
      beforeId === undefined
        ? query
        : query.where(
            sql<boolean>`(created_at, id) < (SELECT b.created_at, b.id FROM auth_sessions b WHERE b.id = ${beforeId})`,
          )
    )
      .limit(page.limit)
      .execute();
  }

  /**
   * How many sign-ins are in flight and completed, how many there are, and how many accounts' latest
   * sign-in ended in one of `endedWithout` (no later one connected them).
   */
  async counts(endedWithout: readonly SessionState[]): Promise<{
    inFlight: number;
    completed: number;
    needYou: number;
    total: number;
  }> {
    const [byState, waiting] = await Promise.all([
      this.q
        .selectFrom('auth_sessions')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .groupBy('state')
        .execute(),
      this.q
        .selectFrom('auth_sessions as s')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('s.state', 'in', [...endedWithout])
        // The latest of its account: no sign-in of the same account started after it.
        .where(
          sql<boolean>`NOT EXISTS (SELECT 1 FROM auth_sessions t WHERE t.account_id = s.account_id
            AND (t.created_at, t.id) > (s.created_at, s.id))`,
        )
        .executeTakeFirstOrThrow(),
    ]);
    const n = (states: readonly SessionState[]) =>
      byState.filter((r) => states.includes(r.state)).reduce((sum, r) => sum + Number(r.n), 0);
    return {
      inFlight: n(ACTIVE),
      completed: n(['COMPLETED']),
      needYou: Number(waiting.n),
      total: byState.reduce((sum, r) => sum + Number(r.n), 0),
    };
  }

  /** The pending session of one account, if any (indexed: cheap with thousands in flight). */
  pendingOf(accountId: string): Promise<{ id: string } | undefined> {
    return this.q
      .selectFrom('auth_sessions')
      .select('id')
      .where('account_id', '=', accountId)
      .where('state', 'in', ACTIVE_STATES)
      .limit(1)
      .executeTakeFirst();
  }

  async countPending(): Promise<number> {
    const row = await this.q
      .selectFrom('auth_sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('state', 'in', ACTIVE_STATES)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Sign-ins in flight that a process of `device` started: only that device can tell if they are orphaned. */
  activeOf(device: string): Promise<{ id: string; owner_pid: number }[]> {
    return this.q
      .selectFrom('auth_sessions')
      .select(['id', 'owner_pid'])
      .where('state', 'in', ACTIVE_STATES)
      .where((eb) => eb.or([eb('owner_device', '=', device), eb('owner_device', '=', '')]))
      .execute();
  }

  /** An account's sign-ins, newest first, for its history. */
  historyOf(
    accountId: string,
    limit: number,
  ): Promise<{ created_at: number; state: string; error_message: string | null; error_say: string | null }[]> {
    return this.q
      .selectFrom('auth_sessions')
      .select(['created_at', 'state', 'error_message', 'error_say'])
      .where('account_id', '=', accountId)
      .orderBy('created_at', 'desc')
      .limit(limit)
      .execute();
  }

  /** Deletes finished sessions that ended before `before`. */
  async deleteFinishedBefore(before: number): Promise<number> {
    const result = await this.q
      .deleteFrom('auth_sessions')
      .where('state', 'not in', ACTIVE_STATES)
      .where('finished_at', '<', before)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
