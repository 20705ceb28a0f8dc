import type * as z from 'zod';
import { channels, isChannelName, type ChannelName, type Channels } from '../../../../shared/contract';
import { roleAllows, type Role } from '../../../../shared/domain';
import type { ApiError, Result, Say } from '../../../../shared/result';
import { customIssue, inEnglish } from '../../../../shared/i18n';
import { english } from '../said';
import type { en } from '../../../../shared/i18n/en';
import { CoreError, toApiError, type BaseKey, type ErrorKey } from '../errors';

/** An ApiError whose words are the catalogue's `key` (English in `message`, the key for other faces). */
function spoken(code: ApiError['code'], key: ErrorKey, params: Record<string, string | number> = {}): ApiError {
  return { code, message: inEnglish(key, params), say: { key, params } };
}

/** Who is calling, through which face. The role decides which channels answer. */
export interface Caller {
  actor: string;
  role: Role;
  face: 'ipc' | 'cli' | 'test-host';
  /**
   * Set only by a face that runs in the caller's own process (the command line): receives a secret
   * the caller asked for (`gatehouse token`). A window never has one, so no secret crosses to it.
   */
  receiveSecret?: (secret: string) => void;
}

/** What a handler receives besides its input. */
export interface HandlerContext {
  caller: Caller;
  /** Names the account, user or setting a mutation touched, for the audit entry. */
  setAuditTarget(target: string): void;
  /**
   * The router writes no audit entry for this call: it changed nothing (a preview), or it wrote its
   * own, more precise entries (a re-sync run audits each user with every target's outcome).
   */
  notAuditedByRouter(): void;
}

export type Handler<C extends ChannelName> = (
  input: z.output<Channels[C]['input']>,
  ctx: HandlerContext,
) => Promise<z.input<Channels[C]['output']>> | z.input<Channels[C]['output']>;

export type Handlers = { [C in ChannelName]: Handler<C> };

/** Writes one audit entry; throws when it cannot (the router then fails the call). */
export interface AuditSink {
  (entry: {
    caller: Caller;
    action: string;
    target: string | null;
    outcome: 'ok' | 'error';
    detail: string | null;
  }): Promise<void>;
  /** Throws a CoreError when no entry could be written now: a mutation is then refused before it runs. */
  ready?: () => Promise<void>;
}

export interface Router {
  /** Validates, checks the role, runs the handler, validates the output. Never throws. */
  invoke(channel: unknown, input: unknown, caller: Caller): Promise<Result<unknown>>;
}

/**
 * The one router behind every face. Input that fails its schema never reaches a handler; output that
 * fails its schema never leaves (that is how a stray secret field would be caught); mutations are
 * audited whatever their outcome.
 */
