import { ESLint } from 'eslint';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

/** Lints a fixture's text as if it stood at `asPath` in the product tree. */
async function lintAs(
  fixture: string,
  asPath: string,
  rules = ['no-restricted-imports'],
): Promise<{ line: number; message: string }[]> {
  // The fixture is linted under a product path that does not exist, so type-aware rules are off.
  const eslint = new ESLint({ cwd: root, overrideConfig: [tseslint.configs.disableTypeChecked] });
  const [result] = await eslint.lintText(readFileSync(join(root, 'tests/fixtures/lint', fixture), 'utf8'), {
    filePath: join(root, asPath),
  });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join('; '));
  return (result?.messages ?? [])
    .filter((m) => rules.includes(m.ruleId ?? ''))
    .map((m) => ({ line: m.line, message: m.message }));
}

describe('process boundaries are enforced by lint', () => {
  it('importing electron in the core fails', async () => {
    const messages = await lintAs('electron/main/core/bad-core.ts', 'electron/main/core/vault/bad-core.ts');
    expect(messages).toEqual([{ line: 1, message: expect.stringMatching(/Electron-free/) }]);
  });

  it('the shell files may import electron', async () => {
    expect(await lintAs('electron/main/core/bad-core.ts', 'electron/main/window.ts')).toEqual([]);
  });

  it('importing node:*, main-process packages or electron/ in the renderer fails', async () => {
    const messages = await lintAs('renderer/src/bad-renderer.ts', 'renderer/src/screens/bad-renderer.ts');
    expect(new Set(messages.map((m) => m.line))).toEqual(new Set([1, 2, 3]));
    const text = messages.map((m) => m.message).join('\n');
    expect(text).toMatch(/Node built-ins/);
    expect(text).toMatch(/Main-process only/);
    expect(text).toMatch(/only through the contract/);
  });

  it('importing electron or a bare Node built-in in shared/ fails', async () => {
    const messages = await lintAs('shared/bad-shared.ts', 'shared/bad-shared.ts');
    expect(new Set(messages.map((m) => m.line))).toEqual(new Set([1, 2]));
  });

  it('the persistence drivers and SQL text belong to the store alone', async () => {
    const rules = ['no-restricted-imports', 'no-restricted-syntax'];
    for (const elsewhere of ['electron/main/core/tokens/bad.ts', 'electron/main/tray.ts', 'electron/cli/bad.ts']) {
      const messages = await lintAs('electron/main/core/bad-persistence.ts', elsewhere, rules);
      const lines = new Set(messages.map((m) => m.line));
      expect(lines, elsewhere).toEqual(new Set([1, 2, 3, 5, 6]));
      expect(messages.map((m) => m.message).join('\n')).toMatch(/store/);
    }
    expect(await lintAs('electron/main/core/bad-persistence.ts', 'electron/main/core/store/bad.ts', rules)).toEqual([]);
  });
});

describe('bundles carry only the zod they use', () => {
  it("zod is imported as a namespace, never as `{ z }` (which brings every translation into the CLI's bundle)", () => {
    const offenders: string[] = [];
    for (const folder of ['shared', 'electron', 'renderer/src']) {
      for (const entry of readdirSync(join(root, folder), { recursive: true, withFileTypes: true })) {
        if (!entry.isFile() || !/\.tsx?$/.test(entry.name)) continue;
        const path = join(entry.parentPath, entry.name);
        if (/import\s+(type\s+)?\{[^}]*\bz\b[^}]*\}\s+from\s+'zod'/.test(readFileSync(path, 'utf8')))
          offenders.push(path.slice(root.length + 1));
      }
    }
    expect(offenders).toEqual([]);
  });
});
