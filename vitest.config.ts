import { defineConfig } from 'vitest/config';

/**
 * Three tiers, so that no test measures a machine that another test is loading:
 * - fast: unit and API tests (real servers on port 0), files in parallel;
 * - browser: real Chromium, one file at a time (a page under software WebGL takes both cores);
 * - soak: long runs that measure memory or latency, one at a time and alone (`npm run test:soak`).
 * `npm test` runs the three one after the other.
 */
const SOAK = '**/*.soak.test.ts';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'fast',
          include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'fixtures/build/**/*.test.ts', 'client/src/**/*.test.ts', 'client/vite/**/*.test.ts'],
          exclude: [SOAK, '**/node_modules/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['e2e/**/*.browser.test.ts'],
          exclude: [SOAK, '**/node_modules/**'],
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'soak',
          include: [SOAK],
          exclude: ['**/node_modules/**'],
          fileParallelism: false,
        },
      },
    ],
  },
});
