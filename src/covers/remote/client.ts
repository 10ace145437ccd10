import { Agent, request, type Dispatcher } from 'undici';
import { imageHostsVariable, type Config } from '../../env.js';
import { CircuitBreaker, type BreakerOptions, type BreakerState } from './breaker.js';
import { RemoteError, type ClientName } from './errors.js';
import { guardedLookup, isAllowedTarget, isPrivateAddress, parseImageHost, type ImageHost } from './hosts.js';
import { RateLimitWait, type AcquireOptions, type RateLimiter } from './rate-limit.js';

export type JsonResponse<T> = { status: 200; body: T } | { status: 404; body: unknown };

/**
 * Error codes that say the service could not be reached at all: no DNS answer, no route, nobody
 * listening, or no TCP handshake before the connect timeout. A server that is offline sees these
 * from every remote; an answer of any status, even 500, shows the service is reachable.
 */
export const UNREACHABLE_CODES: ReadonlySet<string> = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ECONNREFUSED',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * What this client's latest sent call said about reaching the service: nothing yet, an answer (any
 * status), or an unreachable error (`code`, `failures` in a row). Calls refused before going out
 * (breaker open, host rules) and timeouts after connecting leave it as it was. `at` is Date.now().
 */
export type Reach =
  | { state: 'unknown' }
  | { state: 'answered'; at: number }
  | { state: 'unreachable'; at: number; code: string; failures: number };

/** Per call: the caller's abort signal, and how it waits for the rate limiter (a wait it will not sleep throws `RateLimitWait`). */
export interface CallOptions {
  signal?: AbortSignal;
  wait?: AcquireOptions;
}

export interface RemoteClient {
  readonly source: ClientName;
  /** The configured base URL, without trailing slash. */
  readonly baseUrl: string;
  /** 200 → parsed body; 404 → `{ status: 404 }` (its body parsed when JSON, else null); anything else throws RemoteError. */
  getJson<T = unknown>(url: string | URL, opts?: CallOptions): Promise<JsonResponse<T>>;
  /** The bytes of a 2xx answer, after at most 3 allowed redirects; anything else throws RemoteError (404 has `status: 404`). */
  getImage(url: string | URL, opts?: CallOptions): Promise<Buffer>;
  readonly breakerState: BreakerState;
  /** Whether the service answered this client's latest call or could not be reached (alerts). */
  readonly reach: Reach;
  /** Closes the connection pool; the client is unusable after. */
  close(): Promise<void>;
}

export interface RemoteClientOptions {
  /**
   * A service of the catalog, or `url`: the client of the URLs users give (setCoverFromUrl), which
   * may ask and be redirected to any http(s) host (`baseUrl` and `imageHosts` are then unused), has
   * no breaker (one bad host must not close the door to others), and refuses private addresses,
   * literal or resolved, unless `allowPrivate`.
   */
  source: ClientName;
  /** Only for `url`: loopback, LAN and link-local addresses may be reached (COVER_URL_ALLOW_PRIVATE). */
  allowPrivate?: boolean;
  config: Config;
  baseUrl: string;
  /**
   * Where image downloads and redirects may go besides the base URL's exact origin: `name[:port]`
   * entries as in `<SERVICE>_IMAGE_HOSTS`, e.g. ['archive.org'] (and its subdomains, default port).
   */
  imageHosts: readonly string[];
  /** Spaces calls to the base origin (key: the source name); image hosts are not limited. */
  rateLimiter?: RateLimiter;
  breaker?: BreakerOptions;
}

const MAX_REDIRECTS = 3;
const ERROR_BODY_BYTES = 64 * 1024;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The HTTP client of one remote service: create one per service per process (it owns the
 * connection pool and the breaker), and share it between jobs.
 */
