import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The better-sqlite3 binary built for Electron's ABI by scripts/electron-native.mjs (the one in
 * node_modules stays built for Node, so the CLI and tests keep working beside the app). Packaged
 * builds get theirs from electron-builder, so nothing is returned there.
 */
export function electronSqliteBinding(
  appRoot: string,
  electronVersion: string,
  isPackaged: boolean,
): string | undefined {
  if (isPackaged) return undefined;
  const candidate = join(appRoot, 'out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
  return existsSync(candidate) ? candidate : undefined;
}
