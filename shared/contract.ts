import * as z from 'zod';
import {
  accountQuerySchema,
  saySchema,
  accountSchema,
  accountWindowSchema,
  newAccountSchema,
  providerSchema,
  sessionSchema,
  bulkSchema,
  connectionTestSchema,
  historyEntrySchema,
  incidentSchema,
  refreshResultSchema,
  resyncBatchSchema,
  resyncResultSchema,
  resyncTargetSchema,
  resyncTargetStateSchema,
  resyncUserSchema,
  syncRunSchema,
  auditEntrySchema,
  auditFilterSchema,
  auditVerificationSchema,
  memberSchema,
  memberRefSchema,
  teamStatusSchema,
  healthReportSchema,
  importLimitProblem,
  MAX_RESYNC_USERS,
  secretText,
  roleSchema,
  screenIdSchema,
  settingSecretSchema,
  settingsSchema,
  storeConnectSchema,
  storeMoveSchema,
  storeStatusSchema,
  vaultStatusSchema,
  type Role,
} from './domain';

/**
 * The IPC contract: every request channel (`domain:verb`) with its input and output schemas and the
 * role it needs, and every pushed event. The Electron IPC, the CLI and the browser test host all
 * go through one router built from this map. No output schema may carry a secret.
 */
export interface ChannelSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  role: Role;
  /** Mutating calls are written to the audit log. */
  mutates: boolean;
  summary: string;
  /** How many values (objects, arrays, strings, numbers …) one input may hold; 20,000 unless said. */
  maxValues?: number;
}

function channel<I extends z.ZodType, O extends z.ZodType>(spec: ChannelSpec<I, O>): ChannelSpec<I, O> {
  return spec;
}

const none = z.strictObject({}).optional();
/** Secret values arrive as input only (typed by an admin); they are capped and never echoed. */
const secretValue = secretText(1, 8192);

