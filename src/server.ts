import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { once } from 'node:events';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createFetch } from '@whatwg-node/fetch';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useGraphQLSSE } from '@graphql-yoga/plugin-graphql-sse';
import { useGraphQlJit } from '@envelop/graphql-jit';
import { createYoga, maskError, type Plugin, type YogaServerInstance } from 'graphql-yoga';
import { MAX_UPLOAD_BYTES } from './covers/cover.service.js';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { getOperationAST, getVariableValues, GraphQLError, type ExecutionArgs } from 'graphql';
import { accessFor, createContext, useAccessRule, type Context, type Services } from './context.js';
import type { Log } from './logger.js';
import type { Metrics } from './monitoring/metrics.js';
import { isImageRoute, serveImage } from './images/image.routes.js';
import { isConsoleRoute, serveConsole, useGraphiqlCsp } from './console/console.routes.js';
import { renderOfflineGraphiQL } from './console/graphiql.js';
import { schema } from './schema/index.js';
import { createHealth, serveHealth, type Health } from './health.js';
import { BusyError } from './images/image.work.js';
import { LIMITS, tooComplex, useOperationLimits } from './schema/limits.js';
import { isAllowedHost, isAllowedOrigin, isCorsOrigin } from './security.js';

/** Past this a request body is refused unread (413): one upload plus its multipart envelope. */
export const MAX_BODY_BYTES = MAX_UPLOAD_BYTES + 1024 * 1024;
/** Browsers (and curl, for the README's upload) say "not a form" with one of these (CSRF prevention). */
export const CSRF_HEADERS = ['x-graphql-yoga-csrf', 'apollo-require-preflight'];

export interface ServerDeps extends Services {
  log: Log;
  /** Served at GET /metrics (Prometheus text format) when given. */
  metrics?: Metrics;
  /** Answers /healthz and /readyz; by default from the database alone. */
  health?: Health;
}

export interface AppServer {
  start(): Promise<{ url: string; port: number }>;
  stop(): Promise<void>;
  readonly yoga: YogaServerInstance<Record<string, never>, Context>;
  readonly http: Server;
}

