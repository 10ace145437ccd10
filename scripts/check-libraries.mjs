#!/usr/bin/env node
// Reads every file of the generated libraries back with music-metadata (and every image with
// sharp) and prints a table: path, format, album artist, album, track, disc, MusicBrainz ids,
// pictures (type, MIME, bytes, decoded mean colour). Exits 1 when a regular track lacks a tag.
//
// Usage: node scripts/check-libraries.mjs [LIBRARY_DIR...]
//        (default: examples/demo-library test/fixtures/library)
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from 'music-metadata';
import sharp from 'sharp';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const AUDIO = new Set(['.mp3', '.flac', '.m4a', '.m4b', '.mp4', '.aac', '.ogg', '.oga', '.opus', '.wav', '.wma', '.wv', '.mpc']);
const IMAGE = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif']);
// Untagged on purpose (test/fixtures/pictures/README.md, "Files without tags"), like Broken/.
const UNTAGGED = new Set(['pictures/Odd Lot/Mixed Bag/03 - No Tags.mp3', 'pictures/Odd Lot/Mixed Bag/04 - Raw Stream.aac', 'pictures/Odd Lot/Mixed Bag/05 - Noise.mp3']);

const dirs = process.argv.slice(2).length
  ? process.argv.slice(2).map((d) => resolve(d))
  : [join(ROOT, 'examples/demo-library'), join(ROOT, 'test/fixtures/library')];

async function walk(dir) {
  const out = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await walk(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const hex = (n) => Math.round(n).toString(16).padStart(2, '0');

/** "WxH #rrggbb" (mean colour of the decoded image), or "UNDECODABLE". */
async function describeImage(buf) {
  try {
    const img = sharp(buf);
    const meta = await img.metadata();
    const { channels } = await img.stats();
    const [r, g, b] = channels.length >= 3 ? channels : [channels[0], channels[0], channels[0]];
    return `${meta.width}x${meta.height} #${hex(r.mean)}${hex(g.mean)}${hex(b.mean)}`;
  } catch {
    return 'UNDECODABLE';
  }
}

// The made-up ids of one library share their prefix: show the end.
const short = (v) => `…${(Array.isArray(v) ? v[0] : v)?.slice(-6)}`;

const rows = [];
const problems = [];
const mbByAlbum = new Map();

for (const dir of dirs) {
  const lib = basename(dir);
  for (const file of await walk(dir)) {
    const rel = `${lib}/${relative(dir, file)}`;
    const ext = extname(file).toLowerCase();
    const size = (await stat(file)).size;
    if (AUDIO.has(ext)) {
      let m;
      try {
        m = await parseFile(file);
      } catch (err) {
        rows.push([rel, `ERROR: ${err.message}`, '', '', '', '', '', '']);
        if (!rel.includes('/Broken/')) problems.push(`${rel}: ${err.message}`);
        continue;
      }
      const c = m.common;
      const f = m.format;
      const pics = [];
      for (const p of c.picture ?? []) {
        pics.push(`${p.type ?? '(no type)'} ${p.format} ${p.data.length}B ${await describeImage(p.data)}`);
      }
      const mb = [
        c.musicbrainz_albumid && `rel=${short(c.musicbrainz_albumid)}`,
        c.musicbrainz_releasegroupid && `rg=${short(c.musicbrainz_releasegroupid)}`,
        c.musicbrainz_albumartistid && `aa=${short(c.musicbrainz_albumartistid)}`,
      ].filter(Boolean);
      if (mb.length) {
        mbByAlbum.set(`${lib}: ${c.albumartist} – ${c.album}`, {
          musicbrainz_albumid: c.musicbrainz_albumid,
          musicbrainz_releasegroupid: c.musicbrainz_releasegroupid,
          musicbrainz_albumartistid: c.musicbrainz_albumartistid,
        });
      }
      rows.push([
        rel,
        `${f.container ?? '?'}/${f.codec ?? '?'}`,
        c.albumartist ?? '',
        c.album ?? '',
        c.track?.no ? `${c.track.no}/${c.track.of ?? '?'}` : '',
        c.disk?.no ? `${c.disk.no}/${c.disk.of ?? '?'}` : '',
        mb.join(' ') || '-',
        pics.join(' + ') || '-',
      ]);
      if (!rel.includes('/Broken/') && !UNTAGGED.has(rel)) {
        const missing = ['title', 'artist', 'albumartist', 'album', 'year', 'genre'].filter(
          (k) => c[k] === undefined || (Array.isArray(c[k]) && c[k].length === 0),
        );
        if (!c.track?.no) missing.push('track');
        if (missing.length) problems.push(`${rel}: missing ${missing.join(', ')}`);
      }
    } else if (IMAGE.has(ext)) {
      rows.push([rel, `image file ${size}B`, '', '', '', '', '', await describeImage(await readFile(file))]);
    } else {
      rows.push([rel, `not audio (${size}B)`, '', '', '', '', '', '']);
    }
  }
}

const header = ['path', 'format', 'albumartist', 'album', 'track', 'disc', 'mb ids', 'pictures'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r) => r.map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i]))).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const r of rows) console.log(line(r));

console.log('\nMusicBrainz ids read back (full):');
for (const [album, ids] of mbByAlbum) console.log(`  ${album}: ${JSON.stringify(ids)}`);

let total = 0;
for (const dir of dirs) {
  let sum = 0;
  for (const f of await walk(dir)) sum += (await stat(f)).size;
  console.log(`${relative(ROOT, dir) || dir}: ${(sum / 1024).toFixed(1)} KiB`);
  total += sum;
}
console.log(`total: ${(total / 1024).toFixed(1)} KiB`);

if (problems.length) {
  console.error(`\n${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
