import type { Caller, Router } from './router/router';
import { accountsHandlers } from './accounts/accounts.handlers';
import { clearKeyMismatch, keyMismatchIds, markKeyMismatch } from './accounts/accounts.repository';
import { appendAudit } from './audit/audit.repository';
import { auditReady } from './audit/audit-gate';
import { auditHandlers } from './audit/audit.handlers';
import { openDatabase, writeInstallMarker, type Db } from './db/database';
import { createEventStream, type EventStream } from './events';
import { healthHandlers } from './health/health.handlers';
import { createFileLogger, type Logger } from './log';
import { createRouter, type AuditSink, type Handlers } from './router/router';
import type { Clock, Notify, OpenExternal, Services } from './services';
import { openFilePreferences, type PreferenceStore } from './settings/preferences';
import { settingsHandlers } from './settings/settings.handlers';
import { createOsKeyStore, type KeyStore } from './vault/key-store';
import { installId } from './vault/meta';
import { Vault } from './vault/vault';
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
import { markStaleRunsCancelled } from './resync/sync-runs.repository';
import { markOrphansInterrupted } from './signin/sessions.repository';
import { isProcessAlive } from './process';

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
  close(): void;
  /** For tests and the CLI's own plumbing; never handed to a face. */
  readonly internals: {
    db: Db;
    vault: Vault;
    services: Services;
    hub: LoopbackHub;
    engine: SignInEngine;
    refresher: Refresher;
    alerts: ExpiryAlerts;
    scheduler: TokenScheduler;
    resync: ResyncService;
  };
}

const systemClock: Clock = { now: () => Date.now() };

/**
 * Builds the Electron-free core: opens the database in `dataDir` (pragmas, checks, migrations),
 * wires the vault to the OS keychain and returns one router for every face.
 */
export function createCore(options: CoreOptions): Core {
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createFileLogger(options.dataDir, () => clock.now());
  const db = openDatabase(options.dataDir, options.nativeBinding ? { nativeBinding: options.nativeBinding } : {});
  const events = createEventStream((error) => log.error('event.listener_failed', { error }));
  const install = installId(db);
  writeInstallMarker(options.dataDir, install);
  const vault = new Vault({
    db,
    keyStore: options.keyStore ?? createOsKeyStore(),
    installId: install,
    now: () => clock.now(),
    onUnreadable: (owners) => {
      const changed = markKeyMismatch(db, owners, clock.now());
      log.warn('vault.unreadable', { owners: owners.length });
      if (changed.length > 0) events.emit('accounts:changed', { ids: changed });
    },
  });
  let prefs: PreferenceStore;
  try {
    prefs = options.preferences ?? openFilePreferences(options.dataDir);
  } catch (error) {
    db.close();
    throw error;
  }
  const services: Services = {
    dataDir: options.dataDir,
    appVersion: options.appVersion ?? '0.0.0',
    db,
    vault,
    prefs,
    clock,
    events,
    log,
    openExternal: options.openExternal ?? (() => Promise.reject(new Error('No browser is available to this face.'))),
    notify: options.notify ?? (() => {}),
  };
  const endpoints = new EndpointOverrides(options.endpointOverrides ?? {});
  const hub = new LoopbackHub();
  const engine = new SignInEngine(services, hub, endpoints);
  const bulk = new BulkEnrolments(services, engine);
  const refresher = new Refresher(services, endpoints);
  const alerts = new ExpiryAlerts(services);
  const scheduler = new TokenScheduler(services, refresher, alerts);
  const resync = new ResyncService(services, refresher, endpoints);
  /** Accounts marked for a missing key whose secrets open again (the old keychain item is back). */
  const recoverKeys = async (): Promise<void> => {
    const marked = keyMismatchIds(db);
    if (marked.length === 0) return;
    const recovered = clearKeyMismatch(db, await vault.recover(marked), clock.now());
    if (recovered.length === 0) return;
    log.info('vault.recovered', { accounts: recovered.length });
    events.emit('accounts:changed', { ids: recovered });
  };
  const handlers: Handlers = {
    ...healthHandlers(services, recoverKeys),
    ...accountsHandlers(services, endpoints),
    ...sessionsHandlers(services, engine, bulk),
    ...tokensHandlers(services, refresher, alerts, endpoints),
    ...resyncHandlers(services, resync, refresher, endpoints),
    ...auditHandlers(services),
    ...settingsHandlers(services),
    ...vaultHandlers(services),
  };
  const auditSink: AuditSink = ({ caller, action, target, outcome, detail }) => {
    try {
      const seq = appendAudit(
        db,
        { actor: caller.actor, role: caller.role, action, target, outcome, detail },
        clock.now(),
      );
      events.emit('audit:appended', { seq });
    } catch (error) {
      log.error('audit.append_failed', { action, error });
      throw error;
    }
  };
  auditSink.ready = () => auditReady(db, options.dataDir);
  const router = createRouter(handlers, auditSink, (channel, error) => log.error('handler.failed', { channel, error }));
  // Sessions left in flight by a process that is gone (a crash, a kill -9) are recorded as interrupted.
  markOrphansInterrupted(db, clock.now(), isProcessAlive);
  markStaleRunsCancelled(db, clock.now());
  let closed = false;
  return {
    dataDir: options.dataDir,
    router,
    events,
    invoke: (channel, input, caller) => router.invoke(channel, input, caller),
    async start() {
      try {
        await vault.unlock();
        await recoverKeys();
        log.info('core.started', { keyVersion: vault.health().keyVersion });
      } catch (error) {
        log.warn('core.keychain_unreachable', { error });
      }
      if (options.background) scheduler.start();
    },
    drain: (timeoutMs = 5000) => hub.whenIdle(timeoutMs),
    close() {
      if (closed) return;
      closed = true;
      scheduler.stop();
      engine.shutdown();
      db.close();
    },
    internals: { db, vault, services, hub, engine, refresher, alerts, scheduler, resync },
  };
}
