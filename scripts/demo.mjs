// `npm run demo`: builds the renderer if needed, bundles e2e/demo.ts (it uses the test stand-ins)
// and runs it. Options: --check (headless, exits once the console shows the seeded accounts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleNode } from './build-cli.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'out', 'renderer', 'index.html'))) {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const outDir = join(root, 'node_modules', '.cache', 'gatehouse-demo');
mkdirSync(outDir, { recursive: true });
const out = join(outDir, 'demo.mjs');
await bundleNode('e2e/demo.ts', out, ['playwright-core', 'oidc-provider', 'electron']);
const child = spawn(process.execPath, [out, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
child.on('exit', (code) => process.exit(code ?? 1));
