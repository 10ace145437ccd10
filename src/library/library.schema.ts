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
import { CoverSource, CoverStatus } from '../schema/cover-enums.js';
import { type Album, type Artist, type Scan, type TrackView, TRACK_VIEW_COLUMNS } from './library.table.js';
import { findAlbumPageDetails, type TrackColumn } from './library.page.repository.js';
import { keepPageCovers } from '../covers/cover.loader.js';
import { selectedFieldsAt } from '../schema/lookahead.js';
import type { GraphQLResolveInfo } from 'graphql';
import * as repo from './library.repository.js';
import { requestScan } from './library.service.js';
import { keysOfExternalIds } from './library.push.js';
import { groupBy } from '../group-by.js';

const byId = <T extends { id: number }>(rows: T[]) => new Map(rows.map((r) => [String(r.id), r]));

/** Page sizes: every list that grows with the library is bounded and priced (see schema/limits.ts). */
const PAGE = { default: 50, max: 1000 } as const;
const TRACKS = { default: 100, max: 500 } as const;


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
  description: 'An album artist of the library.',
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'name_key' in v,
  fields: (t) => ({
    name: t.exposeString('name', { description: 'As first read from the tags (or as pushed).' }),
    musicbrainzId: t.exposeString('mb_artist_id', { nullable: true, description: "The MusicBrainz artist id from the tags, when they carry one." }),
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
  description: 'An album of the library: a folder of tracks sharing an album artist and title.',
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'title_key' in v,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'As read from the tags (or as pushed).' }),
    year: t.exposeInt('year', { nullable: true, description: 'The release year from the tags, when they carry one.' }),
    folder: t.exposeString('folder', { description: 'The album folder, relative to the library root.' }),
    musicbrainzReleaseId: t.exposeString('mb_release_id', { nullable: true, description: 'The MusicBrainz release id from the tags: the Cover Art Archive is asked for it first.' }),
    musicbrainzReleaseGroupId: t.exposeString('mb_release_group_id', { nullable: true, description: 'The MusicBrainz release group id from the tags.' }),
    artist: t.field({ type: ArtistRef, description: 'The album artist.', resolve: (album) => String(album.artist_id) }),
    tracks: t.field({
      type: [TrackRef],
      description: `In disc and track order: the first ${TRACKS.default} unless \`first\` says otherwise (at most ${TRACKS.max}).`,
      args: { first: t.arg.int({ defaultValue: TRACKS.default, description: `How many tracks (at most ${TRACKS.max}).` }) },
      extensions: listCost(TRACKS.default),
      resolve: async (album, args, ctx) => {
        const first = args.first ?? TRACKS.default;
        if (first < 0 || first > TRACKS.max) throw new GraphQLError(`first must be between 0 and ${TRACKS.max}`, { extensions: { code: 'BAD_USER_INPUT' } });
        return (pageTracks(ctx).get(album) ?? (await tracksOfAlbum(ctx).load(album.id))).slice(0, first);
      },
    }),
  }),
});

TrackRef.implement({
  description: 'An audio file of an album.',
  isTypeOf: (v) => typeof v === 'object' && v !== null && 'track_no' in v,
  fields: (t) => ({
    title: t.exposeString('title', { description: 'From the tags, else the file name.' }),
    artist: t.exposeString('artist', { nullable: true, description: "The track's own artist tag (it may differ from the album artist)." }),
    trackNumber: t.exposeInt('track_no', { nullable: true, description: 'From the tags.' }),
    discNumber: t.exposeInt('disc_no', { nullable: true, description: 'From the tags (or the Disc N folder).' }),
    path: t.exposeString('path', { description: 'Relative to the library root.' }),
    format: t.exposeString('format', { nullable: true, description: 'The container as music-metadata names it (MPEG, FLAC, Ogg, MP4…).' }),
    album: t.field({ type: AlbumRef, description: 'The album it belongs to.', resolve: (track) => String(track.album_id) }),
  }),
});

