import { ImageRejectedError, normalise, validateCandidate, type CandidateOrigin, type NormalisedImage } from '../images/image.pipeline.js';
import type { ImageStore } from '../images/image.store.js';
import type { ImageAttribution } from '../images/image.table.js';
import { knownPlaceholderLook } from '../images/phash.js';
import type { EntityType } from './cover.table.js';

/** Candidates from the chain decode at most this many pixels (a remote may send a 20,000 px JPEG). */
const CHAIN_MAX_PIXELS = 50_000_000;

/** `unprocessable`: the bytes passed validation but sharp failed on them (its message is not for a client). */
export type Accepted = { accepted: true; image: NormalisedImage } | { accepted: false; reason: string; unprocessable: boolean };

/**
 * The one way a picture becomes a cover image, for a candidate of the chain and an upload alike:
 * validate, normalise, store the original, and make the UI default size with it (so a page's
 * first view renders nothing). Only image problems are a rejection: a database error propagates.
 */
export async function acceptImage(
  store: ImageStore,
  bytes: Buffer,
  opts: { kind: EntityType; origin: CandidateOrigin; attribution?: ImageAttribution; squareTolerance?: number },
): Promise<Accepted> {
  let image: NormalisedImage;
  const shape = opts.squareTolerance !== undefined ? { squareTolerance: opts.squareTolerance } : {};
  try {
    // normalise decodes every pixel (failOn: error): the check that the file is whole happens there, once.
    await validateCandidate(bytes, { kind: opts.kind, origin: opts.origin, maxPixels: CHAIN_MAX_PIXELS, decode: false, ...shape });
    image = await normalise(bytes);
    // A provider's placeholder re-encoded or resized has another MD5 but the same look; an upload is the user's choice.
    const placeholder = opts.origin === 'upload' ? null : knownPlaceholderLook(image.phash);
    if (placeholder) throw new ImageRejectedError('known-placeholder', `known placeholder image (looks like ${placeholder.name}, distance ${placeholder.distance})`);
  } catch (err) {
    if (err instanceof ImageRejectedError) return { accepted: false, reason: err.message, unprocessable: false };
    return { accepted: false, reason: `could not process: ${(err as Error).message}`, unprocessable: true };
  }
  await storeImage(store, image);
  if (opts.attribution) await store.attribute(image.hash, opts.attribution);
  return { accepted: true, image };
}

/**
 * The checks of `acceptImage` that need only the header (type, placeholder MD5, size, shape): how
 * COVER_SELECTION=best sizes a candidate it has the bytes of, and drops one that cannot pass
 * before ranking it. A string is why not.
 */
export async function inspectImage(bytes: Buffer, opts: { kind: EntityType; origin: CandidateOrigin }): Promise<{ width: number; height: number } | string> {
  try {
    const { width, height } = await validateCandidate(bytes, { kind: opts.kind, origin: opts.origin, maxPixels: CHAIN_MAX_PIXELS, decode: false });
    return { width, height };
  } catch (err) {
    if (err instanceof ImageRejectedError) return err.message;
    return `could not process: ${(err as Error).message}`;
  }
}

/** Stores an image already normalised (the generated placeholder) with its default variant. */
export async function storeImage(store: ImageStore, image: NormalisedImage): Promise<void> {
  await store.put(image);
  await store.prepareDefault(image);
}
