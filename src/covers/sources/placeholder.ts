import { renderPlaceholder } from '../../images/image.pipeline.js';
import { found } from './candidate.js';
import type { CoverSource } from './source.js';

/** The last step: never fetched, always found. Initials on a colour derived from the name. */
export const placeholder: CoverSource<'placeholder'> = {
  name: 'placeholder',
  async findAlbum(album) {
    return found({ image: await renderPlaceholder(album.title), match: 'local', type: 'front', detail: `initials of "${album.title}"` });
  },
  async findArtist(artist) {
    return found({ image: await renderPlaceholder(artist.name), match: 'local', type: 'artist', detail: `initials of "${artist.name}"` });
  },
};
