import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file that names this workstation's data folder among every process sharing one store. */
export const DEVICE_FILE = 'gatehouse.device';

/**
 * This data folder's device id, created once. A lease holder and a sign-in's owner are a (device,
 * process) pair: a PID is only meaningful on the device that issued it.
 */
export function deviceId(dataDir: string): string {
  const path = join(dataDir, DEVICE_FILE);
  try {
    const text = readFileSync(path, 'utf8').trim();
    if (/^[0-9a-f-]{36}$/.test(text)) return text;
  } catch {
    // first start: created below
  }
  const id = randomUUID();
  try {
    writeFileSync(path, `${id}\n`, { mode: 0o600, flag: 'wx' });
    return id;
  } catch {
    // Written by another process at the same moment: theirs holds.
    try {
      const text = readFileSync(path, 'utf8').trim();
      if (/^[0-9a-f-]{36}$/.test(text)) return text;
    } catch {
      // unreadable folder: this process alone
    }
    return id;
  }
}
