// Prints the schema built from the code to schema.graphql (`print`), or fails when they differ (`check`).
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { PROJECT_ROOT } from '../src/env.js';
import { printedSchema } from '../src/schema/index.js';

const file = resolve(PROJECT_ROOT, 'schema.graphql');
const mode = process.argv[2] ?? 'print';
const built = printedSchema();

if (mode === 'print') {
  await writeFile(file, built);
  console.log(`wrote ${file}`);
} else if (mode === 'check') {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== built) {
    console.error('schema.graphql is out of date with the code: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql matches the code');
} else {
  console.error('usage: schema.ts print|check');
  process.exit(2);
}
