import { build } from 'esbuild';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IPC_EVENT, IPC_INVOKE } from '../shared/api';
import { SCREEN_IDS, type Account } from '../shared/domain';
import { byUrgency, needsAttention } from '../shared/levels';
import { appMenuTemplate, shellTranslator, trayMenuTemplate } from '../electron/main/menu';
import { restorableState } from '../electron/main/window-state';
import { compileCacheFolder } from '../bin/compile-cache.js';
import { bundleNode } from '../scripts/build-cli.mjs';
import { tempDir } from './helpers/temp';

const root = join(import.meta.dirname, '..');

describe('preload (E20)', () => {
  it('exposes exactly invoke and on, over the two fixed channels, and hides the IPC event', async () => {
    const bundle = await build({
      entryPoints: [join(root, 'electron/preload/index.ts')],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
    });
    const code = bundle.outputFiles[0]!.text;
    const exposed: Record<string, unknown> = {};
    const sent: unknown[][] = [];
    const listeners: ((...args: unknown[]) => void)[] = [];
    const fakeElectron = {
      contextBridge: { exposeInMainWorld: (key: string, api: unknown) => (exposed[key] = api) },
      ipcRenderer: {
        invoke: (...args: unknown[]) => {
          sent.push(args);
          return Promise.resolve({ ok: true, value: null });
        },
        on: (_channel: string, fn: (...args: unknown[]) => void) => listeners.push(fn),
        removeListener: (_channel: string, fn: (...args: unknown[]) => void) =>
          listeners.splice(listeners.indexOf(fn), 1),
      },
    };
    const requireFake = (name: string) => {
      if (name !== 'electron') throw new Error(`the preload may import only electron, not ${name}`);
      return fakeElectron;
    };
    vm.runInNewContext(code, { require: requireFake, module: { exports: {} }, exports: {} });

    expect(Object.keys(exposed)).toEqual(['gatehouse']);
    const api = exposed.gatehouse as Record<string, (...args: unknown[]) => unknown>;
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on']);
    expect(Object.values(api).every((v) => typeof v === 'function')).toBe(true);

    await api.invoke!('accounts:list', undefined);
    expect(sent).toEqual([[IPC_INVOKE, 'accounts:list', undefined]]);

    const received: unknown[][] = [];
    const off = api.on!('audit:appended', (...args: unknown[]) => received.push(args)) as () => void;
    const fakeEvent = { sender: 'ipc-renderer-event' };
    listeners.forEach((l) => l(fakeEvent, 'audit:appended', { seq: 1 }));
    listeners.forEach((l) => l(fakeEvent, 'accounts:changed', { ids: [] }));
    expect(received).toEqual([[{ seq: 1 }]]);
    off();
    expect(listeners).toHaveLength(0);
    expect(IPC_EVENT).toBe('gatehouse:event');
  });
});

describe('packaging (electron-builder.yml, fuses)', () => {
  const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

  it('has a real identity and the four platform targets', () => {
    expect(config.appId).toBe('com.gatehouse.console');
    expect(config.productName).toBe('Gatehouse');
    expect((config.linux as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config.mac as { target: string[] }).target).toEqual(['dmg']);
    expect((config.win as { target: string[] }).target).toEqual(['nsis']);
  });

  it('unpacks the native modules from the asar', () => {
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3/**', '**/*.node']));
  });

  it('sets every fuse to its hardened value (2.2)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('the package name, bin and start command are what the README promises', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      name: string;
      bin: Record<string, string>;
      scripts: Record<string, string>;
      productName: string;
    };
    expect(pkg.name).toBe('gatehouse');
    expect(pkg.productName).toBe('Gatehouse');
    expect(pkg.bin.gatehouse).toBe('bin/gatehouse.js');
    expect(pkg.scripts.start).toMatch(/electron \./);
  });
});

describe("the CLI's bundle (scripts/build-cli.mjs)", () => {
  it('every command reads neither node-postgres nor the YAML parser until it needs them (issue #16, B10)', async () => {
    const out = join(tempDir(), 'gatehouse.mjs');
    const chunks = join(dirname(out), 'gatehouse-chunks');
    mkdirSync(chunks);
    writeFileSync(join(chunks, 'left-by-an-older-build.mjs'), '');
    await bundleNode('electron/cli/index.ts', out);
    // What a command parses before it runs: the entry and every chunk it imports statically.
    const read = new Set<string>();
    const visit = (file: string): void => {
      if (read.has(file)) return;
      read.add(file);
      for (const [, path] of readFileSync(file, 'utf8').matchAll(
        /(?:^|[;}\s])(?:import|export)\b[^;(]*?from\s*"(\.[^"]+)"/g,
      ))
        visit(join(dirname(file), path!));
    };
    visit(out);
    const atStart = [...read].map((file) => readFileSync(file, 'utf8')).join('\n');
    const later = readdirSync(chunks)
      .filter((name) => name.endsWith('.mjs') && !read.has(join(chunks, name)))
      .map((name) => readFileSync(join(chunks, name), 'utf8'))
      .join('\n');
    for (const marker of ['YAMLParseError', 'SCRAM-SERVER-FIRST-MESSAGE']) {
      expect(atStart).not.toContain(marker);
      expect(later).toContain(marker);
    }
    expect(atStart).toContain('import("./gatehouse-chunks/');
    expect(existsSync(join(chunks, 'left-by-an-older-build.mjs'))).toBe(false);
  });
});

