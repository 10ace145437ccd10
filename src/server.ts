import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { costLimitPlugin } from '@escape.tech/graphql-armor-cost-limit';
import { maxAliasesPlugin } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthPlugin } from '@escape.tech/graphql-armor-max-depth';
import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { createFetch } from '@whatwg-node/fetch';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { MAX_UPLOAD_BYTES } from './covers/cover.service.js';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { GraphQLError } from 'graphql';
import { createContext, isAuthorized, type Context, type Services } from './context.js';
import type { Log } from './logger.js';
import type { Metrics } from './monitoring/metrics.js';
import { isImageRoute, serveImage } from './images/image.routes.js';
import { isConsoleRoute, serveConsole, useGraphiqlCsp } from './console/console.routes.js';
import { renderOfflineGraphiQL } from './console/graphiql.js';
import { schema } from './schema/index.js';
import { createHealth, serveHealth, type Health } from './health.js';

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
  const yoga = createYoga<Record<string, never>, Context>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: { title: 'SoniqueBay Covers' },
    renderGraphiQL: renderOfflineGraphiQL,
    landingPage: false,
    // Hostile or accidental monster queries are refused before they run (graphql-armor).
    plugins: [maxDepthPlugin({ n: 12 }), maxAliasesPlugin({ n: 20 }), maxTokensPlugin({ n: 3000 }), costLimitPlugin({ maxCost: 20_000 }), useGraphiqlCsp()],
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
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('internal error');
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (await serveHealth(health, path, res)) return;
    if (path === '/metrics' && metrics) {
      const { contentType, body } = await metrics.render();
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    if (isImageRoute(path)) return serveImage(services.store, req, res, path);
    if (isConsoleRoute(path)) return serveConsole(req, res, path);
    if (path === '/graphql') return yoga(req, res);
    json(res, 404, { error: 'not found' });
  }

  // graphql-ws on the same port and path as yoga's HTTP and SSE transports.
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const wsServer = useServer(
    {
      onConnect: (ctx) => {
        // A bad token closes the socket with 4403 Forbidden.
        if (services.config.apiToken && !isAuthorized(services.config, tokenFrom(ctx.connectionParams))) return false;
        return true;
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

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}
