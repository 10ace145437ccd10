import type { Generated, Selectable } from 'kysely';

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
  created_at: Generated<Date>;
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
