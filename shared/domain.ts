// zod as a namespace everywhere, never `{ z }` (tests/boundaries.test.ts): esbuild then keeps only
// what is used. With `{ z }` the CLI bundle carried all 64 of zod's translations, 470 KB that every
// command parsed at its start (about 45 ms).
import * as z from 'zod';
import { EMAIL, importLimit, PROVIDERS, ROLES, SCREEN_IDS, type Provider, type Role, type ScreenId } from './basics';
import { inEnglish } from './i18n';

// The plain parts (no zod) live in basics.ts, so the renderer can use them without building schemas.
export {
  EMAIL,
  importLimit,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_FILES,
  MAX_YAML_BYTES,
  PROVIDERS,
  ROLES,
  roleAllows,
  sameFingerprint,
  SCREEN_IDS,
  type Provider,
  type Role,
  type ScreenId,
} from './basics';

export const roleSchema = z.enum(ROLES) satisfies z.ZodType<Role>;
export const providerSchema = z.enum(PROVIDERS) satisfies z.ZodType<Provider>;
export const screenIdSchema = z.enum(SCREEN_IDS) satisfies z.ZodType<ScreenId>;

export const accountKindSchema = z.enum(['mailbox', 'store', 'identity']);
export type AccountKind = z.infer<typeof accountKindSchema>;

