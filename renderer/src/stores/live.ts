import { subscribe } from '../api/client';
import { useAccountsView } from './accountsView';
import { startClock } from './clock';
import { useAuditView } from './auditView';
import {
  useAppInfo,
  useAuditActions,
  useAuditChain,
  useBulks,
  useHealth,
  useIncidents,
  useMembers,
  useSecrets,
  reloadSessions,
  useSettings,
  useTeam,
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
  // The audit log is read only while its screen was opened once; a burst of entries reloads it once.
  const reloadAudit = coalesce(() => {
    if (useAuditView.getState().status !== 'idle') void useAuditView.getState().reload();
    if (useAuditActions.getState().status !== 'idle') void useAuditActions.getState().load();
    if (useAuditChain.getState().status !== 'idle') void useAuditChain.getState().load();
  }, 250);
  const reloadTeam = () => {
    void useAppInfo.getState().load();
    // Approved or removed: whether this device holds the team key shows in the health notice.
    void useHealth.getState().load();
    void useTeam.getState().load();
    if (useMembers.getState().status !== 'idle') void useMembers.getState().load();
  };
  const stops = [
    () => clearInterval(minute),
    startClock(),
    subscribe('accounts:changed', reloadAccounts),
    subscribe('audit:appended', reloadAudit),
    subscribe('members:changed', reloadTeam),
    subscribe('settings:changed', () => void useSettings.getState().load()),
    subscribe('sessions:changed', () => void reloadSessions()),
    subscribe(
      'bulk:changed',
      coalesce(() => void useBulks.getState().load(), 150),
    ),
    subscribe('incidents:appended', () => void useIncidents.getState().reload()),
    // Another process (the CLI, a teammate's workstation) changed the shared store.
    subscribe('store:changed', ({ scope }) => {
      if (scope.includes('accounts')) reloadAccounts();
      if (scope.includes('sessions')) {
        void reloadSessions();
        void useBulks.getState().load();
      }
      if (scope.includes('incidents')) void useIncidents.getState().reload();
      if (scope.includes('audit')) reloadAudit();
      // A role changed (this device's own, perhaps): who acts, and what they may do, follow.
      if (scope.includes('members')) reloadTeam();
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
