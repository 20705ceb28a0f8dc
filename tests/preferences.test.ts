import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import Conf from 'conf';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../shared/domain';
import { openFilePreferences, readSettings } from '../electron/main/core/settings/preferences';
import { must, openCore, testCore } from './helpers/core';
import { tempDir } from './helpers/temp';

describe('preferences', () => {
  it('live in config.json beside the database, mode 0600', async () => {
    const dataDir = tempDir();
    const core = await testCore({ dataDir });
    await must(core, 'settings:update', { expiryWarningDays: 4 });
    const file = join(dataDir, 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ expiryWarningDays: 4 });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('ignore a hand-edited value that fails its schema and keep the rest', () => {
    const dataDir = tempDir();
    writeFileSync(
      join(dataDir, 'config.json'),
      JSON.stringify({ expiryWarningDays: 'many', sessionTimeoutMinutes: 20, extra: true }),
    );
    const { settings, invalid } = readSettings(openFilePreferences(dataDir));
    expect(settings).toEqual({ ...DEFAULT_SETTINGS, sessionTimeoutMinutes: 20 });
    expect(invalid).toEqual(['expiryWarningDays']);
  });

  it('refuse to start on unreadable JSON with a message naming the file, and do not wipe it', async () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'config.json');
    writeFileSync(file, '{ not json');
    await expect(openCore({ dataDir })).rejects.toThrow(/config\.json cannot be read.*Fix the JSON/);
    expect(readFileSync(file, 'utf8')).toBe('{ not json');
  });

  it("are the same file to the app's electron-store (its base, conf) and to the CLI, each seeing the other's writes", () => {
    const dataDir = tempDir();
    const app = new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'config',
      accessPropertiesByDotNotation: false,
    });
    app.set({ expiryWarningDays: 9, windowBounds: { width: 1200 } });
    const cli = openFilePreferences(dataDir);
    expect(cli.store).toEqual({ expiryWarningDays: 9, windowBounds: { width: 1200 } });
    cli.set({ expiryCriticalDays: 2 });
    expect(app.store).toEqual({ expiryWarningDays: 9, windowBounds: { width: 1200 }, expiryCriticalDays: 2 });
    expect(readFileSync(join(dataDir, 'config.json'), 'utf8')).toBe(JSON.stringify(app.store, undefined, '\t'));
    expect(statSync(join(dataDir, 'config.json')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dataDir)).toEqual(['config.json']);
  });

  it('name the file when it stops holding a JSON object mid-run, and never write over it', () => {
    const dataDir = tempDir();
    const file = join(dataDir, 'config.json');
    const prefs = openFilePreferences(dataDir);
    prefs.set({ expiryWarningDays: 5 });
    writeFileSync(file, '[1, 2]');
    expect(() => prefs.store).toThrow(/config\.json cannot be read.*does not hold a JSON object/);
    expect(() => prefs.set({ expiryWarningDays: 6 })).toThrow(/config\.json cannot be read/);
    expect(readFileSync(file, 'utf8')).toBe('[1, 2]');
    expect(readdirSync(dataDir)).toEqual(['config.json']);
  });
});
