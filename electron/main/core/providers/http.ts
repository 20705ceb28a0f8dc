import { CoreError } from '../errors';
import { requireSecureUrl } from './endpoints';

/** Timeout of one provider API call. */
export const PROVIDER_TIMEOUT_MS = 15_000;
const MAX_BODY = 2 * 1024 * 1024;

export interface ProviderResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON, or null when the body is empty or not JSON. */
  json: unknown;
  /** True when the body was JSON (an HTML error page from a proxy is not). */
  isJson: boolean;
}

/**
 * One call to a provider API: https (or loopback) only, no redirects followed (a redirect could carry
 * the bearer token elsewhere), a timeout, and a cap on the decoded body. The body is never logged.
 */
export async function providerFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: unknown; timeoutMs?: number } = {},
): Promise<ProviderResponse> {
  requireSecureUrl(url, 'provider endpoint');
  const headers: Record<string, string> = { Accept: 'application/json', ...init.headers };
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
      redirect: 'manual',
      signal: AbortSignal.timeout(init.timeoutMs ?? PROVIDER_TIMEOUT_MS),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError' || (error as Error).name === 'AbortError';
    throw Object.assign(
      timedOut
        ? CoreError.say('PROVIDER_UNAVAILABLE', 'errors.providerTimeout', {
            host: new URL(url).host,
            seconds: Math.round((init.timeoutMs ?? PROVIDER_TIMEOUT_MS) / 1000),
          })
        : CoreError.say('PROVIDER_UNAVAILABLE', 'errors.providerUnreachable', { host: new URL(url).host }),
      { timedOut },
    );
  }
  let text: string;
  try {
    text = await readCapped(response, MAX_BODY);
  } catch {
    throw CoreError.say('PROVIDER_UNAVAILABLE', 'errors.providerTooLarge', {
      host: new URL(url).host,
      mb: MAX_BODY / 1024 / 1024,
    });
  }
  let json: unknown = null;
  let isJson = false;
  if (text.trim().length > 0) {
    try {
      json = JSON.parse(text.replace(/^\uFEFF/, ''));
      isJson = true;
    } catch {
      json = null;
    }
  }
  return { status: response.status, headers: response.headers, json, isJson };
}

/** Reads a response body up to `cap` bytes; a larger body is an error (code RESPONSE_TOO_LARGE), not a truncation. */
export async function readCapped(response: Response, cap: number): Promise<string> {
  if (!response.body) return '';
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > cap) {
      await reader.cancel();
      throw Object.assign(new Error(`response larger than ${cap} bytes`), { code: 'RESPONSE_TOO_LARGE' });
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
