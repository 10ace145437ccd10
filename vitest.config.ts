import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships both ESM and CJS builds; mixing them breaks its instanceof checks.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
