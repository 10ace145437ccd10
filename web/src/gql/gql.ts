/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  fragment ConsoleCover on Cover {\n    id\n    status\n    source\n    pinned\n    dominantColor\n    thumbhash\n    url(size: 256)\n    srcset\n    width\n    height\n    updatedAt\n    job { state priority attempts runAt lastError }\n  }\n": typeof types.ConsoleCoverFragmentDoc,
    "\n  query ConsoleAlbums($first: Int!, $after: String, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year folder artist { id name } cover { ...ConsoleCover } } }\n    }\n  }\n": typeof types.ConsoleAlbumsDocument,
    "\n  query ConsoleArtists($first: Int!, $after: String, $search: String) {\n    artists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name image { ...ConsoleCover } } }\n    }\n  }\n": typeof types.ConsoleArtistsDocument,
    "\n  query ConsoleTrace($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album {\n        cover { ...ConsoleCover trace { source outcome detail durationMs at } }\n        images(types: [BACK, BOOKLET, MEDIUM]) { id type source detail url(size: 128) srcset width height }\n      }\n      ... on Artist { image { ...ConsoleCover trace { source outcome detail durationMs at } } }\n    }\n  }\n": typeof types.ConsoleTraceDocument,
    "\n  fragment ConsoleCandidate on CoverCandidate { id candidateId source match type similarity width height detail previewUrl(size: 256) }\n": typeof types.ConsoleCandidateFragmentDoc,
    "\n  query ConsoleCandidates($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album { coverCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n      ... on Artist { imageCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n    }\n  }\n": typeof types.ConsoleCandidatesDocument,
    "\n  mutation ConsoleChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleChooseCoverDocument,
    "\n  query ConsoleStats {\n    coverStats {\n      covers { ready pending fallback missing failed total }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      cache { hitRate entries bytes storedImages storedImageBytes storedVariants storedVariantBytes }\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n    }\n    alerts { ...ConsoleAlert }\n  }\n": typeof types.ConsoleStatsDocument,
    "\n  fragment ConsoleAlert on Alert { rule subject severity firing message value at }\n": typeof types.ConsoleAlertFragmentDoc,
    "\n  mutation ConsoleRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleRequestCoversDocument,
    "\n  mutation ConsoleRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleRefreshCoversDocument,
    "\n  mutation ConsoleResetCover($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleResetCoverDocument,
    "\n  mutation ConsoleUploadCover($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleUploadCoverDocument,
    "\n  mutation ConsoleSetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ConsoleSetCoverFromUrlDocument,
    "\n  fragment ConsoleSubject on CoverSubject {\n    ... on Album { id cover { ...ConsoleCover } }\n    ... on Artist { id image { ...ConsoleCover } }\n  }\n": typeof types.ConsoleSubjectFragmentDoc,
    "\n  subscription ConsoleCoverEvents {\n    coverEvents {\n      __typename\n      id\n      at\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverProcessing { source }\n      ... on CoverReady { subject { ...ConsoleSubject } }\n      ... on CoverFallback { retryAt subject { ...ConsoleSubject } }\n      ... on CoverMissing { subject { ...ConsoleSubject } }\n      ... on CoverFailed { error subject { ...ConsoleSubject } }\n      ... on CoverCandidateFound { candidateId }\n    }\n  }\n": typeof types.ConsoleCoverEventsDocument,
    "\n  subscription ConsoleAlerts {\n    alerts { ...ConsoleAlert }\n  }\n": typeof types.ConsoleAlertsDocument,
};
const documents: Documents = {
    "\n  fragment ConsoleCover on Cover {\n    id\n    status\n    source\n    pinned\n    dominantColor\n    thumbhash\n    url(size: 256)\n    srcset\n    width\n    height\n    updatedAt\n    job { state priority attempts runAt lastError }\n  }\n": types.ConsoleCoverFragmentDoc,
    "\n  query ConsoleAlbums($first: Int!, $after: String, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year folder artist { id name } cover { ...ConsoleCover } } }\n    }\n  }\n": types.ConsoleAlbumsDocument,
    "\n  query ConsoleArtists($first: Int!, $after: String, $search: String) {\n    artists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name image { ...ConsoleCover } } }\n    }\n  }\n": types.ConsoleArtistsDocument,
    "\n  query ConsoleTrace($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album {\n        cover { ...ConsoleCover trace { source outcome detail durationMs at } }\n        images(types: [BACK, BOOKLET, MEDIUM]) { id type source detail url(size: 128) srcset width height }\n      }\n      ... on Artist { image { ...ConsoleCover trace { source outcome detail durationMs at } } }\n    }\n  }\n": types.ConsoleTraceDocument,
    "\n  fragment ConsoleCandidate on CoverCandidate { id candidateId source match type similarity width height detail previewUrl(size: 256) }\n": types.ConsoleCandidateFragmentDoc,
    "\n  query ConsoleCandidates($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album { coverCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n      ... on Artist { imageCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n    }\n  }\n": types.ConsoleCandidatesDocument,
    "\n  mutation ConsoleChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleChooseCoverDocument,
    "\n  query ConsoleStats {\n    coverStats {\n      covers { ready pending fallback missing failed total }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      cache { hitRate entries bytes storedImages storedImageBytes storedVariants storedVariantBytes }\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n    }\n    alerts { ...ConsoleAlert }\n  }\n": types.ConsoleStatsDocument,
    "\n  fragment ConsoleAlert on Alert { rule subject severity firing message value at }\n": types.ConsoleAlertFragmentDoc,
    "\n  mutation ConsoleRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleRequestCoversDocument,
    "\n  mutation ConsoleRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleRefreshCoversDocument,
    "\n  mutation ConsoleResetCover($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleResetCoverDocument,
    "\n  mutation ConsoleUploadCover($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleUploadCoverDocument,
    "\n  mutation ConsoleSetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n": types.ConsoleSetCoverFromUrlDocument,
    "\n  fragment ConsoleSubject on CoverSubject {\n    ... on Album { id cover { ...ConsoleCover } }\n    ... on Artist { id image { ...ConsoleCover } }\n  }\n": types.ConsoleSubjectFragmentDoc,
    "\n  subscription ConsoleCoverEvents {\n    coverEvents {\n      __typename\n      id\n      at\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverProcessing { source }\n      ... on CoverReady { subject { ...ConsoleSubject } }\n      ... on CoverFallback { retryAt subject { ...ConsoleSubject } }\n      ... on CoverMissing { subject { ...ConsoleSubject } }\n      ... on CoverFailed { error subject { ...ConsoleSubject } }\n      ... on CoverCandidateFound { candidateId }\n    }\n  }\n": types.ConsoleCoverEventsDocument,
    "\n  subscription ConsoleAlerts {\n    alerts { ...ConsoleAlert }\n  }\n": types.ConsoleAlertsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleCover on Cover {\n    id\n    status\n    source\n    pinned\n    dominantColor\n    thumbhash\n    url(size: 256)\n    srcset\n    width\n    height\n    updatedAt\n    job { state priority attempts runAt lastError }\n  }\n"): typeof import('./graphql.js').ConsoleCoverFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleAlbums($first: Int!, $after: String, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year folder artist { id name } cover { ...ConsoleCover } } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleAlbumsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleArtists($first: Int!, $after: String, $search: String) {\n    artists(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id name image { ...ConsoleCover } } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleArtistsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleTrace($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album {\n        cover { ...ConsoleCover trace { source outcome detail durationMs at } }\n        images(types: [BACK, BOOKLET, MEDIUM]) { id type source detail url(size: 128) srcset width height }\n      }\n      ... on Artist { image { ...ConsoleCover trace { source outcome detail durationMs at } } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleTraceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleCandidate on CoverCandidate { id candidateId source match type similarity width height detail previewUrl(size: 256) }\n"): typeof import('./graphql.js').ConsoleCandidateFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleCandidates($id: ID!) {\n    node(id: $id) {\n      id\n      ... on Album { coverCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n      ... on Artist { imageCandidates(first: 50) { edges { node { ...ConsoleCandidate } } } }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCandidatesDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleChooseCoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ConsoleStats {\n    coverStats {\n      covers { ready pending fallback missing failed total }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      cache { hitRate entries bytes storedImages storedImageBytes storedVariants storedVariantBytes }\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n    }\n    alerts { ...ConsoleAlert }\n  }\n"): typeof import('./graphql.js').ConsoleStatsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleAlert on Alert { rule subject severity firing message value at }\n"): typeof import('./graphql.js').ConsoleAlertFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleRequestCoversDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleRefreshCoversDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleResetCover($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleResetCoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleUploadCover($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleUploadCoverDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConsoleSetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { ...ConsoleCover } }\n      ... on Error { message }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleSetCoverFromUrlDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ConsoleSubject on CoverSubject {\n    ... on Album { id cover { ...ConsoleCover } }\n    ... on Artist { id image { ...ConsoleCover } }\n  }\n"): typeof import('./graphql.js').ConsoleSubjectFragmentDoc;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleCoverEvents {\n    coverEvents {\n      __typename\n      id\n      at\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverProcessing { source }\n      ... on CoverReady { subject { ...ConsoleSubject } }\n      ... on CoverFallback { retryAt subject { ...ConsoleSubject } }\n      ... on CoverMissing { subject { ...ConsoleSubject } }\n      ... on CoverFailed { error subject { ...ConsoleSubject } }\n      ... on CoverCandidateFound { candidateId }\n    }\n  }\n"): typeof import('./graphql.js').ConsoleCoverEventsDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ConsoleAlerts {\n    alerts { ...ConsoleAlert }\n  }\n"): typeof import('./graphql.js').ConsoleAlertsDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