export const accountStatusSchema = z.enum(['not_connected', 'connected', 'needs_reauth', 'error', 'disabled']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const expiryLevelSchema = z.enum(['ok', 'warning', 'critical', 'expired', 'unknown']);
export type ExpiryLevel = z.infer<typeof expiryLevelSchema>;

/** Which words of the shared catalogue say a message, with their values (see shared/result.ts). */
export const saySchema = z.strictObject({
  key: z.string().max(200),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});

/** ISO 8601 instant in UTC, or null when unknown. */
const isoTime = z.iso.datetime().nullable();

/** What the renderer and CLI may know about an account: metadata only, never a secret. */
/**
 * One health state per account, derived in the core from everything known (status, both tokens'
 * ends, the provider's state, the last error), shown the same by the UI and the CLI.
 */
export const HEALTH_KEYS = [
  'disabled',
  'not_connected',
  'needs_reauth',
  'token_refused',
  'expired_reauthorize',
  'expired_paste',
  'lapses_day',
  'degraded',
  'lapses_soon',
  'healthy',
] as const;
export type HealthKey = (typeof HEALTH_KEYS)[number];

export const accountHealthSchema = z.strictObject({
  state: z.enum([
    'needs_reauth',
    'token_refused',
    'expired',
    'lapses_soon',
    'degraded',
    'not_connected',
    'healthy',
    'disabled',
  ]),
  /** Which words say it: the catalogue's `health.<key>`, in the reader's language. */
  key: z.enum(HEALTH_KEYS),
  /** The same in English, e.g. "Expired — re-authorize", "Lapses within a day" (the CLI, logs, the tray). */
  label: z.string(),
  /** What fixes it, when a person can. */
  action: z.enum(['reauthorize', 'paste_token', 'sign_in', 'refresh', 'enable']).nullable(),
  /** When the account stops working unless something happens (the governing token's end). */
  lapsesAt: z.iso.datetime().nullable(),
  /** 0 needs someone now … 5 nothing to do: "most urgent first" sorts by this, then by lapsesAt. */
  urgency: z.number().int().min(0).max(5),
});
export type AccountHealth = z.infer<typeof accountHealthSchema>;

export const accountSchema = z.strictObject({
  id: z.string(),
  provider: providerSchema,
  kind: accountKindSchema,
  label: z.string(),
  status: accountStatusSchema,
  accessExpiresAt: isoTime,
  refreshExpiresAt: isoTime,
  expiryLevel: expiryLevelSchema,
  /** The level of each token: the access token's is short-lived and refreshed on use. */
  accessLevel: expiryLevelSchema,
  refreshLevel: expiryLevelSchema,
  /** True when the provider does not say when its refresh token ends and Gatehouse estimates it. */
  refreshExpiryEstimated: z.boolean(),
  lastRefreshAt: isoTime,
  /** When the keep-alive (or a backoff) will refresh next; null when nothing is scheduled. */
  nextRefreshAt: isoTime,
  /** `degraded` while the provider is failing for reasons not the account's (network, 5xx, 429). */
  providerState: z.enum(['ok', 'degraded']),
  lastError: z.string().nullable(),
  /** The last error in the catalogue's words, when it was said by Gatehouse (not a provider's own text). */
  lastErrorSay: saySchema.nullable(),
  lastErrorCode: z.string().nullable(),
  /** Who signed in (email, UPN or operator id); a re-authorization as anyone else is refused. */
  identity: z.string().nullable(),
  health: accountHealthSchema,
  createdAt: z.iso.datetime(),
});
export type Account = z.infer<typeof accountSchema>;

/** The first-glance counts on the Accounts screen; each is also a filter. */
export const GLANCE_KEYS = ['expired', 'lapses_day', 'reauth', 'degraded'] as const;
export type GlanceKey = (typeof GLANCE_KEYS)[number];
export const ACCOUNT_SORTS = ['expiry', 'label', 'provider', 'status', 'lastRefresh'] as const;
export type AccountSort = (typeof ACCOUNT_SORTS)[number];

/** Which accounts to show: every field narrows; the store filters, sorts and counts. */
export const accountQuerySchema = z.strictObject({
  // No account's text holds a NUL (PostgreSQL cannot store one), and a search with one is refused.
  search: z
    .string()
    .max(200)
    .refine((s) => !s.includes('\u0000'), 'a search cannot contain a NUL character')
    .optional(),
  provider: providerSchema.optional(),
  status: accountStatusSchema.optional(),
  /** An expiry level, or "attention": what needs a person now (health urgency 0 or 1). */
  level: z.union([expiryLevelSchema, z.literal('attention')]).optional(),
  glance: z.enum(GLANCE_KEYS).optional(),
  /** Only these accounts (the ones a screen names, such as the Sessions screen's). */
  ids: z.array(z.string().min(1).max(100)).max(1000).optional(),
  sort: z.enum(ACCOUNT_SORTS).optional(),
});
export type AccountQuery = z.infer<typeof accountQuerySchema>;

const count = z.number().int().min(0);
/** How many accounts there are by level, status and first-glance count (over all, not the filter). */
export const accountCountsSchema = z.strictObject({
  total: count,
  attention: count,
  byLevel: z.record(expiryLevelSchema, count),
  byStatus: z.record(accountStatusSchema, count),
  glance: z.record(z.enum(GLANCE_KEYS), count),
});
export type AccountCounts = z.infer<typeof accountCountsSchema>;

export const accountWindowSchema = z.strictObject({
  rows: z.array(accountSchema),
  offset: count,
  /** How many accounts match the filter (the rows are a window of them). */
  matching: count,
  /** Null when not asked for (a page fetched while scrolling). */
  counts: accountCountsSchema.nullable(),
});
export type AccountWindow = z.infer<typeof accountWindowSchema>;

export const checkStatusSchema = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/** One line of a health report (doctor, the Settings storage card). */
export const healthCheckSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  status: checkStatusSchema,
  detail: z.string(),
  remedy: z.string().nullable(),
  /** The error code behind a failed check, when there is one (NOT_A_MEMBER, KEYCHAIN_LOCKED…). */
  errorCode: z.string().optional(),
  /** The same three in the catalogue's words, for faces in another language. */
  say: z.strictObject({ label: saySchema, detail: saySchema.nullable(), remedy: saySchema.nullable() }).optional(),
});
export type HealthCheck = z.infer<typeof healthCheckSchema>;

export const healthReportSchema = z.strictObject({
  ok: z.boolean(),
  dataDir: z.string(),
  checks: z.array(healthCheckSchema),
});
export type HealthReport = z.infer<typeof healthReportSchema>;