export const channels = {
  'app:info': channel({
    input: none,
    output: z.strictObject({
      name: z.string(),
      version: z.string(),
      dataDir: z.string(),
      platform: z.string(),
      operator: z.strictObject({ name: z.string(), role: roleSchema }),
      /** The role each channel needs (the contract's rule, for screens that grey what would be refused). */
      channelRoles: z.record(z.string(), roleSchema),
    }),
    role: 'viewer',
    mutates: false,
    summary: 'Version, data folder and the operator using this face',
  }),
  'health:check': channel({
    input: z
      .strictObject({
        /** Also read every page of the SQLite file (slow at 100,000 accounts; `gatehouse doctor` does). */
        integrity: z.boolean().optional(),
      })
      .optional(),
    output: healthReportSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Data folder, database, keychain, vault and loopback checks; with integrity, every page of the database',
  }),
  'accounts:list': channel({
    input: none,
    output: z.array(accountSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Every account with its status and expiry',
  }),
  'accounts:window': channel({
    input: accountQuerySchema.extend({
      offset: z.number().int().min(0).max(10_000_000).optional(),
      /** 0 asks for the counts alone. */
      limit: z.number().int().min(0).max(1000).optional(),
      /** false: the rows and how many match, without the counts over all accounts (default true). */
      counts: z.boolean().optional(),
    }),
    output: accountWindowSchema,
    role: 'viewer',
    mutates: false,
    summary: 'A window of the accounts that match a filter, in order, with how many match and the counts by level',
  }),
  'accounts:matchingIds': channel({
    input: accountQuerySchema,
    output: z.strictObject({
      accounts: z.array(z.strictObject({ id: z.string(), provider: providerSchema })),
      capped: z.boolean(),
    }),
    role: 'viewer',
    mutates: false,
    summary: 'The ids of every account that matches a filter (selecting them all), at most 10,000',
  }),
  'accounts:get': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: accountSchema,
    role: 'viewer',
    mutates: false,
    summary: 'One account with its status and expiry',
  }),
  'accounts:add': channel({
    input: newAccountSchema,
    output: accountSchema,
    role: 'admin',
    mutates: true,
    summary: 'Adds an account; BigCommerce tokens are checked against the store first',
  }),
  'accounts:import': channel({
    input: z.strictObject({
      files: z
        .array(z.strictObject({ name: z.string().min(1).max(300), content: z.string() }))
        .min(1)
        .superRefine((files, ctx) => {
          const problem = importLimitProblem(files.map((f) => ({ name: f.name, size: f.content.length })));
          if (problem) ctx.addIssue({ code: 'custom', message: problem });
        }),
      /** Only plan: return what would happen, write nothing. */
      dryRun: z.boolean().optional(),
    }),
    output: z.strictObject({
      created: z.array(z.string()),
      updated: z.array(z.string()),
      unchanged: z.array(z.string()),
      warnings: z.array(z.strictObject({ message: z.string(), say: saySchema })),
      items: z.array(
        z.strictObject({
          file: z.string(),
          provider: providerSchema,
          label: z.string(),
          change: z.enum(['created', 'updated', 'unchanged']),
          id: z.string().nullable(),
          fields: z.array(z.string()).optional(),
        }),
      ),
    }),
    role: 'admin',
    mutates: true,
    summary: 'Imports enrollment YAML files, all or nothing; importing the same files twice changes nothing',
  }),
  'accounts:setToken': channel({
    input: z.strictObject({ id: z.string().min(1).max(100), apiToken: secretText(8, 500) }),
    output: accountSchema,
    role: 'admin',
    mutates: true,
    summary: "Pastes a store's new API token (BigCommerce): checked against the store, sealed, connected",
  }),
  'accounts:setEnabled': channel({
    input: z.strictObject({ id: z.string().min(1).max(100), enabled: z.boolean() }),
    output: accountSchema,
    role: 'admin',
    mutates: true,
    summary: 'Disables an account (no keep-alive, no use) or enables it again; nothing is deleted',
  }),
  'accounts:remove': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: z.strictObject({ id: z.string(), revoked: z.boolean(), wiped: z.number().int() }),
    role: 'admin',
    mutates: true,
    summary: 'Revokes where the provider allows, then wipes the account and its secrets',
  }),
  'accounts:test': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: connectionTestSchema,
    role: 'support',
    mutates: true,
    summary: "Test connection: one read of the provider's API; a 401 triggers one refresh and one retry",
  }),
  'accounts:history': channel({
    input: z.strictObject({ id: z.string().min(1).max(100), limit: z.number().int().min(1).max(500).optional() }),
    output: z.array(historyEntrySchema),
    role: 'viewer',
    mutates: false,
    summary: "An account's sign-ins, refreshes, incidents and changes, newest first",
  }),
  'tokens:refresh': channel({
    input: z.union([
      z.strictObject({ ids: z.array(z.string().min(1).max(100)).min(1).max(10_000) }),
      z.strictObject({ due: z.literal(true) }),
    ]),
    output: z.strictObject({ results: z.array(refreshResultSchema) }),
    role: 'support',
    mutates: true,
    summary: 'Refreshes the given accounts now, or every account whose keep-alive is due',
  }),
  'incidents:list': channel({
    input: z
      .strictObject({
        accountId: z.string().min(1).max(100).optional(),
        limit: z.number().int().min(1).max(1000).optional(),
        /** Only incidents older than this one (the next page). */
        beforeId: z.number().int().min(1).optional(),
      })
      .optional(),
    output: z.array(incidentSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Every failure with its time, account, provider code and what was done, newest first, a page at a time',
  }),
  'alerts:test': channel({
    input: none,
    output: z.strictObject({
      desktop: z.boolean(),
      slack: z.enum(['sent', 'not_configured', 'failed']),
    }),
    role: 'admin',
    mutates: true,
    summary: 'Sends a test alert to the desktop and to the Slack webhook, if set',
  }),
  'sessions:start': channel({
    input: z.strictObject({
      accountId: z.string().min(1).max(100),
      openBrowser: z.boolean().optional(),
      timeoutSeconds: z.number().int().min(10).max(3600).optional(),
    }),
    output: sessionSchema,
    role: 'admin',
    mutates: true,
    summary: 'Starts a sign-in for an account; its browser tab returns to a loopback listener',
  }),
  'sessions:list': channel({
    input: z
      .strictObject({
        includeFinished: z.boolean().optional(),
        /** With finished ones: at most this many, newest first (default and most: 1,000). */
        limit: z.number().int().min(1).max(1000).optional(),
        /** Only sign-ins started before this one (the next page). */
        beforeId: z.string().min(1).max(100).optional(),
      })
      .optional(),
    output: z.array(sessionSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Sign-ins in flight (and, optionally, finished ones, newest first, a page at a time)',
  }),
  'sessions:counts': channel({
    input: z.undefined().optional(),
    output: z.strictObject({
      inFlight: z.number().int(),
      completed: z.number().int(),
      /** Accounts whose latest sign-in ended without connecting them. */
      needYou: z.number().int(),
      total: z.number().int(),
    }),
    role: 'viewer',
    mutates: false,
    summary: 'How many sign-ins are in flight and completed, and how many accounts a failed sign-in left waiting',
  }),
  'sessions:cancel': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: sessionSchema,
    role: 'admin',
    mutates: true,
    summary: 'Cancels a pending sign-in',
  }),
  'sessions:cleanup': channel({
    input: z.strictObject({ olderThanMinutes: z.number().int().min(0).max(525_600).optional() }).optional(),
    output: z.strictObject({ removed: z.number().int(), active: z.number().int() }),
    role: 'admin',
    mutates: true,
    summary: 'Forgets finished sessions older than a threshold (default 60 minutes)',
  }),
  'sessions:bulkStart': channel({
    input: z.strictObject({
      accountIds: z.array(z.string().min(1).max(100)).min(1).max(1000),
      /** Browser tabs open at a time; the next sign-in starts when one ends. */
      maxOpen: z.number().int().min(1).max(50).optional(),
      openBrowser: z.boolean().optional(),
      timeoutSeconds: z.number().int().min(10).max(3600).optional(),
    }),
    output: bulkSchema,
    role: 'admin',
    mutates: true,
    summary: 'Enrols many accounts: at most N sign-ins open at a time, live counts, and what still needs the admin',
  }),
  'sessions:bulkList': channel({
    input: none,
    output: z.array(bulkSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Bulk enrolments of this run of Gatehouse, newest first',
  }),
  'sessions:bulkCancel': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: bulkSchema,
    role: 'admin',
    mutates: true,
    summary: 'Stops a bulk enrolment: queued sign-ins never start, pending ones are cancelled',
  }),
  'resync:targets': channel({
    input: none,
    output: z.array(resyncTargetStateSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Which re-sync targets are configured, and with what',
  }),
  'resync:check': channel({
    input: z.strictObject({ email: resyncUserSchema.shape.email }),
    output: z.array(resyncResultSchema),
    role: 'support',
    mutates: false,
    summary: "A user's current state at each target, without changing anything",
  }),
  'resync:run': channel({
    input: z.strictObject({ user: resyncUserSchema, targets: z.array(resyncTargetSchema).max(3).optional() }),
    output: syncRunSchema,
    role: 'support',
    mutates: true,
    summary: 'Forces a re-sync of one user at every (or the given) target; stored and audited',
  }),
  'resync:batch': channel({
    input: z.strictObject({
      users: z.array(resyncUserSchema).min(1).max(MAX_RESYNC_USERS, 'a list holds at most 10,000 users: split it'),
      targets: z.array(resyncTargetSchema).max(3).optional(),
      maxConcurrent: z.number().int().min(1).max(16).optional(),
    }),
    output: resyncBatchSchema,
    role: 'support',
    mutates: true,
    // 10,000 users with every column: one object and six fields each.
    maxValues: MAX_RESYNC_USERS * 7 + 100,
    summary: 'Re-syncs a list of users with bounded concurrency, honouring rate limits; cancellable',
  }),
  'resync:batchStatus': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: resyncBatchSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Progress of a re-sync list',
  }),
  'resync:cancel': channel({
    input: z.strictObject({ id: z.string().min(1).max(100) }),
    output: resyncBatchSchema,
    role: 'support',
    mutates: true,
    summary: 'Stops a re-sync list: users not yet started are not sent',
  }),
  'resync:history': channel({
    input: z
      .strictObject({
        email: z.string().max(250).optional(),
        batchId: z.string().max(100).optional(),
        limit: z.number().int().min(1).max(10_000).optional(),
      })
      .optional(),
    output: z.array(syncRunSchema),
    role: 'viewer',
    mutates: false,
    summary: 'Re-sync runs, newest first, for one email or all',
  }),
  'resync:parseCsv': channel({
    input: z.strictObject({ content: z.string().max(2 * 1024 * 1024) }),
    output: z.strictObject({
      users: z.array(resyncUserSchema),
      errors: z.array(z.strictObject({ line: z.number().int(), message: z.string(), say: saySchema })),
      duplicates: z.number().int(),
    }),
    role: 'support',
    mutates: false,
    summary: 'Reads a pasted or uploaded list of users (CSV or one email per line); bad lines are named',
  }),
  'audit:list': channel({
    input: auditFilterSchema
      .extend({
        limit: z.number().int().min(1).max(1000).optional(),
        beforeSeq: z.number().int().min(1).optional(),
      })
      .optional(),
    output: z.array(auditEntrySchema),
    role: 'viewer',
    mutates: false,
    summary: 'Newest audit entries first, filtered by member, action, target, outcome and time, a page at a time',
  }),
  'audit:actions': channel({
    input: none,
    output: z.array(z.string()),
    role: 'viewer',
    mutates: false,
    summary: 'The actions the audit log holds (for its filter)',
  }),
  'audit:export': channel({
    input: auditFilterSchema.extend({ format: z.enum(['csv', 'jsonl']) }),
    output: z.strictObject({ text: z.string(), entries: z.number().int(), capped: z.boolean() }),
    role: 'viewer',
    mutates: false,
    summary:
      'The audit entries that match a filter, oldest first, as CSV (formula-safe) or JSON lines (at most 100,000)',
  }),
  'audit:verify': channel({
    input: none,
    output: auditVerificationSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Checks the audit log: its hash chain, each MAC, and the newest entry this device saw',
  }),
  'settings:get': channel({
    input: none,
    output: settingsSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Current preferences',
  }),
  'settings:update': channel({
    input: settingsSchema.partial().strict(),
    output: settingsSchema,
    role: 'admin',
    mutates: true,
    summary: 'Changes preferences',
  }),
  'store:status': channel({
    input: none,
    output: storeStatusSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Where the data lives (SQLite or PostgreSQL), its schema and one round trip',
  }),
  'store:move': channel({
    input: z.strictObject({
      /** 'sqlite' (this data folder's file) or a postgres:// URL without a password. */
      to: z.string().min(1).max(2000),
      dryRun: z.boolean().optional(),
      /** The database password, when the server asks for one; used for the move, never stored. */
      password: z.string().max(1000).optional(),
    }),
    output: storeMoveSchema,
    role: 'admin',
    mutates: true,
    summary: 'Copies everything into another, empty store and switches this data folder to it (or a dry run)',
  }),
  'store:connect': channel({
    input: z.strictObject({
      /** 'sqlite' (this data folder's own file) or a postgres:// URL without a password. */
      to: z.string().min(1).max(2000),
      /** The database password: kept in this user's OS keychain, never in a file or a log. */
      password: z.string().max(1000).optional(),
      /** Only test the connection: change nothing. */
      test: z.boolean().optional(),
    }),
    output: storeConnectSchema,
    role: 'admin',
    mutates: true,
    summary:
      "Tests a store, or switches this data folder to one that already exists (a team's PostgreSQL) or back to its own SQLite file",
  }),
  'team:status': channel({
    input: none,
    output: teamStatusSchema,
    role: 'viewer',
    mutates: false,
    summary: "Alone or in a team, this device's membership and fingerprint, and who is acting",
  }),
  'team:members': channel({
    input: none,
    output: z.array(memberSchema),
    role: 'viewer',
    mutates: false,
    summary: "The members of the team, with their roles, devices' fingerprints and status",
  }),
  'team:create': channel({
    input: z.strictObject({
      team: z.string().trim().min(1).max(100),
      name: z.string().trim().min(1).max(100),
      email: z.email().max(200).optional(),
    }),
    output: teamStatusSchema,
    role: 'admin',
    mutates: true,
    summary: 'Creates a team on this PostgreSQL store with this device as its first admin',
  }),
  'team:join': channel({
    input: z.strictObject({
      name: z.string().trim().min(1).max(100),
      email: z.email().max(200).optional(),
    }),
    output: teamStatusSchema,
    role: 'viewer',
    mutates: true,
    summary: 'Asks to join the team of this store; an admin approves after comparing the fingerprint',
  }),
  'team:approve': channel({
    input: z.strictObject({
      member: memberRefSchema,
      /** The fingerprint the new member read out: approval is refused when it differs. */
      fingerprint: z.string().trim().max(40).optional(),
      role: roleSchema.optional(),
    }),
    output: memberSchema,
    role: 'admin',
    mutates: true,
    summary: 'Approves a member (wraps the team key for their device) after comparing its fingerprint',
  }),
  'team:setRole': channel({
    input: z.strictObject({ member: memberRefSchema, role: roleSchema }),
    output: memberSchema,
    role: 'admin',
    mutates: true,
    summary: "Changes a member's role",
  }),
  'team:remove': channel({
    input: z.strictObject({ member: memberRefSchema }),
    output: z.strictObject({ member: memberSchema, keyVersion: z.number().int(), resealed: z.number().int() }),
    role: 'admin',
    mutates: true,
    summary: 'Removes a member (or a lost device): rotates the team key and re-seals every secret in one transaction',
  }),
  'tokens:issue': channel({
    input: z.strictObject({ account: z.string().min(1).max(100) }),
    // The token itself goes to the command line only (never to a window): see the handler.
    output: z.strictObject({
      account: z.string(),
      label: z.string(),
      expiresAt: z.iso.datetime().nullable(),
      refreshed: z.boolean(),
    }),
    role: 'support',
    mutates: true,
    summary:
      'Hands a valid access token to a script or service on this computer (refreshed first when close to expiry)',
  }),
  'vault:status': channel({
    input: none,
    output: vaultStatusSchema,
    role: 'viewer',
    mutates: false,
    summary: 'Which key protects the secrets and how many are sealed',
  }),
  'vault:rotateKey': channel({
    input: none,
    output: z.strictObject({ keyVersion: z.number().int(), resealed: z.number().int() }),
    role: 'admin',
    mutates: true,
    summary: 'Re-seals every secret under a new data key, in one transaction',
  }),
  'secrets:list': channel({
    input: none,
    output: z.array(
      z.strictObject({
        name: settingSecretSchema,
        isSet: z.boolean(),
        updatedAt: z.iso.datetime().nullable(),
      }),
    ),
    role: 'viewer',
    mutates: false,
    summary: 'Which setting secrets are stored (never their values)',
  }),
  'secrets:set': channel({
    input: z.strictObject({ name: settingSecretSchema, value: secretValue }),
    output: z.strictObject({ name: settingSecretSchema, updatedAt: z.iso.datetime() }),
    role: 'admin',
    mutates: true,
    summary: 'Seals a setting secret (webhook URL, API key) in the vault',
  }),
  'secrets:clear': channel({
    input: z.strictObject({ name: settingSecretSchema }),
    output: z.strictObject({ name: settingSecretSchema, removed: z.boolean() }),
    role: 'admin',
    mutates: true,
    summary: 'Wipes a setting secret',
  }),
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type ChannelInput<C extends ChannelName> = z.input<Channels[C]['input']>;
export type ChannelOutput<C extends ChannelName> = z.output<Channels[C]['output']>;

