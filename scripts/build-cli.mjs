// Bundles the `gatehouse` CLI (plain Node, no Electron) into out/cli/gatehouse.mjs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Native modules stay external: they are loaded from node_modules at run time. */
export const NATIVE_EXTERNALS = ['better-sqlite3', '@napi-rs/keyring'];

/** `import text from './file?raw'` as in Vite: the file's contents as a string. */
const rawText = {
  name: 'raw-text',
  setup(b) {
    b.onResolve({ filter: /\?raw$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'raw',
    }));
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (args) => ({
      contents: readFileSync(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

/**
 * Bundles `entry` (relative to the repo) to `outfile` as an ESM Node program; `external` stay in
 * node_modules. What the program imports with `import()` goes to `<outfile's name>-chunks/` beside
 * it, emptied first, and is read only when first imported: a command that never opens PostgreSQL or
 * a YAML file does not parse node-postgres or the YAML parser (issue #16, B10).
 */
export async function bundleNode(entry, outfile, external = []) {
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const name = basename(outfile, extname(outfile));
  rmSync(join(dirname(outfile), `${name}-chunks`), { recursive: true, force: true });
  await build({
    entryPoints: { [name]: join(root, entry) },
    outdir: dirname(outfile),
    outExtension: { '.js': extname(outfile) || '.js' },
    splitting: true,
    chunkNames: `${name}-chunks/[name]-[hash]`,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: [...NATIVE_EXTERNALS, ...external],
    sourcemap: 'linked',
    // Every command parses the whole bundle before it does anything: without comments and spaces it
    // is a third smaller and plain ASCII (one non-ASCII character, even in a comment, makes V8 decode
    // the file as UTF-8 and keep it as a two-byte string). Names stay as written, so stack traces
    // still read; the source map names the lines. Licence comments are kept, at the end.
    minifyWhitespace: true,
    minifySyntax: true,
    legalComments: 'eof',
    charset: 'ascii',
    logLevel: 'warning',
    define: { __GATEHOUSE_VERSION__: JSON.stringify(version) },
    // Bundled CommonJS dependencies still call require(); give them one.
    plugins: [rawText],
    banner: { js: "import { createRequire as __gh_cr } from 'node:module'; const require = __gh_cr(import.meta.url);" },
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await bundleNode('electron/cli/index.ts', join(root, 'out', 'cli', 'gatehouse.mjs'));
}
