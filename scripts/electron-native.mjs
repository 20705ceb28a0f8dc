// Builds better-sqlite3 for Electron's ABI into out/native/electron-<version>/, once per version.
// The copy in node_modules stays built for Node, so the `gatehouse` CLI and the tests keep working
// beside the app (electron/main/native.ts hands this binary to better-sqlite3 as `nativeBinding`).
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const readJson = (path) => JSON.parse(readFileSync(path, 'utf8'));

const electronVersion = readJson(join(root, 'node_modules', 'electron', 'package.json')).version;
const target = join(root, 'out', 'native', `electron-${electronVersion}`, 'better_sqlite3.node');
if (existsSync(target)) process.exit(0);

const sqliteDir = join(root, 'node_modules', 'better-sqlite3');
const work = join(root, 'out', 'native', 'build');
rmSync(work, { recursive: true, force: true });
mkdirSync(join(work, 'node_modules'), { recursive: true });
cpSync(sqliteDir, join(work, 'node_modules', 'better-sqlite3'), {
  recursive: true,
  filter: (src) => !src.includes(`${join('better-sqlite3', 'build')}`),
});
writeFileSync(
  join(work, 'package.json'),
  JSON.stringify({
    name: 'gatehouse-native',
    private: true,
    dependencies: { 'better-sqlite3': readJson(join(sqliteDir, 'package.json')).version },
  }),
);

process.stdout.write(`Building better-sqlite3 for Electron ${electronVersion} (once)…\n`);
try {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
} catch (error) {
  process.stderr.write(
    `Could not build better-sqlite3 for Electron ${electronVersion}: ${error instanceof Error ? error.message : String(error)}\n` +
      'This step downloads Electron headers (or a prebuilt binary) once; check the network, and that python3, make and a C++ compiler are installed.\n',
  );
  process.exit(1);
}
mkdirSync(dirname(target), { recursive: true });
cpSync(join(work, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'), target);
rmSync(work, { recursive: true, force: true });
process.stdout.write(`Built ${target}\n`);
