import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFileLogger, redact } from '../electron/main/core/log';
import { tempDir } from './helpers/temp';

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

describe('the log file', () => {
  it('takes whole lines from two processes at once, starts again when deleted, and is private', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'logs', 'gatehouse.log');
    // Two loggers on one folder: the app and the CLI beside it.
    const app = createFileLogger(dataDir, Date.now);
    const cli = createFileLogger(dataDir, Date.now);
    for (let i = 0; i < 50; i++) {
      app.info('app.line', { i });
      cli.warn('cli.line', { i });
    }
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(100);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // Someone clears the logs folder while the file is open: the next line starts a new file.
    rmSync(join(dataDir, 'logs'), { recursive: true });
    app.error('after.clear', { account: 'acct-1' });
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain('"event":"after.clear"');
  });
});
