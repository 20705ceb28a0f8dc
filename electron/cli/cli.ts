import { userInfo } from 'node:os';
import { neutralise } from '../../shared/text';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ChannelName, ChannelOutput } from '../../shared/contract';
import { SETTING_SECRETS, type HealthReport, type Settings } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { configuredStoreUrl } from '../main/core/store/location';
import { createCore, type Core, type CoreOptions } from '../main/core/core';
import { diagnoseWithoutCore } from '../main/core/health/checks';
import { defaultDataDir } from '../main/core/paths';
import type { Caller } from '../main/core/router/router';
import { formatAudit, formatHealth, olderHint, table } from './format';
import { english } from '../main/core/said';
import { PromptCancelled, readSecret } from './secret-input';
import { openBrowser } from './open-browser';
import { parseOverridesEnv } from '../main/core/providers/endpoints';
import { accountsAdd, accountsImport, enroll, formatSessions } from './enroll';
import { accountsList, accountsTest, incidentsList, tokensRefresh, tokensStatus } from './tokens';
import { resync } from './resync';
import { auditExport, auditFilter, team, token } from './team';

/** What the CLI reads and writes; tests pass their own. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Extra core options (tests pass a clock or a key store). */
  coreOptions?: Partial<CoreOptions>;
  version?: string;
}

export class UsageError extends Error {}
export class Failure extends Error {}

const HELP = `Usage: gatehouse [--data-dir DIR] [--json] <command>

Commands:
  doctor                         Check the data folder, database (every page), keychain, vault and loopback
  accounts list                  List accounts with status and expiry
      [--search TEXT] [--provider P] [--status S] [--level L|attention]
      [--glance expired|lapses_day|reauth|degraded] [--sort expiry|label|provider|status|lastRefresh]
      [--limit N] [--offset N]   A window of the matches, filtered and sorted by the store
  accounts add PROVIDER --label L [options]
                                 Add an account (microsoft, google, cafe24, bigcommerce, oidc);
                                 secrets (client secret, BigCommerce API token) come from stdin
      --client-id ID  --tenant T  --mall-id M  --store-hash H  --issuer URL
      --scopes "a b c"  --redirect-uri http://localhost:5000/auth/callback  --relay-url https://…/relay.html
      --client-secret-stdin
  accounts import PATH           Import enrollment YAML (a file or a folder), all or nothing
  accounts remove ID             Revoke where possible, then wipe the account and its secrets
  accounts set-token ID          Paste a BigCommerce store's new API token (from stdin), checked first
  accounts disable|enable ID     Take an account out of the keep-alive and every use, or back in
  accounts test ID               Test connection: one read of the provider's API (exit 1 if refused)
  tokens status                  Every account's token expiry, refresh schedule and last error;
                                 exit 1 when any needs attention (expired, critical, re-authorize)
  tokens refresh ID…|--due       Refresh now, or do one keep-alive pass over what is due
                                 (schedule it when the app is closed: see the README)
  incidents list [--account ID] [--limit N] [--before ID]
                                 Failures, with what Gatehouse did about them, newest first
  alerts test                    Send a test alert to the desktop and the Slack webhook
  resync --email E [--auth0-id ID] [--first-name F] [--last-name L] [--company-id C] [--user-type T]
         [--target customer-service|bigcommerce|cafe24 …]
                                 Force a customer re-sync for one user; exit 0 only when every target succeeded
  resync --file users.csv [--max-concurrent N] [--target …]
                                 Re-sync a list (CSV with an email column, or one email per line)
  resync history [--email E] [--limit N]   Past re-sync runs, newest first
  enroll ID… [--no-browser] [--max-concurrent N] [--timeout SEC]
                                 Sign in accounts; exits 0 only when every sign-in completed
  sessions list [--all [--limit N] [--before ID]]
                                 Sign-ins in flight (--all: finished ones too, newest first)
  sessions counts                In flight, completed, and accounts a failed sign-in left waiting
  sessions cancel ID             Cancel a pending sign-in
  sessions cleanup [--older-than MIN]   Forget finished sessions (default: older than 60 min)
  audit list [--limit N] [--before SEQ] [--actor TEXT] [--action A] [--target TEXT]
             [--outcome ok|error] [--since TIME] [--until TIME]   Newest audit entries first, filtered
  audit export --format csv|jsonl [filters as above] [--out FILE]
                                 Every matching entry, oldest first (CSV is formula-safe)
  audit verify                   Check the audit log: hash chain, signatures, and the newest
                                 entry this device saw (exit 1 when it was tampered with)
  token ACCOUNT [--json]         Print a valid access token for a script or service (refreshed
                                 first when close to expiry; audited; support or admin)
  team status                    Alone or in a team; this device's membership and fingerprint
  team members                   The team's members, roles and device fingerprints
  team create --team NAME --name YOU [--email E] [--to postgres://… [--password-stdin]]
                                 Start a team on this PostgreSQL store (--to: move this folder's
                                 data there first, nothing lost); you are its first admin
  team join postgres://… --name YOU [--email E] [--password-stdin]
                                 Ask to join a team; shows this device's fingerprint
  team approve MEMBER [--fingerprint F] [--role admin|support|viewer]
                                 Wrap the team key for a member after comparing fingerprints (admin)
  team role MEMBER admin|support|viewer   Change a member's role (admin)
  team remove MEMBER             Remove a member or a lost device: rotates the team key and
                                 re-seals every secret in one transaction (admin)
  settings get                   Show preferences
  settings set KEY=VALUE…        Change preferences (admin)
  store status                   Where the data lives (SQLite or PostgreSQL), schema, round trip
  store connect URL|sqlite [--password-stdin] [--test]
                                 Use a team's PostgreSQL that already holds Gatehouse data (or an
                                 empty one, from an empty folder); the password goes to your OS
                                 keychain. --test only tries it. sqlite: back to this folder's file
  store move --to URL|sqlite [--dry-run] [--password-stdin]
                                 Copy everything into an empty PostgreSQL database (or back into
                                 this folder's SQLite file), verify it, and use it from now on
  vault status                   Which key protects the secrets
  vault rotate-key               Re-seal every secret under a new key (admin)
  secrets list                   Which setting secrets are stored (never their values)
  secrets set NAME               Seal a secret read from standard input (admin)
  secrets clear NAME             Wipe a setting secret (admin)

Global options:
  --data-dir DIR   Data folder (default: the app's own; env GATEHOUSE_DATA_DIR)
  --json           Machine-readable output on read commands
  -h, --help       This help;  --version  the version

Exit status: 0 success, 1 failure (reason on stderr), 2 usage error.
Secret names: ${SETTING_SECRETS.join(', ')}.`;

