#!/usr/bin/env node
// Entry of `npx gatehouse`: runs the bundled CLI, or says how to build it.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const bundle = join(dirname(fileURLToPath(import.meta.url)), '..', 'out', 'cli', 'gatehouse.mjs');
if (!existsSync(bundle)) {
  process.stderr.write('gatehouse: the CLI is not built yet. Run `npm run build` in the Gatehouse folder first.\n');
  process.exit(1);
}
await import(pathToFileURL(bundle).href);
