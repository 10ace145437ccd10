import { extname, posix } from 'node:path';
import type { Services } from '../context.js';
import { ValidationError } from '../errors.js';
import type { LibraryChanges } from './library.changes.js';
import { normaliseKey } from './library.keys.js';
import { findTracksByAlbumIds, upsertTracks } from './library.repository.js';
import * as repo from './library.push.repository.js';
import type { Artist } from './library.table.js';

// SoniqueBay's backend hands over its library (LIBRARY_SOURCE=push): entities by its own ids, in
// batches, idempotent. What follows for covers is announced through the same hooks a scan uses.

/** Artists and albums per call: a few thousand, so one call stays one short transaction. */
export const MAX_BATCH_ENTITIES = 5000;
/** Tracks per call, over all its albums. */
export const MAX_BATCH_TRACKS = 100_000;
const MAX_ID_LENGTH = 200;

export interface ArtistInput {
  externalId: string;
  name: string;
  musicbrainzId?: string | null;
  /** The folder holding the artist's album folders (its picture may be there), relative to MUSIC_DIR. */
  folder?: string | null;
}

export interface TrackInput {
  path: string;
  title?: string | null;
  trackNumber?: number | null;
  discNumber?: number | null;
}

export interface AlbumInput {
  externalId: string;
  artistExternalId: string;
  title: string;
  year?: number | null;
  musicbrainzReleaseId?: string | null;
  musicbrainzReleaseGroupId?: string | null;
  folder: string;
  tracks: readonly TrackInput[];
}

export interface LibraryBatch {
  artists?: readonly ArtistInput[] | null;
  albums?: readonly AlbumInput[] | null;
}

export interface UpsertSummary {
  artistsAdded: number;
  artistsChanged: number;
  artistsUnchanged: number;
  albumsAdded: number;
  albumsChanged: number;
  albumsUnchanged: number;
}

type PushServices = Pick<Services, 'db' | 'config' | 'libraryHooks'>;

function requirePushMode(services: PushServices): void {
  if (services.config.librarySource !== 'push') {
    throw new ValidationError('the library is scanned here (LIBRARY_SOURCE=scan); start the service with LIBRARY_SOURCE=push to register it', 'input');
  }
}

/**
 * A path the backend gave, relative to MUSIC_DIR, as stored (forward slashes, normalised), or null
 * when it leaves the library. Lexical on purpose: the sources refuse symlinks leading out when they read.
 */
export function libraryRelative(path: string): string | null {
  if (path.includes('\0') || path.includes('\\') || posix.isAbsolute(path)) return null;
  const norm = posix.normalize(path === '' ? '.' : path).replace(/\/+$/, '');
  if (norm === '..' || norm.startsWith('../')) return null;
  return norm === '.' ? '' : norm;
}

const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/** Checks the whole batch before anything is written; the first problem names its entity. */
function validate(batch: LibraryBatch): { artists: ArtistInput[]; albums: AlbumInput[] } {
  const artists = [...(batch.artists ?? [])];
  const albums = [...(batch.albums ?? [])];
  const total = artists.length + albums.length;
  if (total > MAX_BATCH_ENTITIES) {
    const i = MAX_BATCH_ENTITIES;
    const first = i < artists.length ? `artist ${quote(artists[i]!.externalId)}` : `album ${quote(albums[i - artists.length]!.externalId)}`;
    throw new ValidationError(`${first} is entity ${i + 1} of ${total}: a batch holds at most ${MAX_BATCH_ENTITIES} artists and albums; send the rest in another call`, 'input');
  }
  const checkId = (what: string, field: string, id: string) => {
    if (id.trim() === '' || id.length > MAX_ID_LENGTH) throw new ValidationError(`${what} ${quote(id)}: externalId must be 1 to ${MAX_ID_LENGTH} characters`, field);
  };
  const seenArtists = new Set<string>();
  const seenNames = new Map<string, string>();
  artists.forEach((a, i) => {
    const field = `artists[${i}]`;
    checkId('artist', `${field}.externalId`, a.externalId);
    if (seenArtists.has(a.externalId)) throw new ValidationError(`artist ${quote(a.externalId)} appears twice in the batch`, `${field}.externalId`);
    seenArtists.add(a.externalId);
    const key = normaliseKey(a.name);
    if (key === '') throw new ValidationError(`artist ${quote(a.externalId)}: name is empty`, `${field}.name`);
    const other = seenNames.get(key);
    if (other !== undefined) throw new ValidationError(`artist ${quote(a.externalId)}: its name is the name of artist ${quote(other)} in the same batch`, `${field}.name`);
    seenNames.set(key, a.externalId);
    if (a.folder != null && libraryRelative(a.folder) === null) throw new ValidationError(`artist ${quote(a.externalId)}: folder ${quote(a.folder)} is outside MUSIC_DIR`, `${field}.folder`);
  });
  const seenAlbums = new Set<string>();
  const seenPaths = new Map<string, string>();
  let tracks = 0;
  albums.forEach((a, i) => {
    const field = `albums[${i}]`;
    const name = `album ${quote(a.externalId)}`;
    checkId('album', `${field}.externalId`, a.externalId);
    if (seenAlbums.has(a.externalId)) throw new ValidationError(`${name} appears twice in the batch`, `${field}.externalId`);
    seenAlbums.add(a.externalId);
    if (normaliseKey(a.title) === '') throw new ValidationError(`${name}: title is empty`, `${field}.title`);
    if (libraryRelative(a.folder) === null) throw new ValidationError(`${name}: folder ${quote(a.folder)} is outside MUSIC_DIR`, `${field}.folder`);
    tracks += a.tracks.length;
    if (tracks > MAX_BATCH_TRACKS) throw new ValidationError(`${name}: the batch passes ${MAX_BATCH_TRACKS} tracks; send the rest in another call`, `${field}.tracks`);
    a.tracks.forEach((t, j) => {
      const path = libraryRelative(t.path);
      if (path === null || path === '') throw new ValidationError(`${name}: track ${quote(t.path)} is outside MUSIC_DIR`, `${field}.tracks[${j}].path`);
      const owner = seenPaths.get(path);
      if (owner !== undefined) throw new ValidationError(`${name}: track ${quote(t.path)} is listed twice (also in album ${quote(owner)})`, `${field}.tracks[${j}].path`);
      seenPaths.set(path, a.externalId);
    });
  });
  return { artists, albums };
}

