import { sql, type Kysely, type Selectable } from 'kysely';
import type { AccountKind, AccountStatus, Provider } from '../../../../shared/domain';
import { prepared } from './prepared';
import type { AccountsTable, Schema } from './schema';

/** A row of `accounts` as stored. Rows never cross IPC; the accounts model maps them for the faces. */
export type AccountRow = Selectable<AccountsTable>;

const HOLDS_TOKEN = sql<string>`CASE WHEN EXISTS (SELECT 1 FROM credentials c WHERE c.owner = accounts.id
  AND c.kind IN ('access_token', 'refresh_token', 'api_token')) THEN 'connected' ELSE 'not_connected' END`;

const GET = prepared((q, id: string) => q.selectFrom('accounts').selectAll().where('id', '=', id));

const KEY_MISMATCH_MESSAGE =
  'Its sealed tokens cannot be opened with the key now in the OS keychain (the keychain was reset or replaced). Re-authorize this account; restoring the old keychain item also recovers it.';

/** Every statement about the `accounts` table. */
export class AccountsRepository {
  constructor(private readonly q: Kysely<Schema>) {}

  /** Every account row, in a stable order (label case-insensitively, then id). */
  list(): Promise<AccountRow[]> {
    return this.q
      .selectFrom('accounts')
      .selectAll()
      .orderBy(sql`lower(label)`)
      .orderBy('id')
      .execute();
  }

  async get(id: string): Promise<AccountRow | undefined> {
    const [row] = await GET(this.q, id);
    return row;
  }

