import { neutralise } from '../../shared/text';
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload } from '../../shared/contract';
import { importLimitProblem, PROVIDERS, type Bulk, type Provider, type Session } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { cliCaller, Failure, parsePositiveInt, read, UsageError, withCore, type CommandContext } from './cli';
import { table } from './format';
import { readSecret } from './secret-input';

/** `gatehouse accounts add PROVIDER …`: fields from options, secrets from standard input only. */
export async function accountsAdd(ctx: CommandContext, rest: string[]): Promise<number> {
  const provider = rest[0];
  if (rest.length !== 1 || !(PROVIDERS as readonly string[]).includes(provider ?? '')) {
    throw new UsageError(
      `usage: gatehouse accounts add PROVIDER --label LABEL …, where PROVIDER is one of ${PROVIDERS.join(', ')}.`,
    );
  }
  const o = ctx.options;
  const text = (name: string) => {
    const value = o[name];
    return typeof value === 'string' ? value : undefined;
  };
  const input: Record<string, unknown> = { provider, label: text('label') };
  const set = (key: string, value: unknown) => {
    if (value !== undefined) input[key] = value;
  };
  set('clientId', text('client-id'));
  set('tenant', text('tenant'));
  set('mallId', text('mall-id'));
  set('storeHash', text('store-hash'));
  set('issuer', text('issuer'));
  set('redirectUri', text('redirect-uri'));
  set('relayUrl', text('relay-url'));
  set(
    'scopes',
    text('scopes')
      ?.split(/[\s,]+/)
      .filter(Boolean),
  );
  const p = provider as Provider;
  const secretField =
    p === 'bigcommerce' ? 'apiToken' : p === 'cafe24' || o['client-secret-stdin'] === true ? 'clientSecret' : null;
  if (secretField) {
    const what = secretField === 'apiToken' ? 'the store-level API token' : 'the client secret';
    const value = await readSecret(ctx.io.stdin, ctx.io.stderr, `Paste ${what} (input hidden): `);
    if (value.length === 0)
      throw new UsageError(`no value on standard input for ${what}; pipe it in, e.g. \`… < token.txt\`.`);
    input[secretField] = value;
  }
  return read(ctx, 'accounts:add', input, (a) => a.id);
}

/**
 * `gatehouse enroll ID… [--no-browser] [--max-concurrent N] [--timeout SEC]`: runs the sign-ins, at
 * most N at a time, and waits for them. With --no-browser each authorization URL is printed alone on
 * its own line (for finishing the sign-in on another machine). Exit 0 only when every one completed.
 */