const OPTIONS = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  version: { type: 'boolean', default: false },
  limit: { type: 'string' },
  before: { type: 'string' },
  label: { type: 'string' },
  'client-id': { type: 'string' },
  tenant: { type: 'string' },
  'mall-id': { type: 'string' },
  'store-hash': { type: 'string' },
  issuer: { type: 'string' },
  scopes: { type: 'string' },
  'redirect-uri': { type: 'string' },
  'relay-url': { type: 'string' },
  'client-secret-stdin': { type: 'boolean', default: false },
  'no-browser': { type: 'boolean', default: false },
  'max-concurrent': { type: 'string' },
  timeout: { type: 'string' },
  all: { type: 'boolean', default: false },
  'older-than': { type: 'string' },
  due: { type: 'boolean', default: false },
  email: { type: 'string' },
  file: { type: 'string' },
  target: { type: 'string', multiple: true },
  'auth0-id': { type: 'string' },
  'first-name': { type: 'string' },
  'last-name': { type: 'string' },
  'company-id': { type: 'string' },
  'user-type': { type: 'string' },
  account: { type: 'string' },
  to: { type: 'string' },
  'password-stdin': { type: 'boolean', default: false },
  'dry-run': { type: 'boolean', default: false },
  test: { type: 'boolean', default: false },
  search: { type: 'string' },
  provider: { type: 'string' },
  status: { type: 'string' },
  level: { type: 'string' },
  glance: { type: 'string' },
  sort: { type: 'string' },
  offset: { type: 'string' },
  team: { type: 'string' },
  name: { type: 'string' },
  fingerprint: { type: 'string' },
  role: { type: 'string' },
  actor: { type: 'string' },
  action: { type: 'string' },
  outcome: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
} satisfies ParseArgsConfig['options'];

