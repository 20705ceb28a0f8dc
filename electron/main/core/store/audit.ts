import { sql, type Kysely, type Selectable } from 'kysely';
import { errorCodeOf } from '../errors';
import { everyColumn, type Schema } from './schema';
import { containsPattern } from './accounts';
import { prepared } from './prepared';
import type { TransactionEnd } from './postgres';
import { together } from './together';

export type AuditRow = Selectable<Schema['audit_log']>;
export type AuditInsert = Omit<AuditRow, 'seq'>;

/** What the Audit screen, `audit list` and `audit export` narrow the log to. */
export interface AuditFilter {
  /** Part of the actor's name or email (any case). */
  actor?: string;
  /** The channel or event, exactly (accounts:add, tokens:refreshed…). */
  action?: string;
  /** Part of the target (an account id, an email). */
  target?: string;
  outcome?: 'ok' | 'error';
  /** Epoch ms, inclusive. */
  from?: number;
  /** Epoch ms, exclusive. */
  to?: number;
}

/** The `meta` record of the audit key version that entries are signed with now. */
export const SIGNING_KEY = 'audit_key';

/** The last entry's hash and the signing key's version, in one statement (parameters: 1, SIGNING_KEY). */
const HEAD = prepared((q, one: number, key: string) =>
  q.selectNoFrom((eb) => [
    eb.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(one).as('hash'),
    eb.selectFrom('meta').select('value').where('key', '=', key).as('key'),
  ]),
);

/** The head as HEAD reads it: the last hash and the signing key's version (each null when absent). */
type HeadRow = Awaited<ReturnType<typeof HEAD>>[number];

/** Every column an entry is written with, in the order APPEND_AFTER takes them (`everyColumn` fails the build on a missing one). */
const AUDIT_COLUMNS = everyColumn<AuditInsert>()([
  'at',
  'actor',
  'role',
  'action',
  'target',
  'outcome',
  'detail',
  'prev_hash',
  'hash',
  'device',
  'mac',
  'mac_key',
]);

/** What PostgreSQL's refusal of an entry whose head moved says (see APPEND_AFTER). */
const HEAD_MOVED_WORDS = 'the audit head moved';

/**
 * One entry, inserted only while the last entry's hash is `prev` (null: the log is empty); when it
 * is not, nothing is inserted. `refuse`: PostgreSQL refuses the statement instead (the words are
 * not an integer: error 22P02, which aborts the transaction), for an entry sent with its
 * transaction's COMMIT: that COMMIT then rolls back whatever the transaction wrote, instead of
 * committing it without its entry. The test reads the table, so PostgreSQL cannot fold it into a
 * constant and fail before it is needed. (SQLite's CAST of the words is 0: nothing inserted.)
 */
function appendAfter(refuse: boolean) {
  return prepared((q, ...v: unknown[]) => {
    const holds = sql`COALESCE((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '') = COALESCE(${v[AUDIT_COLUMNS.length]}, '')`;
    return q
      .insertInto('audit_log')
      .columns(AUDIT_COLUMNS)
      .expression(
        sql`SELECT ${sql.join(AUDIT_COLUMNS.map((_, i) => sql`${v[i]}`))}
          WHERE ${refuse ? sql`CAST(CASE WHEN ${holds} THEN '1' ELSE ${sql.lit(HEAD_MOVED_WORDS)} END AS INTEGER) = 1` : holds}`,
      )
      .returning('seq');
  });
}
const APPEND_AFTER = appendAfter(false);
const APPEND_AFTER_OR_REFUSE = appendAfter(true);

/** An entry found another head than the one it was made from, and its transaction was ended with nothing of it kept. */
export class HeadMoved extends Error {
  constructor() {
    super('The audit log changed before the entry was written; nothing was written.');
  }
}

/**
 * Runs `transaction` (which appends an entry) again, up to three times in all, while it ends with
 * `HeadMoved`: nothing of it was kept, and the next run reads the head afresh. Only for a transaction
 * the caller owns: inside another one, the failure is that one's.
 */
export async function untilHeadStill<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction();
    } catch (error) {
      if (!(error instanceof HeadMoved) || attempt >= 3) throw error;
    }
  }
}

/**
 * Every statement about `audit_log`. Appends happen inside a transaction that holds the audit lock,
 * so two writers (two processes, two workstations) never read the same last hash and fork the chain.
 */
export class AuditRepository {
  /** The head read under the lock by `hold()`, for this transaction's next append. */
  private held: Promise<HeadRow | undefined> | null = null;

  constructor(
    private readonly q: Kysely<Schema>,
    private readonly lock: (name: string) => Promise<void>,
  ) {}

  /**
   * Takes the audit lock and reads the head now, for an append later in this transaction: issued
   * with the statements the caller needs before it can write its entry (one round trip for all of
   * them on PostgreSQL). Holding the lock longer is the price; call it only where an entry follows.
   */
  async hold(): Promise<void> {
    this.held ??= this.lockAndHead();
    await this.held;
  }

