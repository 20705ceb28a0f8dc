import type { Kysely } from 'kysely';
import type { Incident, Provider } from '../../../../shared/domain';
import type { Schema } from './schema';
import type { Say } from '../../../../shared/result';
import { readSay } from '../said';
import { isoTime } from '../iso';

/** An incident's stored words, read back; anything malformed is null (the English stays). */
function saysOf(text: string | null): Incident['say'] {
  if (!text) return null;
  try {
    const value = JSON.parse(text) as { message?: unknown; action?: unknown };
    const message = readSay(JSON.stringify(value.message ?? null));
    if (!message) return null;
    return { message, action: value.action ? readSay(JSON.stringify(value.action)) : null };
  } catch {
    return null;
  }
}

export interface NewIncident {
  at: number;
  accountId: string | null;
  accountLabel: string | null;
  provider: Provider | null;
  code: string;
  message: string;
  action: string;
  /** The message's and the action's catalogue keys and values. */
  say?: { message: Say; action: Say | null };
}

/** Rows in one INSERT: 8 values each, well within both engines' limits on parameters. */
const ROWS_PER_INSERT = 500;

/** An incident as stored: each text cut to its column's length. */
function rowOf(incident: NewIncident) {
  return {
    at: incident.at,
    account_id: incident.accountId,
    account_label: incident.accountLabel,
    provider: incident.provider,
    code: incident.code.slice(0, 100),
    message: incident.message.slice(0, 2000),
    action: incident.action.slice(0, 500),
    say: incident.say ? JSON.stringify(incident.say).slice(0, 4000) : null,
  };
}

/** Every statement about `incidents`: what failed and what Gatehouse did about it. */
export class IncidentsRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  async record(incident: NewIncident): Promise<number> {
    const row = await this.q.insertInto('incidents').values(rowOf(incident)).returning('id').executeTakeFirstOrThrow();
    return Number(row.id);
  }

  /** Several at once, in order: 500 to a statement (an expiry check after an import records thousands). */
  async recordMany(incidents: readonly NewIncident[]): Promise<void> {
    for (let i = 0; i < incidents.length; i += ROWS_PER_INSERT)
      await this.q
        .insertInto('incidents')
        .values(incidents.slice(i, i + ROWS_PER_INSERT).map(rowOf))
        .execute();
  }

  /** Newest first; optionally for one account, and only those older than `beforeId` (the next page). */
  async list(options: { accountId?: string; limit: number; beforeId?: number }): Promise<Incident[]> {
    let query = this.q.selectFrom('incidents').selectAll().orderBy('id', 'desc').limit(options.limit);
    if (options.accountId) query = query.where('account_id', '=', options.accountId);
    if (options.beforeId !== undefined) query = query.where('id', '<', options.beforeId);
    const rows = await query.execute();
    return rows.map((row) => ({
      id: Number(row.id),
      at: isoTime(row.at),
      accountId: row.account_id,
      accountLabel: row.account_label,
      provider: row.provider,
      errorCode: row.code,
      message: row.message,
      action: row.action,
      say: saysOf(row.say),
    }));
  }
}
