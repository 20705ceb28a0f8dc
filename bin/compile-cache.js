// Where `bin/gatehouse.js` lets Node keep the bundle's compiled code (Node 22.1 and later).
import { mkdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';

/**
 * The folder for Node's compile cache, created if missing; null when Node should be left to decide
 * (`NODE_COMPILE_CACHE` or `NODE_DISABLE_COMPILE_CACHE` set) or when the folder is not this user's
 * alone. Never the shared temporary folder Node picks by default: compiled code that another user
 * could write there would run in a process that holds tokens.
 */
export function compileCacheFolder(env = process.env, platform = process.platform, home = homedir()) {
  if (env.NODE_COMPILE_CACHE || env.NODE_DISABLE_COMPILE_CACHE) return null;
  try {
    const folder = join(userCacheFolder(env, platform, home), 'gatehouse', 'node-compile-cache');
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const { uid, mode } = statSync(folder);
    if (process.getuid && (uid !== process.getuid() || (mode & 0o077) !== 0)) return null;
    return folder;
  } catch {
    return null;
  }
}

/** The folder the platform keeps a user's caches in. */
function userCacheFolder(env, platform, home) {
  if (platform === 'win32') return env.LOCALAPPDATA || join(home, 'AppData', 'Local');
  if (platform === 'darwin') return join(home, 'Library', 'Caches');
  return env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : join(home, '.cache');
}
