import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** One measured figure, beside its baseline. `ratio` = value / baseline (how far from the floor). */
export interface Figure {
  id: string;
  what: string;
  value: number;
  unit: string;
  baseline: number | null;
  baselineWhat: string;
  /** For throughputs (higher is better) the ratio is inverted so that 1.0 is "as good as the baseline". */
  higherIsBetter?: boolean;
}

export function tempDir(prefix = 'gatehouse-bench-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

export function median(samples: number[]): number {
  return percentile(samples, 50);
}

export function ratio(f: Figure): number | null {
  if (f.baseline === null || f.baseline === 0) return null;
  return f.higherIsBetter ? f.baseline / f.value : f.value / f.baseline;
}

export function round(n: number, digits = 2): number {
  const k = 10 ** digits;
  return Math.round(n * k) / k;
}

/**
 * User and system CPU time of every process named `postgres` on this machine (the bench's
 * throw-away cluster: its backends and its background writers), in ms; null without Linux's /proc.
 * Backends that exit between two readings take their time with them: read it while the store's
 * connections are open.
 */
export function postgresCpuMs(): number | null {
  let ticks = 0;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return null;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // gone meanwhile
    }
    if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
    // After the name: state is field 3; utime and stime are fields 14 and 15 (proc(5)).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  // Clock ticks are 1/100 s on Linux (sysconf(_SC_CLK_TCK) = 100 on every mainstream build).
  return ticks * 10;
}

/**
 * A TCP relay in front of a PostgreSQL URL that holds every chunk `oneWayMs` in each direction, as a
 * network between a workstation and its team's server would (loopback's round trip is ~0.1 ms).
 * Returns the URL through it and a close. Order is kept: chunks of one direction wait alike.
 */
export async function slowLink(url: string, oneWayMs: number): Promise<{ url: string; close: () => Promise<void> }> {
  const target = new URL(url);
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection(Number(target.port || 5432), target.hostname);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      sockets.add(from);
      from.setNoDelay(true);
      from.on('data', (chunk) => setTimeout(() => to.write(chunk), oneWayMs));
      from.on('close', () => setTimeout(() => to.destroy(), oneWayMs));
      from.on('error', () => to.destroy());
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const through = new URL(url);
  through.hostname = '127.0.0.1';
  through.port = String((server.address() as AddressInfo).port);
  return {
    url: through.toString(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
