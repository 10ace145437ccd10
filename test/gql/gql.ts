/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

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
    "\n  mutation BenchRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) { __typename }\n  }\n": typeof types.BenchRefreshCoversDocument,
    "\n  query AlbumImages($first: Int, $types: [AlbumImageType!]) {\n    albums(first: $first) {\n      edges {\n        node {\n          folder\n          images(types: $types) { id type source detail url width height dominantColor thumbhash srcset jpeg: url(size: 1024, format: JPEG) }\n        }\n      }\n    }\n  }\n": typeof types.AlbumImagesDocument,
    "\n  query AlbumCandidates($id: ID!, $first: Int) {\n    node(id: $id) {\n      ... on Album {\n        coverCandidates(first: $first) {\n          edges { cursor node { candidateId source match type width height score similarity detail previewUrl(size: 128) } }\n          pageInfo { hasNextPage endCursor }\n        }\n        artist { id imageCandidates { edges { node { candidateId source match type } } } }\n      }\n    }\n  }\n": typeof types.AlbumCandidatesDocument,
    "\n  mutation ChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { status source url } }\n      ... on Error { message }\n    }\n  }\n": typeof types.ChooseCoverDocument,
    "\n  subscription CandidateEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverCandidateFound { candidateId } }\n  }\n": typeof types.CandidateEventsDocument,
    "\n  mutation RegisterArtists($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on ValidationError { message } }\n  }\n": typeof types.RegisterArtistsDocument,
    "\n  mutation PushArtistsAgain($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged } }\n  }\n": typeof types.PushArtistsAgainDocument,
    "\n  query ArtistImage($externalId: String!) {\n    artist(externalId: $externalId) {\n      __typename\n      ... on Artist {\n        id name musicbrainzId\n        image {\n          status source url width\n          attribution { author license licenseUrl sourceUrl }\n          trace { source outcome detail }\n          job { state }\n        }\n      }\n    }\n  }\n": typeof types.ArtistImageDocument,
    "\n  query FanartAlbumCover($externalId: String!) {\n    album(externalId: $externalId) {\n      __typename\n      ... on Album { cover { status source url trace { source outcome detail } job { state } } }\n    }\n  }\n": typeof types.FanartAlbumCoverDocument,
    "\n  mutation SetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { status source url width height } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.SetCoverFromUrlDocument,
    "\n  mutation RefreshReady {\n    refreshCovers(filter: { status: [READY] }) { __typename ... on CoversPayload { queued } }\n  }\n": typeof types.RefreshReadyDocument,
    "query CoverUrlSize($id: ID!, $size: Int) { album(id: $id) { ... on Album { cover { status url(size: $size) } } } }": typeof types.CoverUrlSizeDocument,
    "mutation CoversUploadPlain($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename ... on ValidationError { message field } } }": typeof types.CoversUploadPlainDocument,
    "\n        mutation CoversResetOne($id: ID!) {\n          resetCover(id: $id) { __typename ... on CoverPayload { cover { status source } } ... on Error { message } }\n        }\n      ": typeof types.CoversResetOneDocument,
    "\n  subscription CoverUpgraded($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      ... on CoverReady { subject { ... on Album { id cover { id status source url width } } ... on Artist { id } } }\n    }\n  }\n": typeof types.CoverUpgradedDocument,
    "\n  mutation RefreshWhere($filter: CoverFilter, $ids: [ID!]) {\n    refreshCovers(filter: $filter, ids: $ids) {\n      __typename\n      ... on CoversPayload { queued covers { status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.RefreshWhereDocument,
    "\n  mutation StopRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n    }\n  }\n": typeof types.StopRequestCoversDocument,
    "\n  mutation CoversStartScan($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on Error { message }\n    }\n  }\n": typeof types.CoversStartScanDocument,
    "\n  query CoversScanState($id: ID!) {\n    scan(id: $id) {\n      __typename\n      ... on Scan { state error albumsAdded }\n    }\n  }\n": typeof types.CoversScanStateDocument,
    "\n  query CoverAlbums($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          folder\n          artist { id name }\n          cover {\n            id\n            status\n            source\n            url\n            srcset\n            width\n            height\n            dominantColor\n            thumbhash\n            updatedAt\n            trace { source outcome detail at durationMs }\n            job { state priority attempts runAt }\n          }\n        }\n      }\n    }\n  }\n": typeof types.CoverAlbumsDocument,
    "\n  query CoverArtists($first: Int!) {\n    artists(first: $first) {\n      edges {\n        node {\n          id\n          name\n          image { status source url job { state } trace { source outcome detail } }\n        }\n      }\n    }\n  }\n": typeof types.CoverArtistsDocument,
    "\n  query AlbumCoverUrls($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status\n          url\n          small: url(size: 64)\n          snapped: url(size: 100)\n          large: url(size: 1024)\n          jpeg: url(format: JPEG)\n          avif: url(size: 256, format: AVIF)\n        }\n      }\n    }\n  }\n": typeof types.AlbumCoverUrlsDocument,
    "\n  mutation CoversRequest($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n": typeof types.CoversRequestDocument,
    "\n  mutation CoversRefresh($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n": typeof types.CoversRefreshDocument,
    "\n  mutation CoversUpload($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { status source url width height updatedAt } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": typeof types.CoversUploadDocument,
    "\n  mutation CoversReset($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { status source job { state } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.CoversResetDocument,
    "\n  query PicturesScan {\n    latestScan { state filesSeen filesParsed filesFailed filesIgnored failures { path error } ignored { path reason } }\n  }\n": typeof types.PicturesScanDocument,
    "\n  query PicturesAlbumsInFolder {\n    albums(first: 100) { edges { node { folder title artist { name } tracks { path title } } } }\n  }\n": typeof types.PicturesAlbumsInFolderDocument,
    "\n  query PicturesCoverSizes($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status width height\n          url\n          at512: url(size: 512)\n          at1024: url(size: 1024)\n          at200: url(size: 200)\n          srcset\n          jpegSrcset: srcset(format: JPEG)\n          variants { size width height url }\n        }\n      }\n    }\n  }\n": typeof types.PicturesCoverSizesDocument,
    "\n  mutation JobsCrashRequestCover($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n    }\n  }\n": typeof types.JobsCrashRequestCoverDocument,
    "\n  mutation JobsRequestCovers($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n      ... on Error { message }\n    }\n  }\n": typeof types.JobsRequestCoversDocument,
    "\n  query JobsAlbumCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title cover { status job { priority state } } } }\n    }\n  }\n": typeof types.JobsAlbumCoversDocument,
    "\n  query UsualAlbumsPage($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n": typeof types.UsualAlbumsPageDocument,
    "\n  query UsualAlbumsPageWithCount($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title artist { id name } tracks { title trackNumber } cover { status url dominantColor } } }\n    }\n  }\n": typeof types.UsualAlbumsPageWithCountDocument,
    "\n  query UsualAlbumsPageByFragments($first: Int!) {\n    albums(first: $first) { edges { node { ...PageAlbum cover { status url } } } }\n  }\n  fragment PageAlbum on Album { id title who: artist { id name } ... on Album { songs: tracks(first: 2) { title } } }\n": typeof types.UsualAlbumsPageByFragmentsDocument,
    "\n  query PageAndAlbumAgain($first: Int!) {\n    albums(first: $first) {\n      edges { node { id tracks { title } artist { albums(first: 10) { edges { node { id tracks(first: 5) { id title path format discNumber trackNumber artist album { id } } } } } } } }\n    }\n  }\n": typeof types.PageAndAlbumAgainDocument,
    "\n  query PageCoversAndAgainWithTrace($first: Int!) {\n    albums(first: $first) {\n      edges { node { id cover { status } artist { albums(first: 10) { edges { node { id cover { status trace { source outcome } } } } } } } }\n    }\n  }\n": typeof types.PageCoversAndAgainWithTraceDocument,
    "\n  query PageWithTrace($first: Int!) {\n    albums(first: $first) { edges { node { id cover { status updatedAt pinned trace { source outcome } } } } }\n  }\n": typeof types.PageWithTraceDocument,
    "\n  query UsualAlbumsPageFiltered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n": typeof types.UsualAlbumsPageFilteredDocument,
    "\n  query SameAlbumsByNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n  }\n": typeof types.SameAlbumsByNodesDocument,
    "\n  query SameAlbumsByNodesWithTrace($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id cover { status updatedAt pinned trace { source outcome } } } }\n  }\n": typeof types.SameAlbumsByNodesWithTraceDocument,
    "\n  query AlbumsOrdered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title year } }\n    }\n  }\n": typeof types.AlbumsOrderedDocument,
    "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n": typeof types.AlbumsPageDocument,
    "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n": typeof types.AlbumsWithCoversDocument,
    "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n": typeof types.NodeLookupDocument,
    "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n": typeof types.AlbumByIdDocument,
    "\n  mutation PushLiveUpsert($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded albumsAdded } ... on Error { message } }\n  }\n": typeof types.PushLiveUpsertDocument,
    "\n  mutation PushLiveRemove($ids: LibraryExternalIds!) {\n    removeFromLibrary(externalIds: $ids) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } }\n  }\n": typeof types.PushLiveRemoveDocument,
    "\n  query PushLiveAlbum($externalId: String!) {\n    album(externalId: $externalId) { __typename ... on Album { id cover { status source url job { state } } } }\n  }\n": typeof types.PushLiveAlbumDocument,
    "\n  query PushLiveArtist($externalId: String!) {\n    artist(externalId: $externalId) { __typename ... on Artist { id image { status source url job { state } } } }\n  }\n": typeof types.PushLiveArtistDocument,
    "\n  mutation PushLiveRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": typeof types.PushLiveRefreshDocument,
    "\n  subscription PushLiveEvents($externalIds: LibraryExternalIds) {\n    coverEvents(externalIds: $externalIds) { __typename id subject { ... on Album { externalId } ... on Artist { externalId } } }\n  }\n": typeof types.PushLiveEventsDocument,
    "\n  mutation ScanLibrary($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on ValidationError { message field }\n      ... on ForbiddenError { message }\n    }\n  }\n": typeof types.ScanLibraryDocument,
    "\n  query ScanById($id: ID!) {\n    scan(id: $id) {\n      ... on Scan { state filesSeen filesParsed filesFailed albumsAdded failures { path error } }\n    }\n  }\n": typeof types.ScanByIdDocument,
    "\n  query AlbumTitles { albums(first: 100) { totalCount edges { node { title folder artist { name } } } } }\n": typeof types.AlbumTitlesDocument,
    "\n  query CacheWatchedAlbum($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { id title cover { id status source url srcset } }\n    }\n  }\n": typeof types.CacheWatchedAlbumDocument,
    "\n  subscription CacheCoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      ... on CoverReady { subject { __typename ... on Album { id cover { id status source url srcset } } } }\n    }\n  }\n": typeof types.CacheCoverEventsDocument,
    "\n  mutation CacheRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": typeof types.CacheRequestCoversDocument,
    "\n  query CacheFindAlbum($search: String!) { albums(first: 1, search: $search) { edges { node { id } } } }\n": typeof types.CacheFindAlbumDocument,
    "\n  subscription MultiProcessEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverSourceTried { source outcome } ... on CoverReady { cover { status source } } }\n  }\n": typeof types.MultiProcessEventsDocument,
    "\n  subscription CoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverReady { cover { status source url } }\n      ... on CoverMissing { cover { status source } }\n    }\n  }\n": typeof types.CoverEventsDocument,
    "\n  subscription ScanProgressLive { scanProgress { scanId filesSeen filesParsed filesFailed done } }\n": typeof types.ScanProgressLiveDocument,
    "\n  query FindAlbum($search: String!) { albums(first: 5, search: $search) { edges { node { id title } } } }\n": typeof types.FindAlbumDocument,
    "\n  mutation RequestCoversLive($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": typeof types.RequestCoversLiveDocument,
    "\n  mutation RefreshCoversLive($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": typeof types.RefreshCoversLiveDocument,
    "\n  mutation ScanLibraryLive { scanLibrary { __typename ... on Scan { id } } }\n": typeof types.ScanLibraryLiveDocument,
    "\n  subscription AlertsLive { alerts { rule subject severity firing message value at } }\n": typeof types.AlertsLiveDocument,
    "\n  query AlertsNow { alerts { rule subject severity firing message value at } }\n": typeof types.AlertsNowDocument,
    "\n  query AlertAlbums { albums(first: 100) { edges { node { id folder } } } }\n": typeof types.AlertAlbumsDocument,
    "\n  mutation AlertRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": typeof types.AlertRequestDocument,
    "\n  mutation AlertRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": typeof types.AlertRefreshDocument,
    "\n  query AlertCovers($ids: [ID!]!) { nodes(ids: $ids) { ... on Album { cover { status source job { state } } } } }\n": typeof types.AlertCoversDocument,
    "\n  query OfflineAlerts {\n    coverStats { sources { source attempts errors } }\n    alerts { rule subject severity firing message value }\n  }\n": typeof types.OfflineAlertsDocument,
    "\n  query MonitoringAlbums { albums(first: 100) { edges { node { id folder } } } }\n": typeof types.MonitoringAlbumsDocument,
    "\n  mutation MonitoringRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": typeof types.MonitoringRequestDocument,
    "\n  query MonitoringCovers($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Album { cover { status source url trace { source outcome } job { state } } } }\n  }\n": typeof types.MonitoringCoversDocument,
    "\n  query MonitoringStats($since: DateTime) {\n    coverStats(since: $since) {\n      since\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n      cache { hits misses hitRate bytes entries evictions rendered storedImages storedImageBytes storedVariants storedVariantBytes }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      covers { ready pending fallback missing failed total }\n    }\n  }\n": typeof types.MonitoringStatsDocument,
};
const documents: Documents = {
    "\n  mutation BenchRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) { __typename }\n  }\n": types.BenchRefreshCoversDocument,
    "\n  query AlbumImages($first: Int, $types: [AlbumImageType!]) {\n    albums(first: $first) {\n      edges {\n        node {\n          folder\n          images(types: $types) { id type source detail url width height dominantColor thumbhash srcset jpeg: url(size: 1024, format: JPEG) }\n        }\n      }\n    }\n  }\n": types.AlbumImagesDocument,
    "\n  query AlbumCandidates($id: ID!, $first: Int) {\n    node(id: $id) {\n      ... on Album {\n        coverCandidates(first: $first) {\n          edges { cursor node { candidateId source match type width height score similarity detail previewUrl(size: 128) } }\n          pageInfo { hasNextPage endCursor }\n        }\n        artist { id imageCandidates { edges { node { candidateId source match type } } } }\n      }\n    }\n  }\n": types.AlbumCandidatesDocument,
    "\n  mutation ChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { status source url } }\n      ... on Error { message }\n    }\n  }\n": types.ChooseCoverDocument,
    "\n  subscription CandidateEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverCandidateFound { candidateId } }\n  }\n": types.CandidateEventsDocument,
    "\n  mutation RegisterArtists($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on ValidationError { message } }\n  }\n": types.RegisterArtistsDocument,
    "\n  mutation PushArtistsAgain($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged } }\n  }\n": types.PushArtistsAgainDocument,
    "\n  query ArtistImage($externalId: String!) {\n    artist(externalId: $externalId) {\n      __typename\n      ... on Artist {\n        id name musicbrainzId\n        image {\n          status source url width\n          attribution { author license licenseUrl sourceUrl }\n          trace { source outcome detail }\n          job { state }\n        }\n      }\n    }\n  }\n": types.ArtistImageDocument,
    "\n  query FanartAlbumCover($externalId: String!) {\n    album(externalId: $externalId) {\n      __typename\n      ... on Album { cover { status source url trace { source outcome detail } job { state } } }\n    }\n  }\n": types.FanartAlbumCoverDocument,
    "\n  mutation SetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { status source url width height } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.SetCoverFromUrlDocument,
    "\n  mutation RefreshReady {\n    refreshCovers(filter: { status: [READY] }) { __typename ... on CoversPayload { queued } }\n  }\n": types.RefreshReadyDocument,
    "query CoverUrlSize($id: ID!, $size: Int) { album(id: $id) { ... on Album { cover { status url(size: $size) } } } }": types.CoverUrlSizeDocument,
    "mutation CoversUploadPlain($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename ... on ValidationError { message field } } }": types.CoversUploadPlainDocument,
    "\n        mutation CoversResetOne($id: ID!) {\n          resetCover(id: $id) { __typename ... on CoverPayload { cover { status source } } ... on Error { message } }\n        }\n      ": types.CoversResetOneDocument,
    "\n  subscription CoverUpgraded($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      ... on CoverReady { subject { ... on Album { id cover { id status source url width } } ... on Artist { id } } }\n    }\n  }\n": types.CoverUpgradedDocument,
    "\n  mutation RefreshWhere($filter: CoverFilter, $ids: [ID!]) {\n    refreshCovers(filter: $filter, ids: $ids) {\n      __typename\n      ... on CoversPayload { queued covers { status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.RefreshWhereDocument,
    "\n  mutation StopRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n    }\n  }\n": types.StopRequestCoversDocument,
    "\n  mutation CoversStartScan($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on Error { message }\n    }\n  }\n": types.CoversStartScanDocument,
    "\n  query CoversScanState($id: ID!) {\n    scan(id: $id) {\n      __typename\n      ... on Scan { state error albumsAdded }\n    }\n  }\n": types.CoversScanStateDocument,
    "\n  query CoverAlbums($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          folder\n          artist { id name }\n          cover {\n            id\n            status\n            source\n            url\n            srcset\n            width\n            height\n            dominantColor\n            thumbhash\n            updatedAt\n            trace { source outcome detail at durationMs }\n            job { state priority attempts runAt }\n          }\n        }\n      }\n    }\n  }\n": types.CoverAlbumsDocument,
    "\n  query CoverArtists($first: Int!) {\n    artists(first: $first) {\n      edges {\n        node {\n          id\n          name\n          image { status source url job { state } trace { source outcome detail } }\n        }\n      }\n    }\n  }\n": types.CoverArtistsDocument,
    "\n  query AlbumCoverUrls($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status\n          url\n          small: url(size: 64)\n          snapped: url(size: 100)\n          large: url(size: 1024)\n          jpeg: url(format: JPEG)\n          avif: url(size: 256, format: AVIF)\n        }\n      }\n    }\n  }\n": types.AlbumCoverUrlsDocument,
    "\n  mutation CoversRequest($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n": types.CoversRequestDocument,
    "\n  mutation CoversRefresh($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n": types.CoversRefreshDocument,
    "\n  mutation CoversUpload($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { status source url width height updatedAt } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n": types.CoversUploadDocument,
    "\n  mutation CoversReset($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { status source job { state } } }\n      ... on Error { message }\n    }\n  }\n": types.CoversResetDocument,
    "\n  query PicturesScan {\n    latestScan { state filesSeen filesParsed filesFailed filesIgnored failures { path error } ignored { path reason } }\n  }\n": types.PicturesScanDocument,
    "\n  query PicturesAlbumsInFolder {\n    albums(first: 100) { edges { node { folder title artist { name } tracks { path title } } } }\n  }\n": types.PicturesAlbumsInFolderDocument,
    "\n  query PicturesCoverSizes($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status width height\n          url\n          at512: url(size: 512)\n          at1024: url(size: 1024)\n          at200: url(size: 200)\n          srcset\n          jpegSrcset: srcset(format: JPEG)\n          variants { size width height url }\n        }\n      }\n    }\n  }\n": types.PicturesCoverSizesDocument,
    "\n  mutation JobsCrashRequestCover($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n    }\n  }\n": types.JobsCrashRequestCoverDocument,
    "\n  mutation JobsRequestCovers($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n      ... on Error { message }\n    }\n  }\n": types.JobsRequestCoversDocument,
    "\n  query JobsAlbumCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title cover { status job { priority state } } } }\n    }\n  }\n": types.JobsAlbumCoversDocument,
    "\n  query UsualAlbumsPage($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n": types.UsualAlbumsPageDocument,
    "\n  query UsualAlbumsPageWithCount($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title artist { id name } tracks { title trackNumber } cover { status url dominantColor } } }\n    }\n  }\n": types.UsualAlbumsPageWithCountDocument,
    "\n  query UsualAlbumsPageByFragments($first: Int!) {\n    albums(first: $first) { edges { node { ...PageAlbum cover { status url } } } }\n  }\n  fragment PageAlbum on Album { id title who: artist { id name } ... on Album { songs: tracks(first: 2) { title } } }\n": types.UsualAlbumsPageByFragmentsDocument,
    "\n  query PageAndAlbumAgain($first: Int!) {\n    albums(first: $first) {\n      edges { node { id tracks { title } artist { albums(first: 10) { edges { node { id tracks(first: 5) { id title path format discNumber trackNumber artist album { id } } } } } } } }\n    }\n  }\n": types.PageAndAlbumAgainDocument,
    "\n  query PageCoversAndAgainWithTrace($first: Int!) {\n    albums(first: $first) {\n      edges { node { id cover { status } artist { albums(first: 10) { edges { node { id cover { status trace { source outcome } } } } } } } }\n    }\n  }\n": types.PageCoversAndAgainWithTraceDocument,
    "\n  query PageWithTrace($first: Int!) {\n    albums(first: $first) { edges { node { id cover { status updatedAt pinned trace { source outcome } } } } }\n  }\n": types.PageWithTraceDocument,
    "\n  query UsualAlbumsPageFiltered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n": types.UsualAlbumsPageFilteredDocument,
    "\n  query SameAlbumsByNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n  }\n": types.SameAlbumsByNodesDocument,
    "\n  query SameAlbumsByNodesWithTrace($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id cover { status updatedAt pinned trace { source outcome } } } }\n  }\n": types.SameAlbumsByNodesWithTraceDocument,
    "\n  query AlbumsOrdered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title year } }\n    }\n  }\n": types.AlbumsOrderedDocument,
    "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n": types.AlbumsPageDocument,
    "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n": types.AlbumsWithCoversDocument,
    "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n": types.NodeLookupDocument,
    "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n": types.AlbumByIdDocument,
    "\n  mutation PushLiveUpsert($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded albumsAdded } ... on Error { message } }\n  }\n": types.PushLiveUpsertDocument,
    "\n  mutation PushLiveRemove($ids: LibraryExternalIds!) {\n    removeFromLibrary(externalIds: $ids) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } }\n  }\n": types.PushLiveRemoveDocument,
    "\n  query PushLiveAlbum($externalId: String!) {\n    album(externalId: $externalId) { __typename ... on Album { id cover { status source url job { state } } } }\n  }\n": types.PushLiveAlbumDocument,
    "\n  query PushLiveArtist($externalId: String!) {\n    artist(externalId: $externalId) { __typename ... on Artist { id image { status source url job { state } } } }\n  }\n": types.PushLiveArtistDocument,
    "\n  mutation PushLiveRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": types.PushLiveRefreshDocument,
    "\n  subscription PushLiveEvents($externalIds: LibraryExternalIds) {\n    coverEvents(externalIds: $externalIds) { __typename id subject { ... on Album { externalId } ... on Artist { externalId } } }\n  }\n": types.PushLiveEventsDocument,
    "\n  mutation ScanLibrary($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on ValidationError { message field }\n      ... on ForbiddenError { message }\n    }\n  }\n": types.ScanLibraryDocument,
    "\n  query ScanById($id: ID!) {\n    scan(id: $id) {\n      ... on Scan { state filesSeen filesParsed filesFailed albumsAdded failures { path error } }\n    }\n  }\n": types.ScanByIdDocument,
    "\n  query AlbumTitles { albums(first: 100) { totalCount edges { node { title folder artist { name } } } } }\n": types.AlbumTitlesDocument,
    "\n  query CacheWatchedAlbum($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { id title cover { id status source url srcset } }\n    }\n  }\n": types.CacheWatchedAlbumDocument,
    "\n  subscription CacheCoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      ... on CoverReady { subject { __typename ... on Album { id cover { id status source url srcset } } } }\n    }\n  }\n": types.CacheCoverEventsDocument,
    "\n  mutation CacheRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": types.CacheRequestCoversDocument,
    "\n  query CacheFindAlbum($search: String!) { albums(first: 1, search: $search) { edges { node { id } } } }\n": types.CacheFindAlbumDocument,
    "\n  subscription MultiProcessEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverSourceTried { source outcome } ... on CoverReady { cover { status source } } }\n  }\n": types.MultiProcessEventsDocument,
    "\n  subscription CoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverReady { cover { status source url } }\n      ... on CoverMissing { cover { status source } }\n    }\n  }\n": types.CoverEventsDocument,
    "\n  subscription ScanProgressLive { scanProgress { scanId filesSeen filesParsed filesFailed done } }\n": types.ScanProgressLiveDocument,
    "\n  query FindAlbum($search: String!) { albums(first: 5, search: $search) { edges { node { id title } } } }\n": types.FindAlbumDocument,
    "\n  mutation RequestCoversLive($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": types.RequestCoversLiveDocument,
    "\n  mutation RefreshCoversLive($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": types.RefreshCoversLiveDocument,
    "\n  mutation ScanLibraryLive { scanLibrary { __typename ... on Scan { id } } }\n": types.ScanLibraryLiveDocument,
    "\n  subscription AlertsLive { alerts { rule subject severity firing message value at } }\n": types.AlertsLiveDocument,
    "\n  query AlertsNow { alerts { rule subject severity firing message value at } }\n": types.AlertsNowDocument,
    "\n  query AlertAlbums { albums(first: 100) { edges { node { id folder } } } }\n": types.AlertAlbumsDocument,
    "\n  mutation AlertRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": types.AlertRequestDocument,
    "\n  mutation AlertRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n": types.AlertRefreshDocument,
    "\n  query AlertCovers($ids: [ID!]!) { nodes(ids: $ids) { ... on Album { cover { status source job { state } } } } }\n": types.AlertCoversDocument,
    "\n  query OfflineAlerts {\n    coverStats { sources { source attempts errors } }\n    alerts { rule subject severity firing message value }\n  }\n": types.OfflineAlertsDocument,
    "\n  query MonitoringAlbums { albums(first: 100) { edges { node { id folder } } } }\n": types.MonitoringAlbumsDocument,
    "\n  mutation MonitoringRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n": types.MonitoringRequestDocument,
    "\n  query MonitoringCovers($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Album { cover { status source url trace { source outcome } job { state } } } }\n  }\n": types.MonitoringCoversDocument,
    "\n  query MonitoringStats($since: DateTime) {\n    coverStats(since: $since) {\n      since\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n      cache { hits misses hitRate bytes entries evictions rendered storedImages storedImageBytes storedVariants storedVariantBytes }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      covers { ready pending fallback missing failed total }\n    }\n  }\n": types.MonitoringStatsDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BenchRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) { __typename }\n  }\n"): (typeof documents)["\n  mutation BenchRefreshCovers($ids: [ID!]!) {\n    refreshCovers(ids: $ids) { __typename }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumImages($first: Int, $types: [AlbumImageType!]) {\n    albums(first: $first) {\n      edges {\n        node {\n          folder\n          images(types: $types) { id type source detail url width height dominantColor thumbhash srcset jpeg: url(size: 1024, format: JPEG) }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlbumImages($first: Int, $types: [AlbumImageType!]) {\n    albums(first: $first) {\n      edges {\n        node {\n          folder\n          images(types: $types) { id type source detail url width height dominantColor thumbhash srcset jpeg: url(size: 1024, format: JPEG) }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumCandidates($id: ID!, $first: Int) {\n    node(id: $id) {\n      ... on Album {\n        coverCandidates(first: $first) {\n          edges { cursor node { candidateId source match type width height score similarity detail previewUrl(size: 128) } }\n          pageInfo { hasNextPage endCursor }\n        }\n        artist { id imageCandidates { edges { node { candidateId source match type } } } }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlbumCandidates($id: ID!, $first: Int) {\n    node(id: $id) {\n      ... on Album {\n        coverCandidates(first: $first) {\n          edges { cursor node { candidateId source match type width height score similarity detail previewUrl(size: 128) } }\n          pageInfo { hasNextPage endCursor }\n        }\n        artist { id imageCandidates { edges { node { candidateId source match type } } } }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { status source url } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ChooseCover($id: ID!, $candidateId: String!) {\n    chooseCover(id: $id, candidateId: $candidateId) {\n      __typename\n      ... on CoverPayload { cover { status source url } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CandidateEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverCandidateFound { candidateId } }\n  }\n"): (typeof documents)["\n  subscription CandidateEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverCandidateFound { candidateId } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RegisterArtists($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on ValidationError { message } }\n  }\n"): (typeof documents)["\n  mutation RegisterArtists($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on ValidationError { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushArtistsAgain($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged } }\n  }\n"): (typeof documents)["\n  mutation PushArtistsAgain($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded artistsChanged artistsUnchanged } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ArtistImage($externalId: String!) {\n    artist(externalId: $externalId) {\n      __typename\n      ... on Artist {\n        id name musicbrainzId\n        image {\n          status source url width\n          attribution { author license licenseUrl sourceUrl }\n          trace { source outcome detail }\n          job { state }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query ArtistImage($externalId: String!) {\n    artist(externalId: $externalId) {\n      __typename\n      ... on Artist {\n        id name musicbrainzId\n        image {\n          status source url width\n          attribution { author license licenseUrl sourceUrl }\n          trace { source outcome detail }\n          job { state }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FanartAlbumCover($externalId: String!) {\n    album(externalId: $externalId) {\n      __typename\n      ... on Album { cover { status source url trace { source outcome detail } job { state } } }\n    }\n  }\n"): (typeof documents)["\n  query FanartAlbumCover($externalId: String!) {\n    album(externalId: $externalId) {\n      __typename\n      ... on Album { cover { status source url trace { source outcome detail } job { state } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { status source url width height } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation SetCoverFromUrl($id: ID!, $url: String!) {\n    setCoverFromUrl(id: $id, url: $url) {\n      __typename\n      ... on CoverPayload { cover { status source url width height } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshReady {\n    refreshCovers(filter: { status: [READY] }) { __typename ... on CoversPayload { queued } }\n  }\n"): (typeof documents)["\n  mutation RefreshReady {\n    refreshCovers(filter: { status: [READY] }) { __typename ... on CoversPayload { queued } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query CoverUrlSize($id: ID!, $size: Int) { album(id: $id) { ... on Album { cover { status url(size: $size) } } } }"): (typeof documents)["query CoverUrlSize($id: ID!, $size: Int) { album(id: $id) { ... on Album { cover { status url(size: $size) } } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation CoversUploadPlain($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename ... on ValidationError { message field } } }"): (typeof documents)["mutation CoversUploadPlain($id: ID!, $file: File!) { uploadCover(id: $id, file: $file) { __typename ... on ValidationError { message field } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n        mutation CoversResetOne($id: ID!) {\n          resetCover(id: $id) { __typename ... on CoverPayload { cover { status source } } ... on Error { message } }\n        }\n      "): (typeof documents)["\n        mutation CoversResetOne($id: ID!) {\n          resetCover(id: $id) { __typename ... on CoverPayload { cover { status source } } ... on Error { message } }\n        }\n      "];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CoverUpgraded($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      ... on CoverReady { subject { ... on Album { id cover { id status source url width } } ... on Artist { id } } }\n    }\n  }\n"): (typeof documents)["\n  subscription CoverUpgraded($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      ... on CoverReady { subject { ... on Album { id cover { id status source url width } } ... on Artist { id } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshWhere($filter: CoverFilter, $ids: [ID!]) {\n    refreshCovers(filter: $filter, ids: $ids) {\n      __typename\n      ... on CoversPayload { queued covers { status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshWhere($filter: CoverFilter, $ids: [ID!]) {\n    refreshCovers(filter: $filter, ids: $ids) {\n      __typename\n      ... on CoversPayload { queued covers { status } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StopRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n    }\n  }\n"): (typeof documents)["\n  mutation StopRequestCovers($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CoversStartScan($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CoversStartScan($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoversScanState($id: ID!) {\n    scan(id: $id) {\n      __typename\n      ... on Scan { state error albumsAdded }\n    }\n  }\n"): (typeof documents)["\n  query CoversScanState($id: ID!) {\n    scan(id: $id) {\n      __typename\n      ... on Scan { state error albumsAdded }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoverAlbums($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          folder\n          artist { id name }\n          cover {\n            id\n            status\n            source\n            url\n            srcset\n            width\n            height\n            dominantColor\n            thumbhash\n            updatedAt\n            trace { source outcome detail at durationMs }\n            job { state priority attempts runAt }\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CoverAlbums($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      edges {\n        node {\n          id\n          title\n          folder\n          artist { id name }\n          cover {\n            id\n            status\n            source\n            url\n            srcset\n            width\n            height\n            dominantColor\n            thumbhash\n            updatedAt\n            trace { source outcome detail at durationMs }\n            job { state priority attempts runAt }\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CoverArtists($first: Int!) {\n    artists(first: $first) {\n      edges {\n        node {\n          id\n          name\n          image { status source url job { state } trace { source outcome detail } }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query CoverArtists($first: Int!) {\n    artists(first: $first) {\n      edges {\n        node {\n          id\n          name\n          image { status source url job { state } trace { source outcome detail } }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumCoverUrls($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status\n          url\n          small: url(size: 64)\n          snapped: url(size: 100)\n          large: url(size: 1024)\n          jpeg: url(format: JPEG)\n          avif: url(size: 256, format: AVIF)\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query AlbumCoverUrls($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status\n          url\n          small: url(size: 64)\n          snapped: url(size: 100)\n          large: url(size: 1024)\n          jpeg: url(format: JPEG)\n          avif: url(size: 256, format: AVIF)\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CoversRequest($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n"): (typeof documents)["\n  mutation CoversRequest($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CoversRefresh($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n"): (typeof documents)["\n  mutation CoversRefresh($ids: [ID!]!) {\n    refreshCovers(ids: $ids) {\n      __typename\n      ... on CoversPayload { covers { status source job { state priority } } }\n      ... on Error { message }\n      ... on ValidationError { field }\n      ... on NotFoundError { id }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CoversUpload($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { status source url width height updatedAt } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"): (typeof documents)["\n  mutation CoversUpload($id: ID!, $file: File!) {\n    uploadCover(id: $id, file: $file) {\n      __typename\n      ... on CoverPayload { cover { status source url width height updatedAt } }\n      ... on Error { message }\n      ... on ValidationError { field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CoversReset($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { status source job { state } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation CoversReset($id: ID!) {\n    resetCover(id: $id) {\n      __typename\n      ... on CoverPayload { cover { status source job { state } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PicturesScan {\n    latestScan { state filesSeen filesParsed filesFailed filesIgnored failures { path error } ignored { path reason } }\n  }\n"): (typeof documents)["\n  query PicturesScan {\n    latestScan { state filesSeen filesParsed filesFailed filesIgnored failures { path error } ignored { path reason } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PicturesAlbumsInFolder {\n    albums(first: 100) { edges { node { folder title artist { name } tracks { path title } } } }\n  }\n"): (typeof documents)["\n  query PicturesAlbumsInFolder {\n    albums(first: 100) { edges { node { folder title artist { name } tracks { path title } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PicturesCoverSizes($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status width height\n          url\n          at512: url(size: 512)\n          at1024: url(size: 1024)\n          at200: url(size: 200)\n          srcset\n          jpegSrcset: srcset(format: JPEG)\n          variants { size width height url }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PicturesCoverSizes($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album {\n        cover {\n          status width height\n          url\n          at512: url(size: 512)\n          at1024: url(size: 1024)\n          at200: url(size: 200)\n          srcset\n          jpegSrcset: srcset(format: JPEG)\n          variants { size width height url }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsCrashRequestCover($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n    }\n  }\n"): (typeof documents)["\n  mutation JobsCrashRequestCover($ids: [ID!]!) {\n    requestCovers(ids: $ids, priority: HIGH) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation JobsRequestCovers($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n      ... on Error { message }\n    }\n  }\n"): (typeof documents)["\n  mutation JobsRequestCovers($ids: [ID!]!, $priority: CoverPriority) {\n    requestCovers(ids: $ids, priority: $priority) {\n      __typename\n      ... on CoversPayload { covers { status job { priority state } } }\n      ... on Error { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query JobsAlbumCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title cover { status job { priority state } } } }\n    }\n  }\n"): (typeof documents)["\n  query JobsAlbumCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title cover { status job { priority state } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsualAlbumsPage($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n"): (typeof documents)["\n  query UsualAlbumsPage($first: Int!) {\n    albums(first: $first) {\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsualAlbumsPageWithCount($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title artist { id name } tracks { title trackNumber } cover { status url dominantColor } } }\n    }\n  }\n"): (typeof documents)["\n  query UsualAlbumsPageWithCount($first: Int!) {\n    albums(first: $first) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title artist { id name } tracks { title trackNumber } cover { status url dominantColor } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsualAlbumsPageByFragments($first: Int!) {\n    albums(first: $first) { edges { node { ...PageAlbum cover { status url } } } }\n  }\n  fragment PageAlbum on Album { id title who: artist { id name } ... on Album { songs: tracks(first: 2) { title } } }\n"): (typeof documents)["\n  query UsualAlbumsPageByFragments($first: Int!) {\n    albums(first: $first) { edges { node { ...PageAlbum cover { status url } } } }\n  }\n  fragment PageAlbum on Album { id title who: artist { id name } ... on Album { songs: tracks(first: 2) { title } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageAndAlbumAgain($first: Int!) {\n    albums(first: $first) {\n      edges { node { id tracks { title } artist { albums(first: 10) { edges { node { id tracks(first: 5) { id title path format discNumber trackNumber artist album { id } } } } } } } }\n    }\n  }\n"): (typeof documents)["\n  query PageAndAlbumAgain($first: Int!) {\n    albums(first: $first) {\n      edges { node { id tracks { title } artist { albums(first: 10) { edges { node { id tracks(first: 5) { id title path format discNumber trackNumber artist album { id } } } } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageCoversAndAgainWithTrace($first: Int!) {\n    albums(first: $first) {\n      edges { node { id cover { status } artist { albums(first: 10) { edges { node { id cover { status trace { source outcome } } } } } } } }\n    }\n  }\n"): (typeof documents)["\n  query PageCoversAndAgainWithTrace($first: Int!) {\n    albums(first: $first) {\n      edges { node { id cover { status } artist { albums(first: 10) { edges { node { id cover { status trace { source outcome } } } } } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PageWithTrace($first: Int!) {\n    albums(first: $first) { edges { node { id cover { status updatedAt pinned trace { source outcome } } } } }\n  }\n"): (typeof documents)["\n  query PageWithTrace($first: Int!) {\n    albums(first: $first) { edges { node { id cover { status updatedAt pinned trace { source outcome } } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query UsualAlbumsPageFiltered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n"): (typeof documents)["\n  query UsualAlbumsPageFiltered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      pageInfo { hasNextPage endCursor }\n      edges { node { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SameAlbumsByNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n  }\n"): (typeof documents)["\n  query SameAlbumsByNodes($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id title year artist { id name } tracks { title trackNumber } cover { status url } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SameAlbumsByNodesWithTrace($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id cover { status updatedAt pinned trace { source outcome } } } }\n  }\n"): (typeof documents)["\n  query SameAlbumsByNodesWithTrace($ids: [ID!]!) {\n    nodes(ids: $ids) { ... on Album { id cover { status updatedAt pinned trace { source outcome } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumsOrdered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title year } }\n    }\n  }\n"): (typeof documents)["\n  query AlbumsOrdered($first: Int!, $after: String, $orderBy: AlbumOrder, $filter: AlbumFilter) {\n    albums(first: $first, after: $after, orderBy: $orderBy, filter: $filter) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title year } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n"): (typeof documents)["\n  query AlbumsPage($first: Int!, $after: String, $search: String) {\n    albums(first: $first, after: $after, search: $search) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id title artist { id name } tracks { title trackNumber } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n"): (typeof documents)["\n  query AlbumsWithCovers($first: Int!) {\n    albums(first: $first) {\n      edges { node { title artist { name image { status } } tracks { title } cover { status url dominantColor job { priority state } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n"): (typeof documents)["\n  query NodeLookup($id: ID!, $ids: [ID!]!) {\n    node(id: $id) { id ... on Album { title } }\n    nodes(ids: $ids) { id ... on Artist { name } ... on Album { title } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n"): (typeof documents)["\n  query AlbumById($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { title }\n      ... on NotFoundError { message id }\n      ... on ValidationError { message field }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushLiveUpsert($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded albumsAdded } ... on Error { message } }\n  }\n"): (typeof documents)["\n  mutation PushLiveUpsert($input: LibraryBatchInput!) {\n    upsertLibrary(input: $input) { __typename ... on UpsertLibraryPayload { artistsAdded albumsAdded } ... on Error { message } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushLiveRemove($ids: LibraryExternalIds!) {\n    removeFromLibrary(externalIds: $ids) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } }\n  }\n"): (typeof documents)["\n  mutation PushLiveRemove($ids: LibraryExternalIds!) {\n    removeFromLibrary(externalIds: $ids) { __typename ... on RemoveFromLibraryPayload { albumsRemoved artistsRemoved } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PushLiveAlbum($externalId: String!) {\n    album(externalId: $externalId) { __typename ... on Album { id cover { status source url job { state } } } }\n  }\n"): (typeof documents)["\n  query PushLiveAlbum($externalId: String!) {\n    album(externalId: $externalId) { __typename ... on Album { id cover { status source url job { state } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PushLiveArtist($externalId: String!) {\n    artist(externalId: $externalId) { __typename ... on Artist { id image { status source url job { state } } } }\n  }\n"): (typeof documents)["\n  query PushLiveArtist($externalId: String!) {\n    artist(externalId: $externalId) { __typename ... on Artist { id image { status source url job { state } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PushLiveRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation PushLiveRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription PushLiveEvents($externalIds: LibraryExternalIds) {\n    coverEvents(externalIds: $externalIds) { __typename id subject { ... on Album { externalId } ... on Artist { externalId } } }\n  }\n"): (typeof documents)["\n  subscription PushLiveEvents($externalIds: LibraryExternalIds) {\n    coverEvents(externalIds: $externalIds) { __typename id subject { ... on Album { externalId } ... on Artist { externalId } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScanLibrary($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on ValidationError { message field }\n      ... on ForbiddenError { message }\n    }\n  }\n"): (typeof documents)["\n  mutation ScanLibrary($path: String) {\n    scanLibrary(path: $path) {\n      __typename\n      ... on Scan { id state }\n      ... on ValidationError { message field }\n      ... on ForbiddenError { message }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ScanById($id: ID!) {\n    scan(id: $id) {\n      ... on Scan { state filesSeen filesParsed filesFailed albumsAdded failures { path error } }\n    }\n  }\n"): (typeof documents)["\n  query ScanById($id: ID!) {\n    scan(id: $id) {\n      ... on Scan { state filesSeen filesParsed filesFailed albumsAdded failures { path error } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlbumTitles { albums(first: 100) { totalCount edges { node { title folder artist { name } } } } }\n"): (typeof documents)["\n  query AlbumTitles { albums(first: 100) { totalCount edges { node { title folder artist { name } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CacheWatchedAlbum($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { id title cover { id status source url srcset } }\n    }\n  }\n"): (typeof documents)["\n  query CacheWatchedAlbum($id: ID!) {\n    album(id: $id) {\n      __typename\n      ... on Album { id title cover { id status source url srcset } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CacheCoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      ... on CoverReady { subject { __typename ... on Album { id cover { id status source url srcset } } } }\n    }\n  }\n"): (typeof documents)["\n  subscription CacheCoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      ... on CoverReady { subject { __typename ... on Album { id cover { id status source url srcset } } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CacheRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation CacheRequestCovers($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CacheFindAlbum($search: String!) { albums(first: 1, search: $search) { edges { node { id } } } }\n"): (typeof documents)["\n  query CacheFindAlbum($search: String!) { albums(first: 1, search: $search) { edges { node { id } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MultiProcessEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverSourceTried { source outcome } ... on CoverReady { cover { status source } } }\n  }\n"): (typeof documents)["\n  subscription MultiProcessEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) { __typename id ... on CoverSourceTried { source outcome } ... on CoverReady { cover { status source } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription CoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverReady { cover { status source url } }\n      ... on CoverMissing { cover { status source } }\n    }\n  }\n"): (typeof documents)["\n  subscription CoverEvents($ids: [ID!]) {\n    coverEvents(ids: $ids) {\n      __typename\n      id\n      priority\n      ... on CoverSourceTried { source outcome detail durationMs }\n      ... on CoverReady { cover { status source url } }\n      ... on CoverMissing { cover { status source } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription ScanProgressLive { scanProgress { scanId filesSeen filesParsed filesFailed done } }\n"): (typeof documents)["\n  subscription ScanProgressLive { scanProgress { scanId filesSeen filesParsed filesFailed done } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query FindAlbum($search: String!) { albums(first: 5, search: $search) { edges { node { id title } } } }\n"): (typeof documents)["\n  query FindAlbum($search: String!) { albums(first: 5, search: $search) { edges { node { id title } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestCoversLive($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation RequestCoversLive($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshCoversLive($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation RefreshCoversLive($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ScanLibraryLive { scanLibrary { __typename ... on Scan { id } } }\n"): (typeof documents)["\n  mutation ScanLibraryLive { scanLibrary { __typename ... on Scan { id } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AlertsLive { alerts { rule subject severity firing message value at } }\n"): (typeof documents)["\n  subscription AlertsLive { alerts { rule subject severity firing message value at } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertsNow { alerts { rule subject severity firing message value at } }\n"): (typeof documents)["\n  query AlertsNow { alerts { rule subject severity firing message value at } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertAlbums { albums(first: 100) { edges { node { id folder } } } }\n"): (typeof documents)["\n  query AlertAlbums { albums(first: 100) { edges { node { id folder } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AlertRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation AlertRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AlertRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation AlertRefresh($ids: [ID!]!) { refreshCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AlertCovers($ids: [ID!]!) { nodes(ids: $ids) { ... on Album { cover { status source job { state } } } } }\n"): (typeof documents)["\n  query AlertCovers($ids: [ID!]!) { nodes(ids: $ids) { ... on Album { cover { status source job { state } } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query OfflineAlerts {\n    coverStats { sources { source attempts errors } }\n    alerts { rule subject severity firing message value }\n  }\n"): (typeof documents)["\n  query OfflineAlerts {\n    coverStats { sources { source attempts errors } }\n    alerts { rule subject severity firing message value }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringAlbums { albums(first: 100) { edges { node { id folder } } } }\n"): (typeof documents)["\n  query MonitoringAlbums { albums(first: 100) { edges { node { id folder } } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MonitoringRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"): (typeof documents)["\n  mutation MonitoringRequest($ids: [ID!]!) { requestCovers(ids: $ids) { __typename } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringCovers($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Album { cover { status source url trace { source outcome } job { state } } } }\n  }\n"): (typeof documents)["\n  query MonitoringCovers($ids: [ID!]!) {\n    nodes(ids: $ids) { id ... on Album { cover { status source url trace { source outcome } job { state } } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MonitoringStats($since: DateTime) {\n    coverStats(since: $since) {\n      since\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n      cache { hits misses hitRate bytes entries evictions rendered storedImages storedImageBytes storedVariants storedVariantBytes }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      covers { ready pending fallback missing failed total }\n    }\n  }\n"): (typeof documents)["\n  query MonitoringStats($since: DateTime) {\n    coverStats(since: $since) {\n      since\n      sources { source attempts found notFound rejected errors successRate p50Ms p95Ms }\n      cache { hits misses hitRate bytes entries evictions rendered storedImages storedImageBytes storedVariants storedVariantBytes }\n      queue { queued running scheduled failed byPriority { priority queued running scheduled failed } }\n      covers { ready pending fallback missing failed total }\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;