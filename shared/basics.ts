import type { Say } from './result';

/**
 * The plain parts of the domain: constants and small rules with no schema behind them. The renderer
 * imports these (and only types from domain.ts), so it builds no zod schemas at start-up (issue #16,
 * B5); domain.ts re-exports them beside the schemas made from them.
 */

/** Who may call a channel. Roles are ordered: admin can do all that support can, and so on. */
export const ROLES = ['viewer', 'support', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** True when `held` is at least `needed`. */
export function roleAllows(held: Role, needed: Role): boolean {
  return ROLES.indexOf(held) >= ROLES.indexOf(needed);
}

export const PROVIDERS = ['microsoft', 'google', 'cafe24', 'bigcommerce', 'oidc'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** Fingerprints compare without case, spaces or dashes (people read them aloud, and type them so). */
export function sameFingerprint(a: string, b: string): boolean {
  const plain = (s: string) => s.toUpperCase().replace(/[\s-]/g, '');
  return plain(a) === plain(b) && plain(a).length > 0;
}

/** A plain, strict email check (no quotes, no comments, one @, a dotted domain). */
export const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

/** Enrollment import limits, checked before any file is read (the CLI, the Enroll screen) and again by the router. */
export const MAX_YAML_BYTES = 256 * 1024;
export const MAX_IMPORT_FILES = 1000;
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

/** Why a set of enrollment files is too much for one import, or null; from names and sizes alone. */
export function importLimit(files: { name: string; size: number }[]): Say | null {
  if (files.length > MAX_IMPORT_FILES)
    return { key: 'import.limit.files', params: { count: files.length, max: MAX_IMPORT_FILES } };
  const big = files.find((f) => f.size > MAX_YAML_BYTES);
  if (big) return { key: 'errors.yaml.tooLarge', params: { file: big.name, kb: MAX_YAML_BYTES / 1024 } };
  const total = files.reduce((sum, f) => sum + f.size, 0);
  if (total > MAX_IMPORT_BYTES)
    return {
      key: 'import.limit.bytes',
      params: { mb: (total / 1024 / 1024).toFixed(1), max: MAX_IMPORT_BYTES / 1024 / 1024 },
    };
  return null;
}

/** The screens of the app, in navigation order (the menu's shortcuts follow it). */
export const SCREEN_IDS = [
  'accounts',
  'enroll',
  'sessions',
  'resync',
  'incidents',
  'audit',
  'members',
  'settings',
] as const;
export type ScreenId = (typeof SCREEN_IDS)[number];