/** Runs one CLI command; returns the exit status. Never throws. */
export async function runCli(argv: string[], rawIo: CliIo): Promise<number> {
  // Everything printed passes one gate: no control, separator or bidi character reaches the terminal
  // (a label, a file name or a provider's text could otherwise forge rows or drive the terminal).
  const io: CliIo = {
    ...rawIo,
    stdout: (text) => rawIo.stdout(neutralise(text, true)),
    stderr: (text) => rawIo.stderr(neutralise(text, true)),
  };
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    io.stderr(`gatehouse: ${error instanceof Error ? error.message : String(error)}\n${firstLine(HELP)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(io.version ?? '0.0.0');
    return 0;
  }
  if (values.help || positionals.length === 0) {
    (values.help ? io.stdout : io.stderr)(HELP);
    return values.help ? 0 : 2;
  }
  const dataDir = values['data-dir'] ?? defaultDataDir(io.env);
  const ctx: CommandContext = {
    io,
    dataDir,
    json: values.json,
    limit: values.limit,
    args: positionals,
    options: values,
  };
  try {
    return await dispatch(ctx);
  } catch (error) {
    if (error instanceof PromptCancelled) {
      io.stderr(`gatehouse: ${error.message}`);
      return error.interrupted ? 130 : 1;
    }
    if (error instanceof UsageError) {
      io.stderr(`gatehouse: ${error.message}\nRun \`gatehouse --help\` for the commands.`);
      return 2;
    }
    io.stderr(`gatehouse: ${oneLine(error instanceof Error ? error.message : String(error))}`);
    return 1;
  }
}

export interface CommandContext {
  io: CliIo;
  dataDir: string;
  json: boolean;
  limit: string | undefined;
  args: string[];
  options: Record<string, string | boolean | string[] | undefined>;
}

/** Audit entries per page when no --limit is given. */
const AUDIT_PAGE = 200;
/** Finished sign-ins per page (`sessions list --all`) when no --limit is given. */
const SESSIONS_PAGE = 1000;

