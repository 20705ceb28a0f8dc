import { describe, expect, it } from 'vitest';
import { redact } from '../electron/main/core/log';

describe('log redaction', () => {
  it.each([
    ['Authorization: Bearer eyJhbGciOi.abc.def', 'Bearer [redacted]'],
    [
      'grant_type=refresh_token&refresh_token=rt-123&client_secret=cs-9',
      'refresh_token=[redacted]&client_secret=[redacted]',
    ],
    ['code=abc123&state=xyz&code_verifier=ver', 'code=[redacted]&state=[redacted]&code_verifier=[redacted]'],
    ['{"access_token":"at-1","expires_in":3600}', '"access_token":"[redacted]"'],
    ['post to https://hooks.slack.com/services/T/B/secret failed', '[redacted webhook]'],
  ])('redacts %s', (input, expected) => {
    const out = redact(input) as string;
    expect(out).toContain(expected);
    for (const secret of ['eyJhbGciOi', 'rt-123', 'cs-9', 'abc123', 'at-1', 'services/T/B/secret'])
      expect(out).not.toContain(secret);
  });

  it('redacts values under secret-looking keys at any depth, and error messages', () => {
    const out = JSON.stringify(
      redact({
        account: 'a',
        nested: { refreshToken: 'x1', apiKey: 'x2', password: 'x3', list: [{ client_secret: 'x4' }] },
        error: new Error('code=x5'),
      }),
    );
    for (const s of ['x1', 'x2', 'x3', 'x4', 'x5']) expect(out).not.toContain(`"${s}`);
    expect(out).toContain('"account":"a"');
  });
});
