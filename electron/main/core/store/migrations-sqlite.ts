/**
 * SQLite's numbered schema migrations, applied in order inside one transaction at start. `PRAGMA
 * user_version` records the last applied number. Append only: never edit a shipped migration.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const migrations: readonly Migration[] = [
  {
    version: 10,
    name: 'meta-accounts-credentials',
    sql: `
      CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;

      CREATE TABLE accounts (
        id TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        kind TEXT NOT NULL,
        label TEXT NOT NULL,
        config TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL DEFAULT 'not_connected',
        access_expires_at INTEGER,
        refresh_expires_at INTEGER,
        last_refresh_at INTEGER,
        next_refresh_at INTEGER,
        last_error_code TEXT,
        last_error_message TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX accounts_provider ON accounts(provider);
      CREATE INDEX accounts_status ON accounts(status);

      -- Ciphertext only. owner is an account id, or 'settings' for setting secrets.
      CREATE TABLE credentials (
        owner TEXT NOT NULL,
        kind TEXT NOT NULL,
        key_version INTEGER NOT NULL,
        nonce BLOB NOT NULL,
        ciphertext BLOB NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (owner, kind)
      ) STRICT;
    `,
  },
  {
    version: 20,
    name: 'audit-log',
    sql: `
      -- Append-only and hash-chained: hash = sha256(prev_hash || canonical entry).
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,
        role TEXT NOT NULL,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 30,
    name: 'auth-sessions',
    sql: `
      -- Sign-in history. The PKCE verifier and the state never touch disk; the owner columns say which
      -- process holds the live session, so another process never marks it interrupted by mistake.
      CREATE TABLE auth_sessions (
        id TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        account_label TEXT NOT NULL,
        provider TEXT NOT NULL,
        state TEXT NOT NULL,
        step TEXT NOT NULL,
        redirect_uri TEXT NOT NULL,
        scopes TEXT NOT NULL,
        owner_pid INTEGER NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL,
        finished_at INTEGER,
        error_code TEXT,
        error_message TEXT
      ) STRICT;
      CREATE INDEX auth_sessions_account ON auth_sessions(account_id);
      CREATE INDEX auth_sessions_state ON auth_sessions(state);
      ALTER TABLE accounts ADD COLUMN granted_scopes TEXT;
    `,
  },
  {
    version: 40,
    name: 'token-lifecycle',
    sql: `
      -- Refresh bookkeeping: generation counts rotations; alert_level is the level last announced.
      ALTER TABLE accounts ADD COLUMN refresh_generation INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN refresh_expiry_estimated INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN degraded_until INTEGER;
      ALTER TABLE accounts ADD COLUMN failure_count INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN alert_level TEXT;
      CREATE INDEX accounts_next_refresh ON accounts(next_refresh_at);

      -- One refresh per account at a time, across every Gatehouse process on this data folder.
      CREATE TABLE refresh_leases (
        account_id TEXT PRIMARY KEY,
        owner TEXT NOT NULL,
        attempt_id TEXT NOT NULL,
        lease_until INTEGER NOT NULL
      ) STRICT;

      -- Every failure an admin should know about: what happened and what Gatehouse did.
      CREATE TABLE incidents (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        account_id TEXT,
        account_label TEXT,
        provider TEXT,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        action TEXT NOT NULL
      ) STRICT;
      CREATE INDEX incidents_account ON incidents(account_id, at);
    `,
  },
  {
    version: 50,
    name: 'sync-runs',
    sql: `
      -- Every customer re-sync: who asked, for which user, and what each target answered.
      CREATE TABLE sync_runs (
        id TEXT PRIMARY KEY,
        batch_id TEXT,
        email TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        finished_at INTEGER,
        status TEXT NOT NULL,
        results TEXT NOT NULL DEFAULT '[]'
      ) STRICT;
      CREATE INDEX sync_runs_email ON sync_runs(email, started_at);
      CREATE INDEX sync_runs_batch ON sync_runs(batch_id);
    `,
  },
  {
    version: 60,
    name: 'identity-and-lease-heartbeat',
    sql: `
      -- Who signed in: a re-authorization as anyone else is refused (a token never changes owner).
      ALTER TABLE accounts ADD COLUMN identity_sub TEXT;
      ALTER TABLE accounts ADD COLUMN identity_name TEXT;
      ALTER TABLE accounts ADD COLUMN identity_tenant TEXT;
      -- A lease holder bumps beat while it waits on the provider: liveness, not wall-clock age.
      ALTER TABLE refresh_leases ADD COLUMN beat INTEGER NOT NULL DEFAULT 0;
    `,
  },
  {
    version: 70,
    name: 'session-owner-device',
    sql: `
      -- A sign-in is judged orphaned only by a process of the device that started it (a PID names a
      -- process on one machine only). Rows from before this migration belong to this install.
      ALTER TABLE auth_sessions ADD COLUMN owner_device TEXT NOT NULL DEFAULT '';
      CREATE INDEX accounts_label ON accounts(lower(label), id);
    `,
  },
  {
    version: 71,
    name: 'accounts-by-name',
    sql: `
      -- The Accounts screen's order by name walks this index instead of sorting every row.
      CREATE INDEX accounts_label_binary ON accounts(label, id);
    `,
  },
  {
    version: 72,
    name: 'messages-in-every-language',
    sql: `
      -- Beside each stored English message, its catalogue key and values (JSON), so each face
      -- says it in its reader's language.
      ALTER TABLE accounts ADD COLUMN last_error_say TEXT;
      ALTER TABLE incidents ADD COLUMN say TEXT;
      ALTER TABLE auth_sessions ADD COLUMN error_say TEXT;
    `,
  },
  {
    version: 73,
    name: 'team-members-and-signed-audit',
    sql: `
      -- A team: each device is a member with its own key pair (the private half stays in that
      -- device's OS keychain); the team's data key is wrapped for each approved member's public key.
      CREATE TABLE members (
        id TEXT PRIMARY KEY,
        device_id TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT,
        role TEXT NOT NULL,
        status TEXT NOT NULL,
        public_key TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        requested_at INTEGER NOT NULL,
        approved_at INTEGER,
        approved_by TEXT,
        removed_at INTEGER,
        removed_by TEXT,
        seen_at INTEGER
      ) STRICT;
      CREATE TABLE member_keys (
        member_id TEXT NOT NULL,
        key_version INTEGER NOT NULL,
        wrapped TEXT NOT NULL,
        PRIMARY KEY (member_id, key_version)
      ) STRICT;
      -- Each audit entry names the device it came from and carries a MAC of its hash under the
      -- audit key (sealed in credentials): a chain recomputed without that key does not verify.
      ALTER TABLE audit_log ADD COLUMN device TEXT;
      ALTER TABLE audit_log ADD COLUMN mac TEXT;
      ALTER TABLE audit_log ADD COLUMN mac_key INTEGER;
      CREATE INDEX audit_actor ON audit_log(actor, seq);
      CREATE INDEX audit_action ON audit_log(action, seq);
      CREATE INDEX audit_at ON audit_log(at);
    `,
  },
  {
    version: 74,
    name: 'accounts-judged-in-place',
    sql: `
      -- Each account's judgement (level and health rule, see store/rules-sql.ts), its urgency and
      -- the instant it lapses, kept with the row with the span of time [judged_from, judged_until)
      -- in which that judgement holds: "most urgent first" walks an index instead of judging every
      -- row. A row is judged again when that span ends or when what the rules read changes (the
      -- trigger below: no writer can forget). 0/0 means "not judged yet".
      ALTER TABLE accounts ADD COLUMN judgement INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN urgency INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN lapse_key INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN judged_from INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE accounts ADD COLUMN judged_until INTEGER NOT NULL DEFAULT 0;
      CREATE INDEX accounts_urgency ON accounts(urgency, lapse_key, label, id);
      CREATE INDEX accounts_judgement ON accounts(judgement, status, degraded_until);
      CREATE INDEX accounts_judged_until ON accounts(judged_until);
      CREATE INDEX accounts_judged_from ON accounts(judged_from);
      CREATE TRIGGER accounts_judged_stale
        AFTER UPDATE OF status, provider, access_expires_at, refresh_expires_at, next_refresh_at, degraded_until
        ON accounts
      BEGIN
        UPDATE accounts SET judged_until = 0 WHERE id = NEW.id;
      END;
    `,
  },
  {
    version: 75,
    name: 'accounts-search-trigrams',
    sql: `
      -- PostgreSQL indexes the accounts' search with trigrams (pg_trgm) at this version. Here a
      -- search still reads every row: FTS5's trigram index would point at accounts by rowid, which
      -- a VACUUM may renumber in a table keyed by text, and a wrong answer is worse than a slow one.
      SELECT 1;
    `,
  },
  {
    version: 76,
    name: 'accounts-search-index',
    sql: `
      -- A search matches anywhere in the label, the id or the last error. An FTS5 trigram index
      -- answers one of three characters or more without reading every account (100 ms at 100,000
      -- accounts before). Its rows are numbered by account_search_keys, whose INTEGER PRIMARY KEY a
      -- VACUUM keeps (the accounts table's own rowid it may renumber), and joined back by id.
      CREATE TABLE account_search_keys (n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);
      CREATE VIRTUAL TABLE account_search USING fts5(label, id, message, tokenize = 'trigram');
      INSERT INTO account_search_keys (id) SELECT id FROM accounts;
      INSERT INTO account_search (rowid, label, id, message)
        SELECT k.n, a.label, a.id, COALESCE(a.last_error_message, '')
        FROM accounts a JOIN account_search_keys k ON k.id = a.id;
      CREATE TRIGGER account_search_insert AFTER INSERT ON accounts
      BEGIN
        INSERT INTO account_search_keys (id) VALUES (NEW.id);
        INSERT INTO account_search (rowid, label, id, message)
          VALUES ((SELECT n FROM account_search_keys WHERE id = NEW.id), NEW.label, NEW.id,
                  COALESCE(NEW.last_error_message, ''));
      END;
      CREATE TRIGGER account_search_update AFTER UPDATE OF id, label, last_error_message ON accounts
        WHEN OLD.id IS NOT NEW.id OR OLD.label IS NOT NEW.label
          OR OLD.last_error_message IS NOT NEW.last_error_message
      BEGIN
        UPDATE account_search_keys SET id = NEW.id WHERE id = OLD.id;
        UPDATE account_search SET label = NEW.label, id = NEW.id, message = COALESCE(NEW.last_error_message, '')
          WHERE rowid = (SELECT n FROM account_search_keys WHERE id = NEW.id);
      END;
      CREATE TRIGGER account_search_delete AFTER DELETE ON accounts
      BEGIN
        DELETE FROM account_search WHERE rowid = (SELECT n FROM account_search_keys WHERE id = OLD.id);
        DELETE FROM account_search_keys WHERE id = OLD.id;
      END;
    `,
  },
  {
    version: 77,
    name: 'accounts-error-code-index',
    sql: `
      -- Every start asks which accounts wait for their key (last_error_code = 'key_mismatch'); it read
      -- every account to find out (20 ms at 100,000).
      CREATE INDEX accounts_last_error_code ON accounts(last_error_code);
    `,
  },
  {
    version: 78,
    name: 'accounts-judged-seq',
    sql: `
      -- Which judging wrote each row's judgement (a number that only grows, kept in meta). The rows
      -- judged since the expiry check last looked, with those whose judgement did not hold all the
      -- time since, are the only ones whose alert state can have moved: the check reads those instead
      -- of judging every account (30 ms at 100,000, each tick).
      ALTER TABLE accounts ADD COLUMN judged_seq INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX accounts_judged_seq ON accounts(judged_seq);
    `,
  },
];

/** The schema version this build writes. */
export const LATEST_VERSION = migrations.reduce((max, m) => Math.max(max, m.version), 0);
