import { lstatSync, readFileSync } from 'node:fs';
import { RESYNC_TARGETS, type ResyncBatch, type ResyncTarget, type SyncRun } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { MAX_CSV_BYTES } from '../main/core/resync/csv';
import { targetName } from '../main/core/resync/targets';
import { cliCaller, Failure, parsePositiveInt, read, UsageError, withCore, type CommandContext } from './cli';
import { table } from './format';

const OK = new Set(['synced', 'existing', 'created', 'present', 'absent']);

function targetsOf(ctx: CommandContext): ResyncTarget[] | undefined {
  const raw = ctx.options.target as unknown;
  const list = Array.isArray(raw) ? (raw as string[]) : typeof raw === 'string' ? [raw] : [];
  for (const t of list) {
    if (!(RESYNC_TARGETS as readonly string[]).includes(t))
      throw new UsageError(`unknown target \`${t}\`; one of: ${RESYNC_TARGETS.join(', ')}.`);
  }
  return list.length > 0 ? (list as ResyncTarget[]) : undefined;
}

/** A run as a table: one line per target, in plain words. */
export function formatRun(run: SyncRun): string {
  return [
    `${run.email} — ${run.status} (run ${run.id})`,
    table(
      ['TARGET', 'OUTCOME', 'ID', 'WHAT HAPPENED'],
      run.results.map((r) => [targetName(r.target), r.outcome, r.customerId ?? '-', r.message]),
    ),
  ].join('\n');
}

/**
 * `gatehouse resync --email E […]`, `gatehouse resync --file users.csv [--max-concurrent N]`,
 * `gatehouse resync history [--email E]`. Exit 0 only when every target succeeded for every user.
 */
export async function resync(ctx: CommandContext, rest: string[]): Promise<number> {
  if (rest[0] === 'history') {
    const email = ctx.options.email;
    return read(
      ctx,
      'resync:history',
      {
        ...(typeof email === 'string' ? { email } : {}),
        ...(ctx.limit ? { limit: parsePositiveInt(ctx.limit, '--limit') } : {}),
      },
      (runs) =>
        runs.length === 0
          ? 'No re-sync runs yet.'
          : table(
              ['STARTED', 'EMAIL', 'BY', 'STATUS', 'RESULTS'],
              runs.map((r) => [
                r.startedAt,
                r.email,
                r.requestedBy,
                r.status,
                r.results.map((x) => `${x.target}:${x.outcome}`).join(' '),
              ]),
            ),
    );
  }
  if (rest.length > 0) throw new UsageError('usage: gatehouse resync --email E | --file users.csv | history');
  const targets = targetsOf(ctx);
  const file = ctx.options.file;
  if (typeof file === 'string') return resyncFile(ctx, file, targets);
  const email = ctx.options.email;
  if (typeof email !== 'string')
    throw new UsageError('usage: gatehouse resync --email E [--target T…] or --file users.csv');
  const text = (name: string) => (typeof ctx.options[name] === 'string' ? ctx.options[name] : undefined);
  const user = {
    email,
    ...(text('auth0-id') ? { auth0Id: text('auth0-id') } : {}),
    ...(text('first-name') ? { firstName: text('first-name') } : {}),
    ...(text('last-name') ? { lastName: text('last-name') } : {}),
    ...(text('company-id') ? { companyId: text('company-id') } : {}),
    ...(text('user-type') ? { userType: text('user-type') } : {}),
  };
  return read(ctx, 'resync:run', { user, ...(targets ? { targets } : {}) }, formatRun, (run) =>
    run.results.every((r) => OK.has(r.outcome)),
  );
}

async function resyncFile(ctx: CommandContext, path: string, targets: ResyncTarget[] | undefined): Promise<number> {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    throw new Failure(`${path}: no such file.`);
  }
  if (!stat.isFile()) throw new Failure(`${path}: not a regular file.`);
  if (stat.size > MAX_CSV_BYTES) throw new Failure(`${path}: larger than ${MAX_CSV_BYTES / 1024 / 1024} MB.`);
  const content = readFileSync(path, 'utf8');
  const maxConcurrent =
    typeof ctx.options['max-concurrent'] === 'string'
      ? parsePositiveInt(ctx.options['max-concurrent'], '--max-concurrent')
      : 4;
  if (maxConcurrent > 16) throw new UsageError('--max-concurrent is at most 16.');
  const caller = cliCaller();
  return withCore(ctx, async (core) => {
    const parsed = (await core.invoke('resync:parseCsv', { content }, caller)) as Result<{
      users: { email: string }[];
      errors: { line: number; message: string }[];
      duplicates: number;
    }>;
    if (!parsed.ok) throw new Failure(`${parsed.error.code}: ${parsed.error.message}`);
    for (const e of parsed.value.errors) ctx.io.stderr(`${path}: line ${e.line}: ${e.message}`);
    if (parsed.value.duplicates > 0) ctx.io.stderr(`${path}: ${parsed.value.duplicates} repeated email(s) sent once.`);
    if (parsed.value.users.length === 0) throw new Failure(`${path}: no valid user to re-sync.`);
    const started = (await core.invoke(
      'resync:batch',
      { users: parsed.value.users, maxConcurrent, ...(targets ? { targets } : {}) },
      caller,
    )) as Result<ResyncBatch>;
    if (!started.ok) throw new Failure(`${started.error.code}: ${started.error.message}`);
    const onSignal = () => void core.invoke('resync:cancel', { id: started.value.id }, caller);
    process.once('SIGINT', onSignal);
    let batch = started.value;
    try {
      while (!batch.finished) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        const status = (await core.invoke('resync:batchStatus', { id: batch.id }, caller)) as Result<ResyncBatch>;
        if (!status.ok) throw new Failure(status.error.message);
        if (status.value.done !== batch.done) ctx.io.stderr(`${status.value.done}/${status.value.total} done`);
        batch = status.value;
      }
    } finally {
      process.off('SIGINT', onSignal);
    }
    const runs = (await core.invoke('resync:history', { batchId: batch.id, limit: 10_000 }, caller)) as Result<
      SyncRun[]
    >;
    if (!runs.ok) throw new Failure(runs.error.message);
    if (ctx.json) ctx.io.stdout(JSON.stringify({ batch, runs: runs.value }, null, 2));
    else {
      ctx.io.stdout(
        table(
          ['EMAIL', 'STATUS', 'RESULTS'],
          runs.value.map((r) => [
            r.email,
            r.status,
            r.results.map((x) => `${x.target}:${x.outcome}${x.customerId ? `(${x.customerId})` : ''}`).join(' '),
          ]),
        ),
      );
      ctx.io.stdout(
        `\n${batch.succeeded} of ${batch.total} user(s) re-synced${batch.failed ? `; failed: ${batch.failedEmails.join(', ')} (run the list again with only these)` : ''}${batch.cancelled ? '; stopped before the end' : ''}.`,
      );
    }
    return batch.succeeded === batch.total && parsed.value.errors.length === 0 && !batch.cancelled ? 0 : 1;
  });
}