async function dispatch(ctx: CommandContext): Promise<number> {
  const [group, verb, ...rest] = ctx.args;
  const command = verb === undefined ? group : `${group} ${verb}`;
  switch (command) {
    case 'doctor':
      return doctor(ctx);
    case 'accounts list':
      return accountsList(ctx);
    case 'accounts add':
      return accountsAdd(ctx, rest);
    case 'accounts import':
      return accountsImport(ctx, rest);
    case 'accounts remove': {
      const id = requireOne(rest, 'accounts remove ID');
      return read(
        ctx,
        'accounts:remove',
        { id },
        (v) => `Removed ${v.id}: ${v.wiped} secret(s) wiped${v.revoked ? ', token revoked at the provider' : ''}.`,
      );
    }
    case 'accounts set-token': {
      const id = requireOne(rest, 'accounts set-token ID < token.txt');
      const apiToken = await readSecret(
        ctx.io.stdin,
        ctx.io.stderr,
        'Paste the new store-level API token (input hidden): ',
      );
      if (apiToken.length === 0)
        throw new UsageError(
          'no token on standard input; pipe it in, e.g. `gatehouse accounts set-token ID < token.txt`.',
        );
      return read(ctx, 'accounts:setToken', { id, apiToken }, (a) => `${a.id}: ${a.health.label}.`);
    }
    case 'accounts disable':
    case 'accounts enable': {
      const id = requireOne(rest, `${command} ID`);
      return read(ctx, 'accounts:setEnabled', { id, enabled: verb === 'enable' }, (a) => `${a.id}: ${a.health.label}.`);
    }
    case 'accounts test':
      return accountsTest(ctx, requireOne(rest, 'accounts test ID'));
    case 'tokens status':
      return tokensStatus(ctx);
    case 'tokens refresh':
      return tokensRefresh(ctx, rest);
    case 'incidents list':
      return incidentsList(ctx);
    case 'alerts test':
      return read(
        ctx,
        'alerts:test',
        undefined,
        (v) =>
          `Desktop: ${v.desktop ? 'sent (the app shows it; a terminal has no desktop notifications)' : 'off in settings'}. Slack: ${v.slack.replace('_', ' ')}.`,
        (v) => v.slack !== 'failed',
      );
    case 'sessions list': {
      const all = ctx.options.all === true;
      const limit = ctx.limit ? parsePositiveInt(ctx.limit, '--limit') : SESSIONS_PAGE;
      const before = ctx.options.before;
      if (!all && (ctx.limit || before !== undefined))
        throw new UsageError('--limit and --before page through finished sign-ins: add --all');
      return read(
        ctx,
        'sessions:list',
        all
          ? { includeFinished: true, limit, ...(typeof before === 'string' ? { beforeId: before } : {}) }
          : { includeFinished: false },
        (sessions) => olderHint(all ? sessions.length : 0, limit, sessions.at(-1)?.id, formatSessions(sessions)),
      );
    }
    case 'sessions counts':
      return read(
        ctx,
        'sessions:counts',
        undefined,
        (c) =>
          `${c.inFlight} sign-in(s) in flight, ${c.completed} completed, of ${c.total}; ${c.needYou} account(s) wait for a new sign-in.`,
      );
    case 'sessions cancel': {
      const id = requireOne(rest, 'sessions cancel ID');
      return read(ctx, 'sessions:cancel', { id }, (v) => `Cancelled ${v.id} (${v.accountLabel}).`);
    }
    case 'sessions cleanup': {
      const older = ctx.options['older-than'];
      const input =
        typeof older === 'string' ? { olderThanMinutes: parseNonNegativeInt(older, '--older-than') } : undefined;
      return read(
        ctx,
        'sessions:cleanup',
        input,
        (v) => `Removed ${v.removed} finished session(s); ${v.active} in flight.`,
      );
    }
    case 'audit list': {
      const limit = ctx.limit ? parsePositiveInt(ctx.limit, '--limit') : AUDIT_PAGE;
      const before = ctx.options.before;
      return read(
        ctx,
        'audit:list',
        {
          ...auditFilter(ctx),
          limit,
          ...(typeof before === 'string' ? { beforeSeq: parsePositiveInt(before, '--before') } : {}),
        },
        (entries) => formatAudit(entries, limit),
      );
    }
    case 'audit export':
      return auditExport(ctx);
    case 'audit verify':
      return read(
        ctx,
        'audit:verify',
        undefined,
        (v) => english(v.say),
        (v) => v.ok,
      );
    case 'settings get':
      return read(ctx, 'settings:get', undefined, formatSettings);
    case 'settings set':
      return read(ctx, 'settings:update', parseAssignments(rest), formatSettings);
    case 'store status':
      return read(ctx, 'store:status', undefined, (v) =>
        table(
          ['ENGINE', 'WHERE', 'SCHEMA', 'ROUND TRIP', 'TLS'],
          [
            [
              v.engine === 'sqlite' ? 'SQLite (embedded)' : `PostgreSQL ${v.serverVersion ?? ''}`.trim(),
              v.location,
              v.schema === v.latestSchema ? String(v.schema) : `${v.schema} (this build: ${v.latestSchema})`,
              `${v.latencyMs.toFixed(1)} ms`,
              v.tls === null ? '-' : v.tls ? 'yes' : 'no (loopback)',
            ],
          ],
        ),
      );
    case 'store move': {
      const to = ctx.options.to;
      if (typeof to !== 'string' || to === '')
        throw new UsageError('store move needs --to postgres://user@host:5432/database or --to sqlite.');
      const password = ctx.options['password-stdin']
        ? await readSecret(ctx.io.stdin, ctx.io.stderr, 'Database password (input hidden): ')
        : undefined;
      const dryRun = ctx.options['dry-run'] === true;
      return read(ctx, 'store:move', { to, ...(dryRun ? { dryRun } : {}), ...(password ? { password } : {}) }, (v) =>
        [
          table(
            ['TABLE', 'ROWS', 'DIGEST'],
            v.tables.map((t) => [t.table, String(t.rows), t.digest.slice(0, 16)]),
          ),
          v.dryRun
            ? `Dry run: these rows would be copied from ${v.from} to ${v.to}; nothing was changed.`
            : `Copied and verified (every table's digest matches) from ${v.from} to ${v.to}. This data folder uses it from its next start; ${v.from} was left as it was.`,
        ].join('\n'),
      );
    }
    case 'store connect': {
      const to = requireOne(
        rest,
        'store connect postgres://user@host:5432/database|sqlite [--password-stdin] [--test]',
      );
      const password = ctx.options['password-stdin']
        ? await readSecret(ctx.io.stdin, ctx.io.stderr, 'Database password (input hidden): ')
        : undefined;
      const test = ctx.options.test === true;
      return read(ctx, 'store:connect', { to, ...(test ? { test } : {}), ...(password ? { password } : {}) }, (v) => {
        if (v.to === 'sqlite')
          return `This data folder uses its own SQLite file again from its next start (${v.accounts ?? 0} account(s) there). The shared store keeps everything it has.`;
        const found = `PostgreSQL ${v.serverVersion ?? ''} at ${v.to}: reached in ${v.latencyMs ?? '?'} ms, ${v.tls ? 'over TLS' : 'without TLS (this computer only)'}, ${v.schema === 0 ? 'no Gatehouse data yet' : `Gatehouse schema ${v.schema} with ${v.accounts ?? 0} account(s)`}.`;
        if (!v.activated) return `${found}\nConnection test only: nothing was changed.`;
        const left = v.leftBehind
          ? ` The ${v.leftBehind} account(s) of this folder's own store stay there, not merged.`
          : '';
        return `${found}\nThis data folder uses it from its next start${v.passwordKept ? '; the password is kept in your OS keychain' : ''}. Restart the app to follow it.${left}`;
      });
    }
    case 'vault status':
      return read(ctx, 'vault:status', undefined, (v) =>
        table(
          ['BACKEND', 'KEY VERSION', 'SEALED SECRETS', 'ACCOUNTS TO RE-ENROL'],
          [[v.backend, String(v.keyVersion ?? '-'), String(v.sealedSecrets), String(v.accountsNeedingReenrolment)]],
        ),
      );
    case 'vault rotate-key':
      return read(
        ctx,
        'vault:rotateKey',
        undefined,
        (v) => `Re-sealed ${v.resealed} secret(s) under key v${v.keyVersion}.`,
      );
    case 'secrets list':
      return read(ctx, 'secrets:list', undefined, (list) =>
        table(
          ['NAME', 'SET', 'UPDATED'],
          list.map((s) => [s.name, s.isSet ? 'yes' : 'no', s.updatedAt ?? '-']),
        ),
      );
    case 'secrets set': {
      const name = requireOne(rest, 'secrets set NAME');
      if (!(SETTING_SECRETS as readonly string[]).includes(name)) {
        throw new UsageError(`unknown secret \`${name}\`; one of: ${SETTING_SECRETS.join(', ')}.`);
      }
      const value = await readSecret(ctx.io.stdin, ctx.io.stderr, `Value for ${name} (input hidden): `);
      if (value.length === 0)
        throw new UsageError(
          `no value on standard input for ${name}; pipe it in, e.g. \`gatehouse secrets set ${name} < file\`.`,
        );
      return read(ctx, 'secrets:set', { name, value }, (v) => `Sealed ${v.name}.`);
    }
    case 'secrets clear': {
      const name = requireOne(rest, 'secrets clear NAME');
      return read(ctx, 'secrets:clear', { name }, (v) => (v.removed ? `Wiped ${v.name}.` : `${v.name} was not set.`));
    }
    default:
      if (group === 'enroll') return enroll(ctx, ctx.args.slice(1));
      if (group === 'resync') return resync(ctx, ctx.args.slice(1));
      if (group === 'team') return team(ctx, verb, rest);
      if (group === 'token') return token(ctx, ctx.args.slice(1));
      throw new UsageError(`unknown command \`${ctx.args.join(' ')}\`.`);
  }
}

