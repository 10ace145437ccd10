/**
 * A hand-built ID3v2.3 tag, enough for a realistic library without ffmpeg: the text frames a
 * tagger writes (title, artists, album, track, disc, year) and an APIC front cover.
 */

export interface Id3Tags {
  title: string;
  artist: string;
  albumArtist: string;
  album: string;
  /** "3/12" */
  track: string;
  /** "1/1" */
  disc: string;
  year: string;
  /** A JPEG, embedded as APIC picture type 3 (front cover). */
  picture?: Buffer;
  /** Zero bytes after the frames, as taggers leave for later edits. */
  padding?: number;
}

function frame(id: string, body: Buffer): Buffer {
  const header = Buffer.alloc(10);
  header.write(id, 0, 'latin1');
  header.writeUInt32BE(body.length, 4); // v2.3: a plain 32-bit size (v2.4 uses syncsafe)
  return Buffer.concat([header, body]);
}

/** ISO-8859-1 when it fits, else UTF-16 with a byte-order mark (v2.3 has no UTF-8). */
function textFrame(id: string, text: string): Buffer {
  if (/^[\u0000-\u00ff]*$/.test(text)) return frame(id, Buffer.concat([Buffer.from([0]), Buffer.from(text, 'latin1')]));
  return frame(id, Buffer.concat([Buffer.from([1, 0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
}

function apicFrame(jpeg: Buffer): Buffer {
  const head = Buffer.concat([Buffer.from([0]), Buffer.from('image/jpeg\0', 'latin1'), Buffer.from([3]), Buffer.from('\0', 'latin1')]);
  return frame('APIC', Buffer.concat([head, jpeg]));
}

function syncsafe(n: number): Buffer {
  return Buffer.from([(n >> 21) & 0x7f, (n >> 14) & 0x7f, (n >> 7) & 0x7f, n & 0x7f]);
}

export function id3v23(tags: Id3Tags): Buffer {
  const frames = [
    textFrame('TIT2', tags.title),
    textFrame('TPE1', tags.artist),
    textFrame('TPE2', tags.albumArtist),
    textFrame('TALB', tags.album),
    textFrame('TRCK', tags.track),
    textFrame('TPOS', tags.disc),
    textFrame('TYER', tags.year),
    ...(tags.picture ? [apicFrame(tags.picture)] : []),
  ];
  const body = Buffer.concat([...frames, Buffer.alloc(tags.padding ?? 512)]);
  return Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([3, 0, 0]), syncsafe(body.length), body]);
}

/** The MPEG audio after a file's leading ID3v2 tag (and its footer, if any). */
export function stripId3v2(file: Buffer): Buffer {
  if (file.subarray(0, 3).toString('latin1') !== 'ID3') return file;
  const size = ((file[6]! & 0x7f) << 21) | ((file[7]! & 0x7f) << 14) | ((file[8]! & 0x7f) << 7) | (file[9]! & 0x7f);
  const footer = (file[5]! & 0x10) !== 0 ? 10 : 0;
  return file.subarray(10 + size + footer);
}

/**
 * A copy of a baseline JPEG whose decoded pixels differ slightly for each `variant`: a few entries
 * of the first quantisation table are raised by one (one bit of `variant` each). No re-encode, so
 * thousands of distinct pictures cost nothing to make, and the pipeline cannot deduplicate them.
 */
export function jpegVariant(jpeg: Buffer, variant: number): Buffer {
  if (variant === 0) return jpeg;
  const out = Buffer.from(jpeg);
  let i = 2;
  while (i + 4 < out.length) {
    if (out[i] !== 0xff) throw new Error('jpegVariant: not at a JPEG marker');
    const marker = out[i + 1]!;
    const length = out.readUInt16BE(i + 2);
    if (marker === 0xdb) {
      const pq = out[i + 4]! >> 4;
      if (pq !== 0) throw new Error('jpegVariant: 16-bit quantisation tables are not handled');
      const table = i + 5; // 64 values in zigzag order
      // Mid frequencies (zigzag 14..29): always present in a noisy picture, invisible when nudged.
      for (let bit = 0; bit < 16; bit++) {
        if (variant & (1 << bit)) out[table + 14 + bit] = Math.min(255, out[table + 14 + bit]! + 1);
      }
      if (variant >= 1 << 16) throw new Error('jpegVariant: at most 65,535 variants');
      return out;
    }
    if (marker === 0xda) break; // start of scan: no table found before it
    i += 2 + length;
  }
  throw new Error('jpegVariant: no quantisation table');
}
