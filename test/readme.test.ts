import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../src/env.js';
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
