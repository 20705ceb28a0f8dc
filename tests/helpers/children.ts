import { storeUrlFor } from './store';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleNode } from '../../scripts/build-cli.mjs';

const root = join(import.meta.dirname, '..', '..');
const cacheDir = join(root, 'node_modules', '.cache', 'gatehouse-test');
const built = new Map<string, Promise<string>>();

/**
 * Bundles a TypeScript entry for a child process (plain Node cannot run TS). The bundle lives under
 * node_modules so the native modules resolve as they do for the real CLI.
 */
export function bundled(entry: string): Promise<string> {
  let pending = built.get(entry);
  if (!pending) {
    mkdirSync(cacheDir, { recursive: true });
    const out = join(cacheDir, `${entry.replace(/[^a-z0-9]+/gi, '-')}-${process.pid}.mjs`);
    pending = bundleNode(entry, out);
    built.set(entry, pending);
  }
  return pending;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to completion, feeding `input` on stdin. */
export function run(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    // A child may end without reading its input (a refusal before it starts): the pipe is then
    // closed, and the write's EPIPE says nothing the exit code does not.
    child.stdin.on('error', () => {});
    child.stdin.end(options.input ?? '');
  });
}

/** Runs the real `gatehouse` CLI (bundled from source) with `args`. */
export async function cli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<RunResult> {
  const entry = await bundled('electron/cli/index.ts');
  // On PostgreSQL runs, the CLI of a data folder uses that folder's database, as the test's cores do.
  const dirAt = args.indexOf('--data-dir');
  const dataDir = dirAt >= 0 ? args[dirAt + 1] : (options.env ?? process.env).GATEHOUSE_DATA_DIR;
  // A test that names the store itself (even as '', for the folder's own choice) keeps its word.
  const chosen = options.env && 'GATEHOUSE_STORE_URL' in options.env;
  const storeUrl = dataDir && !chosen ? await storeUrlFor(dataDir) : undefined;
  const env = storeUrl ? { ...(options.env ?? process.env), GATEHOUSE_STORE_URL: storeUrl } : options.env;
  return run(process.execPath, [entry, ...args], { ...options, ...(env ? { env } : {}) });
}

/** The environment without a D-Bus session: no Secret Service can be reached. */
export function envWithoutDbus(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  delete env.DISPLAY;
  return env;
}
