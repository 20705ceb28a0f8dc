import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { CoreError } from '../errors';
import type { HandlerContext, Handlers } from '../router/router';
import type { Services } from '../services';
import type { StoreConnect } from '../../../../shared/domain';
import { writeStoreChoice } from '../store/location';
import { moveStore } from '../store/move';
import {
  forgetStorePassword,
  keepStorePassword,
  passwordItem,
  withKeptPassword,
  withPassword,
} from '../store/password';
import { PG_LATEST_VERSION, postgresIsBlank, probePostgres, storeUrlProblem } from '../store/postgres';
import { DB_FILE, LATEST_VERSION } from '../store/sqlite';
import { redact, Store } from '../store/store';
import { isoTime } from '../iso';

/** Handlers of the store: where the data lives, and moving it between SQLite and PostgreSQL. */
export function storeHandlers(s: Services): Pick<Handlers, 'store:status' | 'store:move' | 'store:connect'> {
  return {
    'store:status': async () => {
      const d = await s.store.describe();
      return {
        engine: d.engine,
        location: d.location,
        schema: d.schema,
        latestSchema: d.latest,
        latencyMs: Math.round(d.latencyMs * 100) / 100,
        serverVersion: d.engine === 'postgres' ? String(d.settings.server_version) : null,
        tls: d.engine === 'postgres' ? d.settings.ssl === true : null,
      };
    },
    'store:connect': (input, ctx) => connectStore(s, input, ctx),
    'store:move': async ({ to, dryRun, password }, ctx) => {
      const toSqlite = to === 'sqlite';
      const shown = toSqlite ? 'sqlite' : redact(to);
      // Audited here, not by the router: the entry goes into both stores (the old one's history ends
      // with the move; the new one's begins with it), and the old store takes no write after it.
      ctx.notAuditedByRouter();
      if (!toSqlite) {
        const problem = storeUrlProblem(to);
        if (problem) throw CoreError.say('INVALID_INPUT', 'errors.targetUrl', { problem });
        if (new URL(to).password) throw CoreError.say('INVALID_INPUT', 'errors.passwordInUrl');
      }
      if (toSqlite && s.store.engine === 'sqlite') throw CoreError.say('INVALID_INPUT', 'errors.alreadySqliteMove');
      // A dry run into SQLite opens nothing: the real move starts a new file (an old one is kept aside).
      if (toSqlite && dryRun)
        return { ...(await moveStore(s.store, { location: join(s.dataDir, DB_FILE) }, true)), activated: false };
      if (!toSqlite && dryRun && (await postgresIsBlank(withPassword(to, password))))
        return { ...(await moveStore(s.store, { location: shown }, true)), activated: false };
      if (toSqlite) keepOldFile(s.dataDir, s.clock.now());
      const target = await Store.open({ dataDir: s.dataDir, ...(toSqlite ? {} : { url: withPassword(to, password) }) });
      try {
        const report = await moveStore(s.store, target, dryRun ?? false);
        if (dryRun) return { ...report, activated: false };
        const entry = {
          actor: ctx.caller.actor,
          role: ctx.caller.role,
          action: 'store:move',
          target: `${report.from} → ${shown}`,
          outcome: 'ok' as const,
          detail: report.tables.map((t) => `${t.table} ${t.rows}`).join(', '),
        };
        await s.audit.append(entry, s.clock.now(), target);
        // The next start signs in with the same password, from this user's keychain.
        if (!toSqlite && password) await keepStorePassword(s.keyStore, to, password);
        writeStoreChoice(s.dataDir, toSqlite ? { engine: 'sqlite' } : { engine: 'postgres', url: to });
        await s.audit.append(entry, s.clock.now());
        s.store.retire(shown);
        s.log.info('store.moved', { from: report.from, to: shown, tables: report.tables.length });
        return { ...report, activated: true };
      } finally {
        await target.close();
      }
    },
  };
}

/**
 * `store:connect`: tests a store, or switches this data folder to one that exists already (a team's
 * PostgreSQL, which a teammate moved their data into) or back to its own SQLite file. Nothing is
 * copied: the store left behind keeps what it has.
 */
