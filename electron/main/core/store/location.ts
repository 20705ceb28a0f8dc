import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors';

/** Where a data folder says its store is (no password in it): written by `gatehouse store connect`. */
export const STORE_FILE = 'store.json';

/**
 * The PostgreSQL URL a data folder's core opens, or undefined for the embedded SQLite file.
 * GATEHOUSE_STORE_URL overrides the folder's own choice (services and tests).
 */
export function configuredStoreUrl(dataDir: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.GATEHOUSE_STORE_URL) return env.GATEHOUSE_STORE_URL;
  let text: string;
  try {
    text = readFileSync(join(dataDir, STORE_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as { engine?: unknown; url?: unknown };
    if (parsed.engine === 'sqlite') return undefined;
    if (parsed.engine === 'postgres' && typeof parsed.url === 'string') {
      if (hasPassword(parsed.url))
        throw CoreError.say('PREFERENCES_INVALID', 'errors.storeFilePassword', { file: join(dataDir, STORE_FILE) });
      return parsed.url;
    }
  } catch {
    // reported below
  }
  throw CoreError.say('PREFERENCES_INVALID', 'errors.storeFileInvalid', { file: join(dataDir, STORE_FILE) });
}

function hasPassword(url: string): boolean {
  try {
    return new URL(url).password !== '';
  } catch {
    return false;
  }
}

/** Records which store this data folder uses from its next start (no password is ever written). */
export function writeStoreChoice(
  dataDir: string,
  choice: { engine: 'sqlite' } | { engine: 'postgres'; url: string },
): void {
  if (choice.engine === 'postgres' && hasPassword(choice.url))
    throw CoreError.say('INVALID_INPUT', 'errors.urlPassword');
  const path = join(dataDir, STORE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(choice, null, 2)}\n`, { mode: 0o600 });
  renameSync(temp, path);
}
