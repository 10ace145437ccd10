import { createContextCache } from '@pothos/core';
import DataLoader from 'dataloader';
import type { Context } from '../context.js';
import { CoverVariant, ImageFormat } from '../covers/cover.schema.js';
import type { ImageFormat as Format } from '../images/image.pipeline.js';
import { imagePath, imageVariants, srcsetOf } from '../images/image.urls.js';
import { AlbumRef } from '../library/library.schema.js';
import { builder, encodeId } from '../schema/builder.js';
import { CoverSource } from '../schema/cover-enums.js';
import { listCost } from '../schema/limits.js';
import { albumImagesOf, type AlbumImageView } from './album-images.service.js';
import { ALBUM_IMAGE_TYPES, type AlbumImageType } from './album-images.table.js';

const TYPE_DESCRIPTIONS: Record<AlbumImageType, string> = {
  FRONT: 'The front cover: an embedded Cover (front) or untyped picture, cover.jpg/folder.jpg/front.jpg…, CAA "Front".',
  BACK: 'The back cover: an embedded Cover (back), back.jpg/rear.jpg, CAA "Back".',
  BOOKLET: 'A booklet or liner page: an embedded Leaflet page, booklet*.jpg/inlay.jpg and any image in scans/, CAA "Booklet" and "Liner".',
  MEDIUM: 'The disc or record itself: an embedded Media picture, cd*.jpg/disc*.jpg, CAA "Medium".',
};

export const AlbumImageTypeEnum = builder.enumType('AlbumImageType', {
  description: 'What an album picture shows.',
  values: Object.fromEntries(ALBUM_IMAGE_TYPES.map((t) => [t, { description: TYPE_DESCRIPTIONS[t] }])) as Record<AlbumImageType, { description: string }>,
});

const AlbumImage = builder.objectRef<AlbumImageView>('AlbumImage').implement({
  description: "One of an album's pictures besides the cover (or a front it also has), stored once by content hash and served like covers from /covers/….",
  fields: (t) => ({
    id: t.id({ description: 'Stable for this album and picture.', resolve: (v) => encodeId('AlbumImage', `${v.album_id}:${v.image_hash}`) }),
    type: t.field({ type: AlbumImageTypeEnum, description: 'What it shows.', resolve: (v) => v.type }),
    source: t.field({ type: CoverSource, description: 'Where it was found: EMBEDDED, FOLDER or COVER_ART_ARCHIVE.', resolve: (v) => v.source }),
    detail: t.exposeString('detail', { description: 'Where exactly: the track and picture type, the file under the album folder, the CAA image id and types.' }),
    url: t.string({
      description: "Path of the image bytes, sizes snapped like Cover.url (64 … 1024 px, never above the original). Default 256 webp.",
      args: {
        size: t.arg.int({ required: false, description: 'The size wanted in pixels (1 to 4096); 256 by default.' }),
        format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }),
      },
      resolve: (v, args) => imagePath(ref(v), args.size, args.format as Format | null | undefined),
    }),
    srcset: t.string({
      description: 'Every size it is served at with its real pixel width, for <img srcset>.',
      args: { format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }) },
      resolve: (v, args) => srcsetOf(ref(v), args.format),
    }),
    variants: t.field({
      type: [CoverVariant],
      description: 'The sizes in srcset, with their paths and real dimensions.',
      args: { format: t.arg({ type: ImageFormat, required: false, description: 'WEBP by default.' }) },
      resolve: (v, args) => imageVariants(ref(v), args.format),
    }),
    width: t.exposeInt('width', { description: "The stored original's width in pixels (at most 1500 on the long side)." }),
    height: t.exposeInt('height', { description: "The stored original's height in pixels." }),
    dominantColor: t.exposeString('dominant_color', { description: "'#rrggbb', to paint before the image." }),
    thumbhash: t.exposeString('thumbhash', { description: 'A base64 ThumbHash, to paint a blurred preview at once.' }),
  }),
});

const ref = (v: AlbumImageView) => ({ hash: v.image_hash, width: v.width, height: v.height });

/** One loader per request: a page of albums' pictures is one query, and one batched enqueue of those never gathered. */
const albumImagesLoader = createContextCache(
  (ctx: Context) => new DataLoader<number, AlbumImageView[]>((ids) => albumImagesOf(ctx, ids)),
);

builder.objectField(AlbumRef, 'images', (t) =>
  t.field({
    type: [AlbumImage],
    extensions: listCost(24),
    description:
      "The album's pictures by type (front, back, booklet, medium): embedded by picture type, files in the album folder and its scans/ folder, and the Cover Art Archive's typed images of its tagged release. Asking for them the first time queues their search (NORMAL priority) and answers [] until it is done; they are searched again after MISSING_TTL_DAYS or when the album's files change.",
    args: { types: t.arg({ type: [AlbumImageTypeEnum], required: false, description: 'Only these types (all when absent).' }) },
    resolve: async (album, args, ctx) => {
      const all = await albumImagesLoader(ctx).load(album.id);
      return args.types ? all.filter((i) => args.types!.includes(i.type)) : all;
    },
  }),
);
