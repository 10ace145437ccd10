import { GraphQLError } from 'graphql';
import { resolveCursorConnection, type PageInfoShape } from '@pothos/plugin-relay';
import { filter, pipe } from 'graphql-yoga';
import type { ScanProgressEvent } from '../events.js';
import { builder, encodeId } from '../schema/builder.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { expectId } from '../schema/ids.js';
import type { Album, Artist, Scan, Track } from './library.table.js';
import * as repo from './library.repository.js';
import { requestScan } from './library.service.js';

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [String(r.id), r]));

export const ArtistRef = builder.loadableNodeRef<Artist, string, string>('Artist', {
  id: { resolve: (a) => a.id },
  load: async (ids, ctx) => {
    const rows = byId(await repo.findArtistsByIds(ctx.db, ids.map(Number)));
    return ids.map((id) => rows.get(id) ?? new NotFoundError(encodeId('Artist', id), 'artist'));
  },
});

export const AlbumRef = builder.loadableNodeRef<Album, string, string>('Album', {
  id: { resolve: (a) => a.id },
  load: async (ids, ctx) => {
    const rows = byId(await repo.findAlbumsByIds(ctx.db, ids.map(Number)));
    return ids.map((id) => rows.get(id) ?? new NotFoundError(encodeId('Album', id), 'album'));
  },
});

export const TrackRef = builder.loadableNodeRef<Track, string, string>('Track', {
  id: { resolve: (t) => t.id },
  load: async (ids, ctx) => {
    const rows = byId(await repo.findTracksByIds(ctx.db, ids.map(Number)));
    return ids.map((id) => rows.get(id) ?? new NotFoundError(encodeId('Track', id), 'track'));
  },
});

ArtistRef.implement({
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'name_key' in v,
  fields: (t) => ({
    name: t.exposeString('name'),
    musicbrainzId: t.exposeString('mb_artist_id', { nullable: true }),
    albums: t.loadableList({
      type: AlbumRef,
      description: 'The albums whose album artist this is, by title.',
      resolve: (artist) => artist.id,
      load: async (artistIds: number[], ctx) => {
        const rows = await repo.findAlbumsByArtistIds(ctx.db, artistIds);
        return artistIds.map((id) => rows.filter((a) => a.artist_id === id));
      },
    }),
  }),
});

AlbumRef.implement({
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'title_key' in v,
  fields: (t) => ({
    title: t.exposeString('title'),
    year: t.exposeInt('year', { nullable: true }),
    folder: t.exposeString('folder', { description: 'The album folder, relative to the library root.' }),
    musicbrainzReleaseId: t.exposeString('mb_release_id', { nullable: true }),
    musicbrainzReleaseGroupId: t.exposeString('mb_release_group_id', { nullable: true }),
    artist: t.field({ type: ArtistRef, resolve: (album) => String(album.artist_id) }),
    tracks: t.loadableList({
      type: TrackRef,
      description: 'In disc and track order.',
      resolve: (album) => album.id,
      load: async (albumIds: number[], ctx) => {
        const rows = await repo.findTracksByAlbumIds(ctx.db, albumIds);
        return albumIds.map((id) => rows.filter((t) => t.album_id === id));
      },
    }),
  }),
});

TrackRef.implement({
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'mtime_ms' in v,
  fields: (t) => ({
    title: t.exposeString('title'),
    artist: t.exposeString('artist', { nullable: true }),
    trackNumber: t.exposeInt('track_no', { nullable: true }),
    discNumber: t.exposeInt('disc_no', { nullable: true }),
    path: t.exposeString('path', { description: 'Relative to the library root.' }),
    format: t.exposeString('format', { nullable: true }),
    album: t.field({ type: AlbumRef, resolve: (track) => String(track.album_id) }),
  }),
});

const ScanState = builder.enumType('ScanState', { values: ['QUEUED', 'RUNNING', 'DONE', 'FAILED'] as const });

const ScanFailure = builder.objectRef<{ path: string; error: string }>('ScanFailure').implement({
  description: 'A file the scanner could not read.',
  fields: (t) => ({ path: t.exposeString('path'), error: t.exposeString('error') }),
});

export const ScanRef = builder.objectRef<Scan>('Scan').implement({
  fields: (t) => ({
    id: t.id({ resolve: (s) => encodeId('Scan', s.id) }),
    state: t.field({ type: ScanState, resolve: (s) => s.state.toUpperCase() as 'QUEUED' }),
    path: t.exposeString('root'),
    filesSeen: t.exposeInt('files_seen'),
    filesParsed: t.exposeInt('files_parsed'),
    filesSkipped: t.exposeInt('files_skipped'),
    filesFailed: t.exposeInt('files_failed'),
    albumsAdded: t.exposeInt('albums_added'),
    albumsChanged: t.exposeInt('albums_changed'),
    albumsRemoved: t.exposeInt('albums_removed'),
    failures: t.field({ type: [ScanFailure], resolve: (s) => (s.failures as { path: string; error: string }[]) ?? [] }),
    error: t.exposeString('error', { nullable: true }),
    startedAt: t.expose('started_at', { type: 'DateTime' }),
    finishedAt: t.expose('finished_at', { type: 'DateTime', nullable: true }),
  }),
});

/** Cursors are opaque: base64url of the sort key and the id, so pages stay stable under inserts. */
function encodeCursor(key: string, id: number): string {
  return Buffer.from(JSON.stringify([key, id])).toString('base64url');
}

