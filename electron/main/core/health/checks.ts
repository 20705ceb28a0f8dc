import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { HealthCheck, HealthReport } from '../../../../shared/domain';
import { configuredStoreUrl } from '../store/location';
import { Store } from '../store/store';
import { openFilePreferences } from '../settings/preferences';
import { CoreError, type BaseKey } from '../errors';
import { auditReady } from '../audit/audit-gate';
import { AuditLog, verificationWords } from '../audit/audit';
import { freeBytes, MIN_FREE_BYTES } from '../store/disk';
import { remedyKeyForPlatform } from '../vault/key-store';
import { inEnglish } from '../../../../shared/i18n';
import type { en } from '../../../../shared/i18n/en';
import type { Say } from '../../../../shared/result';
import type { Vault } from '../vault/vault';

/** Can Gatehouse create and remove a file in the data folder? */
export function checkDataFolder(dataDir: string): HealthCheck {
  const probe = join(dataDir, `.write-probe-${randomUUID()}`);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(probe, 'probe', { mode: 0o600 });
    rmSync(probe);
    return check('data-folder', 'ok', 'checks.detail.writable', null, { dir: dataDir });
  } catch (error) {
    return check('data-folder', 'fail', 'checks.detail.notWritable', 'checks.remedy.chooseFolder', {
      dir: dataDir,
      detail: message(error),
    });
  }
}

/** Free space on the data folder's disk: a refresh needs room for the token it brings back. */
export function checkDisk(dataDir: string): HealthCheck {
  const free = freeBytes(dataDir);
  if (free === null) return check('disk', 'warn', 'checks.detail.diskUnknown', null, { dir: dataDir });
  const mb = free >= 1024 ** 3 ? `${(free / 1024 ** 3).toFixed(1)} GB` : `${(free / 1024 / 1024).toFixed(1)} MB`;
  if (free < MIN_FREE_BYTES)
    return check('disk', 'fail', 'checks.detail.diskLow', 'checks.remedy.freeDisk', { free: mb, dir: dataDir });
  if (free < 8 * MIN_FREE_BYTES)
    return check('disk', 'warn', 'checks.detail.diskSoon', 'checks.remedy.freeDiskSoon', { free: mb, dir: dataDir });
  return check('disk', 'ok', 'checks.detail.diskFree', null, { free: mb });
}

/** The preferences file parses (a broken one is named as such, not as a damaged database). */
export function checkPreferences(dataDir: string, open: (dir: string) => unknown): HealthCheck {
  try {
    open(dataDir);
    return check('preferences', 'ok', 'checks.detail.prefsRead', null, { file: `${dataDir}/config.json` });
  } catch (error) {
    return failed('preferences', error);
  }
}

/**
 * The database opened, is at this build's schema, and has the pragmas credential writes need; with
 * `integrity`, SQLite's quick_check of every page too (a start runs it only after an unclean close).
 */
