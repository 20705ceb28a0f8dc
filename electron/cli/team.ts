import { writeFileSync } from 'node:fs';
import type { ChannelName, ChannelOutput } from '../../shared/contract';
import { ROLES, type AuditFilter, type Member, type Role, type TeamStatus } from '../../shared/domain';
import type { Result } from '../../shared/result';
import { Failure, UsageError, cliCaller, read, requireOne, withCore, type CommandContext } from './cli';
import { table } from './format';
import { redact } from '../main/core/store/store';
import { readSecret } from './secret-input';

/** `gatehouse team …`: create, join, approve, role, remove, members, status. */
export async function team(ctx: CommandContext, verb: string | undefined, rest: string[]): Promise<number> {
  switch (verb) {
    case 'status':
      return read(ctx, 'team:status', undefined, formatStatus);
    case 'members':
      return read(ctx, 'team:members', undefined, formatMembers);
    case 'create':
      return create(ctx);
    case 'join':
      return join(ctx, requireOne(rest, 'team join postgres://user@host:5432/database --name NAME [--email E]'));
    case 'approve': {
      const member = requireOne(rest, 'team approve MEMBER [--fingerprint XXXXX-XXXXX-XXXXX-XXXXX] [--role R]');
      const fingerprint = optionalText(ctx, 'fingerprint');
      const role = optionalRole(ctx);
      return read(
        ctx,
        'team:approve',
        { member, ...(fingerprint ? { fingerprint } : {}), ...(role ? { role } : {}) },
        (m) =>
          `Approved ${m.name} (${m.id}) as ${m.role}: the team key is wrapped for their device (${m.fingerprint}).${fingerprint ? '' : '\nNo --fingerprint was given: compare it with the one on their screen before they use it.'}`,
      );
    }
    case 'role': {
      if (rest.length !== 2) throw new UsageError('usage: gatehouse team role MEMBER admin|support|viewer');
      const [member, role] = rest as [string, string];
      if (!(ROLES as readonly string[]).includes(role))
        throw new UsageError(`the role must be one of ${ROLES.join(', ')}.`);
      return read(ctx, 'team:setRole', { member, role }, (m) => `${m.name} (${m.id}) is now ${m.role}.`);
    }
    case 'remove': {
      const member = requireOne(rest, 'team remove MEMBER');
      return read(
        ctx,
        'team:remove',
        { member },
        (v) =>
          `Removed ${v.member.name} (${v.member.id}). The team key was rotated to v${v.keyVersion} and ${v.resealed} secret(s) re-sealed in one transaction: their device opens nothing written from now on.`,
      );
    }
    default:
      throw new UsageError('usage: gatehouse team status|members|create|join|approve|role|remove …');
  }
}

async function create(ctx: CommandContext): Promise<number> {
  const teamName = optionalText(ctx, 'team');
  const name = optionalText(ctx, 'name');
  if (!teamName || !name)
    throw new UsageError(
      'usage: gatehouse team create --team "Team name" --name "Your name" [--email you@example.com] [--to postgres://…]',
    );
  const email = optionalText(ctx, 'email');
  const to = optionalText(ctx, 'to');
  if (to) {
    // From this folder's own data: everything moves to the team's database first, verified.
    const password = ctx.options['password-stdin']
      ? await readSecret(ctx.io.stdin, ctx.io.stderr, 'Database password (input hidden): ')
      : undefined;
    const moved = await invoke(ctx, 'store:move', { to, ...(password ? { password } : {}) });
    ctx.io.stderr(
      `Moved and verified ${moved.tables.reduce((n, t) => n + t.rows, 0)} row(s) from ${moved.from} to ${moved.to}.`,
    );
  }
  return read(ctx, 'team:create', { team: teamName, name, ...(email ? { email } : {}) }, (v) =>
    [
      `Team "${v.team?.name}" created on this store; you (${v.operator.name}) are its first admin.`,
      `This device's fingerprint: ${v.fingerprint}`,
      'Teammates run `gatehouse team join postgres://…` on their computer, read you their fingerprint, and you run `gatehouse team approve MEMBER --fingerprint …`.',
    ].join('\n'),
  );
}

async function join(ctx: CommandContext, url: string): Promise<number> {
  const name = optionalText(ctx, 'name');
  if (!name)
    throw new UsageError(
      'usage: gatehouse team join postgres://user@host:5432/database --name "Your name" [--email E]',
    );
  const email = optionalText(ctx, 'email');
  const password = ctx.options['password-stdin']
    ? await readSecret(ctx.io.stdin, ctx.io.stderr, 'Database password (input hidden): ')
    : undefined;
  const current = await invoke(ctx, 'store:status', undefined);
  if (current.location !== redact(url)) {
    await invoke(ctx, 'store:connect', { to: url, ...(password ? { password } : {}) });
  }
  return read(ctx, 'team:join', { name, ...(email ? { email } : {}) }, (v) =>
    [
      `Asked to join "${v.team?.name}" as ${v.me?.name} (${v.me?.id}).`,
      `This device's fingerprint: ${v.fingerprint}`,
      `Read it to an admin; they run \`gatehouse team approve ${v.me?.id} --fingerprint ${v.fingerprint}\`. Until then this device opens nothing.`,
    ].join('\n'),
  );
}