/** Opens the core for one command, runs `fn`, and always closes it. */
export async function withCore<T>(ctx: CommandContext, fn: (core: Core) => Promise<T>): Promise<T> {
  const storeUrl = configuredStoreUrl(ctx.dataDir, ctx.io.env);
  const core = await createCore({
    dataDir: ctx.dataDir,
    appVersion: ctx.io.version ?? '0.0.0',
    openExternal: openBrowser,
    endpointOverrides: parseOverridesEnv(ctx.io.env.GATEHOUSE_ENDPOINT_OVERRIDES),
    ...(storeUrl ? { storeUrl } : {}),
    followChanges: false,
    ...ctx.io.coreOptions,
  });
  try {
    return await fn(core);
  } finally {
    await core.close();
  }
}

export function cliCaller(): Caller {
  let actor = 'local-user';
  try {
    actor = userInfo().username;
  } catch {
    // Some containers have no passwd entry; the generic name still identifies the face.
  }
  return { actor: `${actor} (cli)`, role: 'admin', face: 'cli' };
}

/** Invokes one channel and prints its value (JSON with --json). `success` decides exit 0 or 1. */
export async function read<C extends ChannelName>(
  ctx: CommandContext,
  channel: C,
  input: unknown,
  human: (value: ChannelOutput<C>) => string,
  success: (value: ChannelOutput<C>) => boolean = () => true,
): Promise<number> {
  const result = (await withCore(ctx, (core) => core.invoke(channel, input, cliCaller()))) as Result<ChannelOutput<C>>;
  if (!result.ok) throw new Failure(`${result.error.code}: ${result.error.message}`);
  ctx.io.stdout(ctx.json ? JSON.stringify(result.value, null, 2) : human(result.value));
  return success(result.value) ? 0 : 1;
}

