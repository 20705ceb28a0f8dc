/**
 * The app's main process, booted: the built out/main/index.js runs in plain Node under a recording
 * fake of Electron that enforces its lifecycle rules (tests/helpers/electron-fake.ts). The Electron
 * binary cannot be downloaded here, so this is how the shell is proven to start, to stay locked down,
 * to start hidden when asked, to come back on a second launch, and to quit cleanly. Two mutants of the
 * bundle (sandbox off, a preload that needs `fs`) prove the check bites.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundled, run } from '../tests/helpers/children';
import { tempDir } from '../tests/helpers/temp';

const root = join(import.meta.dirname, '..');
const main = join(root, 'out', 'main', 'index.js');
const mutants: string[] = [];

beforeAll(() => {
  // `npm test` builds before the end-to-end specs; a lone run of this file builds if it must.
  if (!existsSync(main)) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
}, 180_000);
afterAll(() => {
  for (const file of mutants) rmSync(file, { force: true });
});

interface BootReport {
  scenario: string;
  visibleAtStart: boolean | null;
  appInfo: { ok: boolean };
  foreignSender: { ok: boolean; error?: { code: string } };
  subframeLike: { ok: boolean; error?: { code: string } };
  nullSender: { ok: boolean; error?: { code: string } };
  permissions: Record<string, boolean>;
  assets: { index: number; folder: number; traversal: number };
  electronStoreListeners: number;
  afterSecondInstance: { visible: boolean | null; focused: boolean | null };
  navigated: unknown[];
  record: {
    appMenu: { label?: string; role?: string; submenu?: { label?: string; accelerator?: string }[] }[] | null;
    errors: string[];
    errorBoxes: string[];
    protocolSchemes: string[];
    windows: {
      options: { show?: boolean; webPreferences?: Record<string, unknown> };
      loadedUrl: string | null;
      loadStatus: number | null;
      loadCsp: string | null;
      exposed: string[];
    }[];
    trayImages: string[];
  };
}

/** Boots a bundle in a child; resolves with its report, how it ended, and whether the database was closed. */
async function boot(bundle: string, scenario: 'normal' | 'hidden', dataDir = tempDir()) {
  const entry = await bundled('tests/fixtures/boot-child.ts');
  const started = Date.now();
  const result = await run(process.execPath, [entry, bundle, scenario], {
    env: { ...process.env, GATEHOUSE_DATA_DIR: dataDir },
    timeoutMs: 40_000,
  });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  let report: BootReport | null = null;
  try {
    report = JSON.parse(line) as BootReport;
  } catch {
    report = null;
  }
  return {
    report,
    result,
    seconds: (Date.now() - started) / 1000,
    walLeft: existsSync(join(dataDir, 'gatehouse.db-wal')),
    // A process's open mark left behind would make the next start read every page of the file.
    marksLeft: readdirSync(dataDir).filter((name) => name.startsWith('.gatehouse-open-')),
  };
}

