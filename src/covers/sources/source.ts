import type { Config } from '../../env.js';
import type { RemoteClient } from '../remote/client.js';
import { RemoteError } from '../remote/errors.js';
import { remoteService, type RemoteName, type SourceName } from './catalog.js';

/** What a source needs to know about an album; built by the cover service from the library rows. */
export interface AlbumSubject {
  kind: 'album';
  id: string;
  title: string;
  artistName: string;
  /** Absolute path of the album folder (the parent of CD1/Disc 2 subfolders), when it has one. */
  folder: string | null;
  /** Absolute paths of the album's audio files, in disc/track order. */
  trackPaths: string[];
  mbReleaseId: string | null;
  mbReleaseGroupId: string | null;
}

export interface ArtistSubject {
  kind: 'artist';
  id: string;
  name: string;
  /** Absolute path of the artist folder (the folder holding the album folders), when it has one. */
  folder: string | null;
  mbArtistId: string | null;
}

export type Subject = AlbumSubject | ArtistSubject;

/** One picture a source offers, and what the trace says about it. */
export interface Candidate {
  image: Buffer;
  detail: string;
}

/**
 * A source's answer. The chain validates a FOUND image and records REJECTED itself when it does
 * not pass; a source says REJECTED only for a candidate it could not even take (over the byte cap).
 * Either way the chain moves on. `more` holds the source's further candidates, best
 * first (a file's second picture): each is tried in turn before the chain gives up on the source.
 */
export type SourceResult =
  | { outcome: 'FOUND'; image: Buffer; detail: string; remote: boolean; more?: Candidate[] }
  | { outcome: 'REJECTED'; detail: string }
  | { outcome: 'NOT_FOUND'; detail: string }
  | { outcome: 'ERROR'; transient: boolean; detail: string; retryAfterMs?: number };

export interface SourceContext {
  config: Config;
  /** The rate-limited, circuit-broken HTTP client of this source (remote sources only). */
  http: RemoteClient;
  /** The MusicBrainz client (1 req/s, shared limiter), for sources that search MusicBrainz (coverartarchive). */
  musicbrainz?: RemoteClient;
  /** The job's abort signal: stopping the worker cancels the source's remote calls and waits. */
  signal?: AbortSignal;
}

/** One step of the fallback chain. Adding a source touches no other source (CONTRIBUTING.md). */
export interface CoverSource<N extends SourceName = SourceName> {
  name: N;
  /** Whether this source applies at all (e.g. Last.fm without an API key does not). */
  enabled?(config: Config): boolean;
  findAlbum?(subject: AlbumSubject, ctx: SourceContext): Promise<SourceResult>;
  findArtist?(subject: ArtistSubject, ctx: SourceContext): Promise<SourceResult>;
}

export const notFound = (detail: string): SourceResult => ({ outcome: 'NOT_FOUND', detail });
export const transientError = (detail: string): SourceResult => ({ outcome: 'ERROR', transient: true, detail });
export const permanentError = (detail: string): SourceResult => ({ outcome: 'ERROR', transient: false, detail });

/**
 * The outcome of a failed remote call, the same for every source: an answer over the byte cap is
 * a rejected candidate, 404 moves on, a transient error is retried later, anything else is permanent. The detail is the error's message (it names the
 * service once), after `prefix`.
 */
export function fromRemoteError(err: unknown, prefix = ''): SourceResult {
  if (!(err instanceof RemoteError)) throw err;
  const detail = `${prefix}${err.message}`;
  if (err.tooLarge) return { outcome: 'REJECTED', detail };
  if (err.status === 404) return notFound(detail);
  if (!err.transient) return permanentError(detail);
  return err.retryAfterMs !== undefined ? { outcome: 'ERROR', transient: true, detail, retryAfterMs: err.retryAfterMs } : transientError(detail);
}

/** The outcome of an error code a service puts in its JSON answer (its catalog entry says which codes mean what). */
export function fromApiErrorCode(service: RemoteName, code: number, detail: string): SourceResult {
  const codes = remoteService(service).apiErrorCodes;
  if (codes?.notFound.includes(code)) return notFound(detail);
  return codes?.transient.includes(code) ? transientError(detail) : permanentError(detail);
}

/** Every candidate of a FOUND answer, best first. */
export function candidatesOf(result: Extract<SourceResult, { outcome: 'FOUND' }>): Candidate[] {
  return [{ image: result.image, detail: result.detail }, ...(result.more ?? [])];
}
