import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir` (the database, its -wal and -shm, logs, preferences). */
export function filesBelow(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...filesBelow(path));
    else out.push(path);
  }
  return out;
}

/** Where any canary appears, in raw bytes (utf-8, and utf-16 as SQLite may store it). */
export function findCanaries(canaries: string[], sources: { name: string; bytes: Buffer | string }[]): string[] {
  const hits: string[] = [];
  for (const { name, bytes } of sources) {
    const buf = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
    for (const canary of canaries) {
      if (buf.includes(Buffer.from(canary, 'utf8')) || buf.includes(Buffer.from(canary, 'utf16le')))
        hits.push(`${canary} in ${name}`);
    }
  }
  return hits;
}

/** Reads every file below `dir` as a scan source. */
export function fileSources(dir: string): { name: string; bytes: Buffer }[] {
  return filesBelow(dir).map((path) => ({ name: path, bytes: readFileSync(path) }));
}
