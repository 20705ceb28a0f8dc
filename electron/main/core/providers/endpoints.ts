import { CoreError } from '../errors';

/** True for 127.0.0.0/8, ::1 and localhost. */
export function isLoopbackHostname(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** Every provider endpoint is https, except on loopback (local identity providers and tests). O15. */
export function requireSecureUrl(raw: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw CoreError.say('INVALID_INPUT', 'errors.notUrl', { field });
  }
  if (url.username || url.password) throw CoreError.say('INVALID_INPUT', 'errors.urlUserinfo', { field });
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return url;
  throw CoreError.say('INVALID_INPUT', 'errors.httpsOnly', { field });
}

/**
 * Rewrites the origins of built-in provider endpoints, for tests and emulators only: every target
 * must be a loopback origin, so an override can never send a token anywhere but this computer.
 */
export class EndpointOverrides {
  private readonly map = new Map<string, string>();

  constructor(overrides: Record<string, string> = {}) {
    for (const [from, to] of Object.entries(overrides)) {
      const target = new URL(to);
      if (!isLoopbackHostname(target.hostname)) {
        throw CoreError.say('INVALID_INPUT', 'errors.overrideLoopback', { from, host: target.host });
      }
      this.map.set(new URL(from).origin, target.origin);
    }
  }

  apply(raw: string): string {
    const url = new URL(raw);
    const target = this.map.get(url.origin);
    return target ? `${target}${url.pathname}${url.search}` : raw;
  }
}

/**
 * Reads GATEHOUSE_ENDPOINT_OVERRIDES (JSON: { "https://origin": "http://127.0.0.1:PORT" }) and
 * checks it the way the core will: every target on loopback.
 */
export function parseOverridesEnv(value: string | undefined): Record<string, string> {
  if (!value) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = null;
  }
  if (
    parsed === null ||
    typeof parsed !== 'object' ||
    Array.isArray(parsed) ||
    Object.values(parsed).some((v) => typeof v !== 'string')
  ) {
    throw CoreError.say('INVALID_INPUT', 'errors.overridesJson');
  }
  const overrides = parsed as Record<string, string>;
  new EndpointOverrides(overrides);
  return overrides;
}
