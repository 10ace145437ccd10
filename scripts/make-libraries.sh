#!/usr/bin/env bash
# Regenerates the committed audio libraries:
#   examples/demo-library/   the library `npm start` serves by default
#   test/fixtures/library/   the test library (expected answers in its README.md)
#   test/fixtures/typed/     back covers, booklets and discs, embedded by type and in the folder (Album.images)
#   test/fixtures/pictures/  more containers (wma, wv, mpc, m4b, aac) and ways of embedding pictures; untagged and junk files
#
# Needs these Debian packages (no PyPI, no network):
#   apt-get install -y ffmpeg fonts-dejavu-core python3-mutagen musepack-tools imagemagick
#   - ffmpeg            encodes the clips (libmp3lame, flac, aac (MP4 and ADTS), libvorbis, libopus, wmav2, wavpack) and draws the images
#   - imagemagick       convert, for the 1x1 GIF (ffmpeg's colour source cannot make a 1x1 frame)
#   - musepack-tools    mpcenc, for the Musepack clip (ffmpeg only decodes Musepack)
#   - fonts-dejavu-core DejaVu fonts for the text on the demo covers (pulled in by ffmpeg anyway)
#   - python3-mutagen   writes the tags and embedded pictures (scripts/make_libraries.py)
#
# Idempotent: both folders are deleted and rebuilt from scratch. The output is deterministic
# (bitexact ffmpeg flags, seeded random bytes) for a given ffmpeg/mutagen version.
# Afterwards it runs `node scripts/check-libraries.mjs` (music-metadata read-back) unless
# --no-check is given.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# python3-mutagen is installed for the Debian python, which may not be the first python3 on PATH.
PYTHON="${PYTHON:-/usr/bin/python3}"

missing=()
command -v ffmpeg >/dev/null || missing+=(ffmpeg)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ] || missing+=(fonts-dejavu-core)
"$PYTHON" -c 'import mutagen' 2>/dev/null || missing+=(python3-mutagen)
command -v mpcenc >/dev/null || missing+=(musepack-tools)
command -v convert >/dev/null || missing+=(imagemagick)
if [ ${#missing[@]} -gt 0 ]; then
  echo "make-libraries: missing Debian packages: ${missing[*]}" >&2
  echo "  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
encoders="$(ffmpeg -hide_banner -encoders 2>/dev/null)"
for enc in libmp3lame flac aac libvorbis libopus wmav2 wavpack mjpeg png gif; do
  grep -qw -- "$enc" <<<"$encoders" || { echo "make-libraries: ffmpeg lacks the $enc encoder" >&2; exit 1; }
done

rm -rf "$ROOT/examples/demo-library" "$ROOT/test/fixtures/library" "$ROOT/test/fixtures/pictures" "$ROOT/test/fixtures/typed"
mkdir -p "$ROOT/examples" "$ROOT/test/fixtures"

"$PYTHON" "$ROOT/scripts/make_libraries.py" "$ROOT"

echo "make-libraries: wrote examples/demo-library ($(du -sh "$ROOT/examples/demo-library" | cut -f1))" \
     "test/fixtures/library ($(du -sh "$ROOT/test/fixtures/library" | cut -f1))" \
     "test/fixtures/pictures ($(du -sh "$ROOT/test/fixtures/pictures" | cut -f1))" \
     "and test/fixtures/typed ($(du -sh "$ROOT/test/fixtures/typed" | cut -f1))"

if [ "${1:-}" != "--no-check" ]; then
  node "$ROOT/scripts/check-libraries.mjs" "$ROOT/examples/demo-library" "$ROOT/test/fixtures/library" "$ROOT/test/fixtures/pictures" "$ROOT/test/fixtures/typed"
fi
