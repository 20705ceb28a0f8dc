import type { Kysely, Selectable } from 'kysely';
import type { Schema } from './schema';

export type AuditRow = Selectable<Schema['audit_log']>;
export type AuditInsert = Omit<AuditRow, 'seq'>;

/**
 * Every statement about `audit_log`. Appends happen inside a transaction that holds the audit lock,
 * so two writers (two processes, two workstations) never read the same last hash and fork the chain.
 */
export class AuditRepository {
  constructor(
    private readonly q: Kysely<Schema>,
    private readonly lock: (name: string) => Promise<void>,
  ) {}

  /** Appends one entry whose hash `chain(prev)` computes from the last entry's; returns its seq. */
  async append(entry: (prev: string | null) => AuditInsert): Promise<number> {
    await this.lock('audit');
    const last = await this.q.selectFrom('audit_log').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const row = await this.q
      .insertInto('audit_log')
      .values(entry(last?.hash ?? null))
      .returning('seq')
      .executeTakeFirstOrThrow();
    return Number(row.seq);
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
      })
      .execute();
  }

  /** Newest first, paged by `beforeSeq`. */
  list(limit: number, beforeSeq?: number): Promise<AuditRow[]> {
    return this.q
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '<', beforeSeq ?? Number.MAX_SAFE_INTEGER)
      .orderBy('seq', 'desc')
      .limit(limit)
      .execute();
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
