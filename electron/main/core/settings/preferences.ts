import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, settingsSchema, type Settings } from '../../../../shared/domain';
import { CoreError } from '../errors';

/** The preferences file: electron-store in the app; in the CLI and tests, `openFilePreferences`. */
export interface PreferenceStore {
  readonly path: string;
  readonly store: Record<string, unknown>;
  set(values: Record<string, unknown>): void;
}

export const PREFERENCES_NAME = 'config';

/**
 * The preferences file in `dataDir` (`config.json`, mode 0600), written as electron-store writes it
 * (tab-indented JSON, replaced whole through a temporary file), so the app and the CLI share it.
 * Read anew on every access, as electron-store does, so a change by another process is seen.
 * Not electron-store's base `conf` itself: it brings a JSON-schema validator and more that this
 * file never uses, 20–30 ms of every command's start.
 */
export function openFilePreferences(dataDir: string): PreferenceStore {
  const path = join(dataDir, `${PREFERENCES_NAME}.json`);
  const read = (): Record<string, unknown> => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw unreadable(dataDir, error);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw unreadable(dataDir, error);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      throw unreadable(dataDir, new Error('the file does not hold a JSON object'));
    return parsed as Record<string, unknown>;
  };
  read();
  return {
    path,
    get store() {
      return read();
    },
    set(values) {
      mkdirSync(dataDir, { recursive: true });
      replaceFile(path, JSON.stringify({ ...read(), ...values }, undefined, '\t'), 0o600);
    },
  };
}

function unreadable(dataDir: string, error: unknown): CoreError {
  return CoreError.say('PREFERENCES_INVALID', 'errors.preferencesUnreadable', {
    file: `${dataDir}/${PREFERENCES_NAME}.json`,
    detail: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
  });
}

/** Writes `text` to a temporary file beside `path`, syncs it, and renames it over `path`. */
function replaceFile(path: string, text: string, mode: number): void {
  const temporary = `${path}.tmp-${process.pid}-${Date.now().toString(36)}`;
  try {
    const fd = openSync(temporary, 'wx', mode);
    try {
      writeSync(fd, text);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Current settings: stored values over the defaults. A stored value that fails its schema is ignored
 * (and reported), never fatal, so a hand-edited file cannot stop the app.
 */
export function readSettings(prefs: PreferenceStore): { settings: Settings; invalid: string[] } {
  // Read on every sign-in callback and refresh: the file is parsed and checked again only when it
  // changed (a write replaces it, so its inode, size or time moves), by this process or another.
  // No file yet (nothing was ever changed) is a version too: the defaults, until one is written.
  const version = fileVersion(prefs.path);
  const known = version === null ? undefined : lastRead.get(prefs);
  if (known && known.version === version) return known.value;
  const value = parseSettings(prefs);
  if (version !== null) lastRead.set(prefs, { version, value });
  return value;
}

/** The last settings read per preferences file, with the file's version they were read from. */
const lastRead = new WeakMap<PreferenceStore, { version: string; value: { settings: Settings; invalid: string[] } }>();

/** The file's identity and times; "absent" when there is none; null when it cannot be told (read it). */
function fileVersion(path: string): string | null {
  try {
    const s = statSync(path, { bigint: true });
    return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}`;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'absent' : null;
  }
}

function parseSettings(prefs: PreferenceStore): { settings: Settings; invalid: string[] } {
  const stored = prefs.store;
  const settings: Record<string, unknown> = { ...DEFAULT_SETTINGS };
  const invalid: string[] = [];
  for (const key of Object.keys(DEFAULT_SETTINGS) as (keyof Settings)[]) {
    if (!(key in stored)) continue;
    const parsed = settingsSchema.shape[key].safeParse(stored[key]);
    if (parsed.success) settings[key] = parsed.data;
    else invalid.push(key);
  }
  const result = settingsSchema.safeParse(settings);
  // Frozen: the same object is handed to every caller until the file changes.
  return Object.freeze({
    settings: Object.freeze(result.success ? result.data : { ...DEFAULT_SETTINGS }),
    invalid: Object.freeze(invalid) as string[],
  });
}

/** Validates a change as a whole (warning must be longer than critical) and writes it. */
export function updateSettings(prefs: PreferenceStore, change: Partial<Settings>): Settings {
  const next = { ...readSettings(prefs).settings, ...change };
  if (next.expiryCriticalDays > next.expiryWarningDays) {
    throw CoreError.say('INVALID_INPUT', 'errors.criticalLonger', {
      critical: next.expiryCriticalDays,
      warning: next.expiryWarningDays,
    });
  }
  prefs.set(change);
  lastRead.delete(prefs);
  return next;
}
