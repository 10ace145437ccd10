import type { CodegenConfig } from '@graphql-codegen/cli';
import { printedSchema } from './src/schema/index.js';

/**
 * GraphQL Code Generator: the schema built from the code is written to schema.graphql (the
 * contract for the frontend), and the typed documents the tests import to test/gql/.
 */
const config: CodegenConfig = {
  schema: printedSchema(),
  documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/gql/**'],
  ignoreNoDocuments: true,
  generates: {
    'schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: false, sort: true } },
    'test/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string', File: 'File' } },
    },
  },
};

export default config;
