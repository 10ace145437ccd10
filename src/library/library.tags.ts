import { open } from 'node:fs/promises';
import path from 'node:path';
import { type IAudioMetadata, parseFile } from 'music-metadata';
import { cleanText } from '../text.js';
import { hasAudioFrames, id3v2Length } from './audio-frames.js';
import type { StoredTrackState } from './library.repository.js';
import type { FileEntry } from './library.walk.js';

// Reading one audio file's tags (covers skipped: they are read when a cover is resolved) into the
// values the library stores.

export interface TrackTags {
  albumArtist: string;
  albumTitle: string;
  /** The file names its album (an album tag) and its artist (album artist or artist tag). */
  tagged: { album: boolean; artist: boolean };
  title: string;
  artist: string | null;
  trackNo: number | null;
  discNo: number | null;
  year: number | null;
  mbReleaseId: string | null;
  mbReleaseGroupId: string | null;
  mbAlbumArtistId: string | null;
  mbTrackId: string | null;
  format: string | null;
}

export type ParseResult =
  | { kind: 'ok'; file: FileEntry; previous: StoredTrackState | undefined; tags: TrackTags }
  | { kind: 'failed'; file: FileEntry; error: string }
  | { kind: 'aborted' };

export async function readTrack(file: FileEntry, albumFolder: string, previous: StoredTrackState | undefined, root: string, signal?: AbortSignal): Promise<ParseResult> {
  if (signal?.aborted) return { kind: 'aborted' };
  try {
    const meta = await parseFile(file.abs, { skipCovers: true, duration: false });
    const problem = unreadableReason(meta) ?? (await untaggedJunkReason(meta, file.abs));
    if (problem) return { kind: 'failed', file, error: problem };
    return { kind: 'ok', file, previous, tags: tagsOf(meta, file, albumFolder) };
  } catch (err) {
    return { kind: 'failed', file, error: shortError(err, root) };
  }
}

/**
 * music-metadata does not always throw on a broken file: random bytes come back with no format at
 * all, a FLAC cut inside its headers with STREAMINFO but not one byte of audio. Missing tags alone
 * are not a fault: an untagged file is named after its file and folder, and joins the album of
 * its folder's tagged files (library.scanner.ts).
 */
function unreadableReason(meta: IAudioMetadata): string | null {
  if (!meta.format.container && !meta.format.codec) return 'not a recognised audio format';
  if (meta.format.bitrate !== undefined && meta.format.bitrate <= 0) return 'no audio data (truncated file?)';
  return null;
}

const UNKNOWN_ARTIST = 'Unknown Artist';

/** Bytes looked at for audio frames, after any ID3v2 tag. */
const FRAME_WINDOW = 64 * 1024;

/**
 * A file with no tag at all that music-metadata took for MPEG or ADTS audio: random bytes find
 * a false frame sync two times in three. Without frames that follow one another it is not audio.
 */
async function untaggedJunkReason(meta: IAudioMetadata, abs: string): Promise<string | null> {
  if (!/^(MPEG|ADTS)/iu.test(meta.format.container ?? '')) return null;
  if (Object.values(meta.native).some((tags) => tags.length > 0)) return null;
  const fh = await open(abs, 'r');
  try {
    const head = Buffer.alloc(FRAME_WINDOW);
    let { bytesRead } = await fh.read(head, 0, FRAME_WINDOW, 0);
    let bytes = head.subarray(0, bytesRead);
    const skip = id3v2Length(bytes);
    if (skip > 0) {
      ({ bytesRead } = await fh.read(head, 0, FRAME_WINDOW, skip));
      bytes = head.subarray(0, bytesRead);
    }
    return hasAudioFrames(bytes, bytesRead < FRAME_WINDOW) ? null : 'no audio frames and no tags: not an audio file';
  } finally {
    await fh.close();
  }
}

function tagsOf(meta: IAudioMetadata, file: FileEntry, albumFolder: string): TrackTags {
  const c = meta.common;
  const fileName = path.posix.basename(file.rel);
  const albumArtist = text(c.albumartist) ?? text(c.artist);
  const albumTitle = text(c.album);
  return {
    albumArtist: albumArtist ?? UNKNOWN_ARTIST,
    albumTitle: albumTitle ?? (albumFolder === '' ? 'Unknown Album' : path.posix.basename(albumFolder)),
    tagged: { album: albumTitle !== undefined, artist: albumArtist !== undefined },
    title: text(c.title) ?? fileName.slice(0, fileName.length - path.posix.extname(fileName).length),
    artist: text(c.artist) ?? null,
    trackNo: smallInt(c.track.no),
    discNo: smallInt(c.disk.no),
    year: smallInt(c.year),
    mbReleaseId: mbid(c.musicbrainz_albumid),
    mbReleaseGroupId: mbid(c.musicbrainz_releasegroupid),
    mbAlbumArtistId: mbid(c.musicbrainz_albumartistid?.[0]),
    mbTrackId: mbid(c.musicbrainz_recordingid) ?? mbid(c.musicbrainz_trackid),
    format: formatName(meta, fileName),
  };
}

/** A tag value fit for a text column (no NUL, no lone surrogate: see cleanText); blank means absent. */
function text(v: string | undefined | null): string | undefined {
  const s = v == null ? undefined : cleanText(v).trim();
  return s ? s : undefined;
}

/** Tags hold anything: keep numbers an integer column takes and a person would write. */
function smallInt(v: number | null | undefined): number | null {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 99_999 ? v : null;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

/** The first MusicBrainz id in a tag (some taggers join several with '/' or ';'). */
function mbid(v: string | undefined | null): string | null {
  return v?.match(UUID)?.[0].toLowerCase() ?? null;
}

const CODEC_NAMES: [RegExp, string][] = [
  [/layer 3/i, 'mp3'],
  [/layer 2/i, 'mp2'],
  [/flac/i, 'flac'],
  [/alac/i, 'alac'],
  [/aac|mp4a/i, 'aac'],
  [/opus/i, 'opus'],
  [/vorbis/i, 'vorbis'],
  [/wavpack/i, 'wavpack'],
  [/monkey|\bape\b/i, 'ape'],
  [/musepack/i, 'musepack'],
  [/windows media|wma/i, 'wma'],
  [/dsd/i, 'dsd'],
  [/pcm|wave/i, 'pcm'],
];

/** A short codec name (`mp3`, `flac`, `aac`, `opus`...) from what the parser reports, else the extension. */
function formatName(meta: IAudioMetadata, fileName: string): string | null {
  const described = `${meta.format.codec ?? ''} ${meta.format.container ?? ''}`;
  for (const [re, name] of CODEC_NAMES) if (re.test(described)) return name;
  return text(meta.format.codec)?.toLowerCase() ?? text(meta.format.container)?.toLowerCase() ?? (path.extname(fileName).slice(1).toLowerCase() || null);
}

function shortError(err: unknown, root: string): string {
  const message = err instanceof Error ? err.message : String(err);
  const line = (message.split('\n')[0] ?? '').split(root + path.sep).join('').split(root).join('').trim();
  return cleanText(line || 'unreadable').slice(0, 200);
}
