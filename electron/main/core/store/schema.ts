import type { Generated as KyselyGenerated } from 'kysely';
import type { AccountKind, AccountStatus, Provider, Role, SessionState, SyncRun } from '../../../../shared/domain';

/**
 * The tables as both engines store them. Instants are epoch milliseconds (INTEGER in SQLite, BIGINT
 * in PostgreSQL, read back as numbers); flags are 0/1 integers; JSON lives in TEXT.
 */
export interface Schema {
  meta: { key: string; value: string };
  accounts: AccountsTable;
  credentials: {
    owner: string;
    kind: string;
    key_version: number;
    nonce: Buffer;
    ciphertext: Buffer;
    updated_at: number;
  };
  audit_log: {
    seq: Generated<number>;
    at: number;
    actor: string;
    role: Role;
    action: string;
    target: string | null;
    outcome: 'ok' | 'error';
    detail: string | null;
    prev_hash: string;
    hash: string;
    /** The device (data folder) the entry came from (null before migration 73). */
    device: Generated<string | null>;
    /** HMAC-SHA256 of `hash` under audit key `mac_key`; null when no key could be reached. */
    mac: Generated<string | null>;
    mac_key: Generated<number | null>;
  };
  members: MembersTable;
  member_keys: { member_id: string; key_version: number; wrapped: string };
  auth_sessions: SessionsTable;
  refresh_leases: {
    account_id: string;
    owner: string;
    attempt_id: string;
    lease_until: number;
    beat: number;
  };
  incidents: {
    id: Generated<number>;
    at: number;
    account_id: string | null;
    account_label: string | null;
    provider: Provider | null;
    code: string;
    message: string;
    action: string;
    /** JSON: the message's and the action's catalogue keys and values (null before migration 72). */
    say: Generated<string | null>;
  };
  sync_runs: {
    id: string;
    batch_id: string | null;
    email: string;
    requested_by: string;
    started_at: number;
    finished_at: number | null;
    status: SyncRun['status'];
    results: string;
  };
}

/** A column the database fills in (an identity, a default); optional on insert. */
export type Generated<T> = KyselyGenerated<T>;

export interface AccountsTable {
  id: string;
  provider: Provider;
  kind: AccountKind;
  label: string;
  config: string;
  status: AccountStatus;
  access_expires_at: number | null;
  refresh_expires_at: number | null;
  last_refresh_at: number | null;
  next_refresh_at: number | null;
  last_error_code: string | null;
  last_error_message: string | null;
  /** JSON: the last error's catalogue key and values. */
  last_error_say: Generated<string | null>;
  created_at: number;
  updated_at: number;
  granted_scopes: string | null;
  refresh_generation: Generated<number>;
  refresh_expiry_estimated: Generated<number>;
  degraded_until: number | null;
  failure_count: Generated<number>;
  alert_level: string | null;
  identity_sub: string | null;
  identity_name: string | null;
  identity_tenant: string | null;
  /** The judgement kept with the row (store/rules-sql.ts) and the span [judged_from, judged_until) it holds for. */
  judgement: Generated<number>;
  urgency: Generated<number>;
  lapse_key: Generated<number>;
  judged_from: Generated<number>;
  judged_until: Generated<number>;
  /** Which judging wrote the judgement (meta `judged_seq`); the expiry check reads those above its mark. */
  judged_seq: Generated<number>;
}

export interface MembersTable {
  id: string;
  device_id: string;
  name: string;
  email: string | null;
  role: Role;
  status: 'pending' | 'active' | 'removed';
  /** The device's X25519 public key (base64url, raw 32 bytes). */
  public_key: string;
  fingerprint: string;
  requested_at: number;
  approved_at: number | null;
  approved_by: string | null;
  removed_at: number | null;
  removed_by: string | null;
  seen_at: number | null;
}

export interface SessionsTable {
  id: string;
  account_id: string;
  account_label: string;
  provider: Provider;
  state: SessionState;
  step: string;
  redirect_uri: string;
  scopes: string;
  owner_pid: number;
  /** The install (data folder) whose process holds the live session: liveness is judged per device. */
  owner_device: string;
  created_at: number;
  expires_at: number;
  finished_at: number | null;
  error_code: string | null;
  error_message: string | null;
  /** JSON: the error's catalogue key and values. */
  error_say: Generated<string | null>;
}

/**
 * A list that names every column of `Row`, in the order given: a column the table gains and the list
 * lacks fails the build, and the error names it (`missing`). For statements that must name their
 * columns (a prepared read of whole rows, an insert whose values go by position).
 */
export function everyColumn<Row>() {
  return <const L extends readonly (keyof Row)[]>(
    list: L & ([Exclude<keyof Row, L[number]>] extends [never] ? unknown : { missing: Exclude<keyof Row, L[number]> }),
  ): L => list;
}
