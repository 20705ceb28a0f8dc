import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HealthCheck, HealthReport } from '../../../../shared/domain';
import { configuredStoreUrl } from '../store/location';
import { Store } from '../store/store';
import { openFilePreferences } from '../settings/preferences';
import { CoreError } from '../errors';
import { auditReady } from '../audit/audit-gate';
import { verifyAudit } from '../audit/audit';
import { freeBytes, MIN_FREE_BYTES } from '../store/disk';
import { remedyForPlatform } from '../vault/key-store';
import type { Vault } from '../vault/vault';

/** Can Gatehouse create and remove a file in the data folder? */
export function checkDataFolder(dataDir: string): HealthCheck {
  const probe = join(dataDir, `.write-probe-${randomUUID()}`);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(probe, 'probe', { mode: 0o600 });
    rmSync(probe);
    return check('data-folder', 'Data folder', 'ok', `${dataDir} is writable`);
  } catch (error) {
    return check(
      'data-folder',
      'Data folder',
      'fail',
      `${dataDir} is not writable (${message(error)})`,
      'Choose a writable folder with --data-dir or GATEHOUSE_DATA_DIR, or fix its permissions.',
    );
  }
}

/** Free space on the data folder's disk: a refresh needs room for the token it brings back. */
export function checkDisk(dataDir: string): HealthCheck {
  const free = freeBytes(dataDir);
  if (free === null) return check('disk', 'Disk space', 'warn', `Free space on ${dataDir} could not be read.`);
  const mb = free >= 1024 ** 3 ? `${(free / 1024 ** 3).toFixed(1)} GB` : `${(free / 1024 / 1024).toFixed(1)} MB`;
  if (free < MIN_FREE_BYTES)
    return check(
      'disk',
      'Disk space',
      'fail',
      `Only ${mb} free on the disk of ${dataDir}: refreshes are paused so no single-use token is spent without room to save its replacement.`,
      'Free disk space (at least 8 MB).',
    );
  if (free < 8 * MIN_FREE_BYTES)
    return check('disk', 'Disk space', 'warn', `${mb} free on the disk of ${dataDir}`, 'Free some disk space soon.');
  return check('disk', 'Disk space', 'ok', `${mb} free`);
}

/** The preferences file parses (a broken one is named as such, not as a damaged database). */
export function checkPreferences(dataDir: string, open: (dir: string) => unknown): HealthCheck {
  try {
    open(dataDir);
    return check('preferences', 'Preferences', 'ok', `${dataDir}/config.json reads`);
  } catch (error) {
    return failed('preferences', 'Preferences', error);
  }
}

/** The database opened, is at this build's schema, and has the pragmas credential writes need. */
export async function checkDatabase(store: Store | null, openError: unknown): Promise<HealthCheck> {
  if (!store) {
    return check(
      'database',
      'Database',
      'fail',
      openError instanceof CoreError ? `${openError.code}: ${openError.what}` : message(openError),
      openError instanceof CoreError && openError.remedy
        ? openError.remedy
        : 'Check the data folder; restore gatehouse.db from a backup if it is damaged.',
    );
  }
  let described;
  try {
    described = await store.describe();
  } catch (error) {
    return failed('database', 'Database', error);
  }
  if (described.engine === 'postgres') {
    const p = described.settings;
    const wrong: string[] = [];
    if (described.schema !== described.latest) wrong.push(`schema ${described.schema} (expected ${described.latest})`);
    if (p.synchronous_commit === 'off') wrong.push('synchronous_commit=off (a committed token could be lost)');
    const tls = p.ssl === true ? 'TLS' : 'no TLS (loopback only)';
    const where = `${described.location}: PostgreSQL ${String(p.server_version)}, ${tls}, ${described.latencyMs.toFixed(1)} ms round trip`;
    if (wrong.length > 0)
      return check(
        'database',
        'Database',
        'fail',
        `${where}; unexpected: ${wrong.join(', ')}`,
        'Update Gatehouse or ask the database owner.',
      );
    return check(
      'database',
      'Database',
      described.latencyMs > 250 ? 'warn' : 'ok',
      `Schema ${described.schema}, ${where}`,
      ...(described.latencyMs > 250
        ? ['A slow link makes every screen slow; use a database closer to this workstation.']
        : []),
    );
  }
  const p = described.settings;
  const latest = described.latest;
  const wrong: string[] = [];
  if (p.journal_mode !== 'wal') wrong.push(`journal_mode=${String(p.journal_mode)}`);
  if (p.synchronous !== 2) wrong.push(`synchronous=${String(p.synchronous)}`);
  if (p.foreign_keys !== 1) wrong.push(`foreign_keys=${String(p.foreign_keys)}`);
  if (p.secure_delete !== 1) wrong.push(`secure_delete=${String(p.secure_delete)}`);
  if (!(Number(p.busy_timeout) > 0)) wrong.push(`busy_timeout=${String(p.busy_timeout)}`);
  if (p.user_version !== latest) wrong.push(`schema ${String(p.user_version)} (expected ${latest})`);
  if (wrong.length > 0) {
    return check(
      'database',
      'Database',
      'fail',
      `Unexpected settings: ${wrong.join(', ')}`,
      'Restart Gatehouse; report this if it stays.',
    );
  }
  return check(
    'database',
    'Database',
    'ok',
    `Embedded SQLite (${described.location}): schema ${latest}, WAL, synchronous=FULL, secure_delete, foreign keys, busy timeout ${String(p.busy_timeout)} ms`,
  );
}

