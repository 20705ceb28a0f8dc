import { z } from 'zod';

/** Who may call a channel. Roles are ordered: admin can do all that support can, and so on. */
export const ROLES = ['viewer', 'support', 'admin'] as const;
export const roleSchema = z.enum(ROLES);
export type Role = z.infer<typeof roleSchema>;

/** True when `held` is at least `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export const PROVIDERS = ['microsoft', 'google', 'cafe24', 'bigcommerce', 'oidc'] as const;
export const providerSchema = z.enum(PROVIDERS);
export type Provider = z.infer<typeof providerSchema>;

export const accountKindSchema = z.enum(['mailbox', 'store', 'identity']);
export type AccountKind = z.infer<typeof accountKindSchema>;

export const accountStatusSchema = z.enum(['not_connected', 'connected', 'needs_reauth', 'error']);
export type AccountStatus = z.infer<typeof accountStatusSchema>;

export const expiryLevelSchema = z.enum(['ok', 'warning', 'critical', 'expired', 'unknown']);
export type ExpiryLevel = z.infer<typeof expiryLevelSchema>;

/** ISO 8601 instant in UTC, or null when unknown. */
const isoTime = z.iso.datetime().nullable();

/** What the renderer and CLI may know about an account: metadata only, never a secret. */
export const accountSchema = z.strictObject({
  id: z.string(),
  provider: providerSchema,
  kind: accountKindSchema,
  label: z.string(),
  status: accountStatusSchema,
  accessExpiresAt: isoTime,
  refreshExpiresAt: isoTime,
  expiryLevel: expiryLevelSchema,
  lastRefreshAt: isoTime,
  lastError: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type Account = z.infer<typeof accountSchema>;

export const checkStatusSchema = z.enum(['ok', 'warn', 'fail']);
export type CheckStatus = z.infer<typeof checkStatusSchema>;

/** One line of a health report (doctor, the Settings storage card). */
export const healthCheckSchema = z.strictObject({
  id: z.string(),
  label: z.string(),
  status: checkStatusSchema,
  detail: z.string(),
  remedy: z.string().nullable(),
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
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

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

export const settingsSchema = z.strictObject({
  expiryWarningDays: z.number().min(0.01).max(365),
  expiryCriticalDays: z.number().min(0.01).max(365),
  sessionTimeoutMinutes: z.number().int().min(1).max(60),
  maxConcurrentSessions: z.number().int().min(1).max(10_000),
  tokenExchangeRetries: z.number().int().min(0).max(10),
  tokenExchangeTimeoutSeconds: z.number().int().min(1).max(300),
  theme: z.enum(['system', 'light', 'dark']),
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
};
