// Compiles src/ into one ESM file, dist/main.js, for `npm start`: plain node then runs it, without a
// TypeScript loader in the process (about 40-60 MB less resident memory, which matters on a Pi).
// Packages stay external (node_modules); only our own code is bundled. Takes well under a second.
// Then the covers console (web/) into dist/console/: one browser bundle (Preact, htm, graphql-ws,
// thumbhash included) plus its static files, so the page needs nothing from the internet.
import { build } from 'esbuild';
import { buildConsole } from './build-console.mjs';

await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
});
await buildConsole();