describe("the CLI's compile cache (bin/compile-cache.js)", () => {
  it("is kept in the user's own cache folder, made for this user alone", () => {
    const home = tempDir();
    const folder = compileCacheFolder({}, 'linux', home);
    expect(folder).toBe(join(home, '.cache', 'gatehouse', 'node-compile-cache'));
    expect(statSync(folder as string).mode & 0o777).toBe(0o700);
    const xdg = tempDir();
    expect(compileCacheFolder({ XDG_CACHE_HOME: xdg }, 'linux', home)).toBe(
      join(xdg, 'gatehouse', 'node-compile-cache'),
    );
    // A relative XDG_CACHE_HOME is ignored, as the XDG specification says.
    expect(compileCacheFolder({ XDG_CACHE_HOME: 'cache' }, 'linux', home)).toBe(folder);
  });

  it('is not used when others could write there, or when Node is told what to do', () => {
    const home = tempDir();
    const shared = join(home, '.cache', 'gatehouse', 'node-compile-cache');
    mkdirSync(shared, { recursive: true });
    chmodSync(shared, 0o777);
    expect(compileCacheFolder({}, 'linux', home)).toBeNull();
    chmodSync(shared, 0o750);
    expect(compileCacheFolder({}, 'linux', home)).toBeNull();
    chmodSync(shared, 0o700);
    expect(compileCacheFolder({}, 'linux', home)).toBe(shared);
    expect(compileCacheFolder({ NODE_COMPILE_CACHE: '/elsewhere' }, 'linux', home)).toBeNull();
    expect(compileCacheFolder({ NODE_DISABLE_COMPILE_CACHE: '1' }, 'linux', home)).toBeNull();
  });
});

describe('desktop habits (issue 15): menus and the remembered window', () => {
  const account = (id: string, health: Partial<Account['health']>): Account =>
    ({
      id,
      label: id,
      health: {
        state: 'healthy',
        key: 'healthy',
        label: 'Healthy',
        action: null,
        lapsesAt: null,
        urgency: 4,
        ...health,
      },
    }) as Account;

  it('the application menu has the usual roles and a shortcut for every screen', () => {
    const navigated: string[] = [];
    const template = appMenuTemplate('linux', { navigate: (s) => navigated.push(s), refreshDue: () => {} });
    const view = template.find((m) => m.label === 'View')?.submenu as {
      label?: string;
      accelerator?: string;
      click?: () => void;
    }[];
    expect(view.filter((i) => i.accelerator).map((i) => i.accelerator)).toEqual(
      SCREEN_IDS.map((_, i) => `CmdOrCtrl+${i + 1}`),
    );
    for (const item of view) item.click?.();
    expect(navigated).toEqual([...SCREEN_IDS]);
    expect(template.map((m) => m.role).filter(Boolean)).toEqual(['editMenu', 'windowMenu', 'help']);
    expect(appMenuTemplate('darwin', { navigate: () => {}, refreshDue: () => {} })[0]).toEqual({ role: 'appMenu' });
  });

  it('the tray menu lists what needs attention first, and each item opens its account', () => {
    const opened: (string | undefined)[] = [];
    const accounts = [
      account('fine', {}),
      account('lapsed', {
        state: 'expired',
        key: 'expired_reauthorize',
        label: 'Expired — re-authorize',
        urgency: 0,
        lapsesAt: '2026-01-01T00:00:00.000Z',
      }),
      ...Array.from({ length: 6 }, (_, i) =>
        account(`reauth-${i}`, {
          state: 'needs_reauth',
          key: 'needs_reauth',
          label: 'Needs re-authorization',
          urgency: 0,
        }),
      ),
    ];
    const first = accounts.filter(needsAttention).sort(byUrgency);
    const items = trayMenuTemplate(
      { first, count: first.length },
      { open: (id) => opened.push(id), refreshDue: () => {}, quit: () => {} },
    );
    expect(items[0]).toMatchObject({ label: 'Needs attention (7)', enabled: false });
    expect(items[1]).toMatchObject({ label: 'lapsed — Expired — re-authorize' });
    expect(items[2]).toMatchObject({ label: 'reauth-0 — Needs re-authorization' });
    expect(items.find((i) => i.label === 'and 2 more…')).toBeTruthy();
    (items[1] as { click: () => void }).click();
    expect(opened).toEqual(['lapsed']);
    expect(
      trayMenuTemplate({ first: [], count: 0 }, { open: () => {}, refreshDue: () => {}, quit: () => {} })[0],
    ).toMatchObject({
      label: 'Open Gatehouse',
    });
    // The same menu in Korean, when the Language setting (or the OS) says so.
    const korean = trayMenuTemplate(
      { first, count: first.length },
      { open: () => {}, refreshDue: () => {}, quit: () => {} },
      shellTranslator('ko', ['en-US']),
    );
    expect(korean[0]).toMatchObject({ label: '조치 필요(7)' });
    expect(korean[1]).toMatchObject({ label: 'lapsed — 만료됨 — 재인증하세요' });
  });

  it('a saved window place is restored only when it is sane and still on a display', () => {
    const displays = [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
    expect(restorableState({ x: 100, y: 80, width: 1111, height: 777, maximized: true }, displays)).toEqual({
      x: 100,
      y: 80,
      width: 1111,
      height: 777,
      maximized: true,
    });
    // A monitor that was unplugged: the window would open off-screen.
    expect(restorableState({ x: 3000, y: 80, width: 1111, height: 777 }, displays)).toBeNull();
    expect(restorableState({ x: 10, y: 10, width: 200, height: 100 }, displays)).toMatchObject({
      width: 960,
      height: 600,
    });
    for (const junk of [
      null,
      'x',
      { x: 'a', y: 1, width: 2, height: 3 },
      { x: Number.NaN, y: 0, width: 1000, height: 700 },
    ])
      expect(restorableState(junk, displays)).toBeNull();
  });
});
