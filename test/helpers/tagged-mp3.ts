import { execFile } from 'node:child_process';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { DEMO_LIBRARY } from '../../src/env.js';

const run = promisify(execFile);

/** A real mp3 of the demo library (made by ffmpeg), re-tagged below. */
const TEMPLATE = join(DEMO_LIBRARY, 'Juniper Falls/Paper Boats/01 - Folded Sails.mp3');

// mutagen (python3-mutagen), the tagger scripts/make_libraries.py uses for the fixture library; installed for the Debian python, which may not be the first python3 on PATH (as in scripts/make-libraries.sh).
const PYTHON = process.env.PYTHON ?? '/usr/bin/python3';
const TAGGER = `
import sys, json
from mutagen.id3 import ID3, APIC, TALB, TIT2, TPE1, TPE2, TRCK, TXXX
path, spec = sys.argv[1], json.loads(sys.argv[2])
tags = ID3()
tags.add(TIT2(encoding=3, text=spec["title"]))
tags.add(TPE1(encoding=3, text=spec["artist"]))
tags.add(TPE2(encoding=3, text=spec["artist"]))
tags.add(TALB(encoding=3, text=spec["album"]))
tags.add(TRCK(encoding=3, text="1/1"))
if spec.get("mbReleaseId"):
    tags.add(TXXX(encoding=3, desc="MusicBrainz Album Id", text=spec["mbReleaseId"]))
if spec.get("picture"):
    tags.add(APIC(encoding=3, mime="image/jpeg", type=3, desc="", data=open(spec["picture"], "rb").read()))
tags.save(path, v2_version=4)
`;

/** Writes `path`: one track with these tags and, when given, the JPEG file `picture` as its front cover. */
export async function writeTaggedMp3(path: string, spec: { title: string; artist: string; album: string; mbReleaseId?: string; picture?: string }): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await copyFile(TEMPLATE, path);
  await run(PYTHON, ['-c', TAGGER, path, JSON.stringify(spec)]);
}
