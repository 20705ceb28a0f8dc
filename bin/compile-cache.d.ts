/** See compile-cache.js. */
export function compileCacheFolder(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, home?: string): string | null;
