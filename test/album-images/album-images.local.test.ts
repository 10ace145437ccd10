import { describe, expect, it } from 'vitest';
import { embeddedPictureType, folderImageType } from '../../src/album-images/album-images.local.js';
import { caaImageType, caaImageUrl } from '../../src/album-images/caa-images.js';

describe('folderImageType', () => {
  it.each([
    ['back.jpg', 'BACK'],
    ['Back.JPG', 'BACK'],
    ['Cover (Back).jpg', 'BACK'],
    ['Album - Back Cover.png', 'BACK'],
    ['rear.webp', 'BACK'],
    ['booklet-01.jpg', 'BOOKLET'],
    ['Booklet 02.png', 'BOOKLET'],
    ['inlay.jpg', 'BOOKLET'],
    ['cd.jpg', 'MEDIUM'],
    ['CD1.png', 'MEDIUM'],
    ['disc2.jpg', 'MEDIUM'],
    ['cdart.png', 'MEDIUM'],
    ['cover.jpg', 'FRONT'],
    ['Folder.JPG', 'FRONT'],
    ['front.png', 'FRONT'],
  ])('%s is %s', (name, type) => expect(folderImageType(name)).toBe(type));

  it('leaves names that say nothing, other files and hidden files out', () => {
    for (const name of ['Discovery.jpg', 'scan_01.jpg', 'artist.jpg', 'back.txt', '._back.jpg', 'booklet.pdf']) expect(folderImageType(name), name).toBeUndefined();
  });

  it('takes an image of no telling name in a scans folder as a booklet page, and a telling one by its name', () => {
    expect(folderImageType('page-3.jpg', true)).toBe('BOOKLET');
    expect(folderImageType('scan_01.jpg', true)).toBe('BOOKLET');
    expect(folderImageType('back.jpg', true)).toBe('BACK');
    expect(folderImageType('disc.jpg', true)).toBe('MEDIUM');
  });
});

describe('embedded picture types', () => {
  it('maps ID3/FLAC types; an untyped picture (MP4 covr) is the front; icons and artists are none', () => {
    expect(embeddedPictureType('Cover (front)')).toBe('FRONT');
    expect(embeddedPictureType(undefined)).toBe('FRONT');
    expect(embeddedPictureType('Cover (back)')).toBe('BACK');
    expect(embeddedPictureType('Leaflet page')).toBe('BOOKLET');
    expect(embeddedPictureType('Media (e.g. label side of CD)')).toBe('MEDIUM');
    expect(embeddedPictureType('Other file icon')).toBeUndefined();
    expect(embeddedPictureType('Artist/performer')).toBeUndefined();
  });
});

describe('Cover Art Archive listing', () => {
  it("takes an entry's first type of ours", () => {
    expect(caaImageType(['Front', 'Booklet'])).toBe('FRONT');
    expect(caaImageType(['Spine', 'Back'])).toBe('BACK');
    expect(caaImageType(['Liner'])).toBe('BOOKLET');
    expect(caaImageType(['Tray'])).toBeUndefined();
    expect(caaImageType([])).toBeUndefined();
  });

  it('downloads the 1200 px thumbnail, else 500, else the original, from the configured base URL when CAA names its own host', () => {
    const base = 'https://caa.mirror.lan:8443';
    const t = (n: string) => `http://caa.mirror.lan/release/x/1-${n}.jpg`;
    expect(caaImageUrl({ image: 'http://caa.mirror.lan/release/x/1.jpg', thumbnails: { '250': t('250'), '500': t('500'), '1200': t('1200') } }, base)).toBe('https://caa.mirror.lan:8443/release/x/1-1200.jpg');
    expect(caaImageUrl({ image: 'http://caa.mirror.lan/release/x/1.jpg', thumbnails: { small: t('250'), large: t('500') } }, base)).toBe('https://caa.mirror.lan:8443/release/x/1-500.jpg');
    expect(caaImageUrl({ image: 'http://caa.mirror.lan/release/x/1.jpg', thumbnails: {} }, base)).toBe('https://caa.mirror.lan:8443/release/x/1.jpg');
    // Another host (an archive.org link) is left as it is: the client's image-host rule judges it.
    expect(caaImageUrl({ image: 'https://archive.org/download/x/1.jpg', thumbnails: {} }, base)).toBe('https://archive.org/download/x/1.jpg');
  });
});
