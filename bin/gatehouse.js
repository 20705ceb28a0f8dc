#!/usr/bin/env node
// Entry of `npx gatehouse`: runs the bundled CLI, or says how to build it.
import { existsSync } from 'node:fs';
import module from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compileCacheFolder } from './compile-cache.js';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'gatehouse.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('gatehouse: the CLI is not built yet. Run `npm run build` in the Gatehouse folder first.\n');
  process.exit(1);
}
// Node 22.1 and later keep what V8 compiled of the bundle, so the next command (a service's
// `gatehouse token`, a scheduled `tokens refresh --due`) skips that work: about 60 ms of each.
if (typeof module.enableCompileCache === 'function') {
  const folder = compileCacheFolder();
  if (folder) module.enableCompileCache(folder);
}
await import(pathToFileURL(bundle).href);
