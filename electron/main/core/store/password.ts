import type { KeyStore } from '../vault/key-store';

/**
 * A PostgreSQL store's password, kept in the OS keychain beside the vault's keys: never in
 * store.json, a log, an error or the audit log. The item is named by where it connects (user, host,
 * port, database), so a URL from store.json or GATEHOUSE_STORE_URL finds it, and moving to another
 * server never sends it there.
 */
export function passwordItem(url: string): string {
  const u = new URL(url);
  const user = decodeURIComponent(u.username) || '(default user)';
  return `store-password ${user}@${u.hostname}:${u.port || '5432'}${decodeURIComponent(u.pathname)}`;
}

/** The connection URL with a password added (in memory only). */
export function withPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

export async function keepStorePassword(keys: KeyStore, url: string, password: string): Promise<void> {
  await keys.set(passwordItem(url), password);
}

export async function forgetStorePassword(keys: KeyStore, url: string): Promise<void> {
  await keys.delete(passwordItem(url));
}

/**
 * The URL with its kept password added in memory, when it names none of its own. Without one (or
 * without a keychain) the URL is used as it is: node-postgres then reads PGPASSWORD or ~/.pgpass.
 */
export async function withKeptPassword(
  keys: KeyStore,
  url: string,
  onKeychainError: (error: unknown) => void,
): Promise<string> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url; // the store names the problem when it opens
  }
  if (parsed.password || (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:')) return url;
  try {
    const kept = await keys.get(passwordItem(url));
    return kept ? withPassword(url, kept) : url;
  } catch (error) {
    onKeychainError(error);
    return url;
  }
}