export function createRouter(
  handlers: Handlers,
  audit: AuditSink,
  onInternalError: (channel: string, error: unknown) => void,
  /** Names a library's error for what it is (a lost database), before it would be INTERNAL. */
  classify: (error: unknown) => CoreError | null = () => null,
): Router {
  return {
    async invoke(channel, input, caller) {
      if (!isChannelName(channel)) {
        return {
          ok: false,
          error: spoken('UNKNOWN_CHANNEL', 'errors.unknownChannel', { name: describeName(channel) }),
        };
      }
      const spec = channels[channel];
      if (!roleAllows(caller.role, spec.role)) {
        const what = (spec.summary.split(/[;:(]/)[0] ?? channel).trim().replace(/\.$/, '');
        const result = {
          ok: false as const,
          error: spoken('FORBIDDEN', spec.role === 'admin' ? 'errors.forbiddenAdmin' : 'errors.forbiddenSupport', {
            what: `${what.charAt(0).toLowerCase()}${what.slice(1)}`,
            actor: caller.actor,
            role: caller.role,
          }),
        };
        if (spec.mutates)
          await tryAudit(audit, { caller, action: channel, target: null, outcome: 'error', detail: 'FORBIDDEN' });
        return result;
      }
      const shapeProblem = plainDataProblem(input, spec.maxValues);
      if (shapeProblem) {
        return { ok: false, error: spoken('INVALID_INPUT', 'errors.invalidShape', { channel, problem: shapeProblem }) };
      }
      const parsed = spec.input.safeParse(input);
      if (!parsed.success) {
        const fields = fieldProblems(parsed.error, spec.input);
        const list = fields.map((f) => `${f.field} ${f.message}`).join('; ');
        return {
          ok: false,
          error: { ...spoken('INVALID_INPUT', 'errors.checkFields', { count: fields.length, list }), fields },
        };
      }
      if (spec.mutates && audit.ready) {
        // Nothing changes that could not be audited: a dropped audit table or a full disk stops it here.
        try {
          await audit.ready();
        } catch (error) {
          return { ok: false, error: toApiError(classify(error) ?? error) };
        }
      }
      let target: string | null = null;
      let audited = spec.mutates;
      const ctx: HandlerContext = {
        caller,
        setAuditTarget: (t) => (target = t),
        notAuditedByRouter: () => (audited = false),
      };
      try {
        const handler = handlers[channel] as (input: unknown, ctx: HandlerContext) => unknown;
        const raw = await handler(parsed.data, ctx);
        const output = spec.output.safeParse(raw);
        if (!output.success) {
          onInternalError(channel, new Error(`output of ${channel} failed its schema: ${output.error.message}`));
          throw CoreError.say('INVALID_OUTPUT', 'errors.invalidOutput', { channel });
        }
        if (audited) {
          try {
            await audit({ caller, action: channel, target, outcome: 'ok', detail: null });
          } catch {
            return { ok: false, error: spoken('AUDIT_UNAVAILABLE', 'errors.auditAfter', { channel }) };
          }
        }
        return { ok: true, value: output.data };
      } catch (caught) {
        const error = classify(caught) ?? caught;
        if (!(error instanceof CoreError)) onInternalError(channel, error);
        // An unexpected failure of a change may come after part of it was committed: saying "nothing
        // was changed" there could send the admin to do it twice.
        const apiError =
          spec.mutates && !(error instanceof CoreError)
            ? spoken('INTERNAL', 'errors.internalChange')
            : toApiError(error);
        if (spec.mutates)
          await tryAudit(audit, { caller, action: channel, target, outcome: 'error', detail: apiError.code });
        return { ok: false, error: apiError };
      }
    },
  };
}

/** An entry for a call that failed anyway: its failure is what the caller hears either way. */
async function tryAudit(audit: AuditSink, entry: Parameters<AuditSink>[0]): Promise<void> {
  try {
    await audit(entry);
  } catch {
    // The sink has logged it; the call already reports an error.
  }
}

const MAX_DEPTH = 16;
const MAX_NODES = 20_000;

/**
 * Input must be plain data: objects, arrays, strings, finite numbers, booleans, null. Structured
 * clone lets a renderer send Maps, Dates, typed arrays and deep nests; none of them is ever valid.
 */
export function plainDataProblem(value: unknown, maxValues = MAX_NODES): string | null {
  let nodes = 0;
  const walk = (v: unknown, depth: number): string | null => {
    nodes += 1;
    if (nodes > maxValues) return `too many values (at most ${maxValues.toLocaleString('en')} in one call)`;
    if (depth > MAX_DEPTH) return 'nested too deeply';
    if (v === null || v === undefined || typeof v === 'string' || typeof v === 'boolean') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : 'numbers must be finite';
    if (typeof v !== 'object') return `a ${typeof v} is not accepted`;
    if (Array.isArray(v)) {
      for (const item of v) {
        const problem = walk(item, depth + 1);
        if (problem) return problem;
      }
      return null;
    }
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return 'only plain objects are accepted';
    for (const [key, item] of Object.entries(v)) {
      if (key === '__proto__' || key === 'constructor' || key === 'prototype') return `the key ${key} is not accepted`;
      const problem = walk(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  };
  return walk(value, 0);
}

/**
 * The offending fields, each in plain words a form can show beside it, never echoing a value (an
 * input may be a secret). A schema's own message (the mall id rule, the redirect's plain form) is
 * kept; zod's generic ones become "is required", "is too long (at most N characters)" and the like.
 */
export function fieldProblems(error: z.ZodError, schema: z.ZodType): { field: string; message: string; say?: Say }[] {
  return error.issues.slice(0, 8).map((issue) => {
    const field = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    // Unknown keys are not echoed (a pasted secret could be one); the allowed ones are listed.
    const say: Say | null =
      issue.code === 'unrecognized_keys'
        ? {
            key: 'field.unknownKeys',
            params: { count: issue.keys.length, allowed: allowedKeys(schema).join(', ') || '—' },
          }
        : (plainIssue(issue) ?? customIssue(issue.message));
    // Any other words of a schema's own are shown as they are.
    if (!say) return { field, message: issue.message };
    return { field, message: english(say), say };
  });
}

type FieldKey = `field.${BaseKey<Extract<keyof (typeof en)['field'], string>>}`;

/** Zod's generic complaints, in plain words (the catalogue's `field` section); null for a schema's own. */
function plainIssue(issue: z.core.$ZodIssue): Say | null {
  const generic = /^(Invalid input|Too (small|big)|Invalid (string|option|email|url|format)|Expected)/i.test(
    issue.message,
  );
  if (!generic) return null;
  const say = (key: FieldKey, params: Record<string, string | number> = {}): Say => ({ key, params });
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null
        ? say('field.required')
        : say('field.mustBeType', { type: issue.expected });
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? say('field.required')
          : say('field.tooShort', { min: Number(issue.minimum) })
        : issue.origin === 'array'
          ? say('field.needsAtLeast', { min: Number(issue.minimum) })
          : say('field.atLeast', { min: Number(issue.minimum) });
    case 'too_big':
      return issue.origin === 'string'
        ? say('field.tooLong', { max: Number(issue.maximum) })
        : issue.origin === 'array'
          ? say('field.tooMany', { max: Number(issue.maximum) })
          : say('field.atMost', { max: Number(issue.maximum) });
    case 'invalid_value':
      return say('field.oneOf', { values: issue.values.map(String).join(', ') });
    case 'invalid_format':
      return issue.format === 'url' ? say('field.httpsUrl') : say('field.badFormat', { format: issue.format });
    default:
      return say('field.notValid');
  }
}

function allowedKeys(schema: z.ZodType): string[] {
  let current: unknown = schema;
  for (let i = 0; i < 4 && current; i++) {
    const def = (current as { _zod?: { def?: { type?: string; shape?: object; innerType?: unknown } } })._zod?.def;
    if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
    current = def?.innerType;
  }
  return [];
}

function describeName(name: unknown): string {
  if (typeof name !== 'string') return `of type ${typeof name}`;
  return JSON.stringify(name.length > 60 ? `${name.slice(0, 60)}…` : name);
}
