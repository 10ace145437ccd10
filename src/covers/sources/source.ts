import type { Config } from '../../env.js';
import type { RemoteClient } from '../remote/client.js';
import { RemoteError } from '../remote/errors.js';
import type { Found, MatchKind } from './candidate.js';
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
  /** How a missing MusicBrainz id was looked for (artist-mbid.ts); absent when the tags had one or nothing needed it. */
  mbArtistSearch?: ArtistMbidSearch;
}

/** The MusicBrainz artist search's outcome for an artist the tags gave no id. */
export type ArtistMbidSearch =
  | { outcome: 'FOUND'; detail: string }
  | { outcome: 'NONE'; detail: string }
  | { outcome: 'ERROR'; transient: boolean; detail: string; retryAfterMs?: number };

export type Subject = AlbumSubject | ArtistSubject;

/**
 * A source's answer. FOUND carries candidates (candidate.ts): the chain scores them, validates the
 * one it takes and records REJECTED itself when none passes; a source says REJECTED only for a
 * candidate it could not even take (over the byte cap). Either way the chain moves on.
 */
export type SourceResult =
  | Found
  | { outcome: 'REJECTED'; detail: string }
  | { outcome: 'NOT_FOUND'; detail: string }
  | { outcome: 'ERROR'; transient: boolean; detail: string; retryAfterMs?: number };

export interface SourceContext {
  config: Config;
  /** The rate-limited, circuit-broken HTTP client of this source (remote sources only). */
  http: RemoteClient;
  /** The MusicBrainz client (1 req/s, shared limiter), for sources that search MusicBrainz (coverartarchive). */
  musicbrainz?: RemoteClient;
  /** The client of every remote service its catalog entry names (Wikidata's source also calls Commons). */
  clients?: Partial<Record<RemoteName, RemoteClient>>;
  /** The job's abort signal: stopping the worker cancels the source's remote calls and waits. */
  signal?: AbortSignal;
}

/** One step of the fallback chain. Adding a source touches no other source (CONTRIBUTING.md). */
export interface CoverSource<N extends SourceName = SourceName> {
  name: N;
  /** Whether this source applies at all (e.g. Last.fm without an API key does not). */
  enabled?(config: Config): boolean;
  /**
   * The matches it could offer for this subject, without calling anything (CAA: `mbid` only when the
   * album has a release id): COVER_SELECTION=best skips a source none of whose offers could beat the
   * best candidate in hand. Absent: any match.
   */
  offers?(subject: Subject): readonly MatchKind[];
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


export const MBID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The artist's MusicBrainz id for a source that finds artists by it, or why there is none: a
 * search that failed for a while is a transient error (the chain retries), no id is NOT_FOUND.
 */
export function artistMbid(subject: ArtistSubject): { mbid: string } | SourceResult {
  const search = subject.mbArtistSearch;
  if (subject.mbArtistId && MBID.test(subject.mbArtistId)) return { mbid: subject.mbArtistId.toLowerCase() };
  if (subject.mbArtistId) return notFound(`MusicBrainz id ${subject.mbArtistId.slice(0, 40)} is not an MBID`);
  if (search?.outcome === 'ERROR') {
    const detail = `no MusicBrainz id: artist search failed (${search.detail})`;
    if (!search.transient) return permanentError(detail);
    return search.retryAfterMs !== undefined ? { outcome: 'ERROR', transient: true, detail, retryAfterMs: search.retryAfterMs } : transientError(detail);
  }
  return notFound(search ? `no MusicBrainz id (${search.detail})` : 'no MusicBrainz id');
}

/** How the trace names the id a source looked up: from the tags, or from the artist search. */
export const mbidVia = (subject: ArtistSubject, mbid: string): string =>
  `artist ${mbid.slice(0, 8)}…${subject.mbArtistSearch?.outcome === 'FOUND' ? ' (from a MusicBrainz search)' : ''}`;
