/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Narrows the `albums` list; every field given must hold (AND), a list matches any of its values. */
export type AlbumFilter = {
  /** Albums of this Artist (its global id): the album artist's. */
  artistId?: string | number | null | undefined;
  /** Albums whose cover has one of these statuses (an album whose cover was never asked for is PENDING). */
  coverStatus?: Array<CoverStatus> | null | undefined;
  /** A part of the title, matched case-insensitively. */
  search?: string | null | undefined;
  /** Albums whose cover came from one of these sources. */
  source?: Array<CoverSource> | null | undefined;
};

/** What an album picture shows. */
export type AlbumImageType =
  /** The back cover: an embedded Cover (back), back.jpg/rear.jpg, CAA "Back". */
  | 'BACK'
  /** A booklet or liner page: an embedded Leaflet page, booklet*.jpg/inlay.jpg and any image in scans/, CAA "Booklet" and "Liner". */
  | 'BOOKLET'
  /** The front cover: an embedded Cover (front) or untyped picture, cover.jpg/folder.jpg/front.jpg…, CAA "Front". */
  | 'FRONT'
  /** The disc or record itself: an embedded Media picture, cd*.jpg/disc*.jpg, CAA "Medium". */
  | 'MEDIUM';

/** How urgent an alert is. */
export type AlertSeverity =
  /** Needs action now. */
  | 'CRITICAL'
  /** Worth a look soon. */
  | 'WARNING';

/** What one source of the fallback chain answered. */
export type AttemptOutcome =
  /** It failed (timeout, 5xx, 429, circuit open): the chain goes on and the cover is retried later. */
  | 'ERROR'
  /** A picture that passed validation: the chain stops here. */
  | 'FOUND'
  /** It has none: the chain goes on. */
  | 'NOT_FOUND'
  /** It had one that failed validation (too small, a provider placeholder, not an image…). */
  | 'REJECTED';

/** How a candidate was matched to the album or artist, most certain first. */
export type CandidateMatch =
  /** A picture beside the music (embedded or in the folder). */
  | 'LOCAL'
  /** By the exact MusicBrainz release (or artist) id. */
  | 'MBID'
  /** By the MusicBrainz release group id. */
  | 'RELEASE_GROUP'
  /** By an artist + title search (see similarity). */
  | 'SEARCH';

/** What a candidate picture shows. */
export type CandidateType =
  /** An artist picture. */
  | 'ARTIST'
  /** A back cover. */
  | 'BACK'
  /** An artist background (fanart.tv). */
  | 'BACKGROUND'
  /** A booklet page. */
  | 'BOOKLET'
  /** An album front cover. */
  | 'FRONT'
  /** The disc itself. */
  | 'MEDIUM';

/** Where a cover job stands. */
export type CoverJobState =
  /** Waiting for a worker. */
  | 'QUEUED'
  /** A worker is on it. */
  | 'RUNNING'
  /** A retry, due at runAt. */
  | 'SCHEDULED';

/** How soon a cover job runs; a job keeps the highest priority anyone asked for. */
export type CoverPriority =
  /** A user asked: runs before anything else. */
  | 'HIGH'
  /** Background backfill. */
  | 'LOW'
  /** A page needs it now. */
  | 'NORMAL';

/** Where a picture came from: a step of the fallback chain, or a user. */
export type CoverSource =
  /** The Cover Art Archive's front image of the album's MusicBrainz release or release group. */
  | 'COVER_ART_ARCHIVE'
  /** Deezer's album cover or artist picture. */
  | 'DEEZER'
  /** A picture embedded in the audio files (ID3, FLAC/Vorbis, MP4, ASF, APEv2 tags). */
  | 'EMBEDDED'
  /** fanart.tv's artist thumb or album cover, by MusicBrainz id (needs FANARTTV_API_KEY). */
  | 'FANART_TV'
  /** An image file in the album folder (cover.jpg, folder.png…), or in the artist folder for an artist. */
  | 'FOLDER'
  /** Last.fm's album or artist image (needs LASTFM_API_KEY). */
  | 'LASTFM'
  /** Generated: the initials of the name on a colour derived from it. */
  | 'PLACEHOLDER'
  /** TheAudioDB's artist thumb, by MusicBrainz id. */
  | 'THEAUDIODB'
  /** Set by hand (uploadCover or setCoverFromUrl): kept over the sources until resetCover. */
  | 'UPLOAD'
  /** The artist's Wikidata image (P18, found through the MusicBrainz id P434), from Wikimedia Commons with its author and licence. */
  | 'WIKIDATA';