/** `gatehouse token ACCOUNT [--json]`: a valid access token for a script or service, audited. */
export async function token(ctx: CommandContext, rest: string[]): Promise<number> {
  const account = requireOne(rest, 'token ACCOUNT [--json]');
  let secret: string | null = null;
  const caller = { ...cliCaller(), receiveSecret: (s: string) => (secret = s) };
  const result = (await withCore(ctx, (core) => core.invoke('tokens:issue', { account }, caller))) as Result<
    ChannelOutput<'tokens:issue'>
  >;
  if (!result.ok) throw new Failure(`${result.error.code}: ${result.error.message}`);
  if (secret === null) throw new Failure('INTERNAL: no token was handed over.');
  // Printed raw (no neutralising gate would change it: a token is plain ASCII), and nothing else
  // on stdout, so `$(gatehouse token ID)` is the token itself.
  ctx.io.stdout(
    ctx.json ? JSON.stringify({ ...result.value, accessToken: secret, tokenType: 'Bearer' }, null, 2) : secret,
  );
  return 0;
}

/** `gatehouse audit export --format csv|jsonl [filters] [--out FILE]`. */
export async function auditExport(ctx: CommandContext): Promise<number> {
  const format = optionalText(ctx, 'format') ?? 'csv';
  if (format !== 'csv' && format !== 'jsonl') throw new UsageError('--format is csv or jsonl.');
  const value = await invoke(ctx, 'audit:export', { format, ...auditFilter(ctx) });
  const out = optionalText(ctx, 'out');
  if (out) {
    writeFileSync(out, value.text, { mode: 0o600 });
    ctx.io.stderr(`Wrote ${value.entries} entr${value.entries === 1 ? 'y' : 'ies'} to ${out}.`);
  } else ctx.io.stdout(value.text.replace(/\r?\n$/, ''));
  if (value.capped) ctx.io.stderr('Only the newest 100,000 matching entries were exported; narrow the filter.');
  return 0;
}

/** The audit filter options (`--actor --action --target --outcome --since --until`). */
export function auditFilter(ctx: CommandContext): AuditFilter {
  const when = (name: string): string | undefined => {
    const text = optionalText(ctx, name);
    if (!text) return undefined;
    const at = Date.parse(text);
    if (Number.isNaN(at))
      throw new UsageError(`--${name} must be a date or time, e.g. 2026-12-01 or 2026-12-01T10:00Z.`);
    return new Date(at).toISOString();
  };
  const outcome = optionalText(ctx, 'outcome');
  if (outcome && outcome !== 'ok' && outcome !== 'error') throw new UsageError('--outcome is ok or error.');
  const filter: AuditFilter = {};
  for (const name of ['actor', 'action', 'target'] as const) {
    const text = optionalText(ctx, name);
    if (text) filter[name] = text;
  }
  if (outcome === 'ok' || outcome === 'error') filter.outcome = outcome;
  const from = when('since');
  const to = when('until');
  if (from) filter.from = from;
  if (to) filter.to = to;
  return filter;
}

async function invoke<C extends ChannelName>(
  ctx: CommandContext,
  channel: C,
  input: unknown,
): Promise<ChannelOutput<C>> {
  const result = (await withCore(ctx, (core) => core.invoke(channel, input, cliCaller()))) as Result<ChannelOutput<C>>;
  if (!result.ok) throw new Failure(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

function optionalText(ctx: CommandContext, name: string): string | undefined {
  const value = ctx.options[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function optionalRole(ctx: CommandContext): Role | undefined {
  const role = optionalText(ctx, 'role');
  if (role && !(ROLES as readonly string[]).includes(role))
    throw new UsageError(`--role must be one of ${ROLES.join(', ')}.`);
  return role as Role | undefined;
}

function formatStatus(v: TeamStatus): string {
  if (v.mode === 'alone')
    return [
      `Alone: this folder's data, and you (${v.operator.name}) are its admin.`,
      v.canCreate
        ? 'This store is PostgreSQL: `gatehouse team create --team NAME --name YOU` starts a team on it.'
        : 'To share it with a team: `gatehouse team create --team NAME --name YOU --to postgres://…` (moves everything there first).',
    ].join('\n');
  const me = v.me
    ? `${v.me.name} (${v.me.id}), ${v.me.status === 'active' ? v.me.role : v.me.status}`
    : 'not a member (run `gatehouse team join`)';
  return table(
    ['TEAM', 'THIS DEVICE', 'FINGERPRINT', 'ACTING AS', 'WAITING FOR APPROVAL'],
    [[v.team?.name ?? '', me, v.fingerprint ?? '-', `${v.operator.name} (${v.operator.role})`, String(v.pending)]],
  );
}

function formatMembers(members: Member[]): string {
  if (members.length === 0) return 'No members: this store has no team.';
  return table(
    ['ID', 'NAME', 'EMAIL', 'ROLE', 'STATUS', 'FINGERPRINT', 'SINCE'],
    members.map((m) => [
      `${m.id}${m.isMe ? ' (this device)' : ''}`,
      m.name,
      m.email ?? '',
      m.role,
      m.status === 'removed' ? `removed by ${m.removedBy ?? '?'}` : m.status,
      m.fingerprint,
      (m.approvedAt ?? m.requestedAt).slice(0, 16).replace('T', ' '),
    ]),
  );
}
