import type { RemoteName } from '../sources/catalog.js';

/** A remote service of the catalog, or `url`: the client of the URLs users give (setCoverFromUrl). */
export type ClientName = RemoteName | 'url';

/**
 * A failed remote call. The message names the service, the URL host (never the full URL: it may
 * hold an API key) and the status; whoever quotes it adds no service name of its own.
 */
export class RemoteError extends Error {
  override name = 'RemoteError';
  readonly source: ClientName;
  readonly host: string;
  readonly status?: number;
  readonly transient: boolean;
  /** The parsed JSON of an error answer, when it was JSON (Last.fm puts its error codes there). */
  readonly body?: unknown;
  /** The answer was over REMOTE_MAX_BYTES: a candidate to reject, not a reason to stop the source's search. */
  readonly tooLarge: boolean;
  /** How long the service asked us to wait (its `Retry-After`), in ms. */
  readonly retryAfterMs?: number;

  constructor(o: { source: ClientName; host: string; what: string; transient: boolean; status?: number; body?: unknown; tooLarge?: boolean; retryAfterMs?: number; cause?: unknown }) {
    super(`${o.source}: ${o.host} ${o.what}`, { cause: o.cause });
    this.source = o.source;
    this.host = o.host;
    this.status = o.status;
    this.transient = o.transient;
    this.body = o.body;
    this.tooLarge = o.tooLarge ?? false;
    this.retryAfterMs = o.retryAfterMs;
  }
}
