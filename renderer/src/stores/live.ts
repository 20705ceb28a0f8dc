import { subscribe } from '../api/client';
import { startClock } from './clock';
import { useAccounts, useAudit, useAuditChain, useHealth, useSecrets, useSessions, useSettings } from './stores';

/** Keeps the stores live from pushed events; returns the function that stops it. */
export function startLiveUpdates(): () => void {
  const stops = [
    startClock(),
    subscribe('accounts:changed', () => void useAccounts.getState().load()),
    subscribe('audit:appended', () => {
      void useAudit.getState().load();
      void useAuditChain.getState().load();
    }),
    subscribe('settings:changed', () => void useSettings.getState().load()),
    subscribe('sessions:changed', () => void useSessions.getState().load()),
    subscribe('vault:changed', () => {
      void useSecrets.getState().load();
      void useHealth.getState().load();
    }),
  ];
  return () => stops.forEach((stop) => stop());
}