async function connectStore(
  s: Services,
  { to, password, test }: { to: string; password?: string | undefined; test?: boolean | undefined },
  ctx: HandlerContext,
): Promise<StoreConnect> {
  ctx.notAuditedByRouter();
  const now = () => s.clock.now();
  const entry = (target: string, detail: string) => ({
    actor: ctx.caller.actor,
    role: ctx.caller.role,
    action: 'store:connect',
    target,
    outcome: 'ok' as const,
    detail,
  });
  if (to === 'sqlite') {
    if (test) throw CoreError.say('INVALID_INPUT', 'errors.nothingToTest');
    if (s.store.engine === 'sqlite') throw CoreError.say('INVALID_INPUT', 'errors.alreadySqlite');
    const local = await Store.open({ dataDir: s.dataDir });
    let accounts: number;
    try {
      accounts = await countAccounts(local);
      await s.audit.append(
        entry(`${s.store.location} → sqlite`, 'this workstation uses its own file again'),
        now(),
        local,
      );
    } finally {
      await local.close();
    }
    await s.audit.append(entry(`${s.store.location} → sqlite`, 'this workstation leaves the shared store'), now());
    const left = s.store.location;
    writeStoreChoice(s.dataDir, { engine: 'sqlite' });
    await forgetStorePassword(s.keyStore, left).catch(() => undefined);
    s.store.retire('sqlite');
    return {
      to: 'sqlite',
      serverVersion: null,
      tls: null,
      schema: LATEST_VERSION,
      latestSchema: LATEST_VERSION,
      accounts,
      latencyMs: null,
      passwordKept: false,
      leftBehind: null,
      activated: true,
    };
  }
  const problem = storeUrlProblem(to);
  if (problem) throw CoreError.say('INVALID_INPUT', 'errors.theUrl', { problem });
  if (new URL(to).password) throw CoreError.say('INVALID_INPUT', 'errors.passwordInUrl');
  const shown = redact(to);
  // A password given now is tried; without one, the one kept from before (or PGPASSWORD, ~/.pgpass).
  const url = password ? withPassword(to, password) : await withKeptPassword(s.keyStore, to, () => undefined);
  const probe = await probePostgres(url);
  if (probe.schema > PG_LATEST_VERSION)
    throw CoreError.say('DATABASE_NEWER', 'errors.newerAt', {
      location: shown,
      from: probe.schema,
      latest: PG_LATEST_VERSION,
    });
  const found = {
    to: shown,
    serverVersion: probe.serverVersion,
    tls: probe.tls,
    schema: probe.schema,
    latestSchema: PG_LATEST_VERSION,
    accounts: probe.accounts,
    latencyMs: Math.round(probe.latencyMs * 100) / 100,
  };
  if (test) return { ...found, passwordKept: false, leftBehind: null, activated: false };
  if (s.store.engine === 'postgres' && passwordItem(s.store.location) === passwordItem(to))
    throw CoreError.say('INVALID_INPUT', 'errors.alreadyUses', { location: shown });
  const here = await countAccounts(s.store);
  if (probe.schema === 0 && here > 0)
    throw CoreError.say('INVALID_INPUT', 'errors.wouldLeaveBehind', { location: shown, count: here, to });
  // Opening it brings an empty or older database to this build's schema (one transaction, locked).
  const target = await Store.open({ dataDir: s.dataDir, url });
  try {
    await s.audit.append(
      entry(`${s.store.location} → ${shown}`, 'this workstation joins the shared store'),
      now(),
      target,
    );
  } finally {
    await target.close();
  }
  if (password) await keepStorePassword(s.keyStore, to, password);
  writeStoreChoice(s.dataDir, { engine: 'postgres', url: to });
  await s.audit.append(
    entry(`${s.store.location} → ${shown}`, 'this workstation uses the shared store from now on'),
    now(),
  );
  s.store.retire(shown);
  s.log.info('store.connected', { to: shown, accounts: probe.accounts });
  return { ...found, passwordKept: password !== undefined, leftBehind: here, activated: true };
}

async function countAccounts(store: Store): Promise<number> {
  return (await store.read.accounts.countByStatus()).reduce((n, g) => n + g.n, 0);
}

/**
 * Before moving back into this folder's SQLite file, an older file left from before the first move
 * is kept under a dated name (never overwritten, never merged): the move goes into a new file.
 */
function keepOldFile(dataDir: string, now: number): void {
  const path = join(dataDir, DB_FILE);
  if (!existsSync(path)) return;
  const stamp = isoTime(now).replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(`${path}${suffix}`))
      renameSync(`${path}${suffix}`, join(dataDir, `gatehouse-before-${stamp}.db${suffix}`));
}
