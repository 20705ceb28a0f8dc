import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { CoreError } from '../errors';

/**
 * The port through which the vault reaches the OS keychain. Only data keys go in it (one small item
 * per key version), so the Windows 2560-byte credential cap never matters.
 */
export interface KeyStore {
  /** Human-readable backend name for the health card ("Secret Service", "macOS Keychain"…). */
  readonly backend: string;
  get(name: string): Promise<string | null>;
  set(name: string, value: string): Promise<void>;
  delete(name: string): Promise<boolean>;
}

export const KEYCHAIN_SERVICE = 'Gatehouse';
const DEFAULT_TIMEOUT_MS = 15_000;

/** The backend the OS keychain adapter uses on this platform. */
export function platformBackend(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macOS Keychain';
  if (platform === 'win32') return 'Windows Credential Manager';
  return 'Secret Service (D-Bus)';
}

/**
 * The OS keychain through @napi-rs/keyring. On Linux the entry is pinned to the Secret Service:
 * the library would otherwise fall back to the kernel keyring, which forgets every key at reboot —
 * exactly the silent fallback we refuse.
 */
export function createOsKeyStore(options: { timeoutMs?: number; service?: string } = {}): KeyStore {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const service = options.service ?? KEYCHAIN_SERVICE;
  const entryOptions: EntryOptions = { linux: { store: 'secret-service' } };
  const entry = (name: string) => new AsyncEntry(service, name, entryOptions);
  return {
    backend: platformBackend(),
    get: (name) => withTimeout(timeoutMs, (signal) => entry(name).getPassword(signal)),
    set: (name, value) => withTimeout(timeoutMs, (signal) => entry(name).setPassword(value, signal)),
    delete: (name) => withTimeout(timeoutMs, (signal) => entry(name).deletePassword(signal)),
  };
}

async function withTimeout<T>(ms: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(
        new CoreError(
          'KEYCHAIN_TIMEOUT',
          `The OS keychain did not answer within ${Math.round(ms / 1000)} s.`,
          'If it is asking for a password, answer it, then try again.',
        ),
      );
    }, ms);
  });
  try {
    return await Promise.race([run(controller.signal), timeout]);
  } catch (error) {
    throw classifyKeychainError(error);
  } finally {
    clearTimeout(timer);
  }
}

/** Maps the keychain library's errors to our stable codes, with what to do. */
export function classifyKeychainError(error: unknown): CoreError {
  if (error instanceof CoreError) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (/locked|unlock|prompt|dismissed|cancel/i.test(text)) {
    return new CoreError(
      'KEYCHAIN_LOCKED',
      `The OS keychain is locked (${oneLine(text)}).`,
      'Unlock your login keyring, then try again.',
    );
  }
  if (/no result found|no such object|default collection/i.test(text)) {
    return new CoreError(
      'KEYCHAIN_UNAVAILABLE',
      `The Secret Service is running but has no default keyring (${oneLine(text)}).`,
      'Create a default keyring (GNOME: Passwords and Keys, "Default keyring"), or start gnome-keyring-daemon with --unlock, then try again.',
    );
  }
  return new CoreError('KEYCHAIN_UNAVAILABLE', `No OS keychain is reachable (${oneLine(text)}).`, remedyForPlatform());
}

/** What to install or start when no keychain answers, for this platform (doctor and the first-run notice). */
export function remedyForPlatform(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'Check that the login keychain exists and is unlocked in Keychain Access.';
  if (platform === 'win32') return 'Check that the Credential Manager service is running.';
  return 'Install and start a Secret Service in your desktop session: GNOME Keyring (Debian/Ubuntu: sudo apt install gnome-keyring; Fedora: sudo dnf install gnome-keyring), KWallet 6 with its Secret Service on, or KeePassXC with Secret Service integration on; then log out and in. Headless: run Gatehouse inside dbus-run-session with gnome-keyring-daemon --unlock (README, "Linux without a desktop").';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
