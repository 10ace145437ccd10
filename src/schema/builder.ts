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
  },
  errors: { directResult: true },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});

/** Global ids are base64url("Type:id"), as Relay expects: opaque to clients, stable across restarts. */
export function encodeId(typename: string, id: number | string): string {
  return Buffer.from(`${typename}:${id}`).toString('base64url');
}

export function decodeId(globalID: string): { typename: string; id: string } {
  const text = Buffer.from(globalID, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  const typename = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (colon <= 0 || !/^[A-Z][A-Za-z]*$/.test(typename) || !/^\d{1,10}$/.test(id)) {
    throw new GraphQLError(`invalid id "${globalID.slice(0, 80)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return { typename, id };
}
