/**
 * The one declaration of every source of the fallback chain and every remote service they call.
 * The env parser (source lists, base URLs), the table and event types, the GraphQL enum and the
 * source registry all derive from these two objects. Pure data on purpose: `env.ts` imports it,
 * and must not pull in sharp or music-metadata through the source modules.
 */

/** How a remote service is reached and how its answers read; one entry per service, shared by every source using it. */
export interface RemoteServiceDeclaration {
  /** The variable holding its base URL, so tests and mirrors can point it elsewhere. */
  urlVariable: string;
  defaultUrl: string;
  /** Hostname suffixes an image download or a redirect may go to besides the exact origin of the base URL (e.g. `archive.org`). */
  imageHosts: readonly string[];
  /** Calls per second to the base host from one process; MusicBrainz's comes from MUSICBRAINZ_RATE_PER_SEC instead. */
  ratePerSec: number | null;
  /** Error codes the service puts in its JSON answers: which mean "no such thing" and which pass. Others are permanent. */
  apiErrorCodes?: { notFound: readonly number[]; transient: readonly number[] };
}

export const REMOTE_SERVICES = {
  // 1 request/s per client (MUSICBRAINZ_RATE_PER_SEC), held across processes through Postgres.
  musicbrainz: { urlVariable: 'MUSICBRAINZ_URL', defaultUrl: 'https://musicbrainz.org', imageHosts: [], ratePerSec: null },
  // CAA answers 307 to archive.org, which redirects again to ia8xxxxx.us.archive.org.
  coverartarchive: { urlVariable: 'COVERARTARCHIVE_URL', defaultUrl: 'https://coverartarchive.org', imageHosts: ['archive.org'], ratePerSec: null },
  // At most 5 calls/s per client; error codes: https://www.last.fm/api/errorcodes
  lastfm: {
    urlVariable: 'LASTFM_URL',
    defaultUrl: 'https://ws.audioscrobbler.com',
    imageHosts: ['lastfm.freetls.fastly.net', 'last.fm', 'lst.fm'],
    ratePerSec: 5,
    apiErrorCodes: { notFound: [6], transient: [8, 11, 16, 29] },
  },
  // 50 calls per 5 s per IP; 4 quota exceeded and 700 busy pass, 800 is "no data".
  deezer: {
    urlVariable: 'DEEZER_URL',
    defaultUrl: 'https://api.deezer.com',
    imageHosts: ['dzcdn.net', 'deezer.com'],
    ratePerSec: 8,
    apiErrorCodes: { notFound: [800], transient: [4, 700] },
  },
  // Needs a personal API key (FANARTTV_API_KEY); no published rate limit, so two calls a second.
  // Images on assets.fanart.tv (the API lists some as http://, which redirects to https).
  fanarttv: { urlVariable: 'FANARTTV_URL', defaultUrl: 'https://webservice.fanart.tv', imageHosts: ['fanart.tv'], ratePerSec: 2 },
  // The free v1 key allows 30 calls a minute; images on r2.theaudiodb.com (old www. paths redirect there).
  theaudiodb: { urlVariable: 'THEAUDIODB_URL', defaultUrl: 'https://www.theaudiodb.com', imageHosts: ['theaudiodb.com'], ratePerSec: 0.5 },
  // Wikimedia's API etiquette: a descriptive User-Agent, requests in series, maxlag=5 (a lagged
  // server answers the `maxlag` error with Retry-After). No images from here.
  wikidata: { urlVariable: 'WIKIDATA_URL', defaultUrl: 'https://www.wikidata.org', imageHosts: [], ratePerSec: 5 },
  // The same etiquette; the files themselves are on upload.wikimedia.org.
  commons: { urlVariable: 'COMMONS_URL', defaultUrl: 'https://commons.wikimedia.org', imageHosts: ['upload.wikimedia.org'], ratePerSec: 5 },
} as const satisfies Record<string, RemoteServiceDeclaration>;

export type RemoteName = keyof typeof REMOTE_SERVICES;
export const REMOTE_NAMES = Object.keys(REMOTE_SERVICES) as RemoteName[];
/** A service's entry with every optional field visible (the `as const` object keeps only the ones written). */
export const remoteService = (name: RemoteName): RemoteServiceDeclaration => REMOTE_SERVICES[name];

/** What the rest of the service knows about a source without loading it. */
export interface SourceDeclaration {
  /** Its value in the `CoverSource` GraphQL enum, the `covers.source` column and cover events. */
  graphql: string;
  /**
   * The entities it serves, each with its place in the default chain (COVER_SOURCES for albums,
   * ARTIST_IMAGE_SOURCES for artists): lower runs first.
   */
  serves: { album?: number; artist?: number };
  /** The remote services it calls, its own first (`SourceContext.http`); none for a local source. */
  remotes: readonly RemoteName[];
  /**
   * It finds artists by MusicBrainz id: an artist without one gets it from a MusicBrainz artist
   * search before the chain runs, when an artist chain holds such a source (artist-mbid.ts).
   */
  byArtistMbid?: boolean;
  /** The variable without which it is off, and left out of the default chains. */
  keyVariable?: string;
  /** What it is, for the `CoverSource` enum value's description in the schema. */
  description: string;
}