const artistRow = (a: ArtistInput): repo.ArtistWrite => ({
  external_id: a.externalId,
  name: a.name.trim(),
  name_key: normaliseKey(a.name),
  mb_artist_id: a.musicbrainzId ?? null,
  folder: a.folder == null ? null : libraryRelative(a.folder),
});

/**
 * A push that names no MusicBrainz id keeps the one a MusicBrainz artist search found
 * (src/covers/artist-mbid.ts): the backend did not know it, it did not take it back. Without this,
 * every later push of the same batch would erase the id, count the artist as changed and queue its
 * image again, and the next image job would search again at 1 request/s. An id the backend sends
 * always wins.
 */
const keepSearchedMbid = (row: repo.ArtistWrite, stored: Artist | undefined): repo.ArtistWrite =>
  row.mb_artist_id === null && stored?.mb_artist_searched_at != null && stored.mb_artist_id !== null ? { ...row, mb_artist_id: stored.mb_artist_id } : row;

const artistDiffers = (stored: Artist, row: repo.ArtistWrite) =>
  stored.external_id !== row.external_id || stored.name !== row.name || stored.mb_artist_id !== row.mb_artist_id || stored.folder !== row.folder;

/** The tracks as the backend gave them, in a stable order: what "the album changed" compares. */
const trackRows = (albumId: number, a: AlbumInput) =>
  a.tracks
    .map((t) => {
      const path = libraryRelative(t.path)!;
      return {
        album_id: albumId,
        path,
        size: 0,
        mtime_ms: 0,
        title: t.title?.trim() || posix.basename(path, extname(path)),
        artist: null,
        track_no: t.trackNumber ?? null,
        disc_no: t.discNumber ?? null,
        format: extname(path).slice(1).toLowerCase() || null,
        mb_track_id: null,
      };
    })
    .sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));

const trackSignature = (rows: readonly { path: string; title: string; track_no: number | null; disc_no: number | null }[]) =>
  JSON.stringify([...rows].sort((x, y) => (x.path < y.path ? -1 : 1)).map((t) => [t.path, t.title, t.track_no, t.disc_no]));

/**
 * upsertLibrary: registers or updates a batch of artists and albums by external id, in one
 * transaction. Unchanged entities are not written; new ones and changed ones are announced to the
 * library hooks (covers queue a LOW job each), so the same batch twice queues nothing.
 */
