import type { Kysely } from 'kysely';
import { prepared, preparedWrite } from './prepared';
import type { Schema } from './schema';
import type { Engine } from './store';

const GET = prepared((q, accountId: string) =>
  q.selectFrom('refresh_leases').select(['owner', 'attempt_id', 'beat']).where('account_id', '=', accountId),
);
/**
 * The common case in one statement: the lease is taken when no lease row exists and the account is
 * still connected at the generation the refresher read. PostgreSQL locks the account's row first
 * (FOR UPDATE waits for a promotion in progress and then judges the row as it committed); SQLite
 * runs the statement under its only write lock. No row back: a lease exists or the account moved on.
 */
const takeIfFree = (engine: Engine) =>
  prepared(
    (q, owner: string, attempt: string, until: number, accountId: string, generation: number, status: 'connected') => {
      const pick = q
        .selectFrom('accounts')
        .select((eb) => [
          'id',
          eb.val(owner).as('owner'),
          eb.val(attempt).as('attempt_id'),
          eb.val(until).as('lease_until'),
          eb.lit(0).as('beat'),
        ])
        .where('id', '=', accountId)
        .where('refresh_generation', '=', generation)
        .where('status', '=', status);
      return q
        .insertInto('refresh_leases')
        .columns(['account_id', 'owner', 'attempt_id', 'lease_until', 'beat'])
        .expression(engine === 'postgres' ? pick.forUpdate() : pick)
        .onConflict((oc) => oc.column('account_id').doNothing())
        .returning('attempt_id');
    },
  );
const TAKE_IF_FREE = { postgres: takeIfFree('postgres'), sqlite: takeIfFree('sqlite') };
const RELEASE = preparedWrite((q, accountId: string, attempt: string) =>
  q.deleteFrom('refresh_leases').where('account_id', '=', accountId).where('attempt_id', '=', attempt),
);

export interface LeaseRow {
  owner: string;
  attempt_id: string;
  beat: number;
}

/**
 * Every statement about `refresh_leases`: one refresh per account at a time across every process
 * on this store. Read and take a lease inside one transaction that first calls `lock`.
 */
export class LeasesRepository {
  constructor(
    private readonly q: Kysely<Schema>,
    private readonly engine: Engine,
    private readonly lock: (name: string) => Promise<void>,
  ) {}

  /** Serialises lease decisions for one account (PostgreSQL: an advisory lock; SQLite: the write lock). */
  async lockAccount(accountId: string): Promise<void> {
    await this.lock(`lease:${accountId}`);
  }

  async get(accountId: string): Promise<LeaseRow | undefined> {
    const [row] = await GET(this.q, accountId);
    return row;
  }

  async take(accountId: string, owner: string, attempt: string, until: number): Promise<void> {
    await this.q
      .insertInto('refresh_leases')
      .values({ account_id: accountId, owner, attempt_id: attempt, lease_until: until, beat: 0 })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet((eb) => ({
          owner: eb.ref('excluded.owner'),
          attempt_id: eb.ref('excluded.attempt_id'),
          lease_until: eb.ref('excluded.lease_until'),
          beat: 0,
        })),
      )
      .execute();
  }

  /**
   * Takes the lease in one statement when none is held and the account is still connected at
   * `generation`; false otherwise (then decide under `lockAccount`). Needs no transaction around it.
   */
  async takeIfFree(
    accountId: string,
    owner: string,
    attempt: string,
    until: number,
    generation: number,
  ): Promise<boolean> {
    const rows = await TAKE_IF_FREE[this.engine](this.q, owner, attempt, until, accountId, generation, 'connected');
    return rows.length > 0;
  }

  /** The holder's heartbeat: proof of life that needs no shared clock. */
  async beat(accountId: string, attempt: string, until: number): Promise<void> {
    await this.q
      .updateTable('refresh_leases')
      .set((eb) => ({ beat: eb('beat', '+', 1), lease_until: until }))
      .where('account_id', '=', accountId)
      .where('attempt_id', '=', attempt)
      .execute();
  }

  /** Ends one attempt's lease (a no-op when a newer attempt holds it). */
  async release(accountId: string, attempt: string): Promise<void> {
    await RELEASE(this.q, accountId, attempt);
  }

  async count(): Promise<number> {
    const row = await this.q
      .selectFrom('refresh_leases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
