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
    ignores: [
      'electron/main/index.ts',
      'electron/main/window.ts',
      'electron/main/ipc.ts',
      'electron/main/platform.ts',
      'electron/main/tray.ts',
      'electron/main/menu.ts',
    ],
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
          ],
        },
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
