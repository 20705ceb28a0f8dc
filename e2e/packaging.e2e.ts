/**
 * Packaging, checked as far as a machine without the Electron binary allows: electron-builder's own
 * validator accepts the configuration; every file the built main process reads is packed; native
 * modules are unpacked from the asar; the fuses are set, and electron-builder's own mapping of them
 * flips a synthetic fuse wire exactly as intended (SECURITY.md 2.2).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { execFileSync } from 'node:child_process';
import { tempDir } from '../tests/helpers/temp';

const root = join(import.meta.dirname, '..');
const require = createRequire(import.meta.url);
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as {
  files: string[];
  asarUnpack: string[];
  extraResources?: string[];
  electronFuses: Record<string, boolean>;
};

beforeAll(() => {
  if (!existsSync(join(root, 'out', 'main', 'index.js')))
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'ignore' });
}, 180_000);

/** electron-builder's glob dialect, enough for this file: `**`, `*`, and `!` exclusions. */
function globToRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*\*\/?/g, '%GLOBSTAR%')
    .replace(/\*/g, '[^/]*')
    .replace(/%GLOBSTAR%/g, '(?:.*/)?.*');
  return new RegExp(`^${body}$`);
}

function packed(path: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(path)) included = false;
    } else if (globToRegExp(pattern).test(path)) included = true;
  }
  return included;
}

describe('packaging (electron-builder.yml)', () => {
  it('passes electron-builder’s own configuration validator', async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config') as {
      validateConfiguration: (c: unknown, logger: unknown) => Promise<void>;
    };
    await expect(validateConfiguration(config, { isEnabled: false, add: () => {} })).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, notAnOption: true }, { isEnabled: false, add: () => {} }),
    ).rejects.toThrow(/notAnOption/);
  });

  it('packs every file the built main process reads', () => {
    const bundle = readFileSync(join(root, 'out', 'main', 'index.js'), 'utf8');
    // `?asset` imports become join(import.meta.dirname, "…"); the window's own files are join(here, "…").
    const named = [
      ...[...bundle.matchAll(/import\.meta\.dirname, "([^"]+)"\)/g)].map((m) => m[1] as string),
      ...[...bundle.matchAll(/join\(here, "([^"]+)"\)/g)].map((m) => m[1] as string),
    ];
    expect(named.length).toBeGreaterThanOrEqual(6);
    const missing: string[] = [];
    for (const rel of named) {
      const target = resolve(root, 'out', 'main', rel);
      expect(existsSync(target), `${rel} exists after the build`).toBe(true);
      const path = relative(root, target).split('\\').join('/');
      // A folder is packed when a file in it is.
      const probe = existsSync(join(target, 'index.html')) ? `${path}/index.html` : path;
      if (!packed(probe)) missing.push(path);
    }
    expect(missing).toEqual([]);
    expect(packed('out/main/mutant-sandbox.js')).toBe(false);
    expect(packed('resources/relay.html')).toBe(false);
  });

  it('unpacks the keyring module and the tray icons from the asar (tests/shell.test.ts pins the rest)', () => {
    expect(config.asarUnpack).toContain('**/node_modules/@napi-rs/keyring*/**');
    expect(config.asarUnpack.some((p) => globToRegExp(p).test('resources/tray-ok.png'))).toBe(true);
  });

  // The configured values are pinned in tests/shell.test.ts; this proves electron-builder applies them.
  it('electron-builder’s mapping of the fuses flips a synthetic wire as intended', async () => {
    const { PlatformPackager } = require('app-builder-lib') as {
      PlatformPackager: { prototype: { generateFuseConfig(f: unknown): Promise<Record<string, unknown>> } };
    };
    const fuses = require('@electron/fuses') as {
      flipFuses(path: string, config: Record<string, unknown>): Promise<number>;
      getCurrentFuseWire(path: string): Promise<Record<string, number>>;
      FuseV1Options: Record<string, number>;
    };
    const { FuseState, SENTINEL } = require('@electron/fuses/dist/constants') as {
      FuseState: { ENABLE: number };
      SENTINEL: string;
    };
    const mapped = await PlatformPackager.prototype.generateFuseConfig.call({}, config.electronFuses);
    // A fake binary: sentinel, wire version 1, a wire of 8 fuses all '0' (Electron 45's length).
    const wireLength = Object.keys(fuses.FuseV1Options).filter((k) => Number.isNaN(Number(k))).length;
    const file = join(tempDir(), 'electron');
    writeFileSync(
      file,
      Buffer.concat([
        Buffer.from('some bytes before'),
        Buffer.from(SENTINEL),
        Buffer.from([1, wireLength]),
        Buffer.from('0'.repeat(wireLength)),
        Buffer.from('after'),
      ]),
    );
    await fuses.flipFuses(file, { ...mapped, strictlyRequireAllFuses: true });
    const wire = await fuses.getCurrentFuseWire(file);
    const on = (name: string) => wire[fuses.FuseV1Options[name] as number] === FuseState.ENABLE;
    expect(on('RunAsNode')).toBe(false);
    expect(on('EnableCookieEncryption')).toBe(true);
    expect(on('EnableNodeOptionsEnvironmentVariable')).toBe(false);
    expect(on('EnableNodeCliInspectArguments')).toBe(false);
    expect(on('EnableEmbeddedAsarIntegrityValidation')).toBe(true);
    expect(on('OnlyLoadAppFromAsar')).toBe(true);
    expect(on('GrantFileProtocolExtraPrivileges')).toBe(false);
  });
});
