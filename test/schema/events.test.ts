import { parse, validate } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from '../../src/schema/index.js';

// Issue 11 point 4: a field name means one type in every event, so one document can select every
// field that several events share (GraphQL rejects fragments whose same-named fields differ in type).
describe('cover events', () => {
  it('validates a document selecting every shared field across all event fragments', () => {
    const iface = schema.getType('CoverEvent');
    const events = schema.getPossibleTypes(iface as never);
    const counts = new Map<string, number>();
    for (const e of events) for (const f of Object.keys(e.getFields())) counts.set(f, (counts.get(f) ?? 0) + 1);
    const shared = [...counts].filter(([, n]) => n > 1).map(([f]) => f);
    expect(shared).toEqual(expect.arrayContaining(['source', 'cover', 'subject']));
    const select = (f: string) => (f === 'cover' ? 'cover { id status url }' : f === 'subject' ? 'subject { ... on Album { id cover { id status url } } ... on Artist { id } }' : f);
    const fragments = events.map((e) => `... on ${e.name} { ${Object.keys(e.getFields()).filter((f) => shared.includes(f)).map(select).join(' ')} }`);
    const doc = parse(`subscription { coverEvents { __typename ${fragments.join(' ')} } }`);
    expect(validate(schema, doc)).toEqual([]);
  });
});