/** Reports every check even when the database cannot be opened; exit 1 names what is broken. */
async function doctor(ctx: CommandContext): Promise<number> {
  let health: HealthReport;
  try {
    const result = await withCore(ctx, (core) => core.invoke('health:check', { integrity: true }, cliCaller()));
    if (!result.ok) throw new Failure(`${result.error.code}: ${result.error.message}`);
    health = result.value as HealthReport;
  } catch (error) {
    if (error instanceof Failure) throw error;
    health = await diagnoseWithoutCore(ctx.dataDir, ctx.io.env);
  }
  ctx.io.stdout(ctx.json ? JSON.stringify(health, null, 2) : formatHealth(health));
  if (!health.ok && !ctx.json) {
    ctx.io.stderr(
      `gatehouse: broken: ${health.checks
        .filter((c) => c.status === 'fail')
        .map((c) => c.label)
        .join(', ')}`,
    );
  }
  return health.ok ? 0 : 1;
}

function formatSettings(s: Settings): string {
  return table(
    ['SETTING', 'VALUE'],
    Object.entries(s).map(([k, v]) => [k, String(v)]),
  );
}

/** `key=value` pairs; numbers stay numbers. Unknown keys are left to the schema to name. */
function parseAssignments(pairs: string[]): Record<string, unknown> {
  if (pairs.length === 0) throw new UsageError('settings set needs at least one KEY=VALUE.');
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) throw new UsageError(`\`${pair}\` is not KEY=VALUE.`);
    const key = pair.slice(0, at);
    const raw = pair.slice(at + 1);
    out[key] = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return { ...out };
}

export function parseNonNegativeInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${name} must be a whole number of 0 or more.`);
  return n;
}

export function parsePositiveInt(text: string, name: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number of 1 or more.`);
  return n;
}

export function requireOne(rest: string[], usage: string): string {
  if (rest.length !== 1 || !rest[0]) throw new UsageError(`usage: gatehouse ${usage}`);
  return rest[0];
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? '';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
