import { defineConfig } from 'vitest/config';

export default defineConfig({
  // graphql ships both ESM and CJS builds; mixing them breaks its instanceof checks.
  resolve: { alias: { graphql: 'graphql/index.js' } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    pool: 'forks',
    // Two files at a time even on 2 cores (vitest's default is cores - 1): the files mostly wait on
    // Postgres, ffmpeg, the browser and timers, so one at a time left a core idle (425 s -> 253 s here).
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
