import type { CodegenConfig } from '@graphql-codegen/cli';
import { printedSchema } from './src/schema/index.js';

/**
 * GraphQL Code Generator: the schema built from the code is written to schema.graphql (the
 * contract for the frontend), and the typed documents the tests import to test/gql/.
 */
const config: CodegenConfig = {
  schema: printedSchema(),
  ignoreNoDocuments: true,
  generates: {
    'schema.graphql': { plugins: ['schema-ast'], config: { includeDirectives: false, sort: true } },
    'test/gql/': {
      documents: ['test/**/*.ts', 'bench/**/*.ts', '!test/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { useTypeImports: true, enumsAsTypes: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string', File: 'File' } },
    },
    // The console's operations (web/src/operations.ts), as strings: the page sends them with fetch
    // and graphql-ws and needs no GraphQL parser or printer in the browser.
    'web/src/gql/': {
      documents: ['web/src/**/*.ts', '!web/src/gql/**'],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: { documentMode: 'string', useTypeImports: true, enumsAsTypes: true, emitLegacyCommonJSImports: false, scalars: { DateTime: 'string', File: 'File' } },
    },
  },
};

export default config;
