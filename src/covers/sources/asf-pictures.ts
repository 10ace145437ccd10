import { open } from 'node:fs/promises';

/**
 * WM/Picture attributes read straight from an ASF (WMA) header. music-metadata 11 misreads them:
 * its WmPictureToken reads through a DataView over the whole underlying ArrayBuffer and never
 * skips the description, so the MIME type comes back as `"image/jpeg\u0000\u0000…"` and the
 * picture bytes start in the wrong place (they no longer decode). The layout is small (ASF spec
 * 3.11 Extended Content Description, 4.1 Header Extension, 4.7 Metadata Library), so it is read
 * here; every other format keeps music-metadata's pictures.
 */

export interface AsfPicture {
  /** ID3 picture type number (the same table as APIC). */
  typeId: number;
  mime: string;
  description: string;
  data: Buffer;
}

/** ASF GUIDs are stored with their first three groups little-endian. */
function guid(text: string): Buffer {
  const hex = text.replace(/-/g, '');
  const b = Buffer.from(hex, 'hex');
  return Buffer.concat([b.subarray(0, 4).reverse(), b.subarray(4, 6).reverse(), b.subarray(6, 8).reverse(), b.subarray(8)]);
}

const HEADER = guid('75B22630-668E-11CF-A6D9-00AA0062CE6C');
const EXTENDED_CONTENT = guid('D2D0A440-E307-11D2-97F0-00A0C95EA850');
const HEADER_EXTENSION = guid('5FBF03B5-A92E-11CF-8EE3-00C00C205365');
const METADATA_LIBRARY = guid('44231C94-9498-49D1-A141-1D134E457054');

/** A header bigger than this is not one a tagger wrote: refuse rather than allocate it. */
const MAX_HEADER_BYTES = 64 * 1024 * 1024;

/** The WM/Picture attributes of an ASF file, in header order; [] when it has none or is not ASF. */
export async function readAsfPictures(path: string): Promise<AsfPicture[]> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(30);
    const { bytesRead } = await file.read(head, 0, 30, 0);
    if (bytesRead < 30 || !head.subarray(0, 16).equals(HEADER)) return [];
    const size = Number(head.readBigUInt64LE(16));
    if (size < 30 || size > MAX_HEADER_BYTES) return [];
    const header = Buffer.alloc(size);
    await file.read(header, 0, size, 0);
    return picturesIn(header, 30, size);
  } finally {
    await file.close();
  }
}

/** Walks the header objects in [start, end), descending into the header extension. */
function picturesIn(buf: Buffer, start: number, end: number): AsfPicture[] {
  const out: AsfPicture[] = [];
  for (let at = start; at + 24 <= end; ) {
    const id = buf.subarray(at, at + 16);
    const size = Number(buf.readBigUInt64LE(at + 16));
    if (size < 24 || at + size > end) break;
    const body = at + 24;
    if (id.equals(EXTENDED_CONTENT)) out.push(...extendedContent(buf, body, at + size));
    else if (id.equals(METADATA_LIBRARY)) out.push(...metadataLibrary(buf, body, at + size));
    else if (id.equals(HEADER_EXTENSION) && body + 22 <= at + size) out.push(...picturesIn(buf, body + 22, at + size));
    at += size;
  }
  return out;
}

function extendedContent(buf: Buffer, at: number, end: number): AsfPicture[] {
  const out: AsfPicture[] = [];
  let count = at + 2 <= end ? buf.readUInt16LE(at) : 0;
  at += 2;
  for (; count > 0 && at + 2 <= end; count--) {
    const nameLength = buf.readUInt16LE(at);
    const name = utf16(buf, at + 2, at + 2 + nameLength);
    at += 2 + nameLength;
    if (at + 4 > end) break;
    const valueLength = buf.readUInt16LE(at + 2);
    const value = buf.subarray(at + 4, Math.min(end, at + 4 + valueLength));
    at += 4 + valueLength;
    if (name === 'WM/Picture') pushPicture(out, value);
  }
  return out;
}

function metadataLibrary(buf: Buffer, at: number, end: number): AsfPicture[] {
  const out: AsfPicture[] = [];
  let count = at + 2 <= end ? buf.readUInt16LE(at) : 0;
  at += 2;
  for (; count > 0 && at + 12 <= end; count--) {
    const nameLength = buf.readUInt16LE(at + 4);
    const dataLength = buf.readUInt32LE(at + 8);
    const name = utf16(buf, at + 12, at + 12 + nameLength);
    const data = buf.subarray(at + 12 + nameLength, Math.min(end, at + 12 + nameLength + dataLength));
    at += 12 + nameLength + dataLength;
    if (name === 'WM/Picture') pushPicture(out, data);
  }
  return out;
}

/**
 * A WM/Picture blob: type byte, data length (LE), MIME and description (UTF-16LE, NUL-ended), data.
 * The data is the blob's last `length` bytes: taggers pad the strings with extra NULs (a MIME of
 * `image/jpeg\0\0`), so walking the strings to find the data would land in the wrong place.
 */
export function parseWmPicture(blob: Buffer): AsfPicture | undefined {
  if (blob.length < 9) return undefined;
  const typeId = blob[0]!;
  const length = blob.readUInt32LE(1);
  const mimeEnd = nulAt(blob, 5);
  const dataStart = length > 0 && length <= blob.length - 5 ? blob.length - length : nulAt(blob, mimeEnd + 2) + 2;
  if (dataStart >= blob.length) return undefined;
  return {
    typeId,
    mime: utf16(blob, 5, Math.min(mimeEnd, dataStart)),
    description: utf16(blob, Math.min(mimeEnd + 2, dataStart), dataStart).replace(/\u0000/gu, ''),
    data: Buffer.from(blob.subarray(dataStart)),
  };
}

function pushPicture(out: AsfPicture[], blob: Buffer): void {
  const picture = parseWmPicture(blob);
  if (picture && picture.data.length > 0) out.push(picture);
}

/** Offset of the UTF-16 NUL at or after `from` (even steps), or the end of the buffer. */
function nulAt(buf: Buffer, from: number): number {
  let at = from;
  while (at + 1 < buf.length && (buf[at] !== 0 || buf[at + 1] !== 0)) at += 2;
  return Math.min(at, buf.length);
}

function utf16(buf: Buffer, start: number, end: number): string {
  return buf.subarray(start, Math.max(start, end)).toString('utf16le').replace(/\u0000+$/u, '');
}
