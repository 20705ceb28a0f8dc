import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';

const made: string[] = [];

/** A fresh temp folder, removed after the test. One data folder per test. */
export function tempDir(prefix = 'gatehouse-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A temp folder that lives for the whole file (a workstation across a scenario of several tests). */
export function lastingDir(prefix = 'gatehouse-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  lasting.push(dir);
  return dir;
}
const lasting: string[] = [];

afterAll(() => {
  for (const dir of lasting.splice(0)) rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});