export const auditEntrySchema = z.strictObject({
  seq: z.number().int(),
  at: z.iso.datetime(),
  actor: z.string(),
  role: roleSchema,
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['ok', 'error']),
  detail: z.string().nullable(),
  /** The device (data folder) it came from; null for entries from before team mode. */
  device: z.string().nullable(),
  /** Carries a MAC under the audit key (false: written while no keychain was reachable). */
  signed: z.boolean(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

/** What the Audit screen, `audit list` and `audit export` narrow the log to. */
export const auditFilterSchema = z.strictObject({
  actor: z.string().max(200).optional(),
  action: z.string().max(100).optional(),
  target: z.string().max(200).optional(),
  outcome: z.enum(['ok', 'error']).optional(),
  /** ISO instants: from (inclusive), to (exclusive). */
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;

export const auditVerificationSchema = z.strictObject({
  ok: z.boolean(),
  entries: z.number().int(),
  brokenAtSeq: z.number().int().nullable(),
  /** changed: an entry's content or place; forged: a MAC the audit key did not make; missing: entries this device saw are gone. */
  reason: z.enum(['changed', 'forged', 'missing']).nullable(),
  /** Newest entries written while no key was reachable: not vouched for until a signed one follows. */
  unsigned: z.number().int(),
  /** Signed entries whose key this device cannot open now (their MAC was not checked). */
  unchecked: z.number().int(),
  /** The newest entry this device had anchored in its keychain. */
  anchoredSeq: z.number().int().nullable(),
  say: saySchema,
});
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export const MEMBER_STATUSES = ['pending', 'active', 'removed'] as const;
export const memberSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  role: roleSchema,
  status: z.enum(MEMBER_STATUSES),
  /** The short fingerprint of the device's public key, compared before approving. */
  fingerprint: z.string(),
  requestedAt: z.iso.datetime(),
  approvedAt: z.iso.datetime().nullable(),
  approvedBy: z.string().nullable(),
  removedAt: z.iso.datetime().nullable(),
  removedBy: z.string().nullable(),
  /** When this member's device last used the console. */
  seenAt: z.iso.datetime().nullable(),
  /** This device's own membership. */
  isMe: z.boolean(),
});
export type Member = z.infer<typeof memberSchema>;

export const teamStatusSchema = z.strictObject({
  /** alone: this device's own data, its user the admin; team: a shared PostgreSQL with members. */
  mode: z.enum(['alone', 'team']),
  team: z.strictObject({ id: z.string(), name: z.string(), createdAt: z.iso.datetime() }).nullable(),
  /** This device's membership (null alone, or before it asked to join). */
  me: memberSchema.nullable(),
  /** This device's key fingerprint, once it has a key pair. */
  fingerprint: z.string().nullable(),
  /** Members waiting for an admin's approval. */
  pending: z.number().int(),
  /** Who is acting through this face, with which role. */
  operator: z.strictObject({ name: z.string(), role: roleSchema }),
  /** The store can hold a team (PostgreSQL); alone on SQLite, a team starts with a move. */
  canCreate: z.boolean(),
});
export type TeamStatus = z.infer<typeof teamStatusSchema>;
export const memberRefSchema = z.string().trim().min(1).max(200);

/** Names of secrets that are not tied to an account (webhooks, API keys of re-sync targets). */
export const SETTING_SECRETS = ['slack-webhook-url', 'customer-service-api-key'] as const;
export const settingSecretSchema = z.enum(SETTING_SECRETS);
export type SettingSecret = z.infer<typeof settingSecretSchema>;

export const vaultStatusSchema = z.strictObject({
  backend: z.string(),
  keyVersion: z.number().int().nullable(),
  sealedSecrets: z.number().int(),
  accountsNeedingReenrolment: z.number().int(),
});
export type VaultStatus = z.infer<typeof vaultStatusSchema>;

/** Where the data lives: the embedded SQLite file or the team's PostgreSQL (never a password). */
export const storeStatusSchema = z.strictObject({
  engine: z.enum(['sqlite', 'postgres']),
  location: z.string(),
  schema: z.number().int(),
  latestSchema: z.number().int(),
  /** One round trip to the store, in milliseconds. */
  latencyMs: z.number(),
  /** PostgreSQL: the server's version and whether this connection is encrypted. */
  serverVersion: z.string().nullable(),
  tls: z.boolean().nullable(),
});
export type StoreStatus = z.infer<typeof storeStatusSchema>;

/** What a move between stores copied (or, in a dry run, would copy), table by table. */
export const storeMoveSchema = z.strictObject({
  from: z.string(),
  to: z.string(),
  dryRun: z.boolean(),
  tables: z.array(z.strictObject({ table: z.string(), rows: z.number().int(), digest: z.string() })),
  verified: z.boolean(),
  /** Set when this data folder now uses the target (restart Gatehouse to follow it). */
  activated: z.boolean(),
});
export type StoreMove = z.infer<typeof storeMoveSchema>;

/** A connection test, or a switch to another store that already exists (nothing is copied). */
export const storeConnectSchema = z.strictObject({
  /** 'sqlite', or the URL without its password. */
  to: z.string(),
  serverVersion: z.string().nullable(),
  tls: z.boolean().nullable(),
  /** The Gatehouse schema found there: 0 when the database holds none yet. */
  schema: z.number().int(),
  latestSchema: z.number().int(),
  /** How many accounts it holds (null when it holds no Gatehouse data). */
  accounts: z.number().int().nullable(),
  latencyMs: z.number().nullable(),
  /** The password was kept in this user's OS keychain for the next start. */
  passwordKept: z.boolean(),
  /** Accounts in the store this folder leaves: they stay there, not merged (null for a test). */
  leftBehind: z.number().int().nullable(),
  /** Set when this data folder now uses it (restart Gatehouse to follow it). */
  activated: z.boolean(),
});
export type StoreConnect = z.infer<typeof storeConnectSchema>;

export const settingsSchema = z.strictObject({
  expiryWarningDays: z.number().min(0.01).max(365),
  expiryCriticalDays: z.number().min(0.01).max(365),
  sessionTimeoutMinutes: z.number().int().min(1).max(60),
  maxConcurrentSessions: z.number().int().min(1).max(10_000),
  tokenExchangeRetries: z.number().int().min(0).max(10),
  tokenExchangeTimeoutSeconds: z.number().int().min(1).max(300),
  theme: z.enum(['system', 'light', 'dark']),
  /** The language of the screens and of the core's messages: the OS's ("system"), or one chosen. */
  language: z.enum(['system', 'en', 'ko', 'fr']),
  /** A desktop notification when an account's expiry level changes, and when it recovers. */
  desktopNotifications: z.boolean(),
  /** Start Gatehouse at login, minimised to the tray, so the keep-alive runs (desktop app only). */
  startAtLogin: z.boolean(),
  /** Re-sync: the Customer Service base URL ('' = not configured); https, or loopback for local services. */
  customerServiceUrl: z
    .string()
    .max(300)
    .refine(
      (v) =>
        v === '' || /^https:\/\/[^\s/]+/.test(v) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(v),
      {
        message: 'field.custom.httpsOrEmpty',
      },
    ),
  /** How Gatehouse authenticates to the Customer Service: the sealed API key, or an enrolled identity-provider account's token. */
  customerServiceAuth: z.enum(['api-key', 'identity-provider']),
  /** The enrolled OpenID account whose access token authenticates to the Customer Service ('' = none). */
  customerServiceIdentityAccountId: z.string().max(100),
  /** The enrolled BigCommerce store used for customer get-or-create ('' = not configured). */
  resyncBigcommerceAccountId: z.string().max(100),
  /** The enrolled Cafe24 mall used for the customer lookup ('' = not configured). */
  resyncCafe24AccountId: z.string().max(100),
});
export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  expiryWarningDays: 3,
  expiryCriticalDays: 1,
  sessionTimeoutMinutes: 10,
  maxConcurrentSessions: 100,
  tokenExchangeRetries: 3,
  tokenExchangeTimeoutSeconds: 30,
  theme: 'system',
  language: 'system',
  desktopNotifications: true,
  startAtLogin: false,
  customerServiceUrl: '',
  customerServiceAuth: 'api-key',
  customerServiceIdentityAccountId: '',
  resyncBigcommerceAccountId: '',
  resyncCafe24AccountId: '',
};

/** What one refresh did. */
export const refreshOutcomeSchema = z.enum(['refreshed', 'needs_reauth', 'degraded', 'failed', 'skipped']);
export type RefreshOutcome = z.infer<typeof refreshOutcomeSchema>;

export const refreshResultSchema = z.strictObject({
  accountId: z.string(),
  label: z.string(),
  outcome: refreshOutcomeSchema,
  message: z.string(),
  say: saySchema,
});
export type RefreshResultView = z.infer<typeof refreshResultSchema>;

/** A failure an admin should know about, with what Gatehouse did about it. */
export const incidentSchema = z.strictObject({
  id: z.number().int(),
  at: z.iso.datetime(),
  accountId: z.string().nullable(),
  accountLabel: z.string().nullable(),
  provider: providerSchema.nullable(),
  /** The provider's or Gatehouse's error code (invalid_grant, AADSTS70008, http_429, expiry_warning …). */
  errorCode: z.string(),
  message: z.string(),
  action: z.string(),
  /** The same two in the catalogue's words (null for entries from before they were kept). */
  say: z.strictObject({ message: saySchema, action: saySchema.nullable() }).nullable(),
});
export type Incident = z.infer<typeof incidentSchema>;

/** One line of an account's history (the detail drawer). */
export const historyEntrySchema = z.strictObject({
  at: z.iso.datetime(),
  kind: z.enum(['sign-in', 'refresh', 'incident', 'change', 'test']),
  outcome: z.enum(['ok', 'error', 'info']),
  title: z.string(),
  detail: z.string().nullable(),
  /** The same two in the catalogue's words (detail null when it is a provider's or an actor's own text). */
  say: z.strictObject({ title: saySchema, detail: saySchema.nullable() }),
});
export type HistoryEntry = z.infer<typeof historyEntrySchema>;

/** The result of a test connection: one authenticated call to the provider's API. */
export const connectionTestSchema = z.strictObject({
  accountId: z.string(),
  ok: z.boolean(),
  endpoint: z.string(),
  httpStatus: z.number().int().nullable(),
  refreshed: z.boolean(),
  message: z.string(),
  say: saySchema,
});
export type ConnectionTest = z.infer<typeof connectionTestSchema>;

/** Sign-in session states (seed 002), plus INTERRUPTED for sessions cut short by a shutdown. */
export const SESSION_STATES = [
  'PENDING',
  'CALLBACK_RECEIVED',
  'COMPLETED',
  'FAILED',
  'EXPIRED',
  'CANCELLED',
  'INTERRUPTED',
] as const;
export const sessionStateSchema = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof sessionStateSchema>;

/** A sign-in in flight or finished: what the Sessions screen and `gatehouse sessions list` show. */
export const sessionSchema = z.strictObject({
  id: z.string(),
  accountId: z.string(),
  accountLabel: z.string(),
  provider: providerSchema,
  state: sessionStateSchema,
  step: z.string(),
  redirectUri: z.string(),
  /** The authorization URL, to finish the sign-in on another machine; null once finished. */
  authorizationUrl: z.string().nullable(),
  scopes: z.array(z.string()),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  errorCode: z.string().nullable(),
  errorMessage: z.string().nullable(),
  errorSay: saySchema.nullable(),
});
export type Session = z.infer<typeof sessionSchema>;

/** One account in a bulk enrolment: queued, then its session's state; NOT_STARTED when it could not start. */
export const bulkItemSchema = z.strictObject({
  accountId: z.string(),
  accountLabel: z.string(),
  sessionId: z.string().nullable(),
  state: z.enum(['QUEUED', 'NOT_STARTED', ...SESSION_STATES]),
  /** The authorization URL while the sign-in waits for the browser (to finish it on another machine). */
  authorizationUrl: z.string().nullable(),
  errorMessage: z.string().nullable(),
  errorSay: saySchema.nullable(),
});
export type BulkItem = z.infer<typeof bulkItemSchema>;

/** Many sign-ins run with at most `maxOpen` browser tabs open at a time. */
export const bulkSchema = z.strictObject({
  id: z.string(),
  createdAt: z.iso.datetime(),
  maxOpen: z.number().int(),
  done: z.boolean(),
  counts: z.strictObject({
    queued: z.number().int(),
    pending: z.number().int(),
    completed: z.number().int(),
    failed: z.number().int(),
  }),
  items: z.array(bulkItemSchema),
});
export type Bulk = z.infer<typeof bulkSchema>;

const label = z.string().trim().min(1).max(200);
/**
 * A pasted or piped secret. One rule for every secret: surrounding whitespace (a trailing newline,
 * a lone CR from Windows, stray spaces) is removed, because no token or client secret has any; the
 * CLI says so when it removed more than a final newline.
 */
export const secretText = (min: number, max: number) => z.string().trim().min(min).max(max);
/** Cafe24 mall ids: lowercase letters and digits, checked before any URL is built (a `evil.com#` would leak). */
export const MALL_ID = /^[a-z0-9][a-z0-9-]{1,48}[a-z0-9]$/;
/** BigCommerce store hashes: short lowercase alphanumerics. */
export const STORE_HASH = /^[a-z0-9]{5,20}$/;
/** Microsoft tenants: common, organizations, consumers, a GUID, or a domain. */
export const TENANT =
  /^(common|organizations|consumers|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)+)$/i;
