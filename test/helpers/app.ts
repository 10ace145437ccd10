import { resolve } from 'node:path';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';
import { startApp, type App, type Role } from '../../src/app.js';
import { loadConfig, PROJECT_ROOT, type Config } from '../../src/env.js';
import { createLogger } from '../../src/logger.js';
import type { DatabaseOptions } from '../../src/db/database.js';
import { createTestDatabase, type TestDatabase } from './db.js';

export const FIXTURE_LIBRARY = resolve(PROJECT_ROOT, 'test/fixtures/library');
export const DEMO_LIBRARY = resolve(PROJECT_ROOT, 'examples/demo-library');

export interface GqlResult<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export interface TestApp {
  app: App;
  config: Config;
  database: TestDatabase;
  /** http://127.0.0.1:<port>, when the role serves the API. */
  url: string;
  /** POSTs a GraphQL operation (a codegen typed document, or a string) over real HTTP. */
  gql<T = any, V = Record<string, unknown>>(query: TypedDocumentNode<T, V> | string, variables?: V, headers?: Record<string, string>): Promise<GqlResult<T>>;
  stop(): Promise<void>;
}

/** The real service on a real port, over its own fresh database. */
export async function startTestApp(opts: { env?: Record<string, string>; role?: Role; db?: DatabaseOptions } = {}): Promise<TestApp> {
  const database = await createTestDatabase(opts.db);
  const config = loadConfig({
    MUSIC_DIR: FIXTURE_LIBRARY,
    HOST: '127.0.0.1',
    PORT: '0',
    SCAN_ON_START: 'false',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...opts.env,
    DATABASE_URL: database.url,
  });
  const log = createLogger(config.logLevel);
  const app = await startApp(config, opts.role ?? 'serve', log, { url: database.url, db: database.db, pool: database.pool, close: async () => {} });
  const url = app.url ?? '';
  return {
    app,
    config,
    database,
    url,
    async gql(query, variables, headers) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query: typeof query === 'string' ? query : print(query), variables }),
      });
      return (await res.json()) as any;
    },
    async stop() {
      await app.stop();
      await database.destroy();
    },
  };
}