/** The audit log can be appended to and its chain is intact. */
export async function checkAudit(store: Store | null, dataDir: string): Promise<HealthCheck> {
  if (!store)
    return check('audit', 'Audit log', 'fail', 'Not checked: the database did not open.', 'Fix the database first.');
  try {
    await auditReady(store, dataDir);
  } catch (error) {
    return failed('audit', 'Audit log', error);
  }
  const chain = await verifyAudit(store);
  if (!chain.ok)
    return check(
      'audit',
      'Audit log',
      'fail',
      `The hash chain breaks at entry ${chain.brokenAtSeq} of ${chain.entries}: entries were changed or removed outside Gatehouse.`,
      'Keep a copy of gatehouse.db for investigation; `gatehouse audit verify` names the entry.',
    );
  return check('audit', 'Audit log', 'ok', `${chain.entries} entries, chain intact, writable`);
}

/** The keychain is reachable and holds this data folder's key; a probe seals and opens. */
export async function checkKeychain(vault: Vault | null): Promise<HealthCheck[]> {
  if (!vault) {
    return [
      check(
        'keychain',
        'OS keychain',
        'fail',
        'Not checked: Gatehouse did not start.',
        'Fix what is named above first.',
      ),
    ];
  }
  try {
    await vault.unlock();
  } catch (error) {
    const code = error instanceof CoreError ? error.code : 'KEYCHAIN_UNAVAILABLE';
    const what = error instanceof CoreError ? error.what : message(error);
    return [
      check(
        'keychain',
        'OS keychain',
        'fail',
        `${code}: ${what}`,
        (error instanceof CoreError && error.remedy) || remedy(code),
      ),
      check(
        'vault',
        'Vault',
        'fail',
        'No secret can be sealed or opened until the keychain is reachable. Nothing was written in plaintext.',
        null,
      ),
    ];
  }
  const health = vault.health();
  const keychain = check(
    'keychain',
    'OS keychain',
    'ok',
    `${vault.backend} reachable; data key v${health.keyVersion ?? '?'} present`,
  );
  if (health.state === 'degraded') {
    return [
      keychain,
      check(
        'vault',
        'Vault',
        'warn',
        `${health.unreadableOwners.length} owner(s) have sealed secrets that the current key cannot open (${health.unreadableOwners.slice(0, 5).join(', ')}).`,
        'Re-authorize the affected accounts, or restore the previous keychain item to recover them. Nothing was deleted.',
      ),
    ];
  }
  return [
    keychain,
    check('vault', 'Vault', 'ok', `AES-256-GCM; ${await vault.count()} sealed secret(s); probe sealed and opened`),
  ];
}

/** Can a sign-in listener bind the loopback addresses? */
export async function checkLoopback(): Promise<HealthCheck> {
  const v4 = await tryBind('127.0.0.1');
  const v6 = await tryBind('::1');
  if (v4 !== null) {
    return check(
      'loopback',
      'Loopback listener',
      'fail',
      `Cannot listen on 127.0.0.1 (${v4})`,
      'Sign-ins need a loopback listener: check local firewall or sandbox rules.',
    );
  }
  if (v6 !== null) {
    return check(
      'loopback',
      'Loopback listener',
      'warn',
      `127.0.0.1 works; [::1] does not (${v6})`,
      'Redirects registered as http://localhost need IPv6 loopback too; use http://127.0.0.1 redirects instead.',
    );
  }
  return check('loopback', 'Loopback listener', 'ok', 'Can listen on 127.0.0.1 and [::1]');
}

/** Assembles a report; `ok` is false when any check failed. */
export function report(dataDir: string, checks: HealthCheck[]): HealthReport {
  return { ok: checks.every((c) => c.status !== 'fail'), dataDir, checks };
}

function tryBind(host: string): Promise<string | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    server.listen(0, host, () => server.close(() => resolve(null)));
  });
}

function remedy(code: string): string {
  if (code === 'KEYCHAIN_LOCKED') return 'Unlock your login keyring (or keychain), then run the check again.';
  if (code === 'KEYCHAIN_TIMEOUT') return 'Answer the keychain prompt if one is open, then run the check again.';
  return remedyForPlatform();
}

function check(
  id: string,
  label: string,
  status: HealthCheck['status'],
  detail: string,
  remedyText: string | null = null,
): HealthCheck {
  return { id, label, status, detail, remedy: remedyText };
}

/** A failed check from what was thrown: a CoreError's own words and remedy. */
function failed(id: string, label: string, error: unknown): HealthCheck {
  return check(
    id,
    label,
    'fail',
    error instanceof CoreError ? error.what : message(error),
    error instanceof CoreError ? error.remedy : null,
  );
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Doctor when the core itself did not start: each part is opened on its own, so a read-only folder,
 * a full disk, a broken preferences file and a damaged database are each named for what they are.
 */
export async function diagnoseWithoutCore(
  dataDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<HealthReport> {
  let store: Store | null = null;
  let dbError: unknown = null;
  try {
    // The store this folder uses: its PostgreSQL when it says so (never a new SQLite file instead).
    const url = configuredStoreUrl(dataDir, env);
    store = await Store.open({ dataDir, ...(url ? { url } : {}) });
  } catch (error) {
    dbError = error;
  }
  try {
    return report(dataDir, [
      checkDataFolder(dataDir),
      checkDisk(dataDir),
      checkPreferences(dataDir, openFilePreferences),
      await checkDatabase(store, dbError),
      await checkAudit(store, dataDir),
      ...(await checkKeychain(null)),
      await checkLoopback(),
    ]);
  } finally {
    await store?.close();
  }
}
