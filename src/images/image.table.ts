import type { ColumnType, Generated, Selectable } from 'kysely';

/** An original, content-addressed by the sha-256 of its normalised bytes, shared by every entity using it. */
export interface ImageTable {
  hash: string;
  data: Buffer;
  format: string;
  width: number;
  height: number;
  bytes: number;
  dominant_color: string;
  thumbhash: string;
  /** Author and licence of the picture when its source says (Wikimedia Commons); null otherwise. */
  attribution: ColumnType<ImageAttribution | null, string | null | undefined, string | null>;
  /** Perceptual hash (src/images/phash.ts); null for originals stored before it was kept. */
  phash: string | null;
  created_at: Generated<Date>;
}

/** As the `attribution` column holds it (the sources' `Attribution`). */
export interface ImageAttribution {
  author: string | null;
  license: string | null;
  licenseUrl: string | null;
  sourceUrl: string | null;
}

export interface ImageVariantTable {
  hash: string;
  size: number;
  format: string;
  data: Buffer;
  bytes: number;
  last_used_at: Generated<Date>;
}

export type Image = Selectable<ImageTable>;

export interface ImageTables {
  images: ImageTable;
  image_variants: ImageVariantTable;
}
