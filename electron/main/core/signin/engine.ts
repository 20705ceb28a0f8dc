import { randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { EMAIL, type Session, type SessionState } from '../../../../shared/domain';
import { readConfig } from '../accounts/accounts.model';
import type { AccountRow } from '../store/accounts';
import { CoreError } from '../errors';
import { said, type Said } from '../said';
import { spoken, voice } from '../speak';
import type { Explained } from './explain';
import type { EndpointOverrides } from '../providers/endpoints';
import { providerFetch } from '../providers/http';
import {
  identityEndpoint,
  identityFromProfile,
  signedInIdentity,
  TEMPLATES,
  type SignedInIdentity,
} from '../providers/providers';
import type { Services } from '../services';
import { readSettings } from '../settings/preferences';
import { explainAuthError } from './explain';
import type { LoopbackHub, RedirectSpec, ResultPage } from './loopback';
import { Deadlines } from './deadlines';
import {
  authorizationUrl,
  authServer,
  configurationFor,
  neverSent,
  templateServer,
  type AuthServer,
} from './oauth-client';
import { ACTIVE, type SessionRow } from '../store/sessions';
import { toSession } from './sessions.model';
import { storeTokens } from './token-store';
import { warmFetch } from '../warm-fetch';

/**
 * What a pending sign-in keeps in memory: its secrets and nothing it can build again (issue #16, B2:
 * thousands may wait at once). The client configuration and the authorization URL are rebuilt from
 * the account and the session row when needed; a discovered issuer's metadata is one object shared
 * by every sign-in of that issuer; one timer serves every deadline.
 */
interface Live {
  state: string;
  verifier: string;
  listenerKey: string;
  /** The issuer's discovery document as it was when the sign-in started; null: the template's. */
  discovered: AuthServer | null;
}

export interface StartOptions {
  openBrowser?: boolean;
  timeoutSeconds?: number;
}

/**
 * Runs sign-ins: PENDING → CALLBACK_RECEIVED → COMPLETED | FAILED, or EXPIRED, CANCELLED, INTERRUPTED.
 * The PKCE verifier and `state` live only in this object; the session history is in SQLite.
 */
export class SignInEngine {
  private readonly live = new Map<string, Live>();
  private readonly deadlines = new Deadlines((id) => {
    if (!this.live.has(id)) return;
    void this.finish(id, 'EXPIRED', 'expired', 'expired', said('signin.ended.expired')).catch((error: unknown) =>
      this.s.log.error('signin.expire_failed', { session: id, error }),
    );
  });
  /** The one handler every route of this engine shares. */
  private readonly answer = (id: string, url: URL): Promise<ResultPage> => this.onCallback(id, url);

  constructor(
    private readonly s: Services,
    private readonly hub: LoopbackHub,
    private readonly endpoints: EndpointOverrides,
  ) {}

  /** Starts a sign-in for an account and returns its session (with the authorization URL). */
  async start(accountId: string, options: StartOptions = {}): Promise<Session> {
    const account = await this.s.store.read.accounts.get(accountId);
    if (!account) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: accountId });
    const template = TEMPLATES[account.provider];
    if (!template.signIn) {
      throw CoreError.say('INVALID_INPUT', 'errors.noSignIn', { provider: template.name, label: account.label });
    }
    const { settings } = readSettings(this.s.prefs);
    // Two indexed reads, not a scan of every pending row: starts stay fast with thousands in flight.
    const mine = await this.s.store.read.sessions.pendingOf(accountId);
    const pending = await this.s.store.read.sessions.countPending();
    if (mine) {
      throw CoreError.say('CONFLICT', 'errors.signInInFlight', { label: account.label, session: mine.id });
    }
    if (pending >= settings.maxConcurrentSessions) {
      throw CoreError.say('CONFLICT', 'errors.tooManySignIns', { count: pending });
    }
    // Reach the keychain now, before the admin goes through the browser for nothing; the client
    // secret is opened too (and dropped: the exchange opens it again), so one that cannot be opened
    // fails here rather than after the browser.
    await this.s.vault.unlock();
    await this.s.vault.get(accountId, 'client_secret');
    const config = readConfig(account);
    const server = await authServer(account.provider, config, this.endpoints, settings.tokenExchangeTimeoutSeconds);
    const configuration = configurationFor(
      server,
      account.provider,
      config,
      null,
      settings.tokenExchangeTimeoutSeconds,
    );

    const id = `ses_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    const verifier = oidc.randomPKCECodeVerifier();
    const relayUrl = config.relayUrl ?? null;
    const spec = relayUrl
      ? { host: '127.0.0.1' as const, port: 0, path: '/callback' }
      : redirectSpec(config.redirectUri);
    const registered = await this.hub.register(
      spec,
      id,
      // Through the https relay the listener's port travels in `state` (resources/relay.html).
      (port) => (relayUrl ? `${port}.${oidc.randomState()}` : oidc.randomState()),
      this.answer,
    );
    const { listenerKey, state } = registered;
    const redirectUri = relayUrl ?? registered.redirectUri;
    let url: string;
    try {
      url = authorizationUrl(configuration, account.provider, { redirectUri, scopes: config.scopes, state, verifier });

      const now = this.s.clock.now();
      const timeoutMs = (options.timeoutSeconds ?? settings.sessionTimeoutMinutes * 60) * 1000;
      const row: SessionRow = {
        id,
        account_id: accountId,
        account_label: account.label,
        provider: account.provider,
        state: 'PENDING',
        step: 'waiting for the browser',
        redirect_uri: redirectUri,
        scopes: JSON.stringify(config.scopes),
        owner_pid: process.pid,
        owner_device: this.s.device,
        created_at: now,
        expires_at: now + timeoutMs,
        finished_at: null,
        error_code: null,
        error_message: null,
        error_say: null,
      };
      await this.s.store.read.sessions.insert(row);
      // A template's server is rebuilt from the account when needed; a discovered one is kept (shared).
      const discovered = templateServer(account.provider, config, this.endpoints) ? null : server;
      this.live.set(id, { state, verifier, listenerKey, discovered });
      this.deadlines.add(id, performance.now() + timeoutMs);
    } catch (error) {
      // Nothing may keep listening for a session that never started.
      this.hub.release(listenerKey, state);
      throw error;
    }
    this.s.log.info('signin.started', { session: id, account: accountId, provider: account.provider });
    if (options.openBrowser) {
      try {
        // openExternal is the face's wrapper (https or loopback only); the URL is built from a template.
        /* eng-disable OPEN_EXTERNAL_JS_CHECK */ await this.s.openExternal(url);
        await this.setStep(id, 'browser opened');
      } catch {
        await this.setStep(id, 'open the authorization URL yourself');
      }
    }
    const started = await this.s.store.read.sessions.get(id);
    if (!started) throw CoreError.say('NOT_FOUND', 'errors.noSession', { id });
    const session = toSession(started, url);
    this.s.events.emit('sessions:changed', session);
    this.warmUp();
    return session;
  }

  private warmed = false;

  /**
   * Once per process, while the admin is at the provider's page: builds what the first callback
   * would otherwise build on its way (in a fresh CLI process that was most of the callback's time):
   * the result page's translator, the data key and the sealing cipher, Node's fetch and its HTTP
   * client (`warmFetch`: nothing leaves the machine), a first write transaction (which commits
   * nothing) and the descriptor its durable commit syncs. Best effort.
   */
  private warmUp(): void {
    if (this.warmed) return;
    this.warmed = true;
    setImmediate(() => {
      voice(this.s);
      this.s.vault.warm().catch(() => {});
      void warmFetch();
      this.s.store.warm().catch(() => {});
    });
  }

  /** The session as the faces see it. */
  async view(id: string): Promise<Session> {
    const row = await this.s.store.read.sessions.get(id);
    if (!row) throw CoreError.say('NOT_FOUND', 'errors.noSession', { id });
    return (await this.toViews([row]))[0] as Session;
  }

  async list(includeFinished: boolean, page?: { limit: number; beforeId?: string }): Promise<Session[]> {
    return this.toViews(await this.s.store.read.sessions.list(includeFinished, page));
  }

  /**
   * Rows as the faces see them; a pending sign-in of this process with its authorization URL, built
   * again from its row, its account (all of them read in one query) and what it keeps in memory.
   */
  private async toViews(rows: SessionRow[]): Promise<Session[]> {
    const waiting = rows.filter((row) => row.state === 'PENDING' && this.live.has(row.id));
    const accounts =
      waiting.length === 0
        ? new Map<string, AccountRow>()
        : new Map(
            (await this.s.store.read.accounts.getMany(waiting.map((row) => row.account_id))).map((a) => [a.id, a]),
          );
    return rows.map((row) => {
      const account = accounts.get(row.account_id);
      return toSession(row, row.state === 'PENDING' && account ? this.authorizationUrlOf(row, account) : null);
    });
  }

  /**
   * The authorization URL of a pending sign-in of this process (the same inputs give the same URL);
   * null for any other.
   */
  private authorizationUrlOf(row: SessionRow, account: AccountRow): string | null {
    const live = this.live.get(row.id);
    if (!live) return null;
    const config = readConfig(account);
    const server = live.discovered ?? templateServer(account.provider, config, this.endpoints);
    if (!server) return null;
    const configuration = configurationFor(server, account.provider, config, null, 0);
    return authorizationUrl(configuration, account.provider, {
      redirectUri: row.redirect_uri,
      scopes: JSON.parse(row.scopes) as string[],
      state: live.state,
      verifier: live.verifier,
    });
  }

  /** Cancels a pending session (also one owned by another Gatehouse process: its callback is then refused). */
  async cancel(id: string): Promise<Session> {
    const row = await this.s.store.read.sessions.get(id);
    if (!row) throw CoreError.say('NOT_FOUND', 'errors.noSession', { id });
    if (!ACTIVE.includes(row.state)) {
      throw CoreError.say('CONFLICT', 'errors.sessionEnded', { id, state: row.state });
    }
    await this.finish(id, 'CANCELLED', 'cancelled', 'cancelled', said('signin.ended.cancelled'));
    return this.view(id);
  }

  /** Records every live session as interrupted (the core is stopping). */
  async shutdown(): Promise<void> {
    for (const id of [...this.live.keys()]) {
      await this.finish(id, 'INTERRUPTED', 'interrupted', 'interrupted', said('signin.ended.interrupted'));
    }
    this.deadlines.stop();
    this.hub.closeAll();
  }

  private async onCallback(id: string, url: URL): Promise<ResultPage> {
    const live = this.live.get(id);
    // The data moved (Settings or `store move`/`connect`) while this tab was open: the tokens could no
    // longer be stored here, so the code is not exchanged (the provider spends nothing).
    const movedTo = this.s.store.retiredTo;
    if (movedTo !== null) {
      this.discard(id);
      const { t, language } = voice(this.s);
      return {
        ok: false,
        title: t('signin.page.moved'),
        message: t('signin.page.movedBody', { to: movedTo }),
        hint: t('signin.page.movedHint'),
        lang: language,
      };
    }
    // A sign-in cancelled meanwhile (by any process) is not moved on, and its code is not spent.
    const row = live ? await this.s.store.read.sessions.get(id) : undefined;
    if (!live || !row || !ACTIVE.includes(row.state)) {
      this.discard(id);
      const { t, language } = voice(this.s);
      return {
        ok: false,
        title: t('signin.page.cancelled'),
        message: t('signin.page.cancelledBody'),
        hint: t('signin.page.cancelledHint'),
        lang: language,
      };
    }
    const error = url.searchParams.get('error');
    if (error !== null) {
      const explained = explainAuthError(row.provider, error, url.searchParams.get('error_description'));
      await this.finish(id, 'FAILED', 'provider refused', explained.code, explained);
      const { t, language } = voice(this.s);
      return {
        ok: false,
        title: t('signin.page.failed'),
        message: `${row.account_label}: ${spoken(t, explained.say)}`,
        hint: t('signin.page.closeTab'),
        lang: language,
      };
    }
    try {
      const account = await this.s.store.read.accounts.get(row.account_id);
      if (!account) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: row.account_id });
      // The code goes out at once; the step is recorded while the provider answers.
      const exchanging = this.exchange(live, account, this.responseUrl(row, url));
      exchanging.catch(() => {});
      await this.recordExchanging(id);
      const tokens = await exchanging;
      const identity = await this.whoSignedIn(row.provider, tokens);
      const mismatch = identityMismatch(account, identity);
      if (mismatch) {
        // The tokens are dropped unsealed: they belong to someone the account is not for.
        await this.finish(id, 'FAILED', 'signed in as someone else', 'identity_mismatch', mismatch);
        const { t, language } = voice(this.s);
        return {
          ok: false,
          title: t('signin.page.someoneElse'),
          message: spoken(t, mismatch.say),
          hint: t('signin.page.nothingStored'),
          lang: language,
        };
      }
      const completed = await this.s.store.transaction(async (tx) => {
        await storeTokens(this.s, row.account_id, row.provider, tokens, JSON.parse(row.scopes) as string[]);
        const done = await tx.sessions.update(id, {
          state: 'COMPLETED',
          step: 'tokens sealed',
          finishedAt: this.s.clock.now(),
        });
        if (identity) await tx.accounts.recordIdentity(row.account_id, identity);
        return done;
      });
      this.discard(id);
      this.s.events.emit('accounts:changed', { ids: [row.account_id] });
      if (completed) this.s.events.emit('sessions:changed', toSession(completed, null));
      this.s.log.info('signin.completed', { session: id, account: row.account_id });
      const { t, language } = voice(this.s);
      const params = { provider: TEMPLATES[row.provider].name, label: row.account_label };
      return {
        ok: true,
        title: t('signin.page.connected'),
        message: identity?.name
          ? t('signin.page.connectedAs', { ...params, name: identity.name })
          : t('signin.page.connectedBody', params),
        hint: t('signin.page.returnToApp'),
        lang: language,
      };
    } catch (caught) {
      const failure = this.describeFailure(row, caught);
      await this.finish(id, 'FAILED', 'token exchange failed', failure.code, failure);
      const { t, language } = voice(this.s);
      return {
        ok: false,
        title: t('signin.page.failed'),
        message: `${row.account_label}: ${spoken(t, failure.say)}`,
        hint: t('signin.page.startAgain'),
        lang: language,
      };
    }
  }

  /**
   * Records that a sign-in's code is being exchanged (what the Sign-ins screen and the other
   * processes show while the provider answers). Not waited to disk on SQLite: after a crash the row
   * would say PENDING instead, and the next start records it as interrupted either way. Best effort:
   * the code is already spent, so a failure here must not lose the tokens on their way.
   */
  private async recordExchanging(id: string): Promise<void> {
    try {
      const row = await this.s.store.transaction(
        (tx) => tx.sessions.update(id, { state: 'CALLBACK_RECEIVED', step: 'exchanging the code' }),
        { durable: false },
      );
      if (row) this.s.events.emit('sessions:changed', toSession(row, null));
    } catch (error) {
      this.s.log.warn('signin.step_not_recorded', { session: id, error });
    }
  }

  /**
   * Who signed in: the token response's own word (an ID token, Cafe24's user id), or else the
   * provider's profile endpoint read with the new access token. Null when neither says.
   */
  private async whoSignedIn(provider: SessionRow['provider'], tokens: oidc.TokenEndpointResponse) {
    const fromTokens = signedInIdentity(provider, tokens);
    const endpoint = fromTokens ? null : identityEndpoint(provider, this.endpoints);
    if (!endpoint) return fromTokens;
    try {
      const response = await providerFetch(endpoint, { headers: { Authorization: `Bearer ${tokens.access_token}` } });
      return response.status === 200 ? identityFromProfile(response.json) : null;
    } catch {
      return null;
    }
  }

  /**
   * The code exchange, with the client configuration built again (the issuer's metadata as at the
   * start); retried only when the request never reached the server (a code is single-use).
   */
  private async exchange(live: Live, account: AccountRow, url: URL): Promise<oidc.TokenEndpointResponse> {
    const { settings } = readSettings(this.s.prefs);
    const config = readConfig(account);
    const server = live.discovered ?? templateServer(account.provider, config, this.endpoints);
    if (!server) throw CoreError.say('NOT_FOUND', 'errors.noAccount', { id: account.id });
    const configuration = configurationFor(
      server,
      account.provider,
      config,
      await this.s.vault.get(account.id, 'client_secret'),
      settings.tokenExchangeTimeoutSeconds,
    );
    for (let attempt = 0; ; attempt++) {
      try {
        return await oidc.authorizationCodeGrant(configuration, url, {
          pkceCodeVerifier: live.verifier,
          expectedState: live.state,
        });
      } catch (error) {
        if (attempt >= settings.tokenExchangeRetries || !neverSent(error)) throw error;
        await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
      }
    }
  }

  /**
   * The authorization response as the token request must see it: its redirect_uri is the one sent,
   * so a relayed response is re-based onto the relay page's address.
   */
  private responseUrl(row: SessionRow, callback: URL): URL {
    if (row.redirect_uri.startsWith('http://127.0.0.1') || row.redirect_uri.startsWith('http://localhost')) {
      if (new URL(row.redirect_uri).pathname === callback.pathname) return callback;
    }
    const url = new URL(row.redirect_uri);
    url.search = callback.search;
    return url;
  }

  private describeFailure(row: SessionRow, caught: unknown): Explained {
    if (caught instanceof CoreError)
      return {
        code: caught.code,
        message: caught.message,
        say: caught.say ?? { key: 'failure.plain', params: { text: caught.message } },
      };
    if (caught instanceof oidc.ResponseBodyError)
      return explainAuthError(row.provider, caught.error, caught.error_description ?? null);
    if (caught instanceof oidc.AuthorizationResponseError)
      return explainAuthError(row.provider, caught.error, caught.error_description ?? null);
    const code = (caught as { code?: string }).code;
    this.s.log.warn('signin.exchange_failed', { session: row.id, code, error: caught });
    const detail = String((caught as { cause?: Error }).cause?.message ?? '');
    if (code === 'OAUTH_INVALID_RESPONSE' && /"iss" \(issuer\) (missing|response parameter)/.test(detail)) {
      return { code: 'issuer_mismatch', ...said('signin.error.issMissing') };
    }
    if (
      code === 'OAUTH_INVALID_RESPONSE' ||
      code === 'OAUTH_RESPONSE_IS_NOT_JSON' ||
      code === 'OAUTH_RESPONSE_IS_NOT_CONFORM'
    ) {
      return { code: 'invalid_response', ...said('signin.error.invalidResponse') };
    }
    if (code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' || code === 'OAUTH_INVALID_ISSUER') {
      return { code: 'issuer_mismatch', ...said('signin.error.issuerMismatch') };
    }
    if (neverSent(caught) || /timeout|aborted/i.test(String((caught as Error).message))) {
      return { code: 'network', ...said('signin.error.network') };
    }
    return { code: 'exchange_failed', ...said('signin.error.exchangeFailed') };
  }

  private async finish(
    id: string,
    state: SessionState,
    step: string,
    errorCode: string | null,
    error: Said | null,
  ): Promise<void> {
    const done = state === 'COMPLETED';
    // Forgotten first: a callback arriving while the row is written finds nothing to complete.
    this.discard(id);
    const row = await this.s.store.read.sessions.update(id, {
      state,
      step,
      finishedAt: this.s.clock.now(),
      errorCode: done ? null : errorCode,
      errorMessage: done ? null : (error?.message ?? null),
      errorSay: done ? null : (error?.say ?? null),
    });
    if (row) this.s.events.emit('sessions:changed', toSession(row, null));
  }

  /** Forgets a sign-in's secrets and route (its deadline, if any, finds nothing when it comes). */
  private discard(id: string): void {
    const live = this.live.get(id);
    if (!live) return;
    this.live.delete(id);
    this.hub.release(live.listenerKey, live.state);
  }

  private setStep(id: string, step: string): Promise<void> {
    return this.s.store.read.sessions.setStep(id, step);
  }
}

/**
 * Why a sign-in must not complete this account, or null. An account is bound to whoever first
 * signed in to it: a re-authorization as anyone else is refused. Before that, a mailbox label that
 * is an address is the mailbox the admin expects, and a sign-in as another mailbox is refused.
 */
export function identityMismatch(account: AccountRow, identity: SignedInIdentity | null): Said | null {
  const who = (i: SignedInIdentity) => i.name ?? `subject ${i.sub}`;
  if (account.identity_sub !== null) {
    const bound = account.identity_name ?? `subject ${account.identity_sub}`;
    if (!identity) return said('signin.mismatch.unknown', { label: account.label, bound });
    if (identity.sub !== account.identity_sub)
      return said('signin.mismatch.someoneElse', { who: who(identity), label: account.label, bound });
    return null;
  }
  const expected = EMAIL.test(account.label) && TEMPLATES[account.provider].kind === 'mailbox' ? account.label : null;
  if (expected && identity?.name && identity.name.toLowerCase() !== expected.toLowerCase())
    return said('signin.mismatch.wrongMailbox', { label: account.label, expected, name: identity.name });
  return null;
}

/** The default redirect is the shared ephemeral 127.0.0.1 listener; a registered one is used as is. */
function redirectSpec(redirectUri: string | undefined): RedirectSpec {
  if (!redirectUri) return { host: '127.0.0.1', port: 0, path: '/callback' };
  const url = new URL(redirectUri);
  return { host: url.hostname === 'localhost' ? 'localhost' : '127.0.0.1', port: Number(url.port), path: url.pathname };
}
