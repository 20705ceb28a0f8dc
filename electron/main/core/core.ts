import type { Caller, Router } from './router/router';
import { createHash } from 'node:crypto';
import { toApiError } from './errors';
import { accountsHandlers } from './accounts/accounts.handlers';
import { AUDIT_OWNER, AuditAnchor, AuditLog } from './audit/audit';
import { Team } from './team/team';
import { teamHandlers } from './team/team.handlers';
import { auditReady } from './audit/audit-gate';
import { auditHandlers } from './audit/audit.handlers';
import { writeInstallMarker } from './store/sqlite';
import { Store } from './store/store';
import { deviceId } from './store/device';
import type { EventName } from '../../../shared/contract';
import { createEventStream, type EventStream } from './events';
import type { ChangeScope } from './store/changes';
import { healthHandlers } from './health/health.handlers';
import { storeHandlers } from './health/store.handlers';
import { createFileLogger, type Logger } from './log';
import { createRouter, type AuditSink, type Handlers } from './router/router';
import type { Clock, Notify, OpenExternal, Services } from './services';
import { openFilePreferences, type PreferenceStore } from './settings/preferences';
import { settingsHandlers } from './settings/settings.handlers';
import { createOsKeyStore, type KeyStore } from './vault/key-store';
import { installId } from './vault/meta';
import { withKeptPassword } from './store/password';
import { SETTINGS_OWNER, Vault } from './vault/vault';
import { vaultHandlers } from './vault/vault.handlers';
import { EndpointOverrides } from './providers/endpoints';
import { BulkEnrolments } from './signin/bulk';
import { SignInEngine } from './signin/engine';
import { LoopbackHub } from './signin/loopback';
import { sessionsHandlers } from './signin/sessions.handlers';
import { ExpiryAlerts } from './tokens/alerts';
import { Refresher } from './tokens/refresher';
import { TokenScheduler } from './tokens/scheduler';
import { tokensHandlers } from './tokens/tokens.handlers';
import { resyncHandlers } from './resync/resync.handlers';
import { ResyncService } from './resync/resync.service';
import { markOrphansInterrupted } from './signin/orphans';
import { together } from './store/together';
import { isProcessAlive } from './process';
import { environmentLocales } from './speak';
import { isoTimeOrNull } from './iso';

export interface CoreOptions {
  dataDir: string;
  clock?: Clock;
  keyStore?: KeyStore;
  openExternal?: OpenExternal;
  notify?: Notify;
  preferences?: PreferenceStore;
  logger?: Logger;
  /** better-sqlite3 binary built for Electron's ABI, when running inside Electron. */
  nativeBinding?: string;
  appVersion?: string;
  /** Provider endpoint origins rewritten to loopback emulators (tests only; loopback targets only). */
  endpointOverrides?: Record<string, string>;
  /** Run the keep-alive in the background after start() (the desktop app; the CLI runs one pass). */
  background?: boolean;
  /** Open a team store's connections ahead of the first screen (the desktop app; see `StoreOptions.warm`). */
  warmStore?: boolean;
  /** A PostgreSQL URL: the team's database instead of the embedded SQLite file in `dataDir`. */
  storeUrl?: string;
  /**
   * Follow changes other processes make (store:changed, store:link): the app and the test host do;
   * a one-shot CLI command only announces its own, and opens no listening connection for it.
   */
  followChanges?: boolean;
  /** The OS's preferred languages (Electron: app.getPreferredSystemLanguages()); else from the environment. */
  locales?: readonly string[];
  /**
   * How long a refresh lease lasts and how long a silent holder on another device keeps it (90 s;
   * tests shorten it to see a takeover without waiting a minute and a half).
   */
  leaseMs?: number;
}