/** Where the search for a picture stands. */
export type CoverStatus =
  /** Gave up after the retry budget; placeholder shown. */
  | 'FAILED'
  /** A placeholder is shown while a remote source that failed is retried. */
  | 'FALLBACK'
  /** Every source said no: a generated placeholder. Re-checked after a TTL. */
  | 'MISSING'
  /** Queued or running; nothing yet (dominantColor is the placeholder colour). */
  | 'PENDING'
  /** A real image. */
  | 'READY';

export type ConsoleCoverFragment = { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null };

export type ConsoleAlbumsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  filter?: AlbumFilter | null | undefined;
}>;


export type ConsoleAlbumsQuery = { albums: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, title: string, year: number | null, folder: string, artist: { id: string, name: string }, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } } }> } };

export type ConsoleArtistsQueryVariables = Exact<{
  first: number;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type ConsoleArtistsQuery = { artists: { totalCount: number, pageInfo: { hasNextPage: boolean, endCursor: string | null }, edges: Array<{ node: { id: string, name: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } } }> } };

export type ConsoleTraceQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleTraceQuery = { node:
    | { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, trace: Array<{ source: CoverSource, outcome: AttemptOutcome, detail: string, durationMs: number, at: string }>, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null }, images: Array<{ id: string, type: AlbumImageType, source: CoverSource, detail: string, url: string, srcset: string, width: number, height: number }> }
    | { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, trace: Array<{ source: CoverSource, outcome: AttemptOutcome, detail: string, durationMs: number, at: string }>, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
    | { id: string }
   | null };

export type ConsoleCandidateFragment = { id: string, candidateId: string, source: CoverSource, match: CandidateMatch, type: CandidateType, similarity: number | null, width: number, height: number, detail: string, previewUrl: string };

export type ConsoleCandidatesQueryVariables = Exact<{
  id: string | number;
}>;


export type ConsoleCandidatesQuery = { node:
    | { id: string, coverCandidates: { edges: Array<{ node: { id: string, candidateId: string, source: CoverSource, match: CandidateMatch, type: CandidateType, similarity: number | null, width: number, height: number, detail: string, previewUrl: string } }> } }
    | { id: string, imageCandidates: { edges: Array<{ node: { id: string, candidateId: string, source: CoverSource, match: CandidateMatch, type: CandidateType, similarity: number | null, width: number, height: number, detail: string, previewUrl: string } }> } }
    | { id: string }
   | null };

export type ConsoleChooseCoverMutationVariables = Exact<{
  id: string | number;
  candidateId: string;
}>;