/** yoga on node:http, plus the health routes. */
export function createServer(deps: ServerDeps): AppServer {
  const { log, metrics, health = createHealth({ db: deps.db }), ...services } = deps;
  const { config } = services;
  // graphql-armor's limits say "Syntax Error: …" without a code: say what it is instead.
  const armor = { onReject: [(_ctx: unknown, err: GraphQLError) => { throw tooComplex(err.message.replace(/^Syntax Error: /, '')); }] };
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    // Subscriptions over graphql-ws: GraphiQL's default SSE subscriptions are refused by CSRF prevention.
    graphiql: { title: 'SoniqueBay Covers', subscriptionsProtocol: 'WS' },
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    // Only origins listed in CORS_ORIGINS get CORS headers, never with credentials (the token is a header).
    cors: (request) => {
      const origin = request.headers.get('origin');
      return isCorsOrigin(config, origin) ? { origin, credentials: false, methods: ['GET', 'POST', 'PUT', 'DELETE'], maxAge: 600 } : false;
    },
    plugins: [
      useCSRFPrevention({ requestHeaders: CSRF_HEADERS }),
      // graphql-sse's own protocol (both modes) at /graphql/stream; yoga's SSE stays at /graphql.
      useGraphQLSSE({ endpoint: '/graphql/stream' }),
      // Hostile or accidental monster queries are refused before they run.
      maxDepthPlugin({ n: LIMITS.maxDepth, ...armor }),
      maxAliasesPlugin({ n: LIMITS.maxAliases, ...armor }),
      maxTokensPlugin({ n: LIMITS.maxTokens, ...armor }),
      useOperationLimits(log),
      useAccessRule(),
      useErrorCodes(log),
      useGraphiqlCsp(),
      // Queries and mutations compiled to JavaScript once per document (graphql-jit): about 40 % less
      // CPU per albums page than graphql-js' interpreter (BENCHMARKS.md).
      useGraphQlJit({}, { enableIf: jitFits, onError: (r) => log.error({ errors: r.errors?.map((e) => e.message) }, 'graphql-jit could not compile an operation') }),
      { onResponse: ({ response }) => response.headers.set('x-content-type-options', 'nosniff') },
    ],
    maskedErrors: { maskError: (error, message, isDev) => (busy(error) ?? maskError(error, message, isDev)) },
    // Multipart uploads: one file, read no further than one byte past the limit (so the service
    // can say "too large" without buffering a huge body).
    fetchAPI: createFetch({ formDataLimits: { files: 1, fileSize: MAX_UPLOAD_BYTES + 1, fields: 10, fieldSize: 1024 * 1024 } }),
    // HTTP requests carry the token in a header; graphql-ws connections in connection_init.
    context: ({ request, connectionParams }: { request?: Request; connectionParams?: Record<string, unknown> }) =>
      createContext(services, request?.headers.get('authorization') ?? tokenFrom(connectionParams)),
    logging: {
      debug: (...args) => log.debug({ args }, 'yoga'),
      info: (...args) => log.info({ args }, 'yoga'),
      warn: (...args) => log.warn({ args }, 'yoga'),
      error: (...args) => log.error({ err: args.map(String).join(' ') }, 'graphql error'),
    },
  });

  const http = createHttpServer((req, res) => {
    void route(req, res).catch((err: unknown) => {
      log.error({ err, path: req.url }, 'request failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain', 'x-content-type-options': 'nosniff' });
      res.end('internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (await serveHealth(health, path, res)) return;
    const refused = refusal(req, path);
    if (refused) return json(res, refused.status, { errors: [{ message: refused.message, extensions: { code: refused.code } }] });
    if (path === '/metrics' && metrics) {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
      return;
    }
    if (isImageRoute(path)) return serveImage(services.store, req, res, path);
    if (isConsoleRoute(path)) return serveConsole(req, res, path);
    if (path === '/graphql' || path === '/graphql/stream') {
      // A chunked body says no length up front: read it here, no further than the limit.
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] !== undefined) return chunked(req, res);
      return yoga(req, res);
    }
    json(res, 404, { error: 'not found' });
  }

  /**
   * A request body sent in chunks (no Content-Length) is read into memory up to MAX_BODY_BYTES and
   * then handed to yoga as a fetch Request; past the limit it is refused with 413, the rest dropped
   * as it arrives (never held), and the connection closed at most 5 s after the answer. (The size rule in `refusal` can only read Content-Length.)
   */
  async function chunked(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readAtMost(req, MAX_BODY_BYTES);
    if (!body) {
      res.setHeader('connection', 'close');
      res.once('finish', () => setTimeout(() => req.destroy(), 5000).unref());
      return json(res, 413, { errors: [{ message: `chunked request body over the limit of ${MAX_BODY_BYTES} bytes (uploads: at most ${MAX_UPLOAD_BYTES} bytes)`, extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    }
    const headers = new yoga.fetchAPI.Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value === undefined || name === 'transfer-encoding') continue;
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
    }
    headers.set('content-length', String(body.length));
    const abort = new AbortController();
    res.once('close', () => abort.abort());
    const request = new yoga.fetchAPI.Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, { method: req.method, headers, body: new Uint8Array(body), signal: abort.signal });
    const response = await yoga.handleRequest(request, {});
    res.writeHead(response.status, Object.fromEntries(response.headers));
    if (!response.body) return void res.end();
    // yoga's body is @whatwg-node's stream (not node:stream/web's): iterate it; SSE streams too.
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        if (!res.write(chunk)) await once(res, 'drain');
      }
      res.end();
    } catch {
      res.destroy();
    }
  }

  /** Host, Origin and size rules, before any work (README "Security"). */
  function refusal(req: IncomingMessage, path: string): { status: number; code: string; message: string } | undefined {
    if (!isAllowedHost(config, req.headers.host)) {
      return { status: 403, code: 'FORBIDDEN', message: `host "${String(req.headers.host ?? '').slice(0, 100)}" is not served here (ALLOWED_HOSTS)` };
    }
    const origin = req.headers.origin;
    const method = req.method ?? 'GET';
    // Cover bytes are public: any page may draw them (no credentials involved).
    if (origin && !isImageRoute(path) && method !== 'GET' && method !== 'HEAD' && !isAllowedOrigin(config, origin, req.headers.host)) {
      return { status: 403, code: 'FORBIDDEN', message: `origin "${origin.slice(0, 100)}" is not allowed (CORS_ORIGINS)` };
    }
    const length = Number(req.headers['content-length'] ?? 0);
    if (length > MAX_BODY_BYTES) {
      return { status: 413, code: 'PAYLOAD_TOO_LARGE', message: `request body of ${length} bytes is over the limit of ${MAX_BODY_BYTES} (uploads: at most ${MAX_UPLOAD_BYTES} bytes)` };
    }
    return undefined;
  }

  // graphql-ws on the same port and path as yoga's HTTP and SSE transports.
  // A browser's WebSocket sends Origin but no preflight: the same Host and Origin rules apply here.
  const wss = new WebSocketServer({
    server: http,
    path: '/graphql',
    verifyClient: ({ origin, req }: { origin?: string; req: IncomingMessage }) =>
      isAllowedHost(config, req.headers.host) && (!origin || isAllowedOrigin(config, origin, req.headers.host)),
  });
  const wsServer = useServer(
    {
      onConnect: (ctx) => {
        // The token rule (context.ts): a connection that may not even read closes with 4403 Forbidden.
        return accessFor(config, tokenFrom(ctx.connectionParams)).access !== 'none';
      },
      execute: (args: any) => args.rootValue.execute(args),
      subscribe: (args: any) => args.rootValue.subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema: s, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        let document;
        try {
          document = parse(params.query);
        } catch (err) {
          return [err as GraphQLError];
        }
        const errors = validate(s, document);
        if (errors.length > 0) return errors;
        return {
          schema: s,
          operationName: params.operationName,
          document,
          variableValues: params.variables,
          contextValue: await contextFactory({ connectionParams: ctx.connectionParams }),
          rootValue: { execute, subscribe },
        };
      },
    },
    wss,
  );

  let started = false;
  return {
    yoga,
    http,
    async start() {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(services.config.port, services.config.host, () => {
          http.off('error', reject);
          resolve();
        });
      });
      started = true;
      const { port } = http.address() as AddressInfo;
      const host = services.config.host.includes(':') ? `[${services.config.host}]` : services.config.host;
      return { url: `http://${host}:${port}`, port };
    },
    async stop() {
      if (!started) return;
      started = false;
      await wsServer.dispose();
      // Stop accepting; let in-flight requests finish, then cut what is left after a grace period.
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeIdleConnections();
      const timer = setTimeout(() => http.closeAllConnections(), 10_000);
      await closed;
      clearTimeout(timer);
    },
  };
}