export interface Core {
  readonly dataDir: string;
  readonly router: Router;
  readonly events: Pick<EventStream, 'subscribe'>;
  /** Shorthand for `router.invoke`. */
  invoke(channel: unknown, input: unknown, caller: Caller): ReturnType<Router['invoke']>;
  /** Reaches the keychain in the background; the app runs (and says why) even when it cannot. */
  start(): Promise<void>;
  /** Waits (at most `timeoutMs`) until browser tabs have fetched their sign-in result pages. */
  drain(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
  /** For tests and the CLI's own plumbing; never handed to a face. */
  readonly internals: {
    store: Store;
    vault: Vault;
    services: Services;
    hub: LoopbackHub;
    engine: SignInEngine;
    refresher: Refresher;
    alerts: ExpiryAlerts;
    scheduler: TokenScheduler;
    resync: ResyncService;
    team: Team;
    audit: AuditLog;
  };
}

const systemClock: Clock = { now: () => Date.now() };

/** The events that say a shared area changed, announced to the other processes on the store. */
const SCOPE_OF: Partial<Record<EventName, ChangeScope>> = {
  'accounts:changed': 'accounts',
  'sessions:changed': 'sessions',
  'bulk:changed': 'sessions',
  'incidents:appended': 'incidents',
  'audit:appended': 'audit',
  'resync:run': 'resync',
  'members:changed': 'members',
};

/**
 * Builds the Electron-free core: opens the store (the SQLite file in `dataDir`, or PostgreSQL), runs
 * its checks and migrations, wires the vault to the OS keychain and returns one router for every face.
 */
export async function createCore(options: CoreOptions): Promise<Core> {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createFileLogger(options.dataDir, () => clock.now());
  const keyStore = options.keyStore ?? createOsKeyStore();
  // A PostgreSQL store's password comes from the OS keychain (`gatehouse store connect` kept it there).
  const storeUrl = options.storeUrl
    ? await withKeptPassword(keyStore, options.storeUrl, (error) => log.warn('store.password_unavailable', { error }))
    : undefined;
  const store = await Store.open({
    dataDir: options.dataDir,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
    ...(storeUrl ? { url: storeUrl, warm: options.warmStore ?? false } : {}),
  });
  const events = createEventStream((error) => log.error('event.listener_failed', { error }));
  let prefs: PreferenceStore;
  let install: string;
  // In a team this device is named by a file of its own; alone, by the store's install id.
  const teamDevice = store.engine === 'sqlite' ? null : deviceId(options.dataDir);
  try {
    // The install id and the crash checks (sign-ins and re-syncs a crashed process left), none
    // waiting for another: on PostgreSQL one round trip on one connection, where the pool, its other
    // connections still opening at a start, sent them one after another.
    const now = clock.now();
    [install] = await store.onOneConnection((repos) => {
      const reading = installId(repos);
      return together([
        reading,
        (teamDevice === null ? reading : Promise.resolve(teamDevice)).then((device) =>
          markOrphansInterrupted(repos, device, now, isProcessAlive),
        ),
        repos.syncRuns.markStaleCancelled(now),
      ]);
    });
    prefs = options.preferences ?? openFilePreferences(options.dataDir);
  } catch (error) {
    await store.close();
    throw error;
  }
  if (store.engine === 'sqlite') writeInstallMarker(options.dataDir, install);
  const device = teamDevice ?? install;
  const team = new Team(store, keyStore, device, () => clock.now());
  const vault = new Vault({
    store,
    keyStore,
    installId: install,
    now: () => clock.now(),
    team,
    device,
    onUnreadable: (owners) => {
      // Marked at once, before the caller hears KEY_MISMATCH. Inside a caller's transaction the
      // mark is its own unit (that transaction may roll back), queued to run when it ends.
      const mark = store.detached.accounts
        .markKeyMismatch(owners, clock.now())
        .then((changed) => {
          log.warn('vault.unreadable', { owners: owners.length });
          if (changed.length > 0) events.emit('accounts:changed', { ids: changed });
        })
        .catch((error: unknown) => log.error('vault.mark_unreadable_failed', { error }));
      return store.inTransaction ? undefined : mark;
    },
  });
  // The audit chain's head, as this device last saw it, lives in its own keychain (outside the database).
  // Named by the store's place too: a move copies the store's id, and the copy left behind (the old
  // SQLite file a folder may go back to) has a history of its own.
  const anchor = new AuditAnchor(
    keyStore,
    `${install}/audit-head/${createHash('sha256').update(store.location).digest('hex').slice(0, 12)}`,
    () => store.detached.audit.head(),
    (error) => log.warn('audit.anchor_failed', { error }),
  );
  const audit = new AuditLog(store, vault, device, anchor);
  let locales: readonly string[] | undefined;
  const services: Services = {
    dataDir: options.dataDir,
    appVersion: options.appVersion ?? '0.0.0',
    store,
    device,
    vault,
    prefs,
    clock,
    events,
    log,
    openExternal: options.openExternal ?? (() => Promise.reject(new Error('No browser is available to this face.'))),
    notify: options.notify ?? (() => {}),
    keyStore,
    // Read when first spoken with (ICU's default locale costs about a millisecond to ask for).
    get locales() {
      return (locales ??= options.locales ?? environmentLocales());
    },
    audit,
    team,
    async operator() {
      const who = await team.operator();
      return who ? { actor: `${who.actor} (automatic)`, role: who.role } : { actor: 'gatehouse', role: 'admin' };
    },
  };
  const endpoints = new EndpointOverrides(options.endpointOverrides ?? {});
  const hub = new LoopbackHub();
  const engine = new SignInEngine(services, hub, endpoints);
  const bulk = new BulkEnrolments(services, engine);
  const refresher = new Refresher(services, endpoints, options.leaseMs ? { leaseMs: options.leaseMs } : {});
  const alerts = new ExpiryAlerts(services);
  const scheduler = new TokenScheduler(services, refresher, alerts);
  const resync = new ResyncService(services, refresher, endpoints);
  /** Accounts marked for a missing key whose secrets open again (the old keychain item is back). */
  const recoverKeys = async (markedInStore?: readonly string[]): Promise<void> => {
    // Accounts marked in the store (as the caller read them, or read now), and this process's own
    // unreadable owners that are no account (setting secrets, the audit key).
    const marked = [
      ...(markedInStore ?? (await store.read.accounts.keyMismatchIds())),
      ...vault.health().unreadableOwners.filter((o) => o === SETTINGS_OWNER || o === AUDIT_OWNER),
    ];
    if (marked.length === 0) return;
    const recovered = await store.read.accounts.clearKeyMismatch(await vault.recover(marked), clock.now());
    if (recovered.length === 0) return;
    log.info('vault.recovered', { accounts: recovered.length });
    events.emit('accounts:changed', { ids: recovered });
  };
  const handlers: Handlers = {
    ...healthHandlers(services, recoverKeys),
    ...storeHandlers(services),
    ...accountsHandlers(services, endpoints),
    ...sessionsHandlers(services, engine, bulk),
    ...tokensHandlers(services, refresher, alerts, endpoints),
    ...resyncHandlers(services, resync, refresher, endpoints),
    ...auditHandlers(services),
    ...settingsHandlers(services),
    ...vaultHandlers(services),
    ...teamHandlers(services),
  };
  const auditSink: AuditSink = async ({ caller, action, target, outcome, detail }) => {
    try {
      const seq = await audit.append(
        { actor: caller.actor, role: caller.role, action, target, outcome, detail },
        clock.now(),
      );
      events.emit('audit:appended', { seq });
    } catch (error) {
      log.error('audit.append_failed', { action, error });
      throw error;
    }
  };
  auditSink.ready = () => auditReady(store, options.dataDir);
  const inner = createRouter(
    handlers,
    auditSink,
    (channel, error) => log.error('handler.failed', { channel, error }),
    (error) => store.unreachable(error),
  );
  // In a team, whoever calls through any face on this device is this device's member, with the role
  // the team gave it (the face's own idea of its caller counts only alone).
  const router: Router = {
    async invoke(channel, input, caller) {
      let who;
      try {
        who = await team.operator();
      } catch (error) {
        return { ok: false, error: toApiError(store.unreachable(error) ?? error) };
      }
      return inner.invoke(channel, input, who ? { ...caller, actor: who.actor, role: who.role } : caller);
    },
  };
  // Sessions left in flight by a process that is gone (a crash, a kill -9) are recorded as interrupted.
  // Changes made by other processes on this store reach this stream (and every face) within a
  // second; changes made here are announced to them, coalesced per burst.
  const feed = store.changeFeed({
    listen: options.followChanges !== false,
    onChange: (scope) => {
      if (scope.includes('members')) team.changed();
      events.emit('store:changed', { scope });
    },
    onLink: ({ online, since }) => {
      log.warn(online ? 'store.online' : 'store.offline', {});
      events.emit('store:link', { online, since: isoTimeOrNull(since) });
    },
    onError: (error) => log.warn('store.feed_error', { error }),
  });
  const announced = new Set<ChangeScope>();
  let announcing: NodeJS.Timeout | null = null;
  events.subscribe((event) => {
    const scope = SCOPE_OF[event];
    if (!scope) return;
    announced.add(scope);
    announcing ??= setTimeout(() => {
      announcing = null;
      feed.publish([...announced]);
      announced.clear();
    }, 50);
  });
  let closed = false;
  return {
    dataDir: options.dataDir,
    router,
    events,
    invoke: (channel, input, caller) => router.invoke(channel, input, caller),
    async start() {
      // What is asked right after a start (the first window) is answered first: opening the keychain
      // holds the thread for about 10 ms (its D-Bus connection is made synchronously).
      await new Promise((resolve) => setImmediate(resolve));
      try {
        // The key, and the accounts marked for a missing one, are read while this device's
        // membership is looked at: nothing of the three depends on another (on PostgreSQL they wait
        // for the same round trips instead of one after another).
        const unlocking = together([vault.unlock(), store.read.accounts.keyMismatchIds()]);
        unlocking.catch(() => {});
        // Alone there is no member to mark (operator() is null, and cached for the first request too).
        const me = (await team.operator().catch(() => null)) ? await team.me().catch(() => null) : null;
        if (me) await store.read.members.seen(me.id, clock.now()).catch(() => undefined);
        const [, marked] = await unlocking;
        await recoverKeys(marked);
        log.info('core.started', { keyVersion: vault.health().keyVersion });
      } catch (error) {
        log.warn('core.keychain_unreachable', { error });
      }
      if (options.background) scheduler.start();
    },
    drain: (timeoutMs = 5000) => hub.whenIdle(timeoutMs),
    async close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      await engine.shutdown();
      if (announcing) {
        clearTimeout(announcing);
        feed.publish([...announced]);
      }
      await feed.close();
      await anchor.flush();
      await store.close();
    },
    internals: { store, vault, services, hub, engine, refresher, alerts, scheduler, resync, team, audit },
  };
}