export function createRemoteClient(opts: RemoteClientOptions): RemoteClient {
  const { source, config, rateLimiter } = opts;
  const anyHost = source === 'url';
  const baseHost = anyHost ? '' : new URL(opts.baseUrl).hostname.replace(/^\[|\]$/g, '');
  const baseOrigin = anyHost ? '' : new URL(opts.baseUrl).origin;
  const imageHosts = opts.imageHosts.map(imageHost);
  const breaker = source === 'url' ? null : new CircuitBreaker(source, opts.breaker);
  let reach: Reach = { state: 'unknown' };
  const lookup = anyHost ? (opts.allowPrivate ? undefined : guardedLookup(null)) : guardedLookup(baseHost);
  const agent = new Agent({
    connect: { timeout: Math.min(config.remoteTimeoutMs, 10_000), ...(lookup ? { lookup } : {}) },
    headersTimeout: config.remoteTimeoutMs,
    bodyTimeout: config.remoteTimeoutMs,
    // undici's own byte cap: the socket is dropped as soon as a body passes it.
    maxResponseSize: config.remoteMaxBytes,
  });

  const fail = (host: string, what: string, transient: boolean, extra: { status?: number; body?: unknown; tooLarge?: boolean; retryAfterMs?: number; cause?: unknown } = {}) =>
    new RemoteError({ source, host, what, transient, ...extra });

  function checkTarget(url: URL, from: string): void {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(url.host, `${from}: scheme ${url.protocol} refused`, false);
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    if (anyHost) {
      if (!opts.allowPrivate && isPrivateAddress(hostname)) throw fail(url.host, `${from}: private address refused (COVER_URL_ALLOW_PRIVATE)`, false);
      return;
    }
    if (!isAllowedTarget(url, baseOrigin, imageHosts)) {
      throw fail(url.host, `${from}: host not allowed (neither ${baseOrigin} nor in ${imageHostsVariable(source)})`, false);
    }
    // IP literals never reach the DNS lookup, so they are checked here.
    if (hostname !== baseHost && isPrivateAddress(hostname)) throw fail(url.host, `${from}: private address refused`, false);
  }

  type Answer = { status: number; host: string; bytes: Buffer | null; body?: unknown };

  /** One call: host rules, breaker, rate limit, deadline, manual redirects; records the outcome in the breaker. */
  async function call(input: string | URL, kind: 'json' | 'image', callerSignal: AbortSignal | undefined, wait?: AcquireOptions): Promise<Answer> {
    let url = parseUrl(input);
    checkTarget(url, 'request');
    if (breaker && !breaker.admit()) throw fail(url.host, 'circuit open', true);
    let deadline: AbortSignal | undefined; // starts after the rate limiter's wait
    try {
      if (rateLimiter && url.origin === baseOrigin) await rateLimiter.acquire(source, callerSignal, wait);
      deadline = AbortSignal.timeout(config.remoteTimeoutMs);
      const signal = callerSignal ? AbortSignal.any([deadline, callerSignal]) : deadline;
      const accept = kind === 'json' ? 'application/json' : 'image/*';
      for (let hop = 0; ; hop++) {
        const res = await request(url, { method: 'GET', dispatcher: agent, signal, headers: { 'user-agent': config.userAgent, accept } });
        reach = { state: 'answered', at: Date.now() };
        if (!REDIRECTS.has(res.statusCode)) {
          const answer = await settle(res, url.host, kind);
          breaker?.succeeded();
          return answer;
        }
        await res.body.dump().catch(() => undefined);
        const location = res.headers.location;
        if (typeof location !== 'string') throw fail(url.host, `answered ${res.statusCode} without a Location`, false, { status: res.statusCode });
        if (hop >= MAX_REDIRECTS) throw fail(url.host, `redirected more than ${MAX_REDIRECTS} times`, false, { status: res.statusCode });
        if (!URL.canParse(location, url)) throw fail(url.host, `answered ${res.statusCode} with an invalid Location`, false, { status: res.statusCode });
        const next = new URL(location, url);
        checkTarget(next, `redirect to ${next.host}`);
        url = next;
      }
    } catch (caught) {
      // Not sent: the caller comes back when the turn is near; the breaker learnt nothing.
      if (caught instanceof RateLimitWait) {
        breaker?.released();
        throw caught;
      }
      const err = classify(caught, url.host, deadline, callerSignal);
      const code = errorCode(caught);
      if (code && UNREACHABLE_CODES.has(code) && !callerSignal?.aborted) {
        reach = { state: 'unreachable', at: Date.now(), code, failures: reach.state === 'unreachable' ? reach.failures + 1 : 1 };
      }
      if (!breaker) throw err;
      if (callerSignal?.aborted) breaker.released();
      else if (err.transient) breaker.failed();
      else breaker.succeeded(); // a permanent answer still shows the remote is up
      throw err;
    }
  }

  function parseUrl(input: string | URL): URL {
    try {
      return new URL(input);
    } catch {
      throw fail('(none)', 'request: invalid URL', false); // e.g. an image URL from a remote's JSON
    }
  }

  async function settle(res: Dispatcher.ResponseData, host: string, kind: 'json' | 'image'): Promise<Answer> {
    const status = res.statusCode;
    if (status >= 200 && status < 300) {
      const bytes = await readCapped(res, host);
      if (kind === 'image') return { status, host, bytes };
      if (status !== 200) throw fail(host, `answered ${status}`, false, { status });
      const body = parseJson(bytes);
      if (body === undefined) throw fail(host, 'answered invalid JSON', true, { status });
      return { status, host, bytes, body };
    }
    const raw = await readUpTo(res.body, ERROR_BODY_BYTES);
    const body = raw ? parseJson(raw) : undefined;
    if (status === 404) return { status, host, bytes: null, body };
    const transient = status >= 500 || status === 429 || status === 408;
    const retryAfterMs = transient ? parseRetryAfter(res.headers['retry-after']) : undefined;
    throw fail(host, `answered ${status}`, transient, { status, body, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }

  async function readCapped(res: Dispatcher.ResponseData, host: string): Promise<Buffer> {
    const max = config.remoteMaxBytes;
    const declared = Number(res.headers['content-length']);
    if (declared > max) {
      // Refused before reading a byte, with the size it announced.
      discard(res.body);
      throw fail(host, `answered ${declared} bytes, over the ${max}-byte cap`, false, { status: res.statusCode, tooLarge: true });
    }
    try {
      return Buffer.from(await res.body.arrayBuffer());
    } catch (err) {
      if (errorCode(err) === 'UND_ERR_RES_EXCEEDED_MAX_SIZE') throw fail(host, `sent more than the ${max}-byte cap`, false, { status: res.statusCode, tooLarge: true, cause: err });
      throw err;
    }
  }

  function classify(err: unknown, host: string, deadline: AbortSignal | undefined, callerSignal?: AbortSignal): RemoteError {
    if (err instanceof RemoteError) return err;
    if (callerSignal?.aborted) return fail(host, 'request aborted', true, { cause: err });
    if (deadline?.aborted) return fail(host, `timed out after ${config.remoteTimeoutMs} ms`, true, { cause: err });
    const code = errorCode(err);
    if (code === 'ERR_BLOCKED_ADDRESS') return fail(host, 'private address refused', false, { cause: err });
    if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
      return fail(host, 'timed out', true, { cause: err });
    }
    return fail(host, `connection failed (${code ?? (err as Error)?.message ?? 'unknown error'})`, true, { cause: err });
  }

  return {
    source,
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    get breakerState() {
      return breaker?.state ?? 'closed';
    },
    get reach() {
      return reach;
    },
    async getJson<T>(url: string | URL, o: CallOptions = {}): Promise<JsonResponse<T>> {
      const res = await call(url, 'json', o.signal, o.wait);
      if (res.status === 404) return { status: 404, body: res.body ?? null };
      return { status: 200, body: res.body as T };
    },
    async getImage(url: string | URL, o: CallOptions = {}): Promise<Buffer> {
      const res = await call(url, 'image', o.signal, o.wait);
      if (!res.bytes) throw fail(res.host, `answered ${res.status}`, false, { status: res.status, body: res.body });
      return res.bytes;
    },
    close: () => agent.close(),
  };
}

/** The same client, every call of it waiting for the rate limiter as `wait` says (one job's policy over the shared client). */
export function withWait(client: RemoteClient, wait: AcquireOptions): RemoteClient {
  return {
    source: client.source,
    baseUrl: client.baseUrl,
    get breakerState() {
      return client.breakerState;
    },
    get reach() {
      return client.reach;
    },
    getJson: (url, o = {}) => client.getJson(url, { ...o, wait: o.wait ?? wait }),
    getImage: (url, o = {}) => client.getImage(url, { ...o, wait: o.wait ?? wait }),
    close: () => client.close(),
  };
}

function imageHost(entry: string): ImageHost {
  const host = parseImageHost(entry);
  if (!host) throw new Error(`image host "${entry}" is not name, name:port or [v6]:port`); // the config validated it already
  return host;
}

/** `Retry-After` as delay-seconds or an HTTP date, in ms from now; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function parseJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads at most `limit` bytes of an answer we only glance at; null when it is longer or breaks. */
async function readUpTo(body: Dispatcher.ResponseData['body'], limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > limit) return null; // leaving the loop destroys the body
      chunks.push(chunk);
    }
  } catch {
    return null;
  }
  return Buffer.concat(chunks, total);
}

/** Drops an answer we will not read; undici reports an unread destroyed body as an error nobody listens to. */
function discard(body: Dispatcher.ResponseData['body']): void {
  body.on('error', () => undefined);
  body.destroy();
}

function errorCode(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, i = 0; e && i < 5; e = e.cause as typeof e, i++) {
    if (typeof e.code === 'string') return e.code;
  }
  return undefined;
}