export type ConsoleChooseCoverMutation = { chooseCover:
    | { __typename: 'CoverPayload', cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConsoleStatsQueryVariables = Exact<{ [key: string]: never; }>;


export type ConsoleStatsQuery = { coverStats: { covers: { ready: number, pending: number, fallback: number, missing: number, failed: number, total: number }, queue: { queued: number, running: number, scheduled: number, failed: number, byPriority: Array<{ priority: CoverPriority, queued: number, running: number, scheduled: number, failed: number }> }, cache: { hitRate: number, entries: number, bytes: number, storedImages: number, storedImageBytes: number, storedVariants: number, storedVariantBytes: number }, sources: Array<{ source: CoverSource, attempts: number, found: number, notFound: number, rejected: number, errors: number, successRate: number, p50Ms: number, p95Ms: number }> }, alerts: Array<{ rule: string, subject: string, severity: AlertSeverity, firing: boolean, message: string, value: number | null, at: string }> };

export type ConsoleAlertFragment = { rule: string, subject: string, severity: AlertSeverity, firing: boolean, message: string, value: number | null, at: string };

export type ConsoleRequestCoversMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ConsoleRequestCoversMutation = { requestCovers:
    | { __typename: 'CoversPayload', covers: Array<{ id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null }> }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConsoleRefreshCoversMutationVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type ConsoleRefreshCoversMutation = { refreshCovers:
    | { __typename: 'CoversPayload', covers: Array<{ id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null }> }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConsoleResetCoverMutationVariables = Exact<{
  id: string | number;
}>;


export type ConsoleResetCoverMutation = { resetCover:
    | { __typename: 'CoverPayload', cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConsoleUploadCoverMutationVariables = Exact<{
  id: string | number;
  file: File;
}>;


export type ConsoleUploadCoverMutation = { uploadCover:
    | { __typename: 'CoverPayload', cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

export type ConsoleSetCoverFromUrlMutationVariables = Exact<{
  id: string | number;
  url: string;
}>;


export type ConsoleSetCoverFromUrlMutation = { setCoverFromUrl:
    | { __typename: 'CoverPayload', cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
    | { __typename: 'ForbiddenError', message: string }
    | { __typename: 'NotFoundError', message: string }
    | { __typename: 'ValidationError', message: string }
   };

type ConsoleSubject_Album_Fragment = { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } };

type ConsoleSubject_Artist_Fragment = { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } };

export type ConsoleSubjectFragment =
  | ConsoleSubject_Album_Fragment
  | ConsoleSubject_Artist_Fragment
;

export type ConsoleCoverEventsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleCoverEventsSubscription = { coverEvents:
    | { __typename: 'CoverCandidateFound', candidateId: string, id: string, at: string, priority: CoverPriority }
    | { __typename: 'CoverFailed', error: string, id: string, at: string, priority: CoverPriority, subject:
        | { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
        | { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
       }
    | { __typename: 'CoverFallback', retryAt: string | null, id: string, at: string, priority: CoverPriority, subject:
        | { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
        | { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
       }
    | { __typename: 'CoverMissing', id: string, at: string, priority: CoverPriority, subject:
        | { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
        | { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
       }
    | { __typename: 'CoverProcessing', source: CoverSource, id: string, at: string, priority: CoverPriority }
    | { __typename: 'CoverQueued', id: string, at: string, priority: CoverPriority }
    | { __typename: 'CoverReady', id: string, at: string, priority: CoverPriority, subject:
        | { id: string, cover: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
        | { id: string, image: { id: string, status: CoverStatus, source: CoverSource | null, pinned: boolean, dominantColor: string, thumbhash: string | null, url: string | null, srcset: string | null, width: number | null, height: number | null, updatedAt: string, job: { state: CoverJobState, priority: CoverPriority, attempts: number, runAt: string, lastError: string | null } | null } }
       }
    | { __typename: 'CoverSourceTried', source: CoverSource, outcome: AttemptOutcome, detail: string, durationMs: number, id: string, at: string, priority: CoverPriority }
    | { __typename: 'CoverStarted', id: string, at: string, priority: CoverPriority }
   };

export type ConsoleAlertsSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type ConsoleAlertsSubscription = { alerts: { rule: string, subject: string, severity: AlertSeverity, firing: boolean, message: string, value: number | null, at: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const ConsoleCandidateFragmentDoc = new TypedDocumentString(`
    fragment ConsoleCandidate on CoverCandidate {
  id
  candidateId
  source
  match
  type
  similarity
  width
  height
  detail
  previewUrl(size: 256)
}
    `, {"fragmentName":"ConsoleCandidate"}) as unknown as TypedDocumentString<ConsoleCandidateFragment, unknown>;
export const ConsoleAlertFragmentDoc = new TypedDocumentString(`
    fragment ConsoleAlert on Alert {
  rule
  subject
  severity
  firing
  message
  value
  at
}
    `, {"fragmentName":"ConsoleAlert"}) as unknown as TypedDocumentString<ConsoleAlertFragment, unknown>;
export const ConsoleCoverFragmentDoc = new TypedDocumentString(`
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}
    `, {"fragmentName":"ConsoleCover"}) as unknown as TypedDocumentString<ConsoleCoverFragment, unknown>;
export const ConsoleSubjectFragmentDoc = new TypedDocumentString(`
    fragment ConsoleSubject on CoverSubject {
  ... on Album {
    id
    cover {
      ...ConsoleCover
    }
  }
  ... on Artist {
    id
    image {
      ...ConsoleCover
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`, {"fragmentName":"ConsoleSubject"}) as unknown as TypedDocumentString<ConsoleSubjectFragment, unknown>;
export const ConsoleAlbumsDocument = new TypedDocumentString(`
    query ConsoleAlbums($first: Int!, $after: String, $filter: AlbumFilter) {
  albums(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        title
        year
        folder
        artist {
          id
          name
        }
        cover {
          ...ConsoleCover
        }
      }
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleAlbumsQuery, ConsoleAlbumsQueryVariables>;
export const ConsoleArtistsDocument = new TypedDocumentString(`
    query ConsoleArtists($first: Int!, $after: String, $search: String) {
  artists(first: $first, after: $after, search: $search) {
    totalCount
    pageInfo {
      hasNextPage
      endCursor
    }
    edges {
      node {
        id
        name
        image {
          ...ConsoleCover
        }
      }
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleArtistsQuery, ConsoleArtistsQueryVariables>;
export const ConsoleTraceDocument = new TypedDocumentString(`
    query ConsoleTrace($id: ID!) {
  node(id: $id) {
    id
    ... on Album {
      cover {
        ...ConsoleCover
        trace {
          source
          outcome
          detail
          durationMs
          at
        }
      }
      images(types: [BACK, BOOKLET, MEDIUM]) {
        id
        type
        source
        detail
        url(size: 128)
        srcset
        width
        height
      }
    }
    ... on Artist {
      image {
        ...ConsoleCover
        trace {
          source
          outcome
          detail
          durationMs
          at
        }
      }
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleTraceQuery, ConsoleTraceQueryVariables>;
export const ConsoleCandidatesDocument = new TypedDocumentString(`
    query ConsoleCandidates($id: ID!) {
  node(id: $id) {
    id
    ... on Album {
      coverCandidates(first: 50) {
        edges {
          node {
            ...ConsoleCandidate
          }
        }
      }
    }
    ... on Artist {
      imageCandidates(first: 50) {
        edges {
          node {
            ...ConsoleCandidate
          }
        }
      }
    }
  }
}
    fragment ConsoleCandidate on CoverCandidate {
  id
  candidateId
  source
  match
  type
  similarity
  width
  height
  detail
  previewUrl(size: 256)
}`) as unknown as TypedDocumentString<ConsoleCandidatesQuery, ConsoleCandidatesQueryVariables>;
export const ConsoleChooseCoverDocument = new TypedDocumentString(`
    mutation ConsoleChooseCover($id: ID!, $candidateId: String!) {
  chooseCover(id: $id, candidateId: $candidateId) {
    __typename
    ... on CoverPayload {
      cover {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleChooseCoverMutation, ConsoleChooseCoverMutationVariables>;
export const ConsoleStatsDocument = new TypedDocumentString(`
    query ConsoleStats {
  coverStats {
    covers {
      ready
      pending
      fallback
      missing
      failed
      total
    }
    queue {
      queued
      running
      scheduled
      failed
      byPriority {
        priority
        queued
        running
        scheduled
        failed
      }
    }
    cache {
      hitRate
      entries
      bytes
      storedImages
      storedImageBytes
      storedVariants
      storedVariantBytes
    }
    sources {
      source
      attempts
      found
      notFound
      rejected
      errors
      successRate
      p50Ms
      p95Ms
    }
  }
  alerts {
    ...ConsoleAlert
  }
}
    fragment ConsoleAlert on Alert {
  rule
  subject
  severity
  firing
  message
  value
  at
}`) as unknown as TypedDocumentString<ConsoleStatsQuery, ConsoleStatsQueryVariables>;
export const ConsoleRequestCoversDocument = new TypedDocumentString(`
    mutation ConsoleRequestCovers($ids: [ID!]!) {
  requestCovers(ids: $ids, priority: HIGH) {
    __typename
    ... on CoversPayload {
      covers {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleRequestCoversMutation, ConsoleRequestCoversMutationVariables>;
export const ConsoleRefreshCoversDocument = new TypedDocumentString(`
    mutation ConsoleRefreshCovers($ids: [ID!]!) {
  refreshCovers(ids: $ids) {
    __typename
    ... on CoversPayload {
      covers {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleRefreshCoversMutation, ConsoleRefreshCoversMutationVariables>;
export const ConsoleResetCoverDocument = new TypedDocumentString(`
    mutation ConsoleResetCover($id: ID!) {
  resetCover(id: $id) {
    __typename
    ... on CoverPayload {
      cover {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleResetCoverMutation, ConsoleResetCoverMutationVariables>;
export const ConsoleUploadCoverDocument = new TypedDocumentString(`
    mutation ConsoleUploadCover($id: ID!, $file: File!) {
  uploadCover(id: $id, file: $file) {
    __typename
    ... on CoverPayload {
      cover {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleUploadCoverMutation, ConsoleUploadCoverMutationVariables>;
export const ConsoleSetCoverFromUrlDocument = new TypedDocumentString(`
    mutation ConsoleSetCoverFromUrl($id: ID!, $url: String!) {
  setCoverFromUrl(id: $id, url: $url) {
    __typename
    ... on CoverPayload {
      cover {
        ...ConsoleCover
      }
    }
    ... on Error {
      message
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}`) as unknown as TypedDocumentString<ConsoleSetCoverFromUrlMutation, ConsoleSetCoverFromUrlMutationVariables>;
export const ConsoleCoverEventsDocument = new TypedDocumentString(`
    subscription ConsoleCoverEvents {
  coverEvents {
    __typename
    id
    at
    priority
    ... on CoverSourceTried {
      source
      outcome
      detail
      durationMs
    }
    ... on CoverProcessing {
      source
    }
    ... on CoverReady {
      subject {
        ...ConsoleSubject
      }
    }
    ... on CoverFallback {
      retryAt
      subject {
        ...ConsoleSubject
      }
    }
    ... on CoverMissing {
      subject {
        ...ConsoleSubject
      }
    }
    ... on CoverFailed {
      error
      subject {
        ...ConsoleSubject
      }
    }
    ... on CoverCandidateFound {
      candidateId
    }
  }
}
    fragment ConsoleCover on Cover {
  id
  status
  source
  pinned
  dominantColor
  thumbhash
  url(size: 256)
  srcset
  width
  height
  updatedAt
  job {
    state
    priority
    attempts
    runAt
    lastError
  }
}
fragment ConsoleSubject on CoverSubject {
  ... on Album {
    id
    cover {
      ...ConsoleCover
    }
  }
  ... on Artist {
    id
    image {
      ...ConsoleCover
    }
  }
}`) as unknown as TypedDocumentString<ConsoleCoverEventsSubscription, ConsoleCoverEventsSubscriptionVariables>;
export const ConsoleAlertsDocument = new TypedDocumentString(`
    subscription ConsoleAlerts {
  alerts {
    ...ConsoleAlert
  }
}
    fragment ConsoleAlert on Alert {
  rule
  subject
  severity
  firing
  message
  value
  at
}`) as unknown as TypedDocumentString<ConsoleAlertsSubscription, ConsoleAlertsSubscriptionVariables>;