import { CoreError, errorCodeOf } from '../errors';
import { isDiskFull, requireDiskSpace } from '../store/disk';
import type { Store } from '../store/store';

/** Mutations stop below this: an audit entry and the change it records must both fit. */
const AUDIT_MIN_FREE = 1024 * 1024;

/** Throws AUDIT_UNAVAILABLE (or DISK_FULL) when an audit entry could not be written now. */
export async function auditReady(store: Store, dataDir: string): Promise<void> {
  if (store.engine === 'sqlite')
    requireDiskSpace(dataDir, 'the change (its audit entry might not be written)', AUDIT_MIN_FREE);
  try {
    await store.probeAudit();
  } catch (error) {
    const lost = store.unreachable(error);
    if (lost) throw lost;
    const code = errorCodeOf(error);
    if (isDiskFull(error))
      throw new CoreError(
        'DISK_FULL',
        `The disk of ${dataDir} is full, so nothing was changed.`,
        'Free disk space, then try again.',
      );
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
      throw new CoreError(
        'DATABASE_UNAVAILABLE',
        `The database in ${dataDir} is read-only for this user (${code}), so nothing was changed.`,
        'Fix the permissions of the data folder (or remount it writable), then try again.',
      );
    throw new CoreError(
      'AUDIT_UNAVAILABLE',
      `The audit log cannot be written (${error instanceof Error ? error.message : String(error)}), so nothing was changed.`,
      'Run `gatehouse doctor`; restore gatehouse.db from a backup if the audit log is damaged.',
    );
  }
}
