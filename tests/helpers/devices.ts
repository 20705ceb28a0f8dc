import { join } from 'node:path';
import { bundled, run, type RunResult } from './children';
import { lastingDir } from './temp';

/**
 * A workstation of a team test: its own data folder and, unless it is the test's own machine, its
 * own keyring in its own D-Bus session (so its device key and data keys are nowhere else).
 */
export interface Device {
  name: string;
  dataDir: string;
  /** XDG_DATA_HOME of its gnome-keyring; null: the test process's own Secret Service. */
  keyring: string | null;
}

export function newDevice(name: string, ownKeyring = true): Device {
  return { name, dataDir: lastingDir(), keyring: ownKeyring ? lastingDir() : null };
}

/** A private D-Bus session with the device's keyring, unlocked (see the script). */
const KEYRING_SESSION = join(import.meta.dirname, '..', '..', 'scripts', 'keyring-session.sh');

/** Runs the real `gatehouse` CLI on a device (in its own D-Bus session with its keyring). */
export async function onDevice(
  device: Device,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const entry = await bundled('electron/cli/index.ts');
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env };
  // The device's own folder decides its store (never the test run's).
  delete env.GATEHOUSE_STORE_URL;
  delete env.GATEHOUSE_DATA_DIR;
  const argv = [entry, '--data-dir', device.dataDir, ...args];
  const timeoutMs = options.timeoutMs ?? 60_000;
  if (!device.keyring)
    return run(process.execPath, argv, { env, timeoutMs, ...(options.input ? { input: options.input } : {}) });
  return run('sh', [KEYRING_SESSION, process.execPath, ...argv], {
    env: { ...env, XDG_DATA_HOME: device.keyring, GATEHOUSE_KEYRING_PASSWORD: 'device-keyring' },
    timeoutMs,
    ...(options.input ? { input: options.input } : {}),
  });
}
