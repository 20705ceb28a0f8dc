import { existsSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { appendAudit } from '../audit/audit';
import { CoreError } from '../errors';
import type { Handlers } from '../router/router';
import type { Services } from '../services';
import { writeStoreChoice } from '../store/location';
import { moveStore } from '../store/move';
import { postgresIsBlank, storeUrlProblem } from '../store/postgres';
import { DB_FILE } from '../store/sqlite';
import { redact, Store } from '../store/store';

/** Handlers of the store: where the data lives, and moving it between SQLite and PostgreSQL. */
export function storeHandlers(s: Services): Pick<Handlers, 'store:status' | 'store:move'> {
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
    'store:move': async ({ to, dryRun, password }, ctx) => {
      const toSqlite = to === 'sqlite';
      const shown = toSqlite ? 'sqlite' : redact(to);
      // Audited here, not by the router: the entry goes into both stores (the old one's history ends
      // with the move; the new one's begins with it), and the old store takes no write after it.
      ctx.notAuditedByRouter();
      if (!toSqlite) {
        const problem = storeUrlProblem(to);
        if (problem) throw new CoreError('INVALID_INPUT', `The target URL: ${problem}`);
        if (new URL(to).password)
          throw new CoreError('INVALID_INPUT', 'Give the password on its own (standard input), not in the URL.');
      }
      if (toSqlite && s.store.engine === 'sqlite')
        throw new CoreError('INVALID_INPUT', 'This data folder already uses its SQLite file; nothing to move.');
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
        await appendAudit(target, entry, s.clock.now());
        writeStoreChoice(s.dataDir, toSqlite ? { engine: 'sqlite' } : { engine: 'postgres', url: to });
        await appendAudit(s.store, entry, s.clock.now());
        s.store.retire(shown);
        s.log.info('store.moved', { from: report.from, to: shown, tables: report.tables.length });
        return { ...report, activated: true };
      } finally {
        await target.close();
      }
    },
  };
}

/** The connection URL with the password added (in memory only). */
function withPassword(url: string, password: string | undefined): string {
  if (!password) return url;
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.toString();
}

/**
 * Before moving back into this folder's SQLite file, an older file left from before the first move
 * is kept under a dated name (never overwritten, never merged): the move goes into a new file.
 */
function keepOldFile(dataDir: string, now: number): void {
  const path = join(dataDir, DB_FILE);
  if (!existsSync(path)) return;
  const stamp = new Date(now).toISOString().replace(/[:.]/g, '-');
  for (const suffix of ['', '-wal', '-shm'])
    if (existsSync(`${path}${suffix}`))
      renameSync(`${path}${suffix}`, join(dataDir, `gatehouse-before-${stamp}.db${suffix}`));
}
