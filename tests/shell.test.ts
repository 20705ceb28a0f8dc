import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { IPC_EVENT, IPC_INVOKE } from '../shared/api';

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