const scope = z
  .string()
  .regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,200}$/, 'scopes are printable words without spaces or quotes');
const scopes = z.array(scope).max(50).optional();
const clientId = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'client ids have no spaces or control characters');
/** A registered fixed loopback redirect (seed: http://localhost:5000/auth/callback). */
export const loopbackRedirect = z
  .string()
  .max(300)
  .superRefine((value, ctx) => {
    let url: URL | null = null;
    try {
      url = new URL(value);
    } catch {
      url = null;
    }
    const loopback =
      url !== null &&
      url.protocol === 'http:' &&
      ['127.0.0.1', 'localhost'].includes(url.hostname) &&
      url.port !== '' &&
      url.search === '' &&
      url.hash === '' &&
      url.username === '' &&
      url.password === '';
    if (!loopback) {
      ctx.addIssue({
        code: 'custom',
        message: 'field.custom.redirectLoopback',
      });
    } else if (url !== null && url.href !== value) {
      // Providers compare redirects as strings: what is stored must be exactly what is sent and registered.
      ctx.addIssue({
        code: 'custom',
        message: `redirect is not written in its plain form; write it as ${url.href} (and register exactly that with the provider)`,
      });
    }
  });

/** What `accounts:add` takes, per provider. Secrets are separate fields, sealed on arrival. */
export const newAccountSchema = z.discriminatedUnion('provider', [
  z.strictObject({
    provider: z.literal('microsoft'),
    label,
    clientId,
    tenant: z.string().regex(TENANT, 'field.custom.tenant'),
    scopes,
    redirectUri: loopbackRedirect.optional(),
  }),
  z.strictObject({
    provider: z.literal('google'),
    label,
    clientId,
    clientSecret: secretText(1, 500).optional(),
    scopes,
    redirectUri: loopbackRedirect.optional(),
  }),
  z.strictObject({
    provider: z.literal('cafe24'),
    label,
    clientId,
    clientSecret: secretText(1, 500),
    mallId: z.string().regex(MALL_ID, 'field.custom.mallId'),
    relayUrl: z.url().max(300).optional(),
    scopes,
    redirectUri: loopbackRedirect.optional(),
  }),
  z.strictObject({
    provider: z.literal('bigcommerce'),
    label,
    storeHash: z.string().regex(STORE_HASH, 'field.custom.storeHash'),
    apiToken: secretText(8, 500),
  }),
  z.strictObject({
    provider: z.literal('oidc'),
    label,
    clientId,
    clientSecret: secretText(1, 500).optional(),
    issuer: z.url().max(300),
    relayUrl: z.url().max(300).optional(),
    scopes,
    redirectUri: loopbackRedirect.optional(),
  }),
]);
export type NewAccount = z.infer<typeof newAccountSchema>;

