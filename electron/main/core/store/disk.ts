import { existsSync, rmSync, statfsSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError, errorCodeOf } from '../errors';

/** Below this much free space a single-use token is not spent: its replacement might not be saved. */
export const MIN_FREE_BYTES = 8 * 1024 * 1024;

/** Free bytes for this user on the file system of `dir`, or null where it cannot be asked. */
export function freeBytes(dir: string): number | null {
  try {
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return null;
  }
}

/** Throws DISK_FULL when the data folder's disk has less than MIN_FREE_BYTES free. */
export function requireDiskSpace(dir: string, what: string, minBytes = MIN_FREE_BYTES): void {
  const free = freeBytes(dir);
  if (free !== null && free < minBytes) {
    throw CoreError.say('DISK_FULL', 'errors.diskLow', {
      free: (free / 1024 / 1024).toFixed(1),
      dir,
      what,
      min: Math.ceil(minBytes / 1024 / 1024),
    });
  }
}

/** True when an error says the disk (or the database's page limit) is full. */
export function isDiskFull(error: unknown): boolean {
  const code = errorCodeOf(error);
  const text = error instanceof Error ? error.message : '';
  // 53100: PostgreSQL's disk_full (the server's disk).
  return (
    ['SQLITE_FULL', 'ENOSPC', 'DISK_FULL', '53100'].includes(code) ||
    /SQLITE_FULL|ENOSPC|disk is full|No space left on device/i.test(text)
  );
}

/** A file of reserved space in the data folder, given up only to save a token that has already been issued. */
export const RESERVE_FILE = 'reserve.bin';
const RESERVE_BYTES = 2 * 1024 * 1024;

/** Creates the reserve when it is missing (best effort: a disk that is already full gets none). */
export function ensureReserve(dir: string): void {
  const path = join(dir, RESERVE_FILE);
  try {
    if (statSync(path).size === RESERVE_BYTES) return;
  } catch {
    // missing: made below
  }
  try {
    writeFileSync(path, Buffer.alloc(RESERVE_BYTES), { mode: 0o600 });
  } catch {
    rmSync(path, { force: true });
  }
}

/** Gives the reserve back to the file system; true when there was one. */
export function releaseReserve(dir: string): boolean {
  const path = join(dir, RESERVE_FILE);
  if (!existsSync(path)) return false;
  rmSync(path, { force: true });
  return true;
}