  async exists(id: string): Promise<boolean> {
    return (await this.q.selectFrom('accounts').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  /** The rows the expiry alerts judge: every account that was ever connected. */
  forAlerts(): Promise<
    Pick<
      AccountRow,
      | 'id'
      | 'label'
      | 'provider'
      | 'status'
      | 'access_expires_at'
      | 'refresh_expires_at'
      | 'next_refresh_at'
      | 'alert_level'
    >[]
  > {
    return this.q
      .selectFrom('accounts')
      .select([
        'id',
        'label',
        'provider',
        'status',
        'access_expires_at',
        'refresh_expires_at',
        'next_refresh_at',
        'alert_level',
      ])
      .where('status', '!=', 'not_connected')
      .execute();
  }

  /**
   * Accounts whose keep-alive is due, or that hold a rotated token not yet promoted (`pendingKind`),
   * or whose last refresh lies after `future` (the clock was stepped back). Soonest first.
   */
  async due(now: number, future: number, pendingKind: string): Promise<string[]> {
    const rows = await this.q
      .selectFrom('accounts')
      .select('id')
      .where('status', '=', 'connected')
      .where('provider', '!=', 'bigcommerce')
      .where((eb) =>
        eb.or([
          eb('next_refresh_at', '<=', now),
          eb('last_refresh_at', '>', future),
          eb('id', 'in', eb.selectFrom('credentials').select('owner').where('kind', '=', pendingKind)),
        ]),
      )
      .orderBy('next_refresh_at')
      .execute();
    return rows.map((r) => r.id);
  }

  async insert(row: {
    id: string;
    provider: Provider;
    kind: AccountKind;
    label: string;
    config: unknown;
    status: AccountStatus;
    now: number;
  }): Promise<void> {
    await this.q
      .insertInto('accounts')
      .values({
        id: row.id,
        provider: row.provider,
        kind: row.kind,
        label: row.label,
        config: JSON.stringify(row.config),
        status: row.status,
        created_at: row.now,
        updated_at: row.now,
      })
      .execute();
  }

  async updateLabelAndConfig(id: string, label: string, config: unknown, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ label, config: JSON.stringify(config), updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** Marks when an account's secrets were last written by a person (a pasted token, an enrolment). */
  async touchRefresh(id: string, now: number): Promise<void> {
    await this.q.updateTable('accounts').set({ last_refresh_at: now }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<void> {
    await this.q.deleteFrom('accounts').where('id', '=', id).execute();
  }

  /** Records who signed in to an account (inside the transaction that stores the tokens). */
  async recordIdentity(
    id: string,
    identity: { sub: string; name: string | null; tenant: string | null },
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ identity_sub: identity.sub, identity_name: identity.name, identity_tenant: identity.tenant })
      .where('id', '=', id)
      .execute();
  }

  /** Marks an account as needing a person (a refused grant or token), keeping everything else. */
  async markNeedsReauth(id: string, code: string, message: string, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        status: 'needs_reauth',
        last_error_code: code,
        last_error_message: message,
        next_refresh_at: null,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** A refresh that failed without refusing the grant: kept, retried after `retryAt`. */
  async recordRefreshFailure(
    id: string,
    failure: { code: string; message: string; failures: number; retryAt: number; degradedUntil: number | null },
    now: number,
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        last_error_code: failure.code,
        last_error_message: failure.message,
        failure_count: failure.failures,
        next_refresh_at: failure.retryAt,
        degraded_until: failure.degradedUntil,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** The metadata of a token response just sealed: connected, its ends, the next keep-alive. */
  async recordTokens(
    id: string,
    t: {
      accessExpiresAt: number | null;
      refreshExpiresAt: number | null;
      estimated: boolean;
      nextRefreshAt: number | null;
      grantedScopes: string[];
    },
    now: number,
  ): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set((eb) => ({
        status: 'connected',
        access_expires_at: t.accessExpiresAt,
        refresh_expires_at: t.refreshExpiresAt,
        refresh_expiry_estimated: t.estimated ? 1 : 0,
        last_refresh_at: now,
        next_refresh_at: t.nextRefreshAt,
        refresh_generation: eb('refresh_generation', '+', 1),
        degraded_until: null,
        failure_count: 0,
        granted_scopes: JSON.stringify(t.grantedScopes),
        last_error_code: null,
        last_error_message: null,
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
  }

  /** Back to what its secrets make it: connected when it holds a token, else not connected. */
  async restoreStatus(id: string, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({
        status: HOLDS_TOKEN as never,
        last_error_code: null,
        last_error_message: null,
        failure_count: 0,
        degraded_until: null,
        next_refresh_at: sql`CASE WHEN provider = 'bigcommerce' THEN NULL ELSE CAST(${now} AS BIGINT) END` as never,
        updated_at: now,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Takes an account out of the keep-alive and every use. */
  async setDisabled(id: string, now: number): Promise<void> {
    await this.q
      .updateTable('accounts')
      .set({ status: 'disabled', next_refresh_at: null, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  async setAlertLevel(id: string, level: string): Promise<void> {
    await this.q.updateTable('accounts').set({ alert_level: level }).where('id', '=', id).execute();
  }

  /** Marks accounts whose secrets can no longer be opened as needing re-enrolment; returns those changed. */
  async markKeyMismatch(ids: string[], now: number): Promise<string[]> {
    const changed: string[] = [];
    for (const id of ids) {
      const result = await this.q
        .updateTable('accounts')
        .set({
          status: 'needs_reauth',
          last_error_code: 'key_mismatch',
          last_error_message: KEY_MISMATCH_MESSAGE,
          updated_at: now,
        })
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) changed.push(id);
    }
    return changed;
  }

  async keyMismatchIds(): Promise<string[]> {
    const rows = await this.q
      .selectFrom('accounts')
      .select('id')
      .where('last_error_code', '=', 'key_mismatch')
      .execute();
    return rows.map((r) => r.id);
  }

  async countKeyMismatch(): Promise<number> {
    const row = await this.q
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('last_error_code', '=', 'key_mismatch')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Clears the key-mismatch mark of accounts whose secrets open again; returns those changed. */
  async clearKeyMismatch(ids: string[], now: number): Promise<string[]> {
    const changed: string[] = [];
    for (const id of ids) {
      const result = await this.q
        .updateTable('accounts')
        .set({ status: HOLDS_TOKEN as never, last_error_code: null, last_error_message: null, updated_at: now })
        .where('id', '=', id)
        .where('last_error_code', '=', 'key_mismatch')
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) > 0) changed.push(id);
    }
    return changed;
  }
}
