import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventPayload } from '../../shared/contract';
import { MAX_YAML_BYTES } from '../main/core/accounts/enrollment-yaml';
import { PROVIDERS, type Provider, type Session } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { cliCaller, Failure, parsePositiveInt, read, UsageError, withCore, type CommandContext } from './cli';
import { table } from './format';
import { readSecret } from './secret-input';

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'EXPIRED', 'CANCELLED', 'INTERRUPTED']);

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
  const maxConcurrent =
    typeof ctx.options['max-concurrent'] === 'string'
      ? parsePositiveInt(ctx.options['max-concurrent'], '--max-concurrent')
      : 5;
  const timeoutSeconds =
    typeof ctx.options.timeout === 'string' ? parsePositiveInt(ctx.options.timeout, '--timeout') : undefined;
  const openBrowser = ctx.options['no-browser'] !== true;
  const results = new Map<string, Session>();
  await withCore(ctx, async (core) => {
    const caller = cliCaller();
    const queue = [...new Set(ids)];
    const running = new Map<string, string>(); // session id → account id
    let wake: () => void = () => {};
    const stop = core.events.subscribe((event, payload) => {
      if (event !== 'sessions:changed') return;
      const session = payload as EventPayload<'sessions:changed'>;
      if (!running.has(session.id) || !TERMINAL.has(session.state)) return;
      running.delete(session.id);
      results.set(session.accountId, session);
      ctx.io.stderr(
        `${session.accountLabel}: ${session.state}${session.errorMessage ? ` — ${session.errorMessage}` : ''}`,
      );
      wake();
    });
    const onSignal = () => {
      for (const id of running.keys()) void core.invoke('sessions:cancel', { id }, caller);
    };
    process.once('SIGINT', onSignal);
    try {
      while (queue.length > 0 || running.size > 0) {
        while (queue.length > 0 && running.size < maxConcurrent) {
          const accountId = queue.shift() as string;
          const started = (await core.invoke(
            'sessions:start',
            { accountId, openBrowser, ...(timeoutSeconds ? { timeoutSeconds } : {}) },
            caller,
          )) as Result<Session>;
          if (!started.ok) {
            ctx.io.stderr(`${accountId}: ${started.error.code}: ${started.error.message}`);
            results.set(accountId, { accountId, state: 'FAILED' } as Session);
            continue;
          }
          running.set(started.value.id, accountId);
          if (!openBrowser) ctx.io.stdout(started.value.authorizationUrl ?? '');
          else ctx.io.stderr(`${started.value.accountLabel}: browser opened; waiting (session ${started.value.id})`);
        }
        if (running.size > 0) await new Promise<void>((resolve) => (wake = resolve));
      }
      // Let the browser tabs fetch their result pages before the listeners go away with the process.
      await core.drain();
    } finally {
      stop();
      process.off('SIGINT', onSignal);
    }
  });
  const failed = ids.filter((id) => results.get(id)?.state !== 'COMPLETED');
  if (failed.length > 0)
    throw new Failure(`${failed.length} of ${new Set(ids).size} sign-in(s) did not complete: ${failed.join(', ')}`);
  ctx.io.stderr(`All ${new Set(ids).size} sign-in(s) completed.`);
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
  const files = entries.map((file) => {
    const stat = lstatSync(file);
    if (!stat.isFile()) throw new Failure(`${file}: not a regular file (symlinks, pipes and devices are not read).`);
    if (stat.size > MAX_YAML_BYTES)
      throw new Failure(`${file}: larger than ${MAX_YAML_BYTES / 1024} KB; an enrollment file is a few lines.`);
    return { name: file, content: readFileSync(file, 'utf8') };
  });
  return read(ctx, 'accounts:import', { files }, (r) =>
    [
      `Imported ${files.length} file(s): ${r.created.length} created, ${r.updated.length} updated, ${r.unchanged.length} unchanged.`,
      ...r.created.map((id) => `  created ${id}`),
      ...r.updated.map((id) => `  updated ${id}`),
      ...r.warnings.map((w) => `warning: ${w}`),
    ].join('\n'),
  );
}
