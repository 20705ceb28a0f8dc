// Static Electron security scan (Doyensec Electronegativity) over the shell's sources and the
// renderer's page (for its CSP). The sources, not the bundle: the bundle drops the inline waivers. Electronegativity exits 0 even when it finds problems, so this reads its CSV and fails on any
// HIGH or MEDIUM finding that is not waived inline (`/* eng-disable CHECK */` with a reason beside it).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electronVersion = JSON.parse(
  readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8'),
).version;
const cli = join(root, 'node_modules', '@doyensec', 'electronegativity', 'dist', 'index.js');
const work = mkdtempSync(join(tmpdir(), 'gatehouse-eng-'));
let failures = 0;

const scanned = join(work, 'app');
cpSync(join(root, 'electron'), join(scanned, 'electron'), { recursive: true });
cpSync(join(root, 'renderer'), join(scanned, 'renderer'), { recursive: true });
const csv = join(work, 'findings.csv');
// AvailableSecurityFixesGlobalCheck fetches release data from the network: excluded (offline here).
execFileSync(
  process.execPath,
  [cli, '-i', scanned, '-x', 'AvailableSecurityFixesGlobalCheck', '-e', electronVersion, '-o', csv],
  { stdio: 'pipe' },
);
const rows = readFileSync(csv, 'utf8').trim().split('\n').slice(1).filter(Boolean);
const serious = rows.filter((row) => /^[A-Z_]+,"(HIGH|MEDIUM)"/.test(row));
for (const row of serious) console.error(`electronegativity: ${row.replace(scanned, '')}`);
failures += serious.length;
console.log(`electronegativity: ${rows.length} finding(s), ${serious.length} HIGH or MEDIUM not waived`);
rmSync(work, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);
