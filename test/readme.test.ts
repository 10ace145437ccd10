import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, PROJECT_ROOT } from '../src/env.js';
import { schema } from '../src/schema/index.js';

/** The README's GraphQL examples are what a newcomer pastes into GraphiQL: they must stay valid. */
describe('README examples', () => {
  const md = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
  const blocks = [...md.matchAll(/```graphql\n([\s\S]*?)```/g)].flatMap((m) => m[1]!.split(/\n(?=query|mutation|subscription)/));
  const inline = [...md.matchAll(/`((?:query|mutation|subscription) \{[^`]*)`/g)].map((m) => m[1]!);
  const curl = [...md.matchAll(/"query":"((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`) as string);
  const examples = [...blocks, ...inline, ...curl];

  it('has examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(10);
  });

  it.each(examples.map((q) => [q.slice(0, 70).replace(/\s+/g, ' '), q]))('%s … validates against the schema', (_name, query) => {
    expect(validate(schema, parse(query)).map((e) => e.message)).toEqual([]);
  });
});

/** The configuration table is how a user learns a variable exists: each one src/env.ts reads has its row. */
describe('README configuration table', () => {
  const md = readFileSync(resolve(PROJECT_ROOT, 'README.md'), 'utf8');
  const table = md.slice(md.indexOf('| variable | default | meaning |'));
  const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2);
  // A row names one variable or several ("`HOST` / `PORT`"), then its default and meaning.
  const listed = new Map(rows.flatMap((r) => {
    const [names = '', def = '', meaning = ''] = r.split(' | ');
    return [...names.matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => [m[1]!, { def: def.trim(), meaning: meaning.trim() }] as const);
  }));

  it.each(CONFIG_VARIABLES)('lists %s with a default and a meaning', (name) => {
    expect(listed.get(name), `${name} is not in the table`).toBeDefined();
    expect(listed.get(name)!.def).not.toBe('');
    expect(listed.get(name)!.meaning.length).toBeGreaterThan(3);
  });
});