/** Every source, by the name used in COVER_SOURCES / ARTIST_IMAGE_SOURCES. Adding a source starts here (CONTRIBUTING.md). */
export const SOURCE_DECLARATIONS = {
  embedded: { graphql: 'EMBEDDED', serves: { album: 1 }, remotes: [], description: 'A picture embedded in the audio files (ID3, FLAC/Vorbis, MP4, ASF, APEv2 tags).' },
  folder: { graphql: 'FOLDER', serves: { album: 2, artist: 1 }, remotes: [], description: 'An image file in the album folder (cover.jpg, folder.png…), or in the artist folder for an artist.' },
  coverartarchive: { graphql: 'COVER_ART_ARCHIVE', serves: { album: 3 }, remotes: ['coverartarchive', 'musicbrainz'], description: "The Cover Art Archive's front image of the album's MusicBrainz release or release group." },
  fanarttv: { graphql: 'FANART_TV', serves: { album: 3.5, artist: 2 }, remotes: ['fanarttv'], byArtistMbid: true, keyVariable: 'FANARTTV_API_KEY', description: "fanart.tv's artist thumb or album cover, by MusicBrainz id (needs FANARTTV_API_KEY)." },
  wikidata: { graphql: 'WIKIDATA', serves: { artist: 3 }, remotes: ['wikidata', 'commons'], byArtistMbid: true, description: "The artist's Wikidata image (P18, found through the MusicBrainz id P434), from Wikimedia Commons with its author and licence." },
  theaudiodb: { graphql: 'THEAUDIODB', serves: { artist: 4 }, remotes: ['theaudiodb'], byArtistMbid: true, description: "TheAudioDB's artist thumb, by MusicBrainz id." },
  lastfm: { graphql: 'LASTFM', serves: { album: 4, artist: 6 }, remotes: ['lastfm'], description: "Last.fm's album or artist image (needs LASTFM_API_KEY)." },
  deezer: { graphql: 'DEEZER', serves: { album: 5, artist: 5 }, remotes: ['deezer'], description: "Deezer's album cover or artist picture." },
  placeholder: { graphql: 'PLACEHOLDER', serves: { album: 99, artist: 99 }, remotes: [], description: 'Generated: the initials of the name on a colour derived from it.' },
} as const satisfies Record<string, SourceDeclaration>;

export type SourceName = keyof typeof SOURCE_DECLARATIONS;
export const SOURCE_NAMES = Object.keys(SOURCE_DECLARATIONS) as SourceName[];

/** A cover set by hand: a value of the enum and the column, but no step of the chain. */
export const UPLOAD = 'UPLOAD';
const UPLOAD_DESCRIPTION = 'Set by hand (uploadCover or setCoverFromUrl): kept over the sources until resetCover.';

/** The values of the `CoverSource` enum: every source's, then UPLOAD. */
export type CoverSourceName = (typeof SOURCE_DECLARATIONS)[SourceName]['graphql'] | typeof UPLOAD;
export const COVER_SOURCE_VALUES = [...SOURCE_NAMES.map((n) => SOURCE_DECLARATIONS[n].graphql), UPLOAD] as CoverSourceName[];
/** The `CoverSource` enum's values with their descriptions, as Pothos' `enumType` takes them. */
export const COVER_SOURCE_ENUM = Object.fromEntries([
  ...SOURCE_NAMES.map((n) => [SOURCE_DECLARATIONS[n].graphql, { description: SOURCE_DECLARATIONS[n].description }] as const),
  [UPLOAD, { description: UPLOAD_DESCRIPTION }] as const,
]) as Record<CoverSourceName, { description: string }>;

/** The enum value of a source (what traces, events and the `covers.source` column hold). */
export const sourceValue = <N extends SourceName>(name: N): (typeof SOURCE_DECLARATIONS)[N]['graphql'] => SOURCE_DECLARATIONS[name].graphql;

type ServesEntity<E extends 'album' | 'artist'> = { [N in SourceName]: (typeof SOURCE_DECLARATIONS)[N]['serves'] extends Record<E, number> ? N : never }[SourceName];
export type AlbumSourceName = ServesEntity<'album'>;
export type ArtistSourceName = ServesEntity<'artist'>;

function defaultChain<E extends 'album' | 'artist'>(entity: E): ServesEntity<E>[] {
  const rank = (n: SourceName) => (SOURCE_DECLARATIONS[n].serves as { album?: number; artist?: number })[entity];
  return SOURCE_NAMES.filter((n) => rank(n) !== undefined).sort((a, b) => rank(a)! - rank(b)!) as ServesEntity<E>[];
}

/** A declaration with every optional field visible. */
export const sourceDeclaration = (name: SourceName): SourceDeclaration => SOURCE_DECLARATIONS[name];

/** The sources that may appear in COVER_SOURCES, in their default order. */
export const ALBUM_SOURCE_NAMES = defaultChain('album');
/** The sources that may appear in ARTIST_IMAGE_SOURCES, in their default order. */
export const ARTIST_SOURCE_NAMES = defaultChain('artist');
