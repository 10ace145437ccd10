import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import { resolveCursorConnection, type PageInfoShape } from '@pothos/plugin-relay';
import type { Context } from '../context.js';
import { filter, pipe } from 'graphql-yoga';
import type { ScanProgressEvent } from '../events.js';
import { builder, encodeId } from '../schema/builder.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { expectId } from '../schema/ids.js';
import { listCost } from '../schema/limits.js';
import type { Album, Artist, Scan, TrackView } from './library.table.js';
import { findAlbumPageDetails } from './library.page.repository.js';
import { primeCovers } from '../covers/cover.loader.js';
import { selectedFieldsAt } from '../schema/lookahead.js';
import type { GraphQLResolveInfo } from 'graphql';
import * as repo from './library.repository.js';
import { requestScan } from './library.service.js';
import { keysOfExternalIds } from './library.push.js';

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [String(r.id), r]));

/** Page sizes: every list that grows with the library is bounded and priced (see schema/limits.ts). */
const PAGE = { default: 50, max: 1000 } as const;
const TRACKS = { default: 100, max: 500 } as const;

/** Rows grouped by a key in one pass (not a filter per key: O(keys x rows) at big pages), in row order. */
function groupBy<T>(rows: readonly T[], key: (row: T) => number): Map<number, T[]> {
  const groups = new Map<number, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

// One query per request for every artist's albums / album's tracks in it (sliced per field below).
const albumsOfArtist = createContextCache(
  (ctx: Context) =>
    new DataLoader<number, Album[]>(async (ids) => {
      const groups = groupBy(await repo.findAlbumsByArtistIds(ctx.db, ids), (a) => a.artist_id);
      return ids.map((id) => groups.get(id) ?? []);
    }),
);
const tracksOfAlbum = createContextCache(
  (ctx: Context) =>
    new DataLoader<number, TrackView[]>(async (ids) => {
      const groups = groupBy(await repo.findTrackViewsByAlbumIds(ctx.db, ids), (t) => t.album_id);
      return ids.map((id) => groups.get(id) ?? []);
    }),
);

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

export const TrackRef = builder.loadableNodeRef<TrackView, string, string>('Track', {
  id: { resolve: (t) => t.id },
  load: async (ids, ctx) => {
    const rows = byId(await repo.findTracksByIds(ctx.db, ids.map(Number)));
    return ids.map((id) => rows.get(id) ?? new NotFoundError(encodeId('Track', id), 'track'));
  },
});

/**
 * Connections are forward-only (first/after): the plugin's `t.connection` always adds last/before,
 * which our keyset pages do not serve, so the connection types are declared here and the list
 * fields take only the arguments they honour.
 */
const TOTAL = 'How many there are in all, across every page. Counted (exactly, one more statement) only when selected: leave it out of pages that do not show it.';
const EDGE = 'One item of the list and its cursor.';
const ArtistAlbumsConnection = builder.connectionObject(
  { type: AlbumRef, name: 'ArtistAlbumsConnection', description: "A page of an artist's albums.", fields: (c) => ({ totalCount: c.int({ description: TOTAL, resolve: totalCount }) }) },
  { name: 'ArtistAlbumsConnectionEdge', description: EDGE },
);
const QueryAlbumsConnection = builder.connectionObject(
  { type: AlbumRef, name: 'QueryAlbumsConnection', description: 'A page of albums.', fields: (c) => ({ totalCount: c.int({ description: TOTAL, resolve: totalCount }) }) },
  { name: 'QueryAlbumsConnectionEdge', description: EDGE },
);
const QueryArtistsConnection = builder.connectionObject(
  { type: ArtistRef, name: 'QueryArtistsConnection', description: 'A page of artists.', fields: (c) => ({ totalCount: c.int({ description: TOTAL, resolve: totalCount }) }) },
  { name: 'QueryArtistsConnectionEdge', description: EDGE },
);

ArtistRef.implement({
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'name_key' in v,
  fields: (t) => ({
    name: t.exposeString('name'),
    musicbrainzId: t.exposeString('mb_artist_id', { nullable: true }),
    albums: t.field({
        type: ArtistAlbumsConnection,
        description: 'The albums whose album artist this is, by title.',
        extensions: listCost(PAGE.default),
        args: { first: t.arg.int({ description: FIRST }), after: t.arg.string({ description: AFTER }) },
        resolve: async (artist, args, ctx) => {
          const all = await albumsOfArtist(ctx).load(artist.id);
          // The artist's albums come batched for the whole page of artists; a page of them is a slice.
          const page = async (after: { key: string; id: number } | undefined, limit: number) => {
            const rest = after ? all.filter((a) => a.title_key > after.key || (a.title_key === after.key && a.id > after.id)) : all;
            return { rows: rest.slice(0, limit), hasNextPage: rest.length > limit };
          };
          return connection(args, albumCursor, page, async () => all.length);
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
    tracks: t.field({
      type: [TrackRef],
      description: `In disc and track order: the first ${TRACKS.default} unless \`first\` says otherwise (at most ${TRACKS.max}).`,
      args: { first: t.arg.int({ defaultValue: TRACKS.default }) },
      extensions: listCost(TRACKS.default),
      resolve: async (album, args, ctx) => {
        const first = args.first ?? TRACKS.default;
        if (first < 0 || first > TRACKS.max) throw new GraphQLError(`first must be between 0 and ${TRACKS.max}`, { extensions: { code: 'BAD_USER_INPUT' } });
        return (await tracksOfAlbum(ctx).load(album.id)).slice(0, first);
      },
    }),
  }),
});

TrackRef.implement({
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'track_no' in v,
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

const ScanIgnoredFile = builder.objectRef<{ path: string; reason: string }>('ScanIgnoredFile').implement({
  description: 'A file in a scanned folder that the scanner did not read, and why.',
  fields: (t) => ({ path: t.exposeString('path'), reason: t.exposeString('reason') }),
});

export const ScanRef = builder.objectRef<Scan>('Scan').implement({
  fields: (t) => ({
    id: t.id({ resolve: (s) => encodeId('Scan', s.id) }),
    state: t.field({ type: ScanState, resolve: (s) => s.state.toUpperCase() as 'QUEUED' }),
    path: t.exposeString('root'),
    filesSeen: t.exposeInt('files_seen'),
    filesParsed: t.exposeInt('files_parsed'),
    filesSkipped: t.exposeInt('files_skipped', { description: 'Unchanged since the last scan (same size and mtime): not read again.' }),
    filesFailed: t.exposeInt('files_failed'),
    filesIgnored: t.exposeInt('files_ignored', { description: 'Files in the scanned folders that are not audio the scanner reads (or lead out of the library): never read. `ignored` lists the first ones.' }),
    ignored: t.field({ type: [ScanIgnoredFile], extensions: listCost(200), description: 'The first 200 ignored files, with the reason.', resolve: (s) => (s.ignored as { path: string; reason: string }[]) ?? [] }),
    artistsAdded: t.exposeInt('artists_added'),
    albumsAdded: t.exposeInt('albums_added'),
    albumsChanged: t.exposeInt('albums_changed'),
    albumsRemoved: t.exposeInt('albums_removed'),
    failures: t.field({ type: [ScanFailure], extensions: listCost(200), resolve: (s) => (s.failures as { path: string; error: string }[]) ?? [] }),
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

const FIRST = `How many to return (default ${PAGE.default}, at most ${PAGE.max}).`;
const AFTER = 'The endCursor of the previous page: the page after it.';

function pageSize(args: { first?: number | null }): number {
  const first = args.first ?? PAGE.default;
  if (first < 0 || first > PAGE.max) throw new GraphQLError(`first must be between 0 and ${PAGE.max}`, { extensions: { code: 'BAD_USER_INPUT' } });
  return first;
}

/**
 * One page of a keyset-paginated list, edges and pageInfo built by the relay plugin. The plugin
 * asks for one row more than the page (`limit`) to learn whether another page follows.
 */
async function connection<T>(
  args: { first?: number | null; after?: string | null },
  toCursor: (row: T) => string,
  load: (after: { key: string; id: number } | undefined, limit: number) => Promise<repo.Page<T>>,
  totalCount: () => Promise<number>,
): Promise<{ edges: { cursor: string; node: T }[]; pageInfo: PageInfoShape; totalCount: () => Promise<number> }> {
  const first = pageSize(args);
  // Never null: `load` always returns rows.
  const page = (await resolveCursorConnection({ args: { first, after: args.after }, toCursor: (row) => toCursor(row as T), defaultSize: PAGE.default, maxSize: PAGE.max }, async ({ after, limit }) =>
    (await load(decodeCursor(after), limit)).rows,
  ))!;
  // The plugin types its nodes as unknown here; they are the rows `load` returned.
  return { edges: page.edges as { cursor: string; node: T }[], pageInfo: page.pageInfo, totalCount };
}

/** The `id` of a lookup that takes `id` or `externalId`, exactly one. */
function oneOf(args: { id?: string | null; externalId?: string | null }): string {
  if ((args.id == null) === (args.externalId == null)) throw new ValidationError('give exactly one of id and externalId', 'id');
  return args.id!;
}

async function idOfExternal(ctx: Context, type: 'album' | 'artist', args: { id?: string | null; externalId?: string | null }): Promise<number> {
  oneOf(args);
  const [key] = await keysOfExternalIds(ctx, type === 'album' ? { albums: [args.externalId!] } : { artists: [args.externalId!] });
  if (!key) throw new NotFoundError(args.externalId!, type);
  return key.id;
}

/**
 * The look-ahead of the albums page: when its nodes select artist, tracks or cover, those are read
 * for the whole page in one statement and the loaders primed, so the page costs the same few
 * statements for any size (the page, this one, totalCount when selected) instead of one per
 * loader. What is not primed (a cover with no row yet) still goes through its loader.
 */
async function primeAlbumPage(ctx: Context, info: GraphQLResolveInfo, albums: readonly Album[]): Promise<void> {
  const selected = selectedFieldsAt(info, ['edges', 'node']);
  const parts = { artist: selected.has('artist'), tracks: selected.has('tracks'), cover: selected.has('cover') };
  if (albums.length === 0 || !(parts.artist || parts.tracks || parts.cover)) return;
  const details = await findAlbumPageDetails(ctx.db, albums.map((a) => a.id), parts);
  const titles = new Map(albums.map((a) => [a.id, a.title]));
  const artists = ArtistRef.getDataloader(ctx);
  const tracks = tracksOfAlbum(ctx);
  for (const d of details) {
    if (d.artist) artists.prime(String(d.artist.id), d.artist);
    if (d.tracks) tracks.prime(d.albumId, d.tracks);
  }
  if (parts.cover) {
    primeCovers(ctx, details.map((d) => ({ key: { type: 'album' as const, id: d.albumId, name: titles.get(d.albumId)! }, row: d.cover ?? null, image: d.image ?? undefined })));
  }
}

const albumCursor = (a: Album) => encodeCursor(a.title_key, a.id);
const totalCount = (conn: object) => (conn as { totalCount: () => Promise<number> }).totalCount();

builder.queryFields((t) => ({
  albums: t.field({
      type: QueryAlbumsConnection,
      description: 'Albums by title. `search` matches a part of the title, case-insensitively.',
      extensions: listCost(PAGE.default),
      args: { first: t.arg.int({ description: FIRST }), after: t.arg.string({ description: AFTER }), search: t.arg.string({ description: 'A part of the name, matched case-insensitively.' }) },
      resolve: async (_root, args, ctx, info) => {
        const search = args.search ?? undefined;
        const page = await connection(args, albumCursor, (after, limit) => repo.pageAlbums(ctx.db, { search, after, first: limit }), () => repo.countAlbums(ctx.db, { search }));
        await primeAlbumPage(ctx, info, page.edges.map((e) => e.node));
        return page;
      },
    }),
  artists: t.field({
      type: QueryArtistsConnection,
      description: 'Artists by name. `search` matches a part of the name, case-insensitively.',
      extensions: listCost(PAGE.default),
      args: { first: t.arg.int({ description: FIRST }), after: t.arg.string({ description: AFTER }), search: t.arg.string({ description: 'A part of the name, matched case-insensitively.' }) },
      resolve: (_root, args, ctx) => {
        const search = args.search ?? undefined;
        return connection(args, (a: Artist) => encodeCursor(a.name_key, a.id), (after, limit) => repo.pageArtists(ctx.db, { search, after, first: limit }), () => repo.countArtists(ctx.db, { search }));
      },
    }),
  album: t.field({
    type: AlbumRef,
    description: 'By id, or by the id SoniqueBay gave it (`externalId`): exactly one of them.',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id(), externalId: t.arg.string() },
    resolve: async (_root, args, ctx) => String(args.externalId == null ? expectId(oneOf(args), 'Album') : await idOfExternal(ctx, 'album', args)),
  }),
  artist: t.field({
    type: ArtistRef,
    description: 'By id, or by the id SoniqueBay gave it (`externalId`): exactly one of them.',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id(), externalId: t.arg.string() },
    resolve: async (_root, args, ctx) => String(args.externalId == null ? expectId(oneOf(args), 'Artist') : await idOfExternal(ctx, 'artist', args)),
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
    filesIgnored: t.exposeInt('filesIgnored'),
    artistsAdded: t.exposeInt('artistsAdded'),
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
