import { GraphQLError } from 'graphql';
import { snapSize, variantSizes, type ImageFormat, type VariantSize } from './image.pipeline.js';
import { variantPath } from './image.routes.js';

/** A stored original as the URL fields need it. */
export interface ImageRef {
  hash: string;
  width: number;
  height: number;
}

/**
 * The path of one variant of a stored image, its size snapped to the ladder (never above the
 * original). A size outside 1..4096 is a GraphQL error with BAD_USER_INPUT: a plain
 * ValidationError would be masked as "Unexpected error." on a nullable scalar field.
 */
export function imagePath(image: ImageRef, size: number | null | undefined, format: ImageFormat | null | undefined): string {
  if (size != null && (size < 1 || size > 4096)) throw new GraphQLError('size must be from 1 to 4096', { extensions: { code: 'BAD_USER_INPUT' } });
  return variantPath(image.hash, snapSize(size ?? undefined, image.width, image.height), format ?? 'webp');
}

/** Every variant of a stored image in one format, smallest first: one list behind `variants` and `srcset`. */
export function imageVariants(image: ImageRef, format: ImageFormat | null | undefined): (VariantSize & { url: string })[] {
  return variantSizes(image.width, image.height).map((s) => ({ ...s, url: variantPath(image.hash, s.size, format ?? 'webp') }));
}

/** `<img srcset>`: each variant's path with its real width. */
export const srcsetOf = (image: ImageRef, format: ImageFormat | null | undefined): string =>
  imageVariants(image, format)
    .map((s) => `${s.url} ${s.width}w`)
    .join(', ');
