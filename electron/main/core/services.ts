import type { EventStream } from './events';
import type { Logger } from './log';
import type { PreferenceStore } from './settings/preferences';
import type { Store } from './store/store';
import type { KeyStore } from './vault/key-store';
import type { Vault } from './vault/vault';
import type { AuditLog } from './audit/audit';
import type { Operator, Team } from './team/team';

/** A clock that tests control; nothing in the core reads time any other way. */
export interface Clock {
  now(): number;
}

/** Opens a URL in the system browser (the shell passes Electron's, the CLI its own). */
export type OpenExternal = (url: string) => Promise<void>;

/** Shows a desktop notification where the face has one; `accountId` names the account it is about. */
export type Notify = (notification: { title: string; body: string; accountId?: string }) => void;

/** What every handler may use. Passed in, never imported, so tests use real instances in temp folders. */
export interface Services {
  dataDir: string;
  appVersion: string;
  /** The one owner of persistence (SQLite or PostgreSQL). */
  store: Store;
  /** This data folder's device id: with the PID, what names a process among every workstation. */
  device: string;
  vault: Vault;
  prefs: PreferenceStore;
  clock: Clock;
  events: EventStream;
  log: Logger;
  openExternal: OpenExternal;
  notify: Notify;
  /** The OS keychain: the vault's keys, and a PostgreSQL store's password. */
  keyStore: KeyStore;
  /** The OS's preferred languages (the Language setting "system" follows them). */
  locales: readonly string[];
  /** The signed, anchored audit log. */
  audit: AuditLog;
  /** The team of a shared store (alone: none, and this device's user is the admin). */
  team: Team;
  /** Who acts when no person called (the keep-alive): this device's member, or the local admin. */
  operator(): Promise<Operator>;
}