/** Re-sync targets (DESIGN.md "Customer re-sync"). */
export const RESYNC_TARGETS = ['customer-service', 'bigcommerce', 'cafe24'] as const;
export const resyncTargetSchema = z.enum(RESYNC_TARGETS);
export type ResyncTarget = z.infer<typeof resyncTargetSchema>;

const optionalText = (max: number) => z.string().trim().max(max).optional();

/** The user a re-sync is about. Only the email is required; each target says what else it needs. */
/** The documented size of a re-sync list (the CLI, the Re-sync screen and the router agree). */
export const MAX_RESYNC_USERS = 10_000;

export const resyncUserSchema = z.strictObject({
  email: z.string().trim().max(250).regex(EMAIL, 'field.custom.email'),
  auth0Id: optionalText(200),
  firstName: optionalText(100),
  lastName: optionalText(100),
  companyId: optionalText(100),
  userType: optionalText(50),
});
export type ResyncUser = z.infer<typeof resyncUserSchema>;

export const resyncOutcomeSchema = z.enum(['synced', 'existing', 'created', 'present', 'absent', 'skipped', 'failed']);
export type ResyncOutcome = z.infer<typeof resyncOutcomeSchema>;

/** What one target did for one user, in plain words. */
export const resyncResultSchema = z.strictObject({
  target: resyncTargetSchema,
  outcome: resyncOutcomeSchema,
  /** The customer or member id at the target, when there is one. */
  customerId: z.string().nullable(),
  message: z.string(),
  /** The message in the catalogue's words (absent on runs recorded before they were kept). */
  say: saySchema.optional(),
  httpStatus: z.number().int().nullable(),
});
export type ResyncResult = z.infer<typeof resyncResultSchema>;

