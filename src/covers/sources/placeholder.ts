import { renderPlaceholder } from '../../images/image.pipeline.js';
import type { CoverSource } from './source.js';

/** The last step: never fetched, always found. Initials on a colour derived from the name. */
export const placeholder: CoverSource<'placeholder'> = {
  name: 'placeholder',
  async findAlbum(album) {
    return { outcome: 'FOUND', image: await renderPlaceholder(album.title), detail: `initials of "${album.title}"`, remote: false };
  },
  async findArtist(artist) {
    return { outcome: 'FOUND', image: await renderPlaceholder(artist.name), detail: `initials of "${artist.name}"`, remote: false };
  },
};
