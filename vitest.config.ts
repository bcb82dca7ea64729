import { defineConfig } from 'vitest/config';

/**
 * One run for everything: unit tests beside the code (src/**), integration and end-to-end tests
 * (test/**). test/support/global-setup.ts starts one PostgreSQL server for the run and finds
 * Chromium. Two workers at most: the machine has 2 cores and each PGlite is memory-heavy.
 */
export default defineConfig({
  test: {
    // Browser tests run after the rest, one file at a time: on two cores a headless browser beside
    // two PGlite workers turns clicks into timeouts.
    projects: [
      {
        extends: true,
        test: { name: 'unit+integration', include: ['src/**/*.test.ts', 'test/integration/**/*.test.ts'], sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } },
      },
    ],
    exclude: ['**/node_modules/**', '**/dist/**'],
    environment: 'node',
    globalSetup: ['test/support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    // A failing, crashed or missing test fails the run; `.only` left in CI fails it too.
    passWithNoTests: false,
    allowOnly: !process.env.CI,
    dangerouslyIgnoreUnhandledErrors: false,
  },
});