/** Every rule of the shell the boot broke; empty when it held. */
function problems(b: Awaited<ReturnType<typeof boot>>, scenario: 'normal' | 'hidden'): string[] {
  const out: string[] = [];
  const r = b.report;
  if (!r)
    return [`no report (exit ${b.result.code}, ${b.result.signal ?? 'no signal'}): ${b.result.stderr.slice(-800)}`];
  out.push(...r.record.errors.map((e) => `error: ${e}`));
  out.push(...r.record.errorBoxes.map((e) => `error box: ${e}`));
  if (!r.record.protocolSchemes.includes('app')) out.push('app:// was not registered as privileged');
  if (r.record.windows.length !== 1) out.push(`${r.record.windows.length} windows instead of 1`);
  const w = r.record.windows[0];
  const prefs = w?.options.webPreferences ?? {};
  for (const [key, value] of Object.entries({
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    webSecurity: true,
    webviewTag: false,
  }))
    if (prefs[key] !== value) out.push(`webPreferences.${key} is ${String(prefs[key])}`);
  if (w?.options.show !== false) out.push('the window is created visible (before its page painted)');
  if (w?.loadedUrl !== 'app://gatehouse/index.html') out.push(`loaded ${w?.loadedUrl}`);
  if (w?.loadStatus !== 200) out.push(`the app page answered ${w?.loadStatus}`);
  if (!w?.loadCsp?.includes("script-src 'self'")) out.push('the app page has no CSP header');
  if (JSON.stringify(w?.exposed) !== '["gatehouse"]') out.push(`the preload exposed ${JSON.stringify(w?.exposed)}`);
  if (!r.appInfo?.ok) out.push('app:info from the app page failed');
  for (const [name, reply] of Object.entries({
    foreign: r.foreignSender,
    lookalike: r.subframeLike,
    null: r.nullSender,
  }))
    if (reply?.ok !== false || reply.error?.code !== 'FORBIDDEN') out.push(`a ${name} sender was answered`);
  const expected = {
    clipboardWriteOwn: true,
    clipboardWriteForeign: false,
    clipboardReadOwn: false,
    mediaOwn: false,
    checkClipboardOwn: true,
    checkNotificationsOwn: false,
  };
  for (const [name, value] of Object.entries(expected))
    if (r.permissions?.[name] !== value) out.push(`permission ${name} was ${String(r.permissions?.[name])}`);
  if (r.assets?.index !== 200) out.push(`index.html answered ${r.assets?.index}`);
  if (r.assets?.folder !== 404) out.push(`the assets folder answered ${r.assets?.folder} (a listing)`);
  if (r.assets?.traversal !== 404) out.push(`a traversal answered ${r.assets?.traversal}`);
  if (r.electronStoreListeners !== 0) out.push('electron-store-get-data answers any frame');
  if (r.visibleAtStart !== (scenario === 'normal')) out.push(`visible at start: ${String(r.visibleAtStart)}`);
  if (!r.afterSecondInstance?.visible || !r.afterSecondInstance.focused)
    out.push(`a second launch left the window ${JSON.stringify(r.afterSecondInstance)}`);
  if (r.record.trayImages.length === 0) out.push('no tray icon');
  const view = r.record.appMenu?.find((m) => m.label === 'View');
  const shortcuts = (view?.submenu ?? []).filter((i) => i.accelerator).map((i) => i.accelerator);
  if (shortcuts.length < 7) out.push(`the View menu has ${shortcuts.length} screen shortcuts`);
  if (!r.record.appMenu?.some((m) => m.role === 'editMenu')) out.push('no Edit menu (copy and paste shortcuts)');
  if (JSON.stringify(r.navigated) !== JSON.stringify([{ screen: 'audit' }]))
    out.push(`the menu's Audit item sent ${JSON.stringify(r.navigated)}`);
  if (b.result.code !== 0 || b.result.signal)
    out.push(`did not quit cleanly (exit ${b.result.code}, ${b.result.signal})`);
  if (b.walLeft) out.push('the database was not closed at quit');
  if (b.marksLeft.length > 0) out.push(`the open mark was left at quit (${b.marksLeft.join(', ')})`);
  return out;
}

describe('the built main process under Electron’s lifecycle rules', () => {
  it('starts, opens one sandboxed window through app://, guards IPC and permissions, comes back, quits cleanly', async () => {
    const b = await boot(main, 'normal');
    expect(problems(b, 'normal')).toEqual([]);
  }, 60_000);

  it('remembers the window’s size and place across starts', async () => {
    const dataDir = tempDir();
    expect(problems(await boot(main, 'normal', dataDir), 'normal')).toEqual([]);
    const again = await boot(main, 'normal', dataDir);
    expect(problems(again, 'normal')).toEqual([]);
    expect(again.report?.record.windows[0]?.options).toMatchObject({ x: 100, y: 80, width: 1111, height: 777 });
  }, 90_000);

  it('started at login (--hidden) stays in the tray until launched again', async () => {
    const b = await boot(main, 'hidden');
    expect(problems(b, 'hidden')).toEqual([]);
  }, 60_000);

  it('bites: a bundle with the sandbox off fails the check', async () => {
    const source = readFileSync(main, 'utf8');
    expect(source).toMatch(/sandbox: true/);
    const mutant = join(root, 'out', 'main', 'mutant-sandbox.js');
    mutants.push(mutant);
    writeFileSync(mutant, source.replace(/sandbox: true/g, 'sandbox: false'));
    expect(problems(await boot(mutant, 'normal'), 'normal')).toContain('webPreferences.sandbox is false');
  }, 60_000);

  it('bites: a preload that requires fs fails the check', async () => {
    const source = readFileSync(main, 'utf8');
    expect(source).toContain('../preload/index.cjs');
    const preload = join(root, 'out', 'preload', 'mutant.cjs');
    const mutant = join(root, 'out', 'main', 'mutant-preload.js');
    mutants.push(preload, mutant);
    writeFileSync(preload, `require("fs");\n${readFileSync(join(root, 'out', 'preload', 'index.cjs'), 'utf8')}`);
    writeFileSync(mutant, source.replace('../preload/index.cjs', '../preload/mutant.cjs'));
    expect(problems(await boot(mutant, 'normal'), 'normal').join('\n')).toMatch(/preload: module not found: fs/);
  }, 60_000);
});