  /** The lock and the first read of the head, issued together (one round trip on PostgreSQL). */
  private async lockAndHead(): Promise<HeadRow | undefined> {
    const [, [head]] = await together([this.lock('audit'), HEAD(this.q, 1, SIGNING_KEY)]);
    return head;
  }

  /**
   * Appends one entry whose hash `chain(prev, signingKey)` computes from the last entry's; returns
   * its seq. Under the lock, one statement reads the last hash and the version of the key entries
   * are signed with now (`SIGNING_KEY`): what a rotation elsewhere changed is seen by the next entry.
   */
  async append(
    entry: (prev: string | null, signingKey: string | null) => AuditInsert | Promise<AuditInsert>,
    /**
     * The transaction's end, when the entry is the last thing it writes: the COMMIT leaves with the
     * insert (one round trip fewer, and the lock held for one fewer).
     */
    end: TransactionEnd | null = null,
  ): Promise<number> {
    // The lock and the first read of the head are issued together (or were, by `hold()`). Were the
    // read answered before the lock was held, another writer's entry could land between them: the
    // insert is therefore made only while the head is still the one read, and under the lock a
    // second read is the last word. Sent with the COMMIT, there is no second read: PostgreSQL
    // refuses the insert, which ends the transaction with nothing of it kept, and `HeadMoved` says
    // so (the transaction's owner runs it again). A head read by `hold()` serves one append: after
    // it, the head is that entry.
    const held = this.held;
    this.held = null;
    let head = await (held ?? this.lockAndHead());
    for (let attempt = 1; ; attempt++) {
      const prev = head?.hash ?? null;
      const values = await entry(prev, head?.key ?? null);
      const last = end?.withNext('commit') ?? false;
      let row: Awaited<ReturnType<typeof APPEND_AFTER>>[number] | undefined;
      try {
        [row] = await (last ? APPEND_AFTER_OR_REFUSE : APPEND_AFTER)(
          this.q,
          ...AUDIT_COLUMNS.map((c) => values[c]),
          prev,
        );
      } catch (error) {
        // PostgreSQL refused it (see APPEND_AFTER): the transaction is over, whatever it wrote undone.
        if (errorCodeOf(error) === '22P02' && String((error as Error).message).includes(HEAD_MOVED_WORDS))
          throw new HeadMoved();
        throw error;
      }
      if (row) return Number(row.seq);
      if (last) throw new HeadMoved();
      // Under the lock only a writer that skips it can move the head; never wait on one for ever.
      if (attempt >= 3) throw new Error('The audit log kept changing under its lock; the entry was not written.');
      [head] = await HEAD(this.q, 1, SIGNING_KEY);
    }
  }

  /** Writes a throw-away entry (the caller's transaction is rolled back): proves an append would work. */
  async probe(): Promise<void> {
    await this.q
      .insertInto('audit_log')
      .values({
        at: 0,
        actor: 'probe',
        role: 'viewer',
        action: 'probe',
        target: null,
        outcome: 'ok',
        detail: null,
        prev_hash: '',
        hash: '',
        device: null,
        mac: null,
        mac_key: null,
      })
      .execute();
  }

  /** Newest first, filtered, paged by `beforeSeq`. */
  list(filter: AuditFilter, limit: number, beforeSeq?: number): Promise<AuditRow[]> {
    let query = this.q
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '<', beforeSeq ?? Number.MAX_SAFE_INTEGER);
    // Any case, on both engines: lower() on each side (PostgreSQL's LIKE is case-sensitive).
    const like = (column: 'actor' | 'target', text: string) =>
      sql<boolean>`lower(${sql.ref(column)}) LIKE ${containsPattern(text.toLowerCase())} ESCAPE '\\'`;
    if (filter.actor) query = query.where(like('actor', filter.actor));
    if (filter.target) query = query.where(like('target', filter.target));
    if (filter.action) query = query.where('action', '=', filter.action);
    if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
    if (filter.from !== undefined) query = query.where('at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('at', '<', filter.to);
    return query.orderBy('seq', 'desc').limit(limit).execute();
  }

  /** The newest entry's place and hash: what a device anchors outside the database. */
  async head(): Promise<{ seq: number; hash: string } | null> {
    const row = await this.q
      .selectFrom('audit_log')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { seq: Number(row.seq), hash: row.hash } : null;
  }

  /** The actions the log holds, for the filter's list. */
  async actions(): Promise<string[]> {
    const rows = await this.q.selectFrom('audit_log').select('action').distinct().orderBy('action').execute();
    return rows.map((r) => r.action);
  }

  /** Oldest first, `limit` entries after `afterSeq`: the chain is verified page by page. */
  page(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return this.q.selectFrom('audit_log').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
  }

  /** Entries about one account (its id, or its id with a parenthesised detail), newest first. */
  about(target: string, limit: number): Promise<Pick<AuditRow, 'at' | 'actor' | 'action' | 'outcome' | 'detail'>[]> {
    return this.q
      .selectFrom('audit_log')
      .select(['at', 'actor', 'action', 'outcome', 'detail'])
      .where((eb) => eb.or([eb('target', '=', target), eb('target', 'like', `${target} (%`)]))
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
  }
}