export async function upsertLibrary(services: PushServices, batch: LibraryBatch): Promise<UpsertSummary> {
  requirePushMode(services);
  const { artists, albums } = validate(batch);
  const changes: LibraryChanges = { albumsAdded: [], albumsChanged: [], albumsRemoved: [], artistsAdded: [], artistsChanged: [], artistsRemoved: [] };
  let artistsUnchanged = 0;
  let albumsUnchanged = 0;

  await services.db.transaction().execute(async (trx) => {
    // Artists: by external id, else adopt a scanned artist of the same name (no external id yet).
    const rows = artists.map(artistRow);
    const byExternal = new Map((await repo.findArtistsByExternalIds(trx, rows.map((r) => r.external_id))).map((a) => [a.external_id!, a]));
    const byName = new Map((await repo.findArtistsByNameKeys(trx, rows.map((r) => r.name_key))).map((a) => [a.name_key, a]));
    const toInsert: repo.ArtistWrite[] = [];
    for (const pushed of rows) {
      const stored = byExternal.get(pushed.external_id);
      const holder = byName.get(pushed.name_key);
      if (holder && holder.id !== stored?.id && holder.external_id !== null) {
        throw new ValidationError(`artist ${quote(pushed.external_id)}: its name is the name of registered artist ${quote(holder.external_id)}`, 'artists');
      }
      const target = stored ?? holder;
      const row = keepSearchedMbid(pushed, target);
      if (!target) toInsert.push(row);
      else if (artistDiffers(target, row)) {
        await repo.updateArtist(trx, target.id, row);
        changes.artistsChanged.push(target.id);
      } else artistsUnchanged++;
    }
    for (const r of await repo.insertArtists(trx, toInsert)) changes.artistsAdded.push(r.id);

    // Albums name their artist by external id: in this batch or registered before.
    const wantedArtists = [...new Set(albums.map((a) => a.artistExternalId))];
    const artistIds = new Map((await repo.findArtistsByExternalIds(trx, wantedArtists)).map((a) => [a.external_id!, a.id]));
    const albumRows = albums.map((a) => {
      const artistId = artistIds.get(a.artistExternalId);
      if (artistId === undefined) throw new ValidationError(`album ${quote(a.externalId)}: no artist ${quote(a.artistExternalId)} is registered or in the batch`, 'albums');
      const row: repo.AlbumWrite = {
        external_id: a.externalId,
        artist_id: artistId,
        title: a.title.trim(),
        title_key: normaliseKey(a.title),
        folder: libraryRelative(a.folder)!,
        year: a.year ?? null,
        mb_release_id: a.musicbrainzReleaseId ?? null,
        mb_release_group_id: a.musicbrainzReleaseGroupId ?? null,
        folder_images: '',
      };
      return { input: a, row };
    });
    const storedAlbums = new Map((await repo.findAlbumsByExternalIds(trx, albums.map((a) => a.externalId))).map((a) => [a.external_id!, a]));
    const identity = (r: { artist_id: number; title_key: string; folder: string }) => `${r.artist_id}\u0000${r.title_key}\u0000${r.folder}`;
    const holders = new Map((await repo.findAlbumsByIdentities(trx, albumRows.map((r) => r.row))).map((a) => [identity(a), a]));
    const seenIdentity = new Map<string, string>();
    const storedTracks = await findTracksByAlbumIds(trx, [...storedAlbums.values(), ...holders.values()].map((a) => a.id));
    const tracksOf = new Map<number, typeof storedTracks>();
    for (const t of storedTracks) tracksOf.set(t.album_id, [...(tracksOf.get(t.album_id) ?? []), t]);

    const newAlbums: { input: AlbumInput; row: repo.AlbumWrite }[] = [];
    const rewritten: { id: number; input: AlbumInput }[] = [];
    for (const { input, row } of albumRows) {
      const other = seenIdentity.get(identity(row));
      if (other !== undefined) throw new ValidationError(`album ${quote(row.external_id)}: same artist, title and folder as album ${quote(other)} in the batch`, 'albums');
      seenIdentity.set(identity(row), row.external_id);
      const stored = storedAlbums.get(row.external_id);
      const holder = holders.get(identity(row));
      if (holder && holder.id !== stored?.id && holder.external_id !== null) {
        throw new ValidationError(`album ${quote(row.external_id)}: same artist, title and folder as registered album ${quote(holder.external_id)}`, 'albums');
      }
      const target = stored ?? holder;
      if (!target) {
        newAlbums.push({ input, row });
        continue;
      }
      const same =
        target.external_id === row.external_id && target.artist_id === row.artist_id && target.title === row.title && target.folder === row.folder &&
        target.year === row.year && target.mb_release_id === row.mb_release_id && target.mb_release_group_id === row.mb_release_group_id &&
        trackSignature(tracksOf.get(target.id) ?? []) === trackSignature(trackRows(target.id, input));
      if (same) {
        albumsUnchanged++;
        continue;
      }
      await repo.updateAlbum(trx, target.id, { ...row, folder_images: target.folder_images });
      rewritten.push({ id: target.id, input });
      changes.albumsChanged.push(target.id);
    }
    const inserted = new Map((await repo.insertAlbums(trx, newAlbums.map((a) => a.row))).map((r) => [r.external_id, r.id]));
    for (const a of newAlbums) {
      const id = inserted.get(a.row.external_id)!;
      rewritten.push({ id, input: a.input });
      changes.albumsAdded.push(id);
    }
    // Tracks of every written album: the ones no longer listed go, the listed ones are upserted by path.
    const tracks = rewritten.flatMap((a) => trackRows(a.id, a.input));
    await repo.deleteTracksNotIn(trx, rewritten.map((a) => a.id), tracks.map((t) => t.path));
    await upsertTracks(trx, tracks);
  });

  await services.libraryHooks.changed?.(changes);
  return {
    artistsAdded: changes.artistsAdded.length,
    artistsChanged: changes.artistsChanged.length,
    artistsUnchanged,
    albumsAdded: changes.albumsAdded.length,
    albumsChanged: changes.albumsChanged.length,
    albumsUnchanged,
  };
}