function tokenFrom(params: Record<string, unknown> | undefined | null): string | undefined {
  const v = params?.authorization ?? params?.Authorization;
  return typeof v === 'string' ? v : undefined;
}

/** A shed upload: 503 with Retry-After, instead of a masked error. */
function busy(error: unknown): GraphQLError | undefined {
  const original = error instanceof GraphQLError ? error.originalError : error;
  if (!(original instanceof BusyError)) return undefined;
  return new GraphQLError(original.message, {
    extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': String(original.retryAfterSeconds) } } },
  });
}

/** Every error carries `extensions.code`; bad input is logged at debug, not as a failure. */
function useErrorCodes(log: Log): Plugin {
  const codeFor = (e: GraphQLError): string => {
    const status = (e.extensions?.http as { status?: number } | undefined)?.status;
    if (e.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
    if (e.message.startsWith('Variable "$')) return 'BAD_USER_INPUT';
    if (status === 403) return 'FORBIDDEN';
    if (status === 405) return 'METHOD_NOT_ALLOWED';
    if (status === 413) return 'PAYLOAD_TOO_LARGE';
    if (e.path === undefined && (status === undefined || status === 400)) return status === 400 && !e.nodes ? 'BAD_REQUEST' : 'GRAPHQL_VALIDATION_FAILED';
    // Unexpected errors were masked with INTERNAL_SERVER_ERROR already: one left is a deliberate
    // GraphQLError of a resolver or scalar about its input.
    return 'BAD_USER_INPUT';
  };
  return {
    onResultProcess({ result }) {
      for (const r of Array.isArray(result) ? result : [result]) {
        if (!r || typeof r !== 'object' || !('errors' in r) || !r.errors) continue;
        // graphql-jit's own errors (a null in a non-null field) carry no extensions object to write to.
        (r as { errors: GraphQLError[] }).errors = (r.errors as GraphQLError[]).map((e) => (e.extensions ? e : withExtensions(e)));
        for (const e of r.errors as GraphQLError[]) {
          const ext = e.extensions as Record<string, unknown>;
          if (ext.code === undefined) ext.code = codeFor(e);
          // yoga's own name for a multipart body past formDataLimits: one failure, one code.
          if (ext.code === 'REQUEST_ENTITY_TOO_LARGE') ext.code = 'PAYLOAD_TOO_LARGE';
          if (ext.code !== 'INTERNAL_SERVER_ERROR') log.debug({ code: ext.code, message: e.message }, 'request refused');
        }
      }
    },
  };
}

/** The body, or undefined once it passes `limit` bytes (the rest is then read and dropped). */
function readAtMost(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (value: Buffer | undefined) => {
      req.off('data', onData).off('end', onEnd).off('error', reject);
      resolve(value);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        chunks.length = 0;
        done(undefined);
        req.resume(); // discarded as it arrives, so the client reads the 413 instead of a reset
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done(Buffer.concat(chunks));
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}

/** A graphql-js GraphQLError for an error made without extensions, same message, path and locations. */
function withExtensions(e: GraphQLError): GraphQLError {
  const copy = new GraphQLError(e.message, { path: e.path, originalError: e.originalError ?? undefined, extensions: {} });
  (copy as { locations?: GraphQLError['locations'] }).locations = e.locations;
  return copy;
}

/**
 * Which operations run compiled (graphql-jit): queries and mutations whose variables graphql-js
 * accepts. Bad variables and subscriptions run on graphql-js, so their errors and event streams
 * are exactly graphql-js' (the JIT words variable errors its own way, answers them 200 instead of
 * 400, and a subscription lives long enough that compiling it saves nothing).
 */
function jitFits(args: ExecutionArgs): boolean {
  const operation = getOperationAST(args.document, args.operationName);
  if (!operation || operation.operation === 'subscription') return false;
  return !getVariableValues(args.schema, operation.variableDefinitions ?? [], args.variableValues ?? {}, { maxErrors: 1 }).errors;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(body));
}