export const syncRunSchema = z.strictObject({
  id: z.string(),
  batchId: z.string().nullable(),
  email: z.string(),
  requestedBy: z.string(),
  startedAt: z.iso.datetime(),
  finishedAt: z.iso.datetime().nullable(),
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  results: z.array(resyncResultSchema),
});
export type SyncRun = z.infer<typeof syncRunSchema>;

export const resyncTargetStateSchema = z.strictObject({
  target: resyncTargetSchema,
  label: z.string(),
  configured: z.boolean(),
  detail: z.string(),
  say: z.strictObject({ label: saySchema, detail: saySchema }),
});
export type ResyncTargetState = z.infer<typeof resyncTargetStateSchema>;

export const resyncBatchSchema = z.strictObject({
  id: z.string(),
  total: z.number().int(),
  done: z.number().int(),
  succeeded: z.number().int(),
  failed: z.number().int(),
  cancelled: z.boolean(),
  finished: z.boolean(),
  /** Emails whose run failed (to retry). */
  failedEmails: z.array(z.string()),
});
export type ResyncBatch = z.infer<typeof resyncBatchSchema>;

/** The same, in English (the contract's check, the CLI). */
export function importLimitProblem(files: { name: string; size: number }[]): string | null {
  const say = importLimit(files);
  return say ? (inEnglish as unknown as (key: string, params: object) => string)(say.key, say.params ?? {}) : null;
}
