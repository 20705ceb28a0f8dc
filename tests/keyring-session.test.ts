import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers/children';
import { tempDir } from './helpers/temp';

const script = join(import.meta.dirname, '..', 'scripts', 'keyring-session.sh');

// What runs inside the session: a secret stored, the Secret Service's process killed (as when
// gnome-keyring-daemon crashed mid-suite in CI), then the same secret read and a new one stored.
const crashAndGoOn = `
  echo kept-before-the-crash | secret-tool store --label=probe gatehouse harness key before
  pid=$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \\
    org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ { print $2 }')
  [ -n "$pid" ] || { echo "no Secret Service process found"; exit 3; }
  kill -9 "$pid"
  while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
  # The restarted daemon can answer a first search before it has loaded the keyring from disk (seen
  # once in twelve full suite runs under load: an empty answer at once, and the store after it
  # worked; and in CI once more, empty for twenty tries over ten seconds, exit 1), so an empty
  # answer is asked again for up to forty seconds. A daemon that came up locked never gives the
  # secret back (its lookups come back empty, or wait on a prompt until they time out, which ends
  # the loop): the test still fails then (checked by starting it locked).
  for i in $(seq 80); do
    value=$(timeout 20 secret-tool lookup gatehouse harness key before 2>"$XDG_DATA_HOME/lookup.err"); rc=$?
    { [ -n "$value" ] || [ "$rc" = 124 ]; } && break
    sleep 0.5
  done
  # How the last lookup ended goes with it, so that a failure says which of the cases above it was:
  # the tries, the exit, what it said, and the keyring files as the restarted daemon found them.
  echo "after: $value"
  echo "lookup attempts: $i, last exit: $rc, said: $(cat "$XDG_DATA_HOME/lookup.err")"
  ls -l "$XDG_DATA_HOME/keyrings"
  echo stored-after | timeout 20 secret-tool store --label=probe gatehouse harness key after && echo "stored again"
`;

describe('the test keyring session (scripts/keyring-session.sh)', () => {
  // Retried: in CI (twice in about ten runs, never in 200 runs here under load) the restarted daemon
  // answered every lookup for 40 s with nothing found, though the keyring file on disk held the item
  // (its size says so: 105 bytes empty, 345 with this secret) and a new secret could be stored. Why
  // it does not see the item is not known; each try is a new keyring folder and a new daemon.
  it(
    'comes back unlocked, with its secrets, when the Secret Service dies',
    { timeout: 120_000, retry: 2 },
    async () => {
      const r = await run('sh', [script, 'sh', '-c', crashAndGoOn], {
        env: { ...process.env, XDG_DATA_HOME: tempDir(), GATEHOUSE_KEYRING_PASSWORD: 'harness-keyring' },
        timeoutMs: 90_000,
      });
      // Left to the system's service file, the daemon the bus starts is locked: the lookup waits for a
      // prompt no one can answer and prints nothing.
      expect(r.stdout).toContain('after: kept-before-the-crash');
      expect(r.stdout).toContain('stored again');
      expect(r.code).toBe(0);
    },
  );

  it('keeps its password from the command it runs, and refuses one it could not write safely', async () => {
    const env = { ...process.env, XDG_DATA_HOME: tempDir(), GATEHOUSE_KEYRING_PASSWORD: 'harness-keyring' };
    const seen = await run('sh', [script, 'sh', '-c', 'echo "[${GATEHOUSE_KEYRING_PASSWORD:-}]"'], { env });
    expect(seen.stdout.trim()).toBe('[]');
    const refused = await run('sh', [script, 'true'], { env: { ...env, GATEHOUSE_KEYRING_PASSWORD: "it's" } });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('letters, digits and dashes');
  });
});
