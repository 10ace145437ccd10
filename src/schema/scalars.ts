import { GraphQLError } from 'graphql';
import { builder } from './builder.js';

builder.scalarType('DateTime', {
  description: 'An ISO-8601 date and time in UTC.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => {
    const d = new Date(String(value));
    if (Number.isNaN(d.getTime())) throw new GraphQLError('DateTime must be an ISO-8601 string');
    return d;
  },
});

builder.scalarType('File', {
  description: 'A file sent with a GraphQL multipart request (input only).',
  serialize: () => {
    throw new GraphQLError('File is an input-only scalar');
  },
  parseValue: (value) => {
    // Duck-typed: yoga's multipart parser makes its own File class, not always the global one.
    const f = value as Partial<File> | null;
    if (f && typeof f === 'object' && typeof f.arrayBuffer === 'function' && typeof f.size === 'number') return value as File;
    throw new GraphQLError('expected a file sent as a multipart request part');
  },
  parseLiteral: () => {
    throw new GraphQLError('a file cannot be written inline; send it as a multipart request part');
  },
});
