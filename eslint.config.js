import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Imports the renderer and shared code must never reach (they run in the sandbox, or are shared). */
const NODE_ONLY = [
  {
    group: ['electron', 'electron/*'],
    message: 'The renderer and shared/ never import Electron: use the preload bridge.',
  },
  { group: ['node:*'], message: 'The renderer and shared/ never import Node built-ins.' },
  {
    group: ['better-sqlite3', 'electron-store', 'conf', 'openid-client', '@napi-rs/keyring'],
    message: 'Main-process only.',
  },
  {
    group: ['**/electron/**', '../electron/*', '../../electron/*'],
    message: 'The renderer reaches the main process only through the contract.',
  },
];

/** The thin Electron shell: the only files that import Electron (and, like the core, no driver). */
const SHELL_FILES = [
  'electron/main/index.ts',
  'electron/main/window.ts',
  'electron/main/ipc.ts',
  'electron/main/platform.ts',
  'electron/main/tray.ts',
  'electron/main/menu.ts',
];

/** The persistence libraries: only electron/main/core/store/ may import them (one owner, issue #12). */
const PERSISTENCE = [
  {
    group: ['better-sqlite3', 'pg', 'pg-*', 'kysely', 'kysely/*'],
    message: 'Persistence has one owner: reach tables through the store (electron/main/core/store/).',
  },
];
/** A string that starts like an SQL statement (the codebase writes SQL in capitals). */
const SQL = String.raw`/^\s*(SELECT |INSERT INTO |UPDATE \w+ SET |DELETE FROM |CREATE (TABLE|INDEX|TRIGGER|TEMP)|DROP (TABLE|TRIGGER|INDEX) |ALTER TABLE |PRAGMA |BEGIN|SAVEPOINT )/`;
const SQL_MESSAGE = 'SQL lives in the store (electron/main/core/store/): add a repository method instead.';

/** Node built-ins by bare name, banned alongside node:* in the renderer. */
const BARE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'crypto', 'net', 'http', 'https', 'url', 'util', 'stream'];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'bench/results/**',
      'coverage/**',
      'tests/fixtures/lint/**',
      '**/*.d.mts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: {
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: { globals: globals.node },
  },
  // The core: plain Node. Only the shell files may import Electron.
  {
    files: ['electron/main/**/*.ts', 'electron/cli/**/*.ts'],
    ignores: SHELL_FILES,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'electron/*'],
              message:
                'The core is Electron-free: only the shell files (index, window, ipc, platform, tray, menu) import electron.',
            },
            ...PERSISTENCE,
          ],
        },
      ],
    },
  },
  // The store owns persistence: the drivers and the query builder are imported there and nowhere else.
  {
    files: ['electron/main/core/store/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['electron', 'electron/*'], message: 'The store is Electron-free.' }] },
      ],
    },
  },
  {
    files: SHELL_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: PERSISTENCE }] },
  },
  // …and every SQL statement is written there: none in a service, a handler or the shell.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/core/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: `Literal[value=${SQL}]`, message: SQL_MESSAGE },
        { selector: `TemplateElement[value.raw=${SQL}]`, message: SQL_MESSAGE },
      ],
    },
  },
  // Only the openExternal wrapper opens URLs (E15).
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/platform.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'shell', property: 'openExternal', message: 'Use the openExternal wrapper in platform.ts.' },
      ],
    },
  },
  // The renderer and shared/: no Electron, no Node, nothing of the main process.
  {
    files: ['renderer/**/*.{ts,tsx}', 'shared/**/*.ts'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': ['error', { paths: BARE_BUILTINS, patterns: NODE_ONLY }],
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
  // The CLI, scripts, tests and benchmarks talk to a terminal.
  {
    files: ['electron/cli/**/*.ts', 'scripts/**', 'bin/**', 'tests/**', 'e2e/**', 'bench/**'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['tests/**', 'e2e/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
);
