import type { Config, SourceName } from '../../env.js';
import type { RemoteClient } from './http.js';

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
 * A source's answer. REJECTED is not here: the resolver validates a FOUND image and records
 * REJECTED itself when it does not pass, then moves on. `more` holds the source's further
 * candidates, best first (a file's second picture): each is tried in turn before the chain gives
 * up on the source.
 */
export type SourceResult =
  | { outcome: 'FOUND'; image: Buffer; detail: string; remote: boolean; more?: Candidate[] }
  | { outcome: 'NOT_FOUND'; detail: string }
  | { outcome: 'ERROR'; transient: boolean; detail: string };

export interface SourceContext {
  config: Config;
  /** The rate-limited, circuit-broken HTTP client of this source (remote sources only). */
  http: RemoteClient;
  /** The MusicBrainz client (1 req/s, shared limiter), for sources that search MusicBrainz (coverartarchive). */
  musicbrainz?: RemoteClient;
  signal?: AbortSignal;
}

/** One step of the fallback chain. Adding a source touches no other source. */
export interface CoverSource {
  name: SourceName;
  /** Whether this source applies at all (e.g. Last.fm without an API key does not). */
  enabled?(config: Config): boolean;
  findAlbum?(subject: AlbumSubject, ctx: SourceContext): Promise<SourceResult>;
  findArtist?(subject: ArtistSubject, ctx: SourceContext): Promise<SourceResult>;
}

export const notFound = (detail: string): SourceResult => ({ outcome: 'NOT_FOUND', detail });
export const transientError = (detail: string): SourceResult => ({ outcome: 'ERROR', transient: true, detail });
export const permanentError = (detail: string): SourceResult => ({ outcome: 'ERROR', transient: false, detail });

/** Every candidate of a FOUND answer, best first. */
export function candidatesOf(result: Extract<SourceResult, { outcome: 'FOUND' }>): Candidate[] {
  return [{ image: result.image, detail: result.detail }, ...(result.more ?? [])];
}
