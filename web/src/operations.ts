/**
 * Every GraphQL document the console sends, in one place. Codegen (codegen.ts) turns them into
 * typed strings in ./gql/. When the schema grows, this file and the components that read the new
 * fields change; the transport does not.
 */
import { graphql } from './gql/index.js';

export const CoverFields = graphql(`
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
    job { state priority attempts runAt lastError }
  }
`);

export const Albums = graphql(`
  query ConsoleAlbums($first: Int!, $after: String, $filter: AlbumFilter) {
    albums(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id title year folder artist { id name } cover { ...ConsoleCover } } }
    }
  }
`);

export const Artists = graphql(`
  query ConsoleArtists($first: Int!, $after: String, $search: String) {
    artists(first: $first, after: $after, search: $search) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id name image { ...ConsoleCover } } }
    }
  }
`);

export const Trace = graphql(`
  query ConsoleTrace($id: ID!) {
    node(id: $id) {
      id
      ... on Album {
        cover { ...ConsoleCover trace { source outcome detail durationMs at } }
        images(types: [BACK, BOOKLET, MEDIUM]) { id type source detail url(size: 128) srcset width height }
      }
      ... on Artist { image { ...ConsoleCover trace { source outcome detail durationMs at } } }
    }
  }
`);

// The candidates a cover could be (asking gathers them at HIGH when never gathered or stale).
export const CandidateFields = graphql(`
  fragment ConsoleCandidate on CoverCandidate { id candidateId source match type similarity width height detail previewUrl(size: 256) }
`);

export const Candidates = graphql(`
  query ConsoleCandidates($id: ID!) {
    node(id: $id) {
      id
      ... on Album { coverCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }
      ... on Artist { imageCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }
    }
  }
`);

export const ChooseCover = graphql(`
  mutation ConsoleChooseCover($id: ID!, $candidateId: String!) {
    chooseCover(id: $id, candidateId: $candidateId) {
      __typename
      ... on CoverPayload { cover { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

export const Stats = graphql(`
  query ConsoleStats {
    coverStats {
      covers { ready pending fallback missing failed total }
      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }
      cache { hitRate entries bytes storedImages storedImageBytes storedVariants storedVariantBytes }
      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }
    }
    alerts { ...ConsoleAlert }
  }
`);

export const AlertFields = graphql(`
  fragment ConsoleAlert on Alert { rule subject severity firing message value at }
`);

export const RequestCovers = graphql(`
  mutation ConsoleRequestCovers($ids: [ID!]!) {
    requestCovers(ids: $ids, priority: HIGH) {
      __typename
      ... on CoversPayload { covers { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

export const RefreshCovers = graphql(`
  mutation ConsoleRefreshCovers($ids: [ID!]!) {
    refreshCovers(ids: $ids) {
      __typename
      ... on CoversPayload { covers { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

export const ResetCover = graphql(`
  mutation ConsoleResetCover($id: ID!) {
    resetCover(id: $id) {
      __typename
      ... on CoverPayload { cover { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

export const UploadCover = graphql(`
  mutation ConsoleUploadCover($id: ID!, $file: File!) {
    uploadCover(id: $id, file: $file) {
      __typename
      ... on CoverPayload { cover { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

export const SetCoverFromUrl = graphql(`
  mutation ConsoleSetCoverFromUrl($id: ID!, $url: String!) {
    setCoverFromUrl(id: $id, url: $url) {
      __typename
      ... on CoverPayload { cover { ...ConsoleCover } }
      ... on Error { message }
    }
  }
`);

// What a settled event brings: its subject (the album or artist) with the cover as it is now.
export const SubjectFields = graphql(`
  fragment ConsoleSubject on CoverSubject {
    ... on Album { id cover { ...ConsoleCover } }
    ... on Artist { id image { ...ConsoleCover } }
  }
`);

export const CoverEvents = graphql(`
  subscription ConsoleCoverEvents {
    coverEvents {
      __typename
      id
      at
      priority
      ... on CoverSourceTried { source outcome detail durationMs }
      ... on CoverProcessing { source }
      ... on CoverReady { subject { ...ConsoleSubject } }
      ... on CoverFallback { retryAt subject { ...ConsoleSubject } }
      ... on CoverMissing { subject { ...ConsoleSubject } }
      ... on CoverFailed { error subject { ...ConsoleSubject } }
      ... on CoverCandidateFound { candidateId }
    }
  }
`);

export const Alerts = graphql(`
  subscription ConsoleAlerts {
    alerts { ...ConsoleAlert }
  }
`);
