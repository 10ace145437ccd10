import { builder } from '../schema/builder.js';
import { ForbiddenError, ValidationError } from '../errors.js';
import { AlbumRef, ArtistRef } from './library.schema.js';
import { MAX_BATCH_ENTITIES, removeFromLibrary, upsertLibrary, type UpsertSummary } from './library.push.js';

// The library as SoniqueBay's backend registers it (LIBRARY_SOURCE=push), in the backend's own ids.

builder.objectField(ArtistRef, 'externalId', (t) =>
  t.exposeString('external_id', { nullable: true, description: 'The id SoniqueBay gave this artist (upsertLibrary); null for a scanned one.' }),
);
builder.objectField(AlbumRef, 'externalId', (t) =>
  t.exposeString('external_id', { nullable: true, description: 'The id SoniqueBay gave this album (upsertLibrary); null for a scanned one.' }),
);

const ArtistInput = builder.inputType('LibraryArtistInput', {
  description: 'An artist as SoniqueBay knows it.',
  fields: (t) => ({
    externalId: t.string({ required: true, description: "SoniqueBay's id of the artist." }),
    name: t.string({ required: true, description: 'Its name (the Last.fm and Deezer searches use it).' }),
    musicbrainzId: t.string({ description: 'Its MusicBrainz artist id, when known.' }),
    folder: t.string({ description: 'The folder holding its album folders, relative to MUSIC_DIR (its picture may be there).' }),
  }),
});

const TrackInput = builder.inputType('LibraryTrackInput', {
  description: 'A track of an album, as SoniqueBay knows it.',
  fields: (t) => ({
    path: t.string({ required: true, description: 'Relative to MUSIC_DIR; the worker reads embedded art from it.' }),
    title: t.string({ description: 'Its title (the file name when absent).' }),
    trackNumber: t.int({ description: 'Its number on the disc.' }),
    discNumber: t.int({ description: 'Its disc.' }),
  }),
});

const AlbumInput = builder.inputType('LibraryAlbumInput', {
  description: 'An album as SoniqueBay knows it.',
  fields: (t) => ({
    externalId: t.string({ required: true, description: "SoniqueBay's id of the album." }),
    artistExternalId: t.string({ required: true, description: 'Its album artist: in the same batch or registered before.' }),
    title: t.string({ required: true, description: 'Its title (the remote searches use it).' }),
    year: t.int({ description: 'Its release year.' }),
    musicbrainzReleaseId: t.string({ description: 'Its MusicBrainz release id: the Cover Art Archive is asked for it first.' }),
    musicbrainzReleaseGroupId: t.string({ description: 'Its MusicBrainz release group id.' }),
    folder: t.string({ required: true, description: 'The album folder, relative to MUSIC_DIR; the worker reads folder art from it.' }),
    tracks: t.field({ type: [TrackInput], required: true, description: 'Its tracks: the whole list (tracks not in it are removed).' }),
  }),
});

const LibraryBatchInput = builder.inputType('LibraryBatchInput', {
  description: 'One batch of upsertLibrary: artists first, then the albums that may name them.',
  fields: (t) => ({
    artists: t.field({ type: [ArtistInput], description: 'Artists to register or update.' }),
    albums: t.field({ type: [AlbumInput], description: 'Albums to register or update.' }),
  }),
});

/** Albums and artists by SoniqueBay's ids (two lists: its ids are per table). */
export const ExternalIdsInput = builder.inputType('LibraryExternalIds', {
  description: "Albums and artists by SoniqueBay's ids.",
  fields: (t) => ({
    albums: t.stringList({ description: "SoniqueBay's ids of albums." }),
    artists: t.stringList({ description: "SoniqueBay's ids of artists." }),
  }),
});

const UpsertLibraryPayload = builder.objectRef<UpsertSummary>('UpsertLibraryPayload').implement({
  description: 'What a batch changed. Added and changed entities had a LOW cover job queued; unchanged ones nothing.',
  fields: (t) => ({
    artistsAdded: t.exposeInt('artistsAdded', { description: 'Artists new to the service.' }),
    artistsChanged: t.exposeInt('artistsChanged', { description: 'Artists whose name, MusicBrainz id or folder changed.' }),
    artistsUnchanged: t.exposeInt('artistsUnchanged', { description: 'Artists sent as they were.' }),
    albumsAdded: t.exposeInt('albumsAdded', { description: 'Albums new to the service.' }),
    albumsChanged: t.exposeInt('albumsChanged', { description: 'Albums whose fields or tracks changed.' }),
    albumsUnchanged: t.exposeInt('albumsUnchanged', { description: 'Albums sent as they were.' }),
  }),
});

const RemoveFromLibraryPayload = builder.objectRef<{ albumsRemoved: number; artistsRemoved: number }>('RemoveFromLibraryPayload').implement({
  description: 'What removeFromLibrary removed.',
  fields: (t) => ({
    albumsRemoved: t.exposeInt('albumsRemoved', { description: "Albums removed (an artist's albums included)." }),
    artistsRemoved: t.exposeInt('artistsRemoved', { description: 'Artists removed.' }),
  }),
});

const refuseWithoutToken = (authorized: boolean) => {
  if (!authorized) throw new ForbiddenError('this mutation needs Authorization: Bearer <API_TOKEN>');
};

builder.mutationFields((t) => ({
  upsertLibrary: t.field({
    type: UpsertLibraryPayload,
    description: `Registers or updates artists and albums by SoniqueBay's ids (LIBRARY_SOURCE=push), at most ${MAX_BATCH_ENTITIES} per call, in one transaction; idempotent. A bad entity fails the whole batch with a ValidationError naming it.`,
    errors: { types: [ValidationError, ForbiddenError] },
    args: { input: t.arg({ type: LibraryBatchInput, required: true, description: 'The artists and albums.' }) },
    resolve: (_root, args, ctx) => {
      refuseWithoutToken(ctx.authorized);
      return upsertLibrary(ctx, args.input);
    },
  }),
  removeFromLibrary: t.field({
    type: RemoveFromLibraryPayload,
    description: "Removes albums and artists (with their albums) by SoniqueBay's ids, and their covers; unknown ids are ignored.",
    errors: { types: [ValidationError, ForbiddenError] },
    args: { externalIds: t.arg({ type: ExternalIdsInput, required: true, description: 'What to remove.' }) },
    resolve: (_root, args, ctx) => {
      refuseWithoutToken(ctx.authorized);
      return removeFromLibrary(ctx, args.externalIds);
    },
  }),
}));
