import { subscribe } from '../api/client';
import { useAccountsView } from './accountsView';
import { startClock } from './clock';
import {
  useAudit,
  useAuditChain,
  useBulks,
  useHealth,
  useIncidents,
  useSecrets,
  useSessions,
  useSettings,
} from './stores';

/** Keeps the stores live from pushed events; returns the function that stops it. */
export function startLiveUpdates(): () => void {
  // A keep-alive sweep changes many accounts in a burst: reload once per burst, not per account.
  // With 100,000 accounts a reload (the counts over all of them) costs the store a few hundred ms:
  // while a sweep changes accounts without pause, reloads are spaced by three times what the last took.
  const reloadAccounts = coalesceAdaptive(() => useAccountsView.getState().reload(), 400);
  // The core judges expiry at the moment it is asked: once a minute, ask again (only if shown once).
  const minute = setInterval(() => {
    if (useAccountsView.getState().status !== 'idle') reloadAccounts();
  }, 60_000);
  const stops = [
    () => clearInterval(minute),
    startClock(),
    subscribe('accounts:changed', reloadAccounts),
    subscribe('audit:appended', () => {
      void useAudit.getState().load();
      void useAuditChain.getState().load();
    }),
    subscribe('settings:changed', () => void useSettings.getState().load()),
    subscribe('sessions:changed', () => void useSessions.getState().load()),
    subscribe(
      'bulk:changed',
      coalesce(() => void useBulks.getState().load(), 150),
    ),
    subscribe('incidents:appended', () => void useIncidents.getState().load()),
    // Another process (the CLI, a teammate's workstation) changed the shared store.
    subscribe('store:changed', ({ scope }) => {
      if (scope.includes('accounts')) reloadAccounts();
      if (scope.includes('sessions')) {
        void useSessions.getState().load();
        void useBulks.getState().load();
      }
      if (scope.includes('incidents')) void useIncidents.getState().load();
      if (scope.includes('audit')) {
        void useAudit.getState().load();
        void useAuditChain.getState().load();
      }
    }),
    // The desktop shell's menu, tray and notifications open a screen, or an account's drawer.
    subscribe('app:navigate', ({ screen, accountId }) => {
      window.location.hash = `/${screen}${accountId ? `/${encodeURIComponent(accountId)}` : ''}`;
    }),
    subscribe('vault:changed', () => {
      void useSecrets.getState().load();
      void useHealth.getState().load();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * Like `coalesce`, for work whose cost grows with the data: the wait after a call is at least three
 * times what the last run took, so a slow store is never asked faster than it answers.
 */
function coalesceAdaptive(fn: () => Promise<void>, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let again = false;
  let lastTook = 0;
  const run = () => {
    timer = null;
    running = true;
    const started = performance.now();
    void fn().finally(() => {
      lastTook = performance.now() - started;
      running = false;
      // A change that arrived during the run is not lost: one more run follows.
      if (again) {
        again = false;
        timer = setTimeout(run, Math.max(ms, lastTook * 3));
      }
    });
  };
  return () => {
    if (running) again = true;
    else timer ??= setTimeout(run, Math.max(ms, lastTook * 3));
  };
}

/** Runs `fn` at most once per `ms`, at the end of a burst of calls. */
function coalesce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    timer ??= setTimeout(() => {
      timer = null;
      fn();
    }, ms);
  };
}