export async function enroll(ctx: CommandContext, ids: string[]): Promise<number> {
  if (ids.length === 0)
    throw new UsageError('usage: gatehouse enroll ACCOUNT_ID… [--no-browser] [--max-concurrent N] [--timeout SEC]');
  const maxOpen =
    typeof ctx.options['max-concurrent'] === 'string'
      ? parsePositiveInt(ctx.options['max-concurrent'], '--max-concurrent')
      : 5;
  if (maxOpen > 50) throw new UsageError('--max-concurrent is at most 50 (browser tabs open at a time).');
  const timeoutSeconds =
    typeof ctx.options.timeout === 'string' ? parsePositiveInt(ctx.options.timeout, '--timeout') : undefined;
  const openBrowser = ctx.options['no-browser'] !== true;
  let final: Bulk | null = null;
  await withCore(ctx, async (core) => {
    const caller = cliCaller();
    // The bulk runner lives in the core (the Sessions screen uses the same); this face reports it.
    const latest = new Map<string, Bulk>();
    let bulkId: string | null = null;
    let wake: () => void = () => {};
    const told = new Map<string, string>(); // account id → last state reported
    const report = (bulk: Bulk) => {
      for (const item of bulk.items) {
        if (told.get(item.accountId) === item.state || item.state === 'QUEUED') continue;
        told.set(item.accountId, item.state);
        if (item.state === 'PENDING') {
          if (!openBrowser) ctx.io.stdout(item.authorizationUrl ?? '');
          else ctx.io.stderr(`${neutralise(item.accountLabel)}: browser opened; waiting (session ${item.sessionId})`);
        } else if (item.state !== 'CALLBACK_RECEIVED') {
          ctx.io.stderr(
            neutralise(`${item.accountLabel}: ${item.state}${item.errorMessage ? ` — ${item.errorMessage}` : ''}`),
          );
        }
      }
    };
    const stop = core.events.subscribe((event, payload) => {
      if (event !== 'bulk:changed') return;
      const bulk = payload as EventPayload<'bulk:changed'>;
      latest.set(bulk.id, bulk);
      if (bulk.id === bulkId) {
        report(bulk);
        if (bulk.done) wake();
      }
    });
    const onSignal = () => {
      if (bulkId) void core.invoke('sessions:bulkCancel', { id: bulkId }, caller);
    };
    process.once('SIGINT', onSignal);
    try {
      const started = (await core.invoke(
        'sessions:bulkStart',
        { accountIds: ids, maxOpen, openBrowser, ...(timeoutSeconds ? { timeoutSeconds } : {}) },
        caller,
      )) as Result<Bulk>;
      if (!started.ok) throw new Failure(`${started.error.code}: ${started.error.message}`);
      bulkId = started.value.id;
      let current = latest.get(bulkId) ?? started.value;
      report(current);
      while (!current.done) {
        await new Promise<void>((resolve) => (wake = resolve));
        current = latest.get(bulkId) ?? current;
      }
      final = current;
      // Let the browser tabs fetch their result pages before the listeners go away with the process.
      await core.drain();
    } finally {
      stop();
      process.off('SIGINT', onSignal);
    }
  });
  const items = (final as Bulk | null)?.items ?? [];
  const failed = items.filter((item) => item.state !== 'COMPLETED').map((item) => item.accountId);
  if (failed.length > 0)
    throw new Failure(`${failed.length} of ${items.length} sign-in(s) did not complete: ${failed.join(', ')}`);
  ctx.io.stderr(`All ${items.length} sign-in(s) completed.`);
  return 0;
}

/** Sessions as a table. */
export function formatSessions(sessions: Session[]): string {
  if (sessions.length === 0) return 'No sign-ins in flight.';
  return table(
    ['ID', 'ACCOUNT', 'PROVIDER', 'STATE', 'STEP', 'EXPIRES', 'ERROR'],
    sessions.map((s) => [s.id, s.accountLabel, s.provider, s.state, s.step, s.expiresAt, s.errorMessage ?? '']),
  );
}

/**
 * `gatehouse accounts import PATH`: one enrollment file or a folder of them (*.yaml, *.yml). Only
 * regular files are read (no symlinks, FIFOs or devices), each size-checked before it is read.
 */
export async function accountsImport(ctx: CommandContext, rest: string[]): Promise<number> {
  if (rest.length !== 1 || !rest[0]) throw new UsageError('usage: gatehouse accounts import FILE_OR_FOLDER');
  const path = rest[0];
  let entries: string[];
  let info;
  try {
    info = lstatSync(path);
  } catch {
    throw new Failure(`${path}: no such file or folder.`);
  }
  if (info.isDirectory()) {
    entries = readdirSync(path)
      .filter((name) => /\.ya?ml$/i.test(name))
      .sort()
      .map((name) => join(path, name));
    if (entries.length === 0) throw new Failure(`${path}: holds no .yaml or .yml files.`);
  } else {
    entries = [path];
  }
  // Count and size every file before reading any: a folder of thousands is refused at once.
  const sized = entries.map((file) => {
    const stat = lstatSync(file);
    if (!stat.isFile()) throw new Failure(`${file}: not a regular file (symlinks, pipes and devices are not read).`);
    return { name: file, size: stat.size };
  });
  const tooMuch = importLimitProblem(sized);
  if (tooMuch) throw new Failure(`${path}: ${tooMuch} Nothing was imported.`);
  const files = sized.map(({ name }) => ({ name, content: readFileSync(name, 'utf8') }));
  return read(ctx, 'accounts:import', { files }, (r) =>
    [
      `Imported ${files.length} file(s): ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged.length} unchanged.`,
      ...r.created.map((id) => `  created ${id}`),
      ...r.updated.map((id) => `  updated ${id}`),
      ...r.warnings.map((w) => `warning: ${w.message}`),
    ].join('\n'),
  );
}