export interface ExternalIds {
  albums?: readonly string[] | null;
  artists?: readonly string[] | null;
}

/**
 * removeFromLibrary: deletes these albums and artists (an artist's albums with it) in one
 * transaction; the library hooks remove what hangs off them (covers delete their rows in it).
 * Unknown ids are no error: removing twice is removing once.
 */
export async function removeFromLibrary(services: PushServices, ids: ExternalIds): Promise<{ albumsRemoved: number; artistsRemoved: number }> {
  requirePushMode(services);
  const albumIds = [...new Set(ids.albums ?? [])];
  const artistIds = [...new Set(ids.artists ?? [])];
  if (albumIds.length + artistIds.length > MAX_BATCH_ENTITIES) {
    throw new ValidationError(`a call removes at most ${MAX_BATCH_ENTITIES} artists and albums; this one names ${albumIds.length + artistIds.length}`, 'externalIds');
  }
  return services.db.transaction().execute(async (trx) => {
    const artists = (await repo.findArtistsByExternalIds(trx, artistIds)).map((a) => a.id);
    const albums = [...new Set([...(await repo.findAlbumsByExternalIds(trx, albumIds)).map((a) => a.id), ...(await repo.findAlbumIdsOfArtists(trx, artists))])];
    await services.libraryHooks.removed?.(trx, { albums, artists });
    await repo.deleteAlbumsByIds(trx, albums);
    await repo.deleteArtistsByIds(trx, artists);
    return { albumsRemoved: albums.length, artistsRemoved: artists.length };
  });
}

/** Entity keys of external ids (unknown ones left out), one query per type. */
export async function keysOfExternalIds(services: Pick<Services, 'db'>, ids: ExternalIds): Promise<{ type: 'album' | 'artist'; id: number }[]> {
  const [albums, artists] = await Promise.all([repo.findAlbumsByExternalIds(services.db, ids.albums ?? []), repo.findArtistsByExternalIds(services.db, ids.artists ?? [])]);
  return [...albums.map((a) => ({ type: 'album' as const, id: a.id })), ...artists.map((a) => ({ type: 'artist' as const, id: a.id }))];
}


type EntityRef = { type: 'album' | 'artist'; id: number };

/**
 * Whether a cover event's entity is one of these external ids, for `coverEvents(externalIds:)`.
 * The ids registered now are resolved at once; one the backend registers later is recognised by
 * its first event: an entity not seen before is looked up once (its external id), so a subscriber
 * may follow an album before it is pushed. An entity without an external id is not remembered (a
 * later upsertLibrary may adopt it); with LIBRARY_SOURCE=scan none can get one, so none is looked up.
 */
export async function followExternalIds(services: Pick<Services, 'db' | 'config'>, ids: ExternalIds): Promise<(e: EntityRef) => boolean | Promise<boolean>> {
  const wanted = { album: new Set(ids.albums ?? []), artist: new Set(ids.artists ?? []) };
  const followed = new Map<string, boolean>();
  const unresolved = { album: new Set(wanted.album), artist: new Set(wanted.artist) };
  const [albums, artists] = await Promise.all([repo.findAlbumsByExternalIds(services.db, [...wanted.album]), repo.findArtistsByExternalIds(services.db, [...wanted.artist])]);
  for (const [type, rows] of [['album', albums], ['artist', artists]] as const) {
    for (const r of rows) {
      followed.set(`${type}:${r.id}`, true);
      unresolved[type].delete(r.external_id!);
    }
  }
  const lookups = new Map<string, Promise<boolean>>();
  const lookUp = async (e: EntityRef, k: string): Promise<boolean> => {
    const [externalId] = await repo.findExternalIds(services.db, [e]);
    lookups.delete(k);
    if (externalId == null) return false;
    const hit = wanted[e.type].has(externalId);
    followed.set(k, hit);
    if (hit) unresolved[e.type].delete(externalId);
    return hit;
  };
  return (e) => {
    const k = `${e.type}:${e.id}`;
    const known = followed.get(k);
    if (known !== undefined) return known;
    if (unresolved[e.type].size === 0 || services.config.librarySource !== 'push') return false;
    let pending = lookups.get(k);
    if (!pending) lookups.set(k, (pending = lookUp(e, k)));
    return pending;
  };
}