function decodeCursor(cursor: string | null | undefined): { key: string; id: number } | undefined {
  if (!cursor) return undefined;
  try {
    const [key, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    if (typeof key === 'string' && Number.isInteger(id)) return { key, id: id as number };
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError('invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
}

function pageSize(args: { first?: number | null; last?: number | null; before?: string | null }): number {
  if (args.last != null || args.before != null) {
    throw new GraphQLError('only forward pagination (first/after) is supported', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  const first = args.first ?? 50;
  if (first < 0 || first > 1000) throw new GraphQLError('first must be between 0 and 1000', { extensions: { code: 'BAD_USER_INPUT' } });
  return first;
}

/**
 * One page of a keyset-paginated list, edges and pageInfo built by the relay plugin. The plugin
 * asks for one row more than the page (`limit`) to learn whether another page follows.
 */
async function connection<T>(
  args: { first?: number | null; last?: number | null; before?: string | null; after?: string | null },
  toCursor: (row: T) => string,
  load: (after: { key: string; id: number } | undefined, limit: number) => Promise<repo.Page<T>>,
  totalCount: () => Promise<number>,
): Promise<{ edges: { cursor: string; node: T }[]; pageInfo: PageInfoShape; totalCount: () => Promise<number> }> {
  const first = pageSize(args);
  // Never null: `load` always returns rows.
  const page = (await resolveCursorConnection({ args: { first, after: args.after }, toCursor: (row) => toCursor(row as T), defaultSize: 50, maxSize: 1000 }, async ({ after, limit }) =>
    (await load(decodeCursor(after), limit)).rows,
  ))!;
  // The plugin types its nodes as unknown here; they are the rows `load` returned.
  return { edges: page.edges as { cursor: string; node: T }[], pageInfo: page.pageInfo, totalCount };
}

builder.queryFields((t) => ({
  albums: t.connection(
    {
      type: AlbumRef,
      description: 'Albums by title. `search` matches a part of the title, case-insensitively.',
      args: { search: t.arg.string() },
      resolve: (_root, args, ctx) => {
        const search = args.search ?? undefined;
        return connection(args, (a: Album) => encodeCursor(a.title_key, a.id), (after, limit) => repo.pageAlbums(ctx.db, { search, after, first: limit }), () => repo.countAlbums(ctx.db, { search }));
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: () => Promise<number> }).totalCount() }) }) },
  ),
  artists: t.connection(
    {
      type: ArtistRef,
      description: 'Artists by name. `search` matches a part of the name, case-insensitively.',
      args: { search: t.arg.string() },
      resolve: (_root, args, ctx) => {
        const search = args.search ?? undefined;
        return connection(args, (a: Artist) => encodeCursor(a.name_key, a.id), (after, limit) => repo.pageArtists(ctx.db, { search, after, first: limit }), () => repo.countArtists(ctx.db, { search }));
      },
    },
    { fields: (c) => ({ totalCount: c.int({ resolve: (conn) => (conn as unknown as { totalCount: () => Promise<number> }).totalCount() }) }) },
  ),
  album: t.field({
    type: AlbumRef,
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args) => String(expectId(args.id, 'Album')),
  }),
  artist: t.field({
    type: ArtistRef,
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: (_root, args) => String(expectId(args.id, 'Artist')),
  }),
  scan: t.field({
    type: ScanRef,
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const scan = await repo.findScanById(ctx.db, expectId(args.id, 'Scan'));
      if (!scan) throw new NotFoundError(args.id, 'scan');
      return scan;
    },
  }),
  latestScan: t.field({
    type: ScanRef,
    nullable: true,
    resolve: async (_root, _args, ctx) => (await repo.findLatestScan(ctx.db)) ?? null,
  }),
}));

builder.mutationFields((t) => ({
  scanLibrary: t.field({
    type: ScanRef,
    description: 'Scans the library (or one folder inside it) in the background; follow it with `scan(id)` or `scanProgress`.',
    errors: { types: [ValidationError, ForbiddenError] },
    args: { path: t.arg.string({ description: 'A folder inside the library, relative to its root. The whole library when omitted.' }) },
    resolve: async (_root, args, ctx) => {
      if (!ctx.authorized) throw new ForbiddenError('this mutation needs Authorization: Bearer <API_TOKEN>');
      return requestScan(ctx, args.path ?? null);
    },
  }),
}));

const ScanProgressRef = builder.objectRef<ScanProgressEvent>('ScanProgress').implement({
  description: 'The counters of a running scan; the last event has done = true.',
  fields: (t) => ({
    scanId: t.id({ resolve: (p) => encodeId('Scan', p.scanId) }),
    filesSeen: t.exposeInt('filesSeen'),
    filesTotal: t.exposeInt('filesTotal', { nullable: true, description: 'Audio files under the scanned folder, from a quick count beside the scan; null until counted.' }),
    filesParsed: t.exposeInt('filesParsed'),
    filesSkipped: t.exposeInt('filesSkipped'),
    filesFailed: t.exposeInt('filesFailed'),
    albumsAdded: t.exposeInt('albumsAdded'),
    albumsChanged: t.exposeInt('albumsChanged'),
    albumsRemoved: t.exposeInt('albumsRemoved'),
    done: t.exposeBoolean('done'),
  }),
});

builder.subscriptionFields((t) => ({
  scanProgress: t.field({
    type: ScanProgressRef,
    description: 'Progress of scans: of one scan when scanId is given, else of every scan.',
    args: { scanId: t.arg.id({ required: false }) },
    subscribe: (_root, args, ctx) => {
      let id: number | null = null;
      if (args.scanId) {
        try {
          id = expectId(args.scanId, 'Scan');
        } catch {
          throw new GraphQLError(`invalid scan id "${args.scanId.slice(0, 80)}"`, { extensions: { code: 'BAD_USER_INPUT' } });
        }
      }
      return pipe(
        ctx.events.pubsub.subscribe('scan'),
        filter((p: ScanProgressEvent) => id === null || p.scanId === id),
      );
    },
    resolve: (p) => p,
  }),
}));
