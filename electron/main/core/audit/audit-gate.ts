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
    if (isDiskFull(error)) throw CoreError.say('DISK_FULL', 'errors.diskFull', { dir: dataDir });
    if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN'))
      throw CoreError.say('DATABASE_UNAVAILABLE', 'errors.readOnly', { dir: dataDir, code });
    throw CoreError.say('AUDIT_UNAVAILABLE', 'errors.auditUnwritable', {
      detail: error instanceof Error ? error.message : String(error),
    });
  }
}
