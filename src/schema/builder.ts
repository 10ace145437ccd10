import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  DefaultFieldNullability: false;
  Scalars: {
    ID: { Input: string; Output: string | number };
    DateTime: { Input: Date; Output: Date | string };
    File: { Input: File; Output: never };
  };
}>({
  plugins: [ErrorsPlugin, RelayPlugin, DataloaderPlugin],
  defaultFieldNullability: false,
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    // An id that does not decode is the client's mistake, not a server error: say so plainly.
    encodeGlobalID: (typename, id) => encodeId(typename, String(id)),
    decodeGlobalID: (globalID) => decodeId(globalID),
    // A list as long as the ids asked for: priced like any other list (schema/limits.ts).
    nodesQueryOptions: {
      extensions: { complexity: ({ args, childComplexity }: { args: { ids?: unknown[] }; childComplexity: number }) => 1 + (args.ids?.length ?? 1) * Math.max(1, childComplexity) },
    },
  },
  errors: { directResult: true },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

const MAX_ROW_ID = 2 ** 31 - 1;

/** Global ids are base64url("Type:id"), as Relay expects: opaque to clients, stable across restarts. */
export function encodeId(typename: string, id: number | string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeId(globalID: string): { typename: string; id: string } {
  const text = Buffer.from(globalID, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  // Row ids are Postgres integers: a larger number is bad input, not a database error.
  if (colon <= 0 || !/^[A-Z][A-Za-z]*$/.test(typename) || !/^\d{1,10}$/.test(id) || Number(id) > MAX_ROW_ID) {
    throw new GraphQLError(`invalid id "${globalID.slice(0, 80)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { typename, id };
}
