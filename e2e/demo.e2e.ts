/** `npm run demo` from a clone works: stand-ins start, the folder is seeded, the console shows it. */
import { describe, expect, it } from 'vitest';
import { run } from '../tests/helpers/children';

describe('npm run demo', () => {
  it('starts the stand-ins, seeds a realistic mix, and opens the console on it (checked headless)', async () => {
    const result = await run('npm', ['run', '--silent', 'demo', '--', '--check'], { timeoutMs: 150_000 });
    expect(result.stdout, result.stderr.slice(-2000)).toContain('demo check: the console shows the seeded accounts.');
    expect(result.stderr).not.toMatch(/Downloading Electron/);
    expect(result.code).toBe(0);
  }, 180_000);
});