export async function checkDatabase(
  store: Store | null,
  openError: unknown,
  { integrity: withIntegrity = false }: { integrity?: boolean } = {},
): Promise<HealthCheck> {
  if (!store) {
    if (openError instanceof CoreError && openError.say)
      return check('database', 'fail', openError.say, null, {}, openError.code);
    return check(
      'database',
      'fail',
      'checks.detail.plain',
      openError instanceof CoreError && openError.remedy
        ? { key: 'checks.remedy.plain', params: { text: openError.remedy } }
        : 'checks.remedy.restoreDb',
      { text: openError instanceof CoreError ? `${openError.code}: ${openError.what}` : message(openError) },
    );
  }
  let described;
  try {
    described = await store.describe();
  } catch (error) {
    return failed('database', error);
  }
  if (described.engine === 'postgres') {
    const p = described.settings;
    const wrong: string[] = [];
    if (described.schema !== described.latest) wrong.push(`schema ${described.schema} (expected ${described.latest})`);
    if (p.synchronous_commit === 'off') wrong.push('synchronous_commit=off (a committed token could be lost)');
    const where = {
      location: described.location,
      version: String(p.server_version),
      ms: described.latencyMs.toFixed(1),
      schema: described.schema,
    };
    const tls = p.ssl === true;
    if (wrong.length > 0)
      return check(
        'database',
        'fail',
        tls ? 'checks.detail.pgWrongTls' : 'checks.detail.pgWrongNoTls',
        'checks.remedy.updateOrAsk',
        { ...where, wrong: wrong.join(', ') },
      );
    return check(
      'database',
      described.latencyMs > 250 ? 'warn' : 'ok',
      tls ? 'checks.detail.pgTls' : 'checks.detail.pgNoTls',
      described.latencyMs > 250 ? 'checks.remedy.slowLink' : null,
      where,
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
    return check('database', 'fail', 'checks.detail.sqliteWrong', 'checks.remedy.restart', {
      wrong: wrong.join(', '),
    });
  }
  const integrity = withIntegrity ? store.integrity() : 'ok';
  if (integrity !== 'ok')
    return check(
      'database',
      'fail',
      { key: 'errors.integrity', params: { path: described.location, detail: integrity.slice(0, 200) } },
      'checks.remedy.restoreDb',
      {},
      'DATABASE_CORRUPT',
    );
  return check('database', 'ok', 'checks.detail.sqliteOk', null, {
    location: described.location,
    schema: latest,
    busy: String(p.busy_timeout),
  });
}

/** The audit log can be appended to and its chain is intact. */
export async function checkAudit(store: Store | null, dataDir: string, audit?: AuditLog): Promise<HealthCheck> {
  if (!store) return check('audit', 'fail', 'checks.detail.auditNotChecked', 'checks.remedy.fixDbFirst');
  try {
    await auditReady(store, dataDir);
  } catch (error) {
    return failed('audit', error);
  }
  const chain = await (audit ?? new AuditLog(store, null, '', null)).verify();
  // Said as `audit verify` says it: where the chain breaks and how (changed, forged, missing).
  if (!chain.ok) return check('audit', 'fail', verificationWords(chain), 'checks.remedy.keepCopy');
  if (chain.unsigned > 0) return check('audit', 'warn', verificationWords(chain));
  return check('audit', 'ok', 'checks.detail.auditOk', null, { count: chain.entries });
}

/** The keychain is reachable and holds this data folder's key; a probe seals and opens. */
export async function checkKeychain(vault: Vault | null): Promise<HealthCheck[]> {
  if (!vault) {
    return [check('keychain', 'fail', 'checks.detail.keychainNotChecked', 'checks.remedy.fixAbove')];
  }
  try {
    await vault.unlock();
  } catch (error) {
    const code = error instanceof CoreError ? error.code : 'KEYCHAIN_UNAVAILABLE';
    // In a team, a device not (or no longer) approved reaches its keychain but holds no team key.
    if (code === 'NOT_A_MEMBER' && error instanceof CoreError && error.say)
      return [
        check('keychain', 'ok', 'checks.detail.keychainReachable', null, { backend: vault.backend }),
        check('vault', 'fail', error.say, null, {}, code),
      ];
    const remedyKey: RemedyKey =
      code === 'KEYCHAIN_LOCKED'
        ? 'checks.remedy.keychainLocked'
        : code === 'KEYCHAIN_TIMEOUT'
          ? 'checks.remedy.keychainTimeout'
          : remedyKeyForPlatform();
    // The keychain's own words (with their remedy) when it gave them; else what was thrown, and ours.
    const keychain =
      error instanceof CoreError && error.say
        ? check('keychain', 'fail', error.say, null, {}, code)
        : check('keychain', 'fail', 'checks.detail.plain', remedyKey, {
            text: `${code}: ${error instanceof CoreError ? error.what : message(error)}`,
          });
    return [keychain, check('vault', 'fail', 'checks.detail.vaultNoKeychain')];
  }
  const health = vault.health();
  const keychain = check('keychain', 'ok', 'checks.detail.keychainOk', null, {
    backend: vault.backend,
    version: health.keyVersion ?? '?',
  });
  if (health.state === 'degraded') {
    return [
      keychain,
      check('vault', 'warn', 'checks.detail.vaultDegraded', 'checks.remedy.reauthAffected', {
        count: health.unreadableOwners.length,
        owners: health.unreadableOwners.slice(0, 5).join(', '),
      }),
    ];
  }
  return [keychain, check('vault', 'ok', 'checks.detail.vaultOk', null, { count: await vault.count() })];
}

/** Can a sign-in listener bind the loopback addresses? */
export async function checkLoopback(): Promise<HealthCheck> {
  const v4 = await tryBind('127.0.0.1');
  const v6 = await tryBind('::1');
  if (v4 !== null) {
    return check('loopback', 'fail', 'checks.detail.loopbackV4', 'checks.remedy.firewall', { detail: v4 });
  }
  if (v6 !== null) {
    return check('loopback', 'warn', 'checks.detail.loopbackV6', 'checks.remedy.use127', { detail: v6 });
  }
  return check('loopback', 'ok', 'checks.detail.loopbackOk');
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
      await checkDatabase(store, dbError, { integrity: true }),
      await checkAudit(store, dataDir),
      ...(await checkKeychain(null)),
      await checkLoopback(),
    ]);
  } finally {
    await store?.close();
  }
}

