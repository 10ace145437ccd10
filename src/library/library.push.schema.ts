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
  fields: (t) => ({
    externalId: t.string({ required: true, description: "SoniqueBay's id of the artist." }),
    name: t.string({ required: true }),
    musicbrainzId: t.string(),
    folder: t.string({ description: 'The folder holding its album folders, relative to MUSIC_DIR (its picture may be there).' }),
  }),
});

const TrackInput = builder.inputType('LibraryTrackInput', {
  fields: (t) => ({
    path: t.string({ required: true, description: 'Relative to MUSIC_DIR; the worker reads embedded art from it.' }),
    title: t.string(),
    trackNumber: t.int(),
    discNumber: t.int(),
  }),
});

const AlbumInput = builder.inputType('LibraryAlbumInput', {
  fields: (t) => ({
    externalId: t.string({ required: true, description: "SoniqueBay's id of the album." }),
    artistExternalId: t.string({ required: true, description: 'Its album artist: in the same batch or registered before.' }),
    title: t.string({ required: true }),
    year: t.int(),
    musicbrainzReleaseId: t.string(),
    musicbrainzReleaseGroupId: t.string(),
    folder: t.string({ required: true, description: 'The album folder, relative to MUSIC_DIR; the worker reads folder art from it.' }),
    tracks: t.field({ type: [TrackInput], required: true }),
  }),
});

const LibraryBatchInput = builder.inputType('LibraryBatchInput', {
  fields: (t) => ({
    artists: t.field({ type: [ArtistInput] }),
    albums: t.field({ type: [AlbumInput] }),
  }),
});

/** Albums and artists by SoniqueBay's ids (two lists: its ids are per table). */
export const ExternalIdsInput = builder.inputType('LibraryExternalIds', {
  fields: (t) => ({
    albums: t.stringList(),
    artists: t.stringList(),
  }),
});

const UpsertLibraryPayload = builder.objectRef<UpsertSummary>('UpsertLibraryPayload').implement({
  description: 'What a batch changed. Added and changed entities had a LOW cover job queued; unchanged ones nothing.',
  fields: (t) => ({
    artistsAdded: t.exposeInt('artistsAdded'),
    artistsChanged: t.exposeInt('artistsChanged'),
    artistsUnchanged: t.exposeInt('artistsUnchanged'),
    albumsAdded: t.exposeInt('albumsAdded'),
    albumsChanged: t.exposeInt('albumsChanged'),
    albumsUnchanged: t.exposeInt('albumsUnchanged'),
  }),
});

const RemoveFromLibraryPayload = builder.objectRef<{ albumsRemoved: number; artistsRemoved: number }>('RemoveFromLibraryPayload').implement({
  fields: (t) => ({ albumsRemoved: t.exposeInt('albumsRemoved'), artistsRemoved: t.exposeInt('artistsRemoved') }),
});

const refuseWithoutToken = (authorized: boolean) => {
  if (!authorized) throw new ForbiddenError('this mutation needs Authorization: Bearer <API_TOKEN>');
};

builder.mutationFields((t) => ({
  upsertLibrary: t.field({
    type: UpsertLibraryPayload,
    description: `Registers or updates artists and albums by SoniqueBay's ids (LIBRARY_SOURCE=push), at most ${MAX_BATCH_ENTITIES} per call, in one transaction; idempotent. A bad entity fails the whole batch with a ValidationError naming it.`,
    errors: { types: [ValidationError, ForbiddenError] },
    args: { input: t.arg({ type: LibraryBatchInput, required: true }) },
    resolve: (_root, args, ctx) => {
      refuseWithoutToken(ctx.authorized);
      return upsertLibrary(ctx, args.input);
    },
  }),
  removeFromLibrary: t.field({
    type: RemoveFromLibraryPayload,
    description: "Removes albums and artists (with their albums) by SoniqueBay's ids, and their covers; unknown ids are ignored.",
    errors: { types: [ValidationError, ForbiddenError] },
    args: { externalIds: t.arg({ type: ExternalIdsInput, required: true }) },
    resolve: (_root, args, ctx) => {
      refuseWithoutToken(ctx.authorized);
      return removeFromLibrary(ctx, args.externalIds);
    },
  }),
}));
