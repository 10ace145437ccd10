/**
 * Whether bytes hold MPEG audio or ADTS AAC frames, for files that carry no tag at all.
 * music-metadata takes the first `FF Ex` it meets for a frame sync, so random bytes named `.mp3`
 * "parse" as MPEG or ADTS more often than not (two in three of 5,000 random bytes). Real frames
 * follow one another: each header's frame length lands on the next header, with the same
 * version, layer and sample rate. Pure.
 */

/** Consecutive frames that prove audio; a file that ends on a frame boundary needs two. */
const RUN = 4;

// Bitrates (kbit/s) by bitrate index 1-14; index 0 (free format) and 15 are not taken.
const BITRATES = {
  v1l1: [32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  v1l2: [32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  v1l3: [32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2l1: [32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  v2l23: [8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
// Sample rates by version bits (0: MPEG 2.5, 2: MPEG 2, 3: MPEG 1) and rate index 0-2.
const SAMPLE_RATES: Record<number, number[]> = { 0: [11025, 12000, 8000], 2: [22050, 24000, 16000], 3: [44100, 48000, 32000] };

interface Frame {
  length: number;
  /** What every frame of one stream shares. */
  key: string;
}

function mpegFrame(b: Uint8Array, i: number): Frame | undefined {
  if (i + 4 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xe0) !== 0xe0) return undefined;
  const version = (b[i + 1]! >> 3) & 3;
  const layer = (b[i + 1]! >> 1) & 3; // 3: Layer I, 2: Layer II, 1: Layer III
  const bitrateIndex = b[i + 2]! >> 4;
  const rateIndex = (b[i + 2]! >> 2) & 3;
  const padding = (b[i + 2]! >> 1) & 1;
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return undefined;
  const v1 = version === 3;
  const table = layer === 3 ? (v1 ? BITRATES.v1l1 : BITRATES.v2l1) : v1 ? (layer === 2 ? BITRATES.v1l2 : BITRATES.v1l3) : BITRATES.v2l23;
  const bitrate = table[bitrateIndex - 1]! * 1000;
  const rate = SAMPLE_RATES[version]![rateIndex]!;
  const length =
    layer === 3 ? (Math.floor((12 * bitrate) / rate) + padding) * 4 : Math.floor(((layer === 1 && !v1 ? 72 : 144) * bitrate) / rate) + padding;
  return { length, key: `mpeg:${version}:${layer}:${rateIndex}` };
}

function adtsFrame(b: Uint8Array, i: number): Frame | undefined {
  if (i + 7 > b.length || b[i] !== 0xff || (b[i + 1]! & 0xf6) !== 0xf0) return undefined;
  const profile = b[i + 2]! >> 6;
  const rateIndex = (b[i + 2]! >> 2) & 0xf;
  const length = ((b[i + 3]! & 3) << 11) | (b[i + 4]! << 3) | (b[i + 5]! >> 5);
  const headerLength = b[i + 1]! & 1 ? 7 : 9;
  if (rateIndex >= 13 || length <= headerLength) return undefined;
  return { length, key: `adts:${profile}:${rateIndex}` };
}

function frameAt(b: Uint8Array, i: number): Frame | undefined {
  return mpegFrame(b, i) ?? adtsFrame(b, i);
}

/**
 * True when `bytes` hold a run of MPEG audio or ADTS frames: RUN in a row, or at least two
 * ending exactly at the end when `complete` (the bytes are the whole rest of the file).
 */
export function hasAudioFrames(bytes: Uint8Array, complete: boolean): boolean {
  for (let i = 0; i + 4 <= bytes.length; i++) {
    const first = frameAt(bytes, i);
    if (!first) continue;
    let pos = i + first.length;
    let frames = 1;
    while (frames < RUN) {
      if (complete && pos === bytes.length && frames >= 2) return true;
      const next = frameAt(bytes, pos);
      if (!next || next.key !== first.key) break;
      pos += next.length;
      frames++;
    }
    if (frames >= RUN) return true;
  }
  return false;
}

/** Bytes taken by the ID3v2 tags at the start of `head` (several may follow one another); 0 if none. */
export function id3v2Length(head: Uint8Array): number {
  let pos = 0;
  while (pos + 10 <= head.length && head[pos] === 0x49 && head[pos + 1] === 0x44 && head[pos + 2] === 0x33) {
    const size = ((head[pos + 6]! & 0x7f) << 21) | ((head[pos + 7]! & 0x7f) << 14) | ((head[pos + 8]! & 0x7f) << 7) | (head[pos + 9]! & 0x7f);
    const footer = head[pos + 5]! & 0x10 ? 10 : 0;
    pos += 10 + size + footer;
  }
  return pos;
}
