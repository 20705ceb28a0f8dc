import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** Two projects: unit/integration in Node against real parts, and end-to-end in Chromium. */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 60_000,
          pool: 'forks',
          // Vitest's default (cores − 1) runs one file at a time on a 2-core machine, while these
          // tests spend much of their time waiting on real servers, child processes and keyrings.
          // Two files at once keep both cores busy (about 92 %) and took the PostgreSQL pass from
          // about 360 to 170 s here.
          maxWorkers: Math.max(2, availableParallelism() - 1),
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
