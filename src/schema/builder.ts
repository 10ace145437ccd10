import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin, { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
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
    // node/nodes are declared by the library (library/library.node.ts): a missing or malformed id
    // answers null there, where the plugin's fields fail.
    nodeQueryOptions: false,
    nodesQueryOptions: false,
    nodeTypeOptions: { description: 'Anything with a global id: an Album, Artist or Track, found again with `node(id:)`.' },
    idFieldOptions: { description: 'The global id: opaque, stable, the same in every query and event.' },
    pageInfoTypeOptions: { description: 'Where a page stands in its list. Pages go forward only (`first` and `after`).' },
    hasNextPageFieldOptions: { description: 'Whether a page follows this one (ask for it with `after: endCursor`).' },
    hasPreviousPageFieldOptions: { description: 'Always false: pages go forward only.' },
    startCursorFieldOptions: { description: "The cursor of this page's first item; null for an empty page." },
    endCursorFieldOptions: { description: "The cursor of this page's last item, for `after`; null for an empty page." },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Whether another page follows, and the cursor to ask for it.' },
    cursorFieldOptions: { description: 'An opaque position in the list: pass it as `after` to continue after this item.' },
    nodeFieldOptions: { description: 'The item.' },
  },
  errors: {
    directResult: true,
    defaultUnionOptions: { description: 'The answer of the field: its result, or one of the expected errors (select `... on Error { message }`).' },
  },
});

builder.queryType({ description: 'What can be read: the library, its covers and the service figures.' });
builder.mutationType({ description: 'What can be changed (needs the API token when API_TOKEN is set).' });
builder.subscriptionType({ description: 'Live updates, over graphql-ws, SSE or graphql-sse.' });

/** Row ids are Postgres integers: a larger number is bad input, not a database error. */
const MAX_ROW_ID = 2 ** 31 - 1;

/**
 * Global ids are the relay plugin's "Type:id", written in base64url without padding
 * ("QWxidW06MQ" is Album 1): the ids clients already hold stay valid, and they need no escaping
 * in a URL. The plugin frames and parses; we only translate its base64 alphabet.
 */
export function encodeId(typename: string, id: number | string): string {
  return encodeGlobalID(typename, id).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
}

/** An id that does not decode, or whose id part is not a row id, is the client's mistake: BAD_USER_INPUT. */
export function decodeId(globalID: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | null = null;
  try {
    decoded = decodeGlobalID(toBase64(globalID));
  } catch {
    // reported below, with the id the client sent
  }
  if (!decoded || !/^[A-Z][A-Za-z]*$/.test(decoded.typename) || !/^\d{1,10}$/.test(decoded.id) || Number(decoded.id) > MAX_ROW_ID) {
    throw new GraphQLError(`invalid id "${globalID.slice(0, 80)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return decoded;
}

/** base64url (padded or not) to the padded standard alphabet the plugin reads. */
function toBase64(text: string): string {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  return standard.padEnd(standard.length + ((4 - (standard.length % 4)) % 4), '=');
}