/** Events pushed from the core to every subscribed face. Metadata only. */
export const events = {
  'accounts:changed': z.strictObject({ ids: z.array(z.string()) }),
  'audit:appended': z.strictObject({ seq: z.number().int() }),
  'sessions:changed': sessionSchema,
  'bulk:changed': bulkSchema,
  'incidents:appended': z.strictObject({ accountId: z.string().nullable() }),
  'resync:run': syncRunSchema,
  'resync:batch': resyncBatchSchema,
  'vault:changed': z.strictObject({ keyVersion: z.number().int().nullable() }),
  'members:changed': z.strictObject({}),
  'settings:changed': settingsSchema,
  /** Another process (the CLI, another workstation) changed these areas of the shared store. */
  'store:changed': z.strictObject({
    scope: z.array(z.enum(['accounts', 'sessions', 'incidents', 'audit', 'resync', 'members'])),
  }),
  /** The shared store went away (`since`, ISO) or came back (online, since null). */
  'store:link': z.strictObject({ online: z.boolean(), since: z.string().nullable() }),
  /** The desktop shell asks the window to show a screen (the menu, the tray, a notification). */
  'app:navigate': z.strictObject({ screen: screenIdSchema, accountId: z.string().max(100).optional() }),
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;

/** True when `name` is a channel of the contract (guards strings that come from outside). */
export function isChannelName(name: unknown): name is ChannelName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(channels, name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}
