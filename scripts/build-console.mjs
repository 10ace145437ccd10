// The covers console (web/) into dist/console/. Used by scripts/build.mjs (`prestart`) and by the
// test setup, so a fresh clone has it for `npm start` and `npm test` alike.
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'console');
const STATIC = ['index.html', 'console.css', 'favicon.svg'];

export async function buildConsole() {
  await mkdir(out, { recursive: true });
  await build({
    entryPoints: [join(root, 'web/src/main.ts')],
    outfile: join(out, 'console.js'),
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: ['es2022', 'chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  await Promise.all(STATIC.map((f) => copyFile(join(root, 'web', f), join(out, f))));
}
