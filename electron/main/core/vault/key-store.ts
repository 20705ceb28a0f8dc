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
  // One entry object per item name, kept: building one costs milliseconds (it reaches the platform's
  // store), and the core asks for the same few items again and again.
  const entries = new Map<string, AsyncEntry>();
  const entry = (name: string): AsyncEntry => {
    let kept = entries.get(name);
    if (!kept) {
      kept = new AsyncEntry(service, name, entryOptions);
      if (entries.size < 1000) entries.set(name, kept);
    }
    return kept;
  };
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
      reject(CoreError.say('KEYCHAIN_TIMEOUT', 'errors.keychainTimeout', { seconds: Math.round(ms / 1000) }));
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
    return CoreError.say('KEYCHAIN_LOCKED', 'errors.keychainLocked', { detail: oneLine(text) });
  }
  if (/no result found|no such object|default collection/i.test(text)) {
    return CoreError.say('KEYCHAIN_UNAVAILABLE', 'errors.keychainNoDefault', { detail: oneLine(text) });
  }
  return CoreError.say(
    'KEYCHAIN_UNAVAILABLE',
    process.platform === 'darwin'
      ? 'errors.keychainNoneDarwin'
      : process.platform === 'win32'
        ? 'errors.keychainNoneWin32'
        : 'errors.keychainNoneLinux',
    { detail: oneLine(text) },
  );
}

/** The catalogue key of what to install or start when no keychain answers, for this platform. */
export function remedyKeyForPlatform(
  platform: NodeJS.Platform = process.platform,
): 'remedy.keychainDarwin' | 'remedy.keychainWin32' | 'remedy.keychainLinux' {
  return platform === 'darwin'
    ? 'remedy.keychainDarwin'
    : platform === 'win32'
      ? 'remedy.keychainWin32'
      : 'remedy.keychainLinux';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}
