import { randomInt, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import type { RefreshOutcome } from '../../../../shared/domain';
import { readConfig, type AccountRow } from '../accounts/accounts.model';
import type { Operator } from '../team/team';
import { crashPoint } from '../crash';
import { CoreError } from '../errors';
import { readSay, said, type Said } from '../said';
import type { Say } from '../../../../shared/result';
import { untilHeadStill } from '../store/audit';
import type { CredentialRow } from '../store/credentials';
import { ensureReserve, isDiskFull, releaseReserve, requireDiskSpace } from '../store/disk';
import { together } from '../store/together';
import { isProcessAlive } from '../process';
import type { EndpointOverrides } from '../providers/endpoints';
import { readCapped } from '../providers/http';
import { providersWhere, TEMPLATES } from '../providers/providers';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { clientConfiguration } from '../signin/oauth-client';
import { storeTokens } from '../signin/token-store';
import { classifyRefreshFailure, type RefreshFailure } from './classify';
import { GroupCommit } from './group-commit';
import { ACCESS_MARGIN_MS, backoffMs } from './policy';

/**
 * A lease is taken over only when its holder's process is gone, or when its heartbeat has not moved
 * for this long as measured on the waiter's own monotonic clock (never by comparing wall clocks,
 * which two processes need not agree on and which can step).
 */
const LEASE_MS = 90_000;
/** The holder bumps its heartbeat this often while it waits on the provider. */
const HEARTBEAT_MS = 5_000;
/** A refresh request never waits longer than this, well under LEASE_MS, whatever the setting says. */
const MAX_REFRESH_EXCHANGE_S = 45;
const MAX_TOKEN_BODY = 1024 * 1024;
/** A last refresh more than this far in the future means the clock was stepped back. */
const CLOCK_SLACK_MS = 5 * 60_000;
const PENDING = 'pending_refresh_token';
/** What a refresh sends, read with the account: a pending (rotated) token first, else the stored one, and the client secret. */
const REFRESH_SECRETS = [PENDING, 'refresh_token', 'client_secret'] as const;
/** What `accessToken` hands over: a signed-in account's access token, or a store's API token. */
const HANDED_OVER = ['access_token', 'api_token'] as const;
/** Providers whose accounts have a keep-alive: those signed in through a browser (the rest hold a store-level token). */
const KEPT_ALIVE = providersWhere((t) => t.signIn);
/**
 * How long a rotated token that arrived while the shared database was away is held in memory,
 * retrying its write-ahead commit (a PostgreSQL restart takes seconds). Beyond it, the grant is lost
 * and said so; the holder's lease stays valid meanwhile (90 s without a heartbeat).
 */
const WRITE_AHEAD_PATIENCE_MS = 60_000;
const NOT_DURABLE = { durable: false } as const;

export interface RefreshResult {
  accountId: string;
  label: string;
  outcome: RefreshOutcome;
  message: string;
  /** The message's catalogue key and values, for faces in another language. */
  say: Say;
}

/**
 * Refreshes tokens, one refresh per account at a time: in this process by joining the refresh in
 * flight, across processes and workstations by a lease row in the store. A rotated refresh token is committed (as
 * `pending_refresh_token`) the moment its bytes arrive, before anything else; it is promoted with
 * the new access token in one transaction. A request that was sent is never retried blindly.
 */
export class Refresher {
  private readonly inFlight = new Map<string, Promise<RefreshResult>>();
  /** This process among every workstation on the store: (device, PID), plus a nonce for PID reuse. */
  private readonly owner: string;
  /** Attempts whose rotated token arrived but could not be committed (a full disk). */
  private readonly writeAheadFailed = new Set<string>();
  /**
   * Accounts whose stored refresh token this process knows to be spent, by the grant's generation:
   * never sent again. A re-authorization starts a new generation, which the mark does not hold back.
   */
  private readonly spent = new Map<string, { generation: number } & Said>();

  /** How long a lease lasts, and how long a holder whose heartbeat stands still keeps it. */
  private readonly leaseMs: number;
  /** Write-aheads of rotated tokens, committed (durably) together when they arrive together. */
  readonly writeAheads: GroupCommit;

  constructor(
    private readonly s: Services,
    private readonly endpoints: EndpointOverrides,
    options: { leaseMs?: number } = {},
  ) {
    this.owner = `${s.device}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.writeAheads = new GroupCommit(() => s.store);
  }

  /**
   * Refreshes one account now (joining a refresh already in flight for it). With `wait` false (the
   * keep-alive sweep), an account another live process is refreshing is left to that process.
   */
  refresh(accountId: string, by?: Operator, wait = true): Promise<RefreshResult> {
    let pending = this.inFlight.get(accountId);
    if (!pending) {
      // Without a caller (the keep-alive, a token asked for by a re-sync), this device's operator acts.
      pending = (async () => this.run(accountId, by ?? (await this.s.operator()), wait))().finally(() =>
        this.inFlight.delete(accountId),
      );
      this.inFlight.set(accountId, pending);
    }
    return pending;
  }

  /**
   * Accounts whose keep-alive is due, or that hold a rotated token not yet promoted (a crash), or
   * whose last refresh lies in the future: the clock was stepped back, so the schedule computed from
   * it cannot be trusted and a 14-day token could lapse while it waits for the clock to catch up.
   */
  due(): Promise<string[]> {
    const now = this.s.clock.now();
    return this.s.store.read.accounts.due(now, now + CLOCK_SLACK_MS, PENDING, KEPT_ALIVE);
  }

  /** One pass over every due account, at most `concurrency` at a time. */
  async sweep(concurrency = 4, by?: Operator): Promise<RefreshResult[]> {
    // Not an approved member of the store's team: the keep-alive is the members' to do. Any other
    // failure to unlock is each refresh's to report. The list is read meanwhile (one round trip for
    // both on PostgreSQL).
    const [member, ids] = await together([
      this.s.vault.unlock().then(
        () => true,
        (error: unknown) => !(error instanceof CoreError && error.code === 'NOT_A_MEMBER'),
      ),
      this.due(),
    ]);
    if (!member) return [];
    const results: RefreshResult[] = [];
    // Every process sweeps; the one holding an account's lease refreshes it, the others move on.
    // Each starts at its own place in the list (and wraps around), so processes sweeping at once
    // mostly meet accounts another has already refreshed (a cheap read) rather than queue on the
    // same ones. Every account is due now; the order among them matters less than the work done once.
    const start = ids.length > concurrency ? randomInt(ids.length) : 0;
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const id = ids[(start + next++) % ids.length] as string;
        results.push(await this.refresh(id, by, false));
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    return results;
  }

  /**
   * A usable access token: the stored one while it has more than a couple of minutes left, else a
   * fresh one. `staleGeneration` forces one refresh after a 401 unless a newer token already exists.
   */
  async accessToken(
    accountId: string,
    staleGeneration?: number,
    by?: Operator,
  ): Promise<{ token: string; generation: number; row: AccountRow; refreshed: boolean }> {
    // The account and its sealed token in one read (one round trip on PostgreSQL), where a service's
    // `gatehouse token` read the account, then the token; opened only once the checks pass.
    const { row, secrets: sealed } = await this.handedOver(accountId);
    if (!TEMPLATES[row.provider].signIn) {
      const { api_token: token } = await this.s.vault.openMany(accountId, ['api_token'], sealed);
      if (!token) throw CoreError.say('NEEDS_REAUTH', 'errors.noApiToken', { label: row.label });
      return { token, generation: row.refresh_generation, row, refreshed: false };
    }
    if (row.status === 'not_connected' || row.status === 'needs_reauth') {
      throw CoreError.say(
        'NEEDS_REAUTH',
        row.status === 'not_connected' ? 'errors.notConnectedYet' : 'errors.waitingReauth',
        { label: row.label, detail: row.last_error_message ? `: ${row.last_error_message}` : '' },
      );
    }
    const fresh = row.access_expires_at === null || row.access_expires_at - this.s.clock.now() > ACCESS_MARGIN_MS;
    const stale = staleGeneration !== undefined && staleGeneration >= row.refresh_generation;
    if (fresh && !stale) {
      const { access_token: token } = await this.s.vault.openMany(accountId, ['access_token'], sealed);
      if (token) return { token, generation: row.refresh_generation, row, refreshed: false };
    }
    const result = await this.refresh(accountId, by);
    if (result.outcome !== 'refreshed') {
      throw new CoreError(
        result.outcome === 'needs_reauth' ? 'NEEDS_REAUTH' : 'PROVIDER_UNAVAILABLE',
        result.message,
        null,
        result.say,
      );
    }
    const { row: after, secrets } = await this.handedOver(accountId);
    const { access_token: token } = await this.s.vault.openMany(accountId, ['access_token'], secrets);
    if (!token) throw CoreError.say('NEEDS_REAUTH', 'errors.noAccessAfter', { label: row.label });
    return {
      token,
      generation: after.refresh_generation,
      row: after,
      refreshed: after.refresh_generation > row.refresh_generation,
    };
  }

  /** The account and its sealed access or API token, in one read. */
  private async handedOver(accountId: string): Promise<{ row: AccountRow; secrets: CredentialRow[] }> {
    const found = await this.s.store.read.accounts.getWithLeaseAndSecrets(accountId, HANDED_OVER);
    if (!found) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: accountId });
    return found;
  }

  private async require(accountId: string): Promise<AccountRow> {
    const row = await this.s.store.read.accounts.get(accountId);
    if (!row) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: accountId });
    return row;
  }

  private async run(accountId: string, by: Operator, wait: boolean): Promise<RefreshResult> {
    // The account, who holds its refresh lease now (null: nobody), and the sealed secrets a refresh
    // would send, in one read (one round trip on PostgreSQL); nothing is opened unless the checks pass.
    const found = await this.s.store.read.accounts.getWithLeaseAndSecrets(accountId, REFRESH_SECRETS);
    if (!found) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: accountId });
    const { row, leaseOwner, secrets: sealed } = found;
    const result = (outcome: RefreshOutcome, words: Said): RefreshResult => ({
      accountId,
      label: row.label,
      outcome,
      ...words,
    });
    /** The account's stored last error, in its words, or `fallback`. */
    const lastError = (r: AccountRow, fallback: Said): Said =>
      r.last_error_message
        ? {
            message: r.last_error_message,
            say: readSay(r.last_error_say) ?? { key: 'failure.plain', params: { text: r.last_error_message } },
          }
        : fallback;
    if (!TEMPLATES[row.provider].signIn) return result('skipped', said('refresh.result.neverExpires'));
    if (row.status === 'not_connected') return result('skipped', said('refresh.result.notConnected'));
    if (row.status === 'needs_reauth')
      return result('needs_reauth', lastError(row, said('refresh.result.waitingReauth')));
    // The sweep's list was read a moment ago: another process may have refreshed it since, or be
    // refreshing it now (then it moves on before opening any secret; the lease decides below).
    if (!wait && !this.stillDue(row, sealed)) return result('skipped', said('refresh.result.refreshedMeanwhile'));
    // What `takeLease` without waiting would find, read without a lock.
    if (!wait && leaseOwner !== null && this.holderAlive(leaseOwner))
      return result('skipped', said('refresh.result.heldElsewhere'));
    const spent = this.spent.get(accountId);
    if (spent && spent.generation === row.refresh_generation) return result('needs_reauth', spent);
    // Preflight: the rotated token that comes back must fit on disk before the current one is spent.
    try {
      if (this.s.store.engine === 'sqlite') {
        requireDiskSpace(this.s.dataDir, `the refresh of ${row.label}`);
        ensureReserve(this.s.dataDir);
      }
    } catch (error) {
      return this.fail(row, classifyRefreshFailure(row.provider, error), by);
    }

    // Preflight: the keychain opens and the refresh token and client secret decrypt, before any
    // token is spent (read with the account).
    let refreshToken: string | null;
    let fromPending: boolean;
    let clientSecret: string | null;
    try {
      const secrets = await this.s.vault.openMany(accountId, REFRESH_SECRETS, sealed);
      fromPending = secrets[PENDING] !== null;
      refreshToken = secrets[PENDING] ?? secrets.refresh_token;
      clientSecret = secrets.client_secret;
    } catch (error) {
      // A device that holds no team key (not approved, or removed) refreshes nothing and records
      // nothing against the team's accounts: the caller hears why.
      if (error instanceof CoreError && error.code === 'NOT_A_MEMBER') throw error;
      return this.fail(row, classifyRefreshFailure(row.provider, error), by);
    }
    if (!refreshToken) {
      return this.fail(row, { kind: 'reauth', code: 'no_refresh_token', ...said('refresh.result.noRefreshToken') }, by);
    }

    const attempt = randomUUID();
    const lease = await this.takeLease(accountId, attempt, row.refresh_generation, wait);
    if (lease === 'held-elsewhere') return result('skipped', said('refresh.result.heldElsewhere'));
    if (lease === 'done-elsewhere') {
      const after = await this.require(accountId);
      return after.status === 'connected'
        ? result('refreshed', said('refresh.result.doneElsewhere'))
        : result('needs_reauth', lastError(after, said('refresh.result.needsReauth')));
    }
    crashPoint('lease-committed');
    // Set once the promotion ended the lease in its own transaction: nothing left to release.
    let leaseEnded = false;
    const heartbeat = setInterval(() => this.beat(accountId, attempt), HEARTBEAT_MS);
    heartbeat.unref();
    try {
      const { settings } = readSettings(this.s.prefs);
      const config = readConfig(row);
      const configuration = await clientConfiguration(
        row.provider,
        config,
        clientSecret,
        this.endpoints,
        Math.min(settings.tokenExchangeTimeoutSeconds, MAX_REFRESH_EXCHANGE_S),
      );
      configuration[oidc.customFetch] = this.writeAheadFetch(accountId, attempt);
      const tokens = await oidc.refreshTokenGrant(configuration, refreshToken);
      crashPoint('before-promotion');
      const now = this.s.clock.now();
      // Retried while the shared database is away: the write-ahead already holds the rotated token.
      // The disk may fill after the write-ahead rather than before it: the reserve then goes to this.
      let seq = 0;
      await this.withReserve(
        () =>
          this.untilReachable(async () => {
            seq = await this.promote(
              accountId,
              row,
              tokens,
              config.scopes,
              fromPending,
              refreshToken,
              attempt,
              by,
              now,
            );
          }, accountId),
        accountId,
      );
      leaseEnded = seq !== 0;
      crashPoint('after-promotion');
      this.s.events.emit('accounts:changed', { ids: [accountId] });
      this.s.events.emit('audit:appended', { seq });
      this.s.log.info('tokens.refreshed', { account: accountId, provider: row.provider });
      return result('refreshed', said('refresh.result.refreshed'));
    } catch (error) {
      if (this.writeAheadFailed.delete(attempt)) return await this.rotationLost(row, by);
      return await this.fail(row, classifyRefreshFailure(row.provider, error), by);
    } finally {
      clearInterval(heartbeat);
      try {
        if (!leaseEnded) await this.releaseLease(accountId, attempt);
      } catch (error) {
        // A lease that cannot be released (a full disk) ends when this process does.
        this.s.log.warn('tokens.lease_release_failed', { account: accountId, error });
      }
    }
  }

  /** The promotion: the new tokens and their metadata, the pending token gone, the lease ended, audited. */
  private promote(
    accountId: string,
    row: AccountRow,
    tokens: oidc.TokenEndpointResponse,
    scopes: string[],
    fromPending: boolean,
    refreshToken: string,
    attempt: string,
    by: Operator,
    now: number,
  ): Promise<number> {
    // Not waited onto the disk on SQLite: the write-ahead of the rotated token already is, and a
    // promotion lost to a power cut is redone from it (the account is due while it is pending).
    // Run again should the audit head have moved under the lock (nothing of it was kept then).
    return untilHeadStill(() =>
      this.s.store.transaction(async (tx, end) => {
        // Tried again after a lost connection: a commit that landed before the link dropped counts.
        const current = await tx.accounts.get(accountId);
        if (current && current.refresh_generation > row.refresh_generation) return 0;
        // The writes do not depend on one another: issued together, with the audit lock and head
        // the entry needs, they wait for one round trip on PostgreSQL (SQLite runs them one after
        // another), and all of them commit or none. The audit lock comes after the rows, as in every
        // transaction that writes an entry (a failure's, a re-sync's): none holds it while it waits
        // for a row another holds, so two never wait on each other.
        await together([
          storeTokens(this.s, accountId, row.provider, tokens, scopes, current).then(async () => {
            // The token that was sent is the live one when the response carries none (no rotation).
            if (fromPending && typeof tokens.refresh_token !== 'string')
              await this.s.vault.put(accountId, 'refresh_token', refreshToken);
          }),
          this.s.vault.remove(accountId, PENDING),
          tx.leases.release(accountId, attempt),
          tx.audit.hold(),
        ]);
        crashPoint('inside-promotion');
        // The entry is the last statement: on PostgreSQL the COMMIT leaves with it, so the audit lock
        // is held for one round trip, not two. An entry refused rolls everything above back with it.
        return this.s.audit.append(
          {
            actor: by.actor,
            role: by.role,
            action: 'tokens:refreshed',
            target: accountId,
            outcome: 'ok',
            detail: `generation ${row.refresh_generation + 1}`,
          },
          now,
          undefined,
          end,
        );
      }, NOT_DURABLE),
    );
  }

  /**
   * Runs `write` and, while the shared database is unreachable (a restart, a dropped link), tries
   * again for up to WRITE_AHEAD_PATIENCE_MS: a rotated token held only in this process's memory is
   * committed the moment the database is back, instead of being lost with the grant.
   */
  private async untilReachable(write: () => Promise<void>, accountId: string): Promise<void> {
    const deadline = performance.now() + WRITE_AHEAD_PATIENCE_MS;
    for (let wait = 250; ; wait = Math.min(wait * 2, 2_000)) {
      try {
        return await write();
      } catch (error) {
        if (!this.s.store.unreachable(error) || performance.now() + wait > deadline) throw error;
        this.s.log.warn('tokens.write_ahead_waiting', { account: accountId });
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  /** The sweep's test, for one account as it is now (see `due()`), with its sealed secrets as read with it. */
  private stillDue(row: AccountRow, sealed: readonly CredentialRow[]): boolean {
    const now = this.s.clock.now();
    if (row.next_refresh_at !== null && row.next_refresh_at <= now) return true;
    if (row.last_refresh_at !== null && row.last_refresh_at > now + CLOCK_SLACK_MS) return true;
    return sealed.some((secret) => secret.kind === PENDING);
  }

  /** Keeps this attempt's lease visibly alive while it waits on the provider. */
  private beat(accountId: string, attempt: string): void {
    this.s.store.read.leases
      .beat(accountId, attempt, this.s.clock.now() + this.leaseMs)
      .catch((error: unknown) => this.s.log.warn('tokens.lease_beat_failed', { account: accountId, error }));
  }

  /**
   * The provider rotated the refresh token but the new one could not be committed (the disk filled
   * while the request was out): the stored token is spent and is never sent again. Said plainly,
   * recorded as an incident where the database still takes a write, and remembered by this process
   * even where it does not.
   */
  private async rotationLost(row: AccountRow, by: Operator): Promise<RefreshResult> {
    const words = said('refresh.result.rotationLost', { label: row.label });
    this.spent.set(row.id, { generation: row.refresh_generation, ...words });
    releaseReserve(this.s.dataDir);
    try {
      return await this.fail(row, { kind: 'reauth', code: 'rotation_not_saved', ...words }, by);
    } catch (error) {
      this.s.log.error('tokens.rotation_not_saved', { account: row.id, error });
      return {
        accountId: row.id,
        label: row.label,
        outcome: 'needs_reauth',
        ...said('refresh.result.rotationLostUnrecorded', { label: row.label }),
      };
    }
  }

  /**
   * Whether a lease's holder may still be working. Its PID is checked only on the device that
   * issued it; a holder on another workstation is judged by its heartbeat alone.
   */
  private holderAlive(owner: string): boolean {
    const [device, pid] = owner.split(':');
    if (device !== this.s.device) return true;
    return isProcessAlive(Number(pid));
  }

  /** Ends this attempt's lease (a no-op when a newer attempt holds it). */
  private releaseLease(accountId: string, attempt: string): Promise<void> {
    return this.s.store.read.leases.release(accountId, attempt);
  }

  /**
   * Takes the account's lease in one IMMEDIATE transaction. When another live process holds it,
   * waits for it to end: if that refresh succeeded there is nothing left to do.
   */
  private async takeLease(
    accountId: string,
    attempt: string,
    generation: number,
    wait: boolean,
  ): Promise<'taken' | 'done-elsewhere' | 'held-elsewhere'> {
    // Most of the time nobody holds it and nothing changed since the account was read: one statement.
    const free = await this.s.store.oneWrite(
      (repos) => repos.leases.takeIfFree(accountId, this.owner, attempt, this.s.clock.now() + this.leaseMs, generation),
      NOT_DURABLE,
    );
    if (free) return 'taken';
    // Waiting is measured on the monotonic clock: a wall clock that steps cannot shorten it.
    const deadline = performance.now() + this.leaseMs + 5_000;
    let seen: { attempt: string; beat: number; since: number } | null = null;
    for (;;) {
      // Not waited onto the disk on SQLite: a lease matters only while its process lives.
      const outcome = await this.s.store.transaction(async (tx) => {
        await tx.leases.lockAccount(accountId);
        const now = this.s.clock.now();
        const held = await tx.leases.get(accountId);
        if (held) {
          // A lease outlives its process only after a crash (kill -9): then it is taken over at once
          // when the holder ran on this device. A live holder, or one on another workstation (whose
          // PID means nothing here), keeps it while its heartbeat moves.
          const alive = this.holderAlive(held.owner);
          const at = performance.now();
          if (!seen || seen.attempt !== held.attempt_id || seen.beat !== held.beat)
            seen = { attempt: held.attempt_id, beat: held.beat, since: at };
          if (alive && at - seen.since < this.leaseMs) return 'held' as const;
        }
        // Someone finished a refresh since this one read the account: theirs counts.
        const account = await tx.accounts.get(accountId);
        if (!account || account.refresh_generation > generation || account.status !== 'connected')
          return 'done' as const;
        await tx.leases.take(accountId, this.owner, attempt, now + this.leaseMs);
        return 'taken' as const;
      }, NOT_DURABLE);
      if (outcome === 'taken') return 'taken';
      if (outcome === 'done') return 'done-elsewhere';
      if (!wait) return 'held-elsewhere';
      if (performance.now() > deadline) {
        throw CoreError.say('CONFLICT', 'errors.refreshTooLong', { id: accountId });
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
      const now = await this.require(accountId);
      if (now.refresh_generation > generation || now.status !== 'connected') return 'done-elsewhere';
    }
  }

  /**
   * Runs `write` (saving a token the provider has already issued) and, when it fails because the disk
   * filled while the request was out, gives up the reserve, which exists for exactly this, and runs
   * it once more.
   */
  private async withReserve(write: () => Promise<void>, accountId: string): Promise<void> {
    try {
      await write();
    } catch (error) {
      if (!isDiskFull(error) || !releaseReserve(this.s.dataDir)) throw error;
      this.s.log.warn('tokens.reserve_used', { account: accountId });
      await write();
    }
  }

  /**
   * The token request's fetch: once the response bytes are in, a rotated refresh token is committed
   * before openid-client even parses it (SECURITY.md 4.0 step 3), so a crash cannot lose it.
   */
  private writeAheadFetch(accountId: string, attempt: string): oidc.CustomFetch {
    return async (url, options) => {
      const init: RequestInit = {
        method: options.method,
        headers: options.headers,
        body: options.body as RequestInit['body'],
        redirect: options.redirect,
        signal: options.signal,
      };
      const response = await fetch(url, init);
      const body = await readCapped(response, MAX_TOKEN_BODY);
      crashPoint('response-received');
      if (response.ok) {
        let parsed: unknown = null;
        try {
          parsed = JSON.parse(body);
        } catch {
          parsed = null;
        }
        const rotated = (parsed as { refresh_token?: unknown } | null)?.refresh_token;
        if (typeof rotated === 'string' && rotated.length > 0) {
          // Its own transaction, committed (fsync'd, or acknowledged by PostgreSQL) before anything else.
          // (Shared with the write-aheads of other refreshes that arrived at the same time: one commit.)
          const commit = () => this.writeAheads.run(() => this.s.vault.put(accountId, PENDING, rotated));
          try {
            await this.withReserve(() => this.untilReachable(commit, accountId), accountId);
          } catch (error) {
            this.writeAheadFailed.add(attempt);
            throw CoreError.say(isDiskFull(error) ? 'DISK_FULL' : 'INTERNAL', 'errors.rotationNotSaved');
          }
        }
      }
      crashPoint('pending-committed');
      const headers = new Headers(response.headers);
      headers.delete('content-encoding');
      headers.delete('content-length');
      return new Response(body, { status: response.status, statusText: response.statusText, headers });
    };
  }

  private async fail(row: AccountRow, failure: RefreshFailure, by: Operator): Promise<RefreshResult> {
    const outcome: RefreshOutcome =
      failure.kind === 'reauth' ? 'needs_reauth' : failure.kind === 'local' ? 'failed' : 'degraded';
    const answer = { accountId: row.id, label: row.label, outcome, message: failure.message, say: failure.say };
    let seq: number;
    try {
      seq = await this.record(row, failure, by, this.s.clock.now());
    } catch (error) {
      // Not even the failure could be written (the disk is full, the shared database went away):
      // the account keeps its stored state and is tried again on the next pass, and this caller still
      // hears why. Throwing here would end a whole keep-alive pass, every other account's result with it.
      this.s.log.error('tokens.failure_not_recorded', { account: row.id, code: failure.code, error });
      // A grant the provider refused stays refused in this process's memory at least: its token is
      // never sent again (to a provider that revokes a grant on reuse, a resend looks like theft).
      if (failure.kind === 'reauth')
        this.spent.set(row.id, { generation: row.refresh_generation, message: failure.message, say: failure.say });
      return answer;
    }
    this.s.log.warn('tokens.refresh_failed', { account: row.id, provider: row.provider, code: failure.code });
    this.s.events.emit('accounts:changed', { ids: [row.id] });
    this.s.events.emit('incidents:appended', { accountId: row.id });
    this.s.events.emit('audit:appended', { seq });
    return answer;
  }

  /** Records a failed refresh: the account's state, an incident, an audit entry. Returns the entry's seq. */
  private record(row: AccountRow, failure: RefreshFailure, by: Operator, now: number): Promise<number> {
    return this.s.store.transaction(async (tx) => {
      let action: Said;
      if (failure.kind === 'reauth') {
        // Never fall back to an older token: under strict rotation that itself looks like reuse.
        await this.s.vault.remove(row.id, PENDING);
        await tx.accounts.markNeedsReauth(row.id, failure.code, failure, now);
        action = said('incident.action.markedReauth');
      } else {
        const failures = row.failure_count + 1;
        const wait = Math.max(failure.kind === 'transient' ? (failure.retryAfterMs ?? 0) : 0, backoffMs(failures));
        const local = failure.kind === 'local';
        await tx.accounts.recordRefreshFailure(
          row.id,
          {
            code: failure.code,
            message: failure.message,
            say: failure.say,
            failures,
            retryAt: now + wait,
            degradedUntil: local ? null : now + wait,
          },
          now,
        );
        action = said('incident.action.keptRetry', { minutes: Math.ceil(wait / 60_000) });
      }
      await tx.incidents.record({
        at: now,
        accountId: row.id,
        accountLabel: row.label,
        provider: row.provider,
        code: failure.code,
        message: failure.message,
        action: action.message,
        say: { message: failure.say, action: action.say },
      });
      return this.s.audit.append(
        {
          actor: by.actor,
          role: by.role,
          action: 'tokens:refreshed',
          target: row.id,
          outcome: 'error',
          detail: failure.code,
        },
        now,
      );
    });
  }
}
