import { lexicographicSortSchema, printSchema } from 'graphql';
import { builder } from './builder.js';
import './scalars.js';
import './errors.js';
import '../library/library.schema.js';
import '../library/library.node.js';
import '../library/library.push.schema.js';
import '../covers/cover.schema.js';
import '../covers/cover-events.schema.js';
import '../album-images/album-images.schema.js';
import '../candidates/candidate.schema.js';
import '../monitoring/monitoring.schema.js';

/** The executable schema. Importing this opens nothing: codegen and tests import it freely. */
export const schema = builder.toSchema({ sortSchema: true });

/** The committed contract: `schema.graphql` is this text. */
export function printedSchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}