const ScanState = builder.enumType('ScanState', {
  description: 'Where a scan stands.',
  values: {
    QUEUED: { description: 'Waiting for a worker (or for the scan before it).' },
    RUNNING: { description: 'Reading files now.' },
    DONE: { description: 'Finished; files it could not read are in `failures`.' },
    FAILED: { description: 'Stopped by an error (`error` says which).' },
  } as const,
});

const ScanFailure = builder.objectRef<{ path: string; error: string }>('ScanFailure').implement({
  description: 'A file the scanner could not read.',
  fields: (t) => ({ path: t.exposeString('path', { description: 'Relative to the library root.' }), error: t.exposeString('error', { description: 'Why it could not be read.' }) }),
});

const ScanIgnoredFile = builder.objectRef<{ path: string; reason: string }>('ScanIgnoredFile').implement({
  description: 'A file in a scanned folder that the scanner did not read, and why.',
  fields: (t) => ({ path: t.exposeString('path', { description: 'Relative to the library root.' }), reason: t.exposeString('reason', { description: 'Why it was not read (not audio the scanner reads, a link out of the library…).' }) }),
});

export const ScanRef = builder.objectRef<Scan>('Scan').implement({
  description: 'A scan of the library, or of one folder in it, with its counters.',
  fields: (t) => ({
    id: t.id({ description: 'Its id, for `scan(id:)` and `scanProgress(scanId:)`.', resolve: (s) => encodeId('Scan', s.id) }),
    state: t.field({ type: ScanState, description: 'Where it stands.', resolve: (s) => s.state.toUpperCase() as 'QUEUED' }),
    path: t.exposeString('root', { description: "The folder scanned, relative to the library root ('' for all of it)." }),
    filesSeen: t.exposeInt('files_seen', { description: 'Audio files found so far.' }),
    filesParsed: t.exposeInt('files_parsed', { description: 'Audio files read (new or changed).' }),
    filesSkipped: t.exposeInt('files_skipped', { description: 'Unchanged since the last scan (same size and mtime): not read again.' }),
    filesFailed: t.exposeInt('files_failed', { description: 'Audio files that could not be read (listed in `failures`).' }),
    filesIgnored: t.exposeInt('files_ignored', { description: 'Files in the scanned folders that are not audio the scanner reads (or lead out of the library): never read. `ignored` lists the first ones.' }),
    ignored: t.field({ type: [ScanIgnoredFile], extensions: listCost(200), description: 'The first 200 ignored files, with the reason.', resolve: (s) => (s.ignored as { path: string; reason: string }[]) ?? [] }),
    artistsAdded: t.exposeInt('artists_added', { description: 'Artists new to the library.' }),
    albumsAdded: t.exposeInt('albums_added', { description: 'Albums new to the library (their covers are queued).' }),
    albumsChanged: t.exposeInt('albums_changed', { description: 'Albums whose files or folder images changed (their covers are searched again).' }),
    albumsRemoved: t.exposeInt('albums_removed', { description: 'Albums whose files are all gone, removed with their covers.' }),
    failures: t.field({ type: [ScanFailure], extensions: listCost(200), description: 'The first 200 files that could not be read, with the error.', resolve: (s) => (s.failures as { path: string; error: string }[]) ?? [] }),
    error: t.exposeString('error', { nullable: true, description: 'Why the scan FAILED, when it did.' }),
    startedAt: t.expose('started_at', { type: 'DateTime', description: 'When it was queued or started.' }),
    finishedAt: t.expose('finished_at', { type: 'DateTime', nullable: true, description: 'When it finished; null while it runs.' }),
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
async function connection<T, C = { key: string; id: number }>(
  args: { first?: number | null; after?: string | null },
  toCursor: (row: T) => string,
  load: (after: C | undefined, limit: number) => Promise<repo.Page<T>>,
  totalCount: () => Promise<number>,
  decode: (cursor: string | null | undefined) => C | undefined = decodeCursor as (cursor: string | null | undefined) => C | undefined,
): Promise<{ edges: { cursor: string; node: T }[]; pageInfo: PageInfoShape; totalCount: () => Promise<number> }> {
  const first = pageSize(args);
  const after = decode(args.after);
  // Never null: `load` always returns rows.
  const page = (await resolveCursorConnection({ args: { first, after: args.after }, toCursor: (row) => toCursor(row as T), defaultSize: PAGE.default, maxSize: PAGE.max }, async ({ limit }) =>
    (await load(after, limit)).rows,
  ))!;
  // The plugin types its nodes as unknown here; they are the rows `load` returned.
  return { edges: page.edges as { cursor: string; node: T }[], pageInfo: page.pageInfo, totalCount };
}

const ORDER_TAGS = { TITLE: 't', YEAR: 'y', RECENTLY_ADDED: 'r' } as const satisfies Record<repo.AlbumOrder, string>;

/** An `albums` cursor: base64url of [order tag, sort key…, id], so a cursor names the order it was made in. */
function encodeAlbumCursor(c: repo.AlbumCursor): string {
  const parts = c.order === 'TITLE' ? [c.title] : c.order === 'YEAR' ? [c.year, c.title] : [c.addedUs];
  return Buffer.from(JSON.stringify([ORDER_TAGS[c.order], ...parts, c.id])).toString('base64url');
}

function decodeAlbumCursor(cursor: string | null | undefined, order: repo.AlbumOrder): repo.AlbumCursor | undefined {
  if (!cursor) return undefined;
  let parsed: repo.AlbumCursor | undefined;
  let tag: unknown;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    tag = v[0];
    const id = v.at(-1);
    if (Array.isArray(v) && Number.isInteger(id)) {
      if (tag === 't' && v.length === 3 && typeof v[1] === 'string') parsed = { order: 'TITLE', title: v[1], id: id as number };
      if (tag === 'y' && v.length === 4 && (v[1] === null || Number.isInteger(v[1])) && typeof v[2] === 'string') parsed = { order: 'YEAR', year: v[1] as number | null, title: v[2], id: id as number };
      if (tag === 'r' && v.length === 3 && typeof v[1] === 'string' && /^-?\d{1,19}$/.test(v[1])) parsed = { order: 'RECENTLY_ADDED', addedUs: v[1], id: id as number };
    }
  } catch {
    // reported below
  }
  if (!parsed) throw new GraphQLError('invalid cursor', { extensions: { code: 'BAD_USER_INPUT' } });
  if (parsed.order !== order) {
    throw new GraphQLError(`this cursor is from a page in orderBy ${parsed.order}, not ${order}: start again without \`after\``, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return parsed;
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
  const parts = {
    artist: selected.has('artist'),
    tracks: selected.has('tracks') && trackColumnsFor(selectedFieldsAt(info, ['edges', 'node', 'tracks'])),
    cover: selected.has('cover') && { trace: selectedFieldsAt(info, ['edges', 'node', 'cover']).has('trace') },
  };
  if (albums.length === 0 || !(parts.artist || parts.tracks || parts.cover)) return;
  const details = await findAlbumPageDetails(ctx.db, albums.map((a) => a.id), parts);
  const albumById = new Map(albums.map((a) => [a.id, a]));
  const artists = ArtistRef.getDataloader(ctx);
  const tracks = pageTracks(ctx);
  for (const d of details) {
    if (d.artist) artists.prime(String(d.artist.id), d.artist);
    // Kept with the page's own album objects, not in the tracks loader: they may lack columns that
    // another field of the same request (the same album reached another way) selects.
    if (d.tracks) tracks.set(albumById.get(d.albumId)!, d.tracks as TrackView[]);
  }
  if (parts.cover) {
    keepPageCovers(ctx, details.map((d) => {
      const album = albumById.get(d.albumId)!;
      return { owner: album, key: { type: 'album' as const, id: d.albumId, name: album.title }, row: d.cover ?? null, image: d.image ?? undefined };
    }));
  }
}

/**
 * The columns each Track field reads. A field not listed here (one added later) makes the page read
 * every column: a missing entry costs speed, never a wrong answer.
 */
const TRACK_FIELD_COLUMNS: Record<string, readonly TrackColumn[]> = {
  id: ['id'],
  title: ['title'],
  artist: ['artist'],
  trackNumber: ['track_no'],
  discNumber: ['disc_no'],
  path: ['path'],
  format: ['format'],
  album: ['album_id'],
  __typename: [],
};

/** The track columns a selection of Track fields needs. */
export function trackColumnsFor(fields: ReadonlySet<string>): readonly TrackColumn[] {
  const columns = new Set<TrackColumn>();
  for (const f of fields) {
    const cols = TRACK_FIELD_COLUMNS[f];
    if (!cols) return TRACK_VIEW_COLUMNS;
    for (const c of cols) columns.add(c);
  }
  return [...columns];
}

/** The tracks the albums page read for its own album objects, by object (see primeAlbumPage). */
const pageTracks = createContextCache((_ctx: Context) => new WeakMap<Album, TrackView[]>());

const albumCursor = (a: Album) => encodeCursor(a.title_key, a.id);
const totalCount = (conn: object) => (conn as { totalCount: () => Promise<number> }).totalCount();

const AlbumOrder = builder.enumType('AlbumOrder', {
  description: 'The order of the `albums` list. Each has its own cursors: a cursor from one order is refused in another.',
  values: {
    TITLE: { description: 'By title (case and width folded), A to Z.' },
    YEAR: { description: 'By year, oldest first, albums with no year last; then by title.' },
    RECENTLY_ADDED: { description: 'Newest first, by when the album was added to the library.' },
  } as const satisfies Record<repo.AlbumOrder, { description: string }>,
});

const AlbumFilter = builder.inputType('AlbumFilter', {
  description: 'Narrows the `albums` list; every field given must hold (AND), a list matches any of its values.',
  fields: (t) => ({
    coverStatus: t.field({ type: [CoverStatus], description: "Albums whose cover has one of these statuses (an album whose cover was never asked for is PENDING)." }),
    source: t.field({ type: [CoverSource], description: 'Albums whose cover came from one of these sources.' }),
    artistId: t.id({ description: "Albums of this Artist (its global id): the album artist's." }),
    search: t.string({ description: 'A part of the title, matched case-insensitively.' }),
  }),
});

/** The `albums` arguments as the repository takes them; a malformed artist id is BAD_USER_INPUT. */
function albumFilter(args: { search?: string | null; filter?: { coverStatus?: readonly string[] | null; source?: readonly string[] | null; artistId?: string | null; search?: string | null } | null }): repo.AlbumFilter {
  const f = args.filter ?? {};
  let artistId: number | null = null;
  if (f.artistId != null) {
    try {
      artistId = expectId(f.artistId, 'Artist');
    } catch (err) {
      throw new GraphQLError((err as Error).message, { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
  if (args.search != null && f.search != null && args.search !== f.search) {
    throw new GraphQLError('give search or filter.search, not both', { extensions: { code: 'BAD_USER_INPUT' } });
  }
  return {
    search: f.search ?? args.search ?? null,
    artistId,
    coverStatus: (f.coverStatus as repo.AlbumFilter['coverStatus']) ?? null,
    coverSource: (f.source as repo.AlbumFilter['coverSource']) ?? null,
  };
}

builder.queryFields((t) => ({
  albums: t.field({
      type: QueryAlbumsConnection,
      description: 'Albums, a page at a time (forward only: `first` and `after`), in `orderBy` order, narrowed by `filter`.',
      extensions: listCost(PAGE.default),
      args: {
        first: t.arg.int({ description: FIRST }),
        after: t.arg.string({ description: `${AFTER} It must come from a page in the same \`orderBy\`.` }),
        filter: t.arg({ type: AlbumFilter, description: 'Which albums: by cover status or source, artist, title.' }),
        orderBy: t.arg({ type: AlbumOrder, defaultValue: 'TITLE', description: 'The order of the pages (TITLE by default).' }),
        search: t.arg.string({ description: 'A part of the title, matched case-insensitively (the same as `filter.search`).' }),
      },
      resolve: async (_root, args, ctx, info) => {
        const filter = albumFilter(args);
        const order = args.orderBy ?? 'TITLE';
        const page = await connection<repo.AlbumPageRow, repo.AlbumCursor>(
          args,
          (row) => encodeAlbumCursor(repo.albumCursorOf(row, order)),
          (after, limit) => repo.pageAlbums(ctx.db, { filter, order, after, first: limit }),
          () => repo.countAlbums(ctx.db, filter),
          (cursor) => decodeAlbumCursor(cursor, order),
        );
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
    args: { id: t.arg.id({ description: 'The Album global id.' }), externalId: t.arg.string({ description: "SoniqueBay's id of the album (upsertLibrary)." }) },
    resolve: async (_root, args, ctx) => String(args.externalId == null ? expectId(oneOf(args), 'Album') : await idOfExternal(ctx, 'album', args)),
  }),
  artist: t.field({
    type: ArtistRef,
    description: 'By id, or by the id SoniqueBay gave it (`externalId`): exactly one of them.',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ description: 'The Artist global id.' }), externalId: t.arg.string({ description: "SoniqueBay's id of the artist (upsertLibrary)." }) },
    resolve: async (_root, args, ctx) => String(args.externalId == null ? expectId(oneOf(args), 'Artist') : await idOfExternal(ctx, 'artist', args)),
  }),
  scan: t.field({
    type: ScanRef,
    description: 'A scan by its id (from scanLibrary).',
    errors: { types: [NotFoundError, ValidationError] },
    args: { id: t.arg.id({ required: true, description: 'The Scan id.' }) },
    resolve: async (_root, args, ctx) => {
      const scan = await repo.findScanById(ctx.db, expectId(args.id, 'Scan'));
      if (!scan) throw new NotFoundError(args.id, 'scan');
      return scan;
    },
  }),
  latestScan: t.field({
    type: ScanRef,
    nullable: true,
    description: 'The most recent scan, running or finished; null before the first.',
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
    scanId: t.id({ description: 'The scan these counters belong to.', resolve: (p) => encodeId('Scan', p.scanId) }),
    filesSeen: t.exposeInt('filesSeen', { description: 'As in Scan.' }),
    filesTotal: t.exposeInt('filesTotal', { nullable: true, description: 'Audio files under the scanned folder, from a quick count beside the scan; null until counted.' }),
    filesParsed: t.exposeInt('filesParsed', { description: 'As in Scan.' }),
    filesSkipped: t.exposeInt('filesSkipped', { description: 'As in Scan.' }),
    filesFailed: t.exposeInt('filesFailed', { description: 'As in Scan.' }),
    filesIgnored: t.exposeInt('filesIgnored', { description: 'As in Scan.' }),
    artistsAdded: t.exposeInt('artistsAdded', { description: 'As in Scan.' }),
    albumsAdded: t.exposeInt('albumsAdded', { description: 'As in Scan.' }),
    albumsChanged: t.exposeInt('albumsChanged', { description: 'As in Scan.' }),
    albumsRemoved: t.exposeInt('albumsRemoved', { description: 'As in Scan.' }),
    done: t.exposeBoolean('done', { description: 'True on the last event of the scan.' }),
  }),
});

builder.subscriptionFields((t) => ({
  scanProgress: t.field({
    type: ScanProgressRef,
    description: 'Progress of scans: of one scan when scanId is given, else of every scan.',
    args: { scanId: t.arg.id({ required: false, description: 'The Scan id (from scanLibrary); every scan when omitted.' }) },
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