type CheckId = 'data-folder' | 'disk' | 'preferences' | 'database' | 'audit' | 'keychain' | 'vault' | 'loopback';
type DetailKey = `checks.detail.${BaseKey<Extract<keyof (typeof en)['checks']['detail'], string>>}`;
type RemedyKey = `checks.remedy.${Extract<keyof (typeof en)['checks']['remedy'], string>}` | RemedyKeyOfPlatform;
type RemedyKeyOfPlatform = ReturnType<typeof remedyKeyForPlatform>;
type Params = Record<string, string | number>;

/** A check whose words are the catalogue's: English in the report, the keys for faces in another language. */
function check(
  id: CheckId,
  status: HealthCheck['status'],
  detail: DetailKey | Say,
  remedyKey: RemedyKey | Say | null = null,
  params: Params = {},
  /** A stable error code, put before the English detail for support and scripts ("KEYCHAIN_LOCKED: …"). */
  code: string | null = null,
): HealthCheck {
  const detailSay: Say = typeof detail === 'string' ? { key: detail, params } : detail;
  const remedySay: Say | null =
    remedyKey === null ? null : typeof remedyKey === 'string' ? { key: remedyKey } : remedyKey;
  const label: Say = { key: `checks.label.${id}` };
  return {
    id,
    label: english(label),
    status,
    detail: code ? `${code}: ${english(detailSay)}` : english(detailSay),
    remedy: remedySay ? english(remedySay) : null,
    ...(code ? { errorCode: code } : {}),
    say: { label, detail: detailSay, remedy: remedySay },
  };
}

/** A message said in English (for the CLI and the report), from its catalogue key. */
function english(say: Say): string {
  return (inEnglish as unknown as (key: string, params: object) => string)(say.key, say.params ?? {});
}

/** A failed check from what was thrown: a CoreError's own words (and remedy), else the error's text. */
function failed(id: CheckId, error: unknown): HealthCheck {
  if (error instanceof CoreError && error.say) return check(id, 'fail', error.say, null, {}, error.code);
  if (error instanceof CoreError)
    return check(
      id,
      'fail',
      'checks.detail.plain',
      error.remedy ? { key: 'checks.remedy.plain', params: { text: error.remedy } } : null,
      { text: error.what },
    );
  return check(id, 'fail', 'checks.detail.plain', null, { text: message(error) });
}
