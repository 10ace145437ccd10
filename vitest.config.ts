import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Output stays readable in CI logs; the closing line reports passed/failed counts.
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
