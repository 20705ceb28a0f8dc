import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
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
