import { createHash, timingSafeEqual } from 'node:crypto';
import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionResult } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import type { Config } from './env.js';
import type { Db } from './db/database.js';
import type { PublishCoverEvent } from './covers/cover.events.js';
import type { EventBus } from './events.js';
import type { ImageStore } from './images/image.store.js';
import type { ImageWork } from './images/image.work.js';
import type { JobQueue } from './jobs/queue.js';
import type { LibraryHooks } from './library/library.changes.js';
import type { RemoteClient } from './covers/remote/client.js';

/** Long-lived parts every resolver may use; built once by the server. */
export interface Services {
  db: Db;
  config: Config;
  queue: JobQueue;
  store: ImageStore;
  /** The bounded queue in front of sharp work (uploads wait or are shed there). */
  imageWork: ImageWork;
  /** Tells subscribers how a cover is coming along (through `events`). */
  publish: PublishCoverEvent;
  /** The cross-process event bus (Postgres LISTEN/NOTIFY). */
  events: EventBus;
  /** What follows a change of the library (covers queue or delete): a scan and a push announce through it. */
  libraryHooks: LibraryHooks;
  /** Fetches the URLs users give (setCoverFromUrl), under the remote client's guards. */
  urlClient: RemoteClient;
}

/** The GraphQL context, for HTTP and WebSocket alike: the services plus who is asking. */
export interface Context extends Services {
  /** May run mutations: the request carried the configured API token (always true when none is configured). */
  authorized: boolean;
  /** May run queries and subscriptions (see `accessFor`). */
  canRead: boolean;
  /** Why the token rule refuses something, when it does. */
  tokenProblem?: 'missing' | 'wrong';
}

export function createContext(services: Services, authorization: string | null | undefined): Context {
  const { access, reason } = accessFor(services.config, authorization);
  return { ...services, authorized: access === 'write', canRead: access !== 'none', tokenProblem: reason };
}

export type Access = 'none' | 'read' | 'write';

/**
 * The one rule for the token, on HTTP, SSE and graphql-ws alike. Without API_TOKEN everything is
 * open. With it, the right token may do everything; no token may read unless API_TOKEN_READS; a
 * wrong token may do nothing (a client that sends one is misconfigured, and should hear so).
 */
export function accessFor(config: Pick<Config, 'apiToken' | 'apiTokenReads'>, authorization: string | null | undefined): { access: Access; reason?: 'missing' | 'wrong' } {
  if (!config.apiToken) return { access: 'write' };
  if (authorization == null || authorization === '') return config.apiTokenReads ? { access: 'none', reason: 'missing' } : { access: 'read', reason: 'missing' };
  return tokenMatches(config.apiToken, authorization) ? { access: 'write' } : { access: 'none', reason: 'wrong' };
}

/** Whether these credentials may run mutations. */
export function isAuthorized(config: Pick<Config, 'apiToken' | 'apiTokenReads'>, authorization: string | null | undefined): boolean {
  return accessFor(config, authorization).access === 'write';
}

function tokenMatches(token: string, authorization: string): boolean {
  // Constant time over equal lengths (hashing first makes them equal without revealing the length).
  const expected = createHash('sha256').update(`Bearer ${token}`).digest();
  const given = createHash('sha256').update(authorization).digest();
  return timingSafeEqual(expected, given);
}

/** A read refused by the token rule, as a top-level error (401 / 403 with graphql-response+json). */
export function readRefused(reason: 'missing' | 'wrong' | undefined): GraphQLError {
  return reason === 'wrong'
    ? new GraphQLError('the Authorization token is not the API token', { extensions: { code: 'FORBIDDEN', http: { status: 403, spec: true } } })
    : new GraphQLError('reads need Authorization: Bearer <API_TOKEN> (API_TOKEN_READS=true)', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401, spec: true } } });
}

/** Applies the rule to every operation before it runs, whichever transport brought it. */
export function useAccessRule(): Plugin {
  const check = (args: { document: DocumentNode; operationName?: string | null; contextValue: unknown }, stop: (r: ExecutionResult) => void) => {
    const ctx = args.contextValue as Context;
    // Mutations answer ForbiddenError in their result union (schema: `authorized`).
    if (getOperationAST(args.document, args.operationName)?.operation === 'mutation') return;
    if (!ctx.canRead) stop({ errors: [readRefused(ctx.tokenProblem)] });
  };
  return {
    onExecute: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
    onSubscribe: ({ args, setResultAndStopExecution }) => check(args, setResultAndStopExecution),
  };
}
