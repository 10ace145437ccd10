#!/usr/bin/env python3
"""Build the committed audio libraries: examples/demo-library and test/fixtures/library.

Called by scripts/make-libraries.sh (which checks the Debian packages this needs:
ffmpeg, fonts-dejavu-core, python3-mutagen). Run it with the system python
(/usr/bin/python3), which is where python3-mutagen is installed.

Everything is generated: audio clips and images with ffmpeg (lavfi sources, bitexact
flags), tags and embedded pictures with mutagen, and the "random" bytes of the corrupt
files with a seeded PRNG, so two runs give byte-identical output.

Usage: make_libraries.py PROJECT_ROOT [demo|test|pictures|typed]   (one library only, e.g. after adding one)
"""

from __future__ import annotations

import base64
import os
import random
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

import struct

from mutagen.apev2 import APEv2, APEValue, BINARY
from mutagen.asf import ASF, ASFByteArrayAttribute
from mutagen.flac import FLAC, Picture
from mutagen.id3 import (
    APIC, ID3, TALB, TCMP, TCON, TDRC, TIT2, TPE1, TPE2, TPOS, TRCK, TXXX,
)
from mutagen.mp3 import MP3
from mutagen.mp4 import MP4, MP4Cover, MP4FreeForm
from mutagen.oggopus import OggOpus
from mutagen.oggvorbis import OggVorbis

FONT_BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# ID3 / FLAC picture types
OTHER = 0
FRONT = 3
BACK = 4
LEAFLET = 5
MEDIA = 6
PICTURE_TYPE_NAMES = {OTHER: "Other", FRONT: "Cover (front)", BACK: "Cover (back)", LEAFLET: "Leaflet page",
                      MEDIA: "Media (e.g. label side of CD)"}
# APEv2 item keys by picture type (foobar2000 / Mp3tag convention)
APE_KEYS = {OTHER: "Cover Art (Other)", FRONT: "Cover Art (Front)", BACK: "Cover Art (Back)"}

MB_KEYS = {
    # key in our specs -> (ID3 TXXX description / MP4 freeform name, Vorbis comment name)
    "release": ("MusicBrainz Album Id", "MUSICBRAINZ_ALBUMID"),
    "releasegroup": ("MusicBrainz Release Group Id", "MUSICBRAINZ_RELEASEGROUPID"),
    "albumartist": ("MusicBrainz Album Artist Id", "MUSICBRAINZ_ALBUMARTISTID"),
}

BITEXACT = ["-fflags", "+bitexact", "-flags", "+bitexact", "-map_metadata", "-1"]


def ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y", *args], check=True)


# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

def esc(text: str) -> str:
    """Escape text for ffmpeg drawtext inside a filtergraph."""
    return text.replace("\\", "\\\\").replace("'", "\u2019").replace(":", "\\:").replace(",", "\\,")


# Each channel moves up to 6 levels towards mid-grey from the left edge to the right one: the
# picture reads as its colour (mean within 3 levels) but is not one flat colour, which the service
# rejects as "not a cover at all".
SHADE = ":".join(
    f"{c}='{c}(X\\,Y)+if(gte({c}(X\\,Y)\\,128)\\,-1\\,1)*round(6*X/(W-1))'" for c in "rgb")


def solid_image(path: str, hex_colour: str, size: int = 300, height: int | None = None) -> None:
    """A (nearly) solid-colour picture, gently shaded (SHADE): JPEG, PNG or GIF, by extension."""
    src = f"color=c=0x{hex_colour}:s={size}x{height or size}:d=1"
    if (height or size) > 1:
        src += f",format=rgb24,geq={SHADE}"
    if path.lower().endswith(".png"):
        ffmpeg("-f", "lavfi", "-i", src, "-frames:v", "1", "-pix_fmt", "rgb24", *BITEXACT, "-f", "image2", "-c:v", "png", path)
    elif path.lower().endswith(".gif"):
        # ffmpeg's colour source cannot make a 1x1 frame; ImageMagick can (a deliberately tiny GIF).
        subprocess.run(["convert", "-size", f"{size}x{height or size}", f"xc:#{hex_colour}", "-strip", f"gif:{path}"],
                       check=True)
    else:
        ffmpeg("-f", "lavfi", "-i", src, "-frames:v", "1", "-pix_fmt", "yuvj444p", "-q:v", "10", *BITEXACT,
               "-f", "image2", "-c:v", "mjpeg", path)


def demo_cover(path: str, title: str, artist: str, c0: str, c1: str, size: int = 500) -> None:
    """A two-colour diagonal gradient with the album title and artist written on it."""
    src = (f"gradients=s={size}x{size}:c0=0x{c0}:c1=0x{c1}:nb_colors=2:"
           f"x0=0:y0=0:x1={size}:y1={size}:seed=7:d=1")
    vf = (f"drawtext=fontfile={FONT_BOLD}:text='{esc(title)}':fontcolor=white:fontsize={size // 11}:"
          f"shadowcolor=black@0.5:shadowx=2:shadowy=2:x=(w-tw)/2:y=h*0.68,"
          f"drawtext=fontfile={FONT}:text='{esc(artist)}':fontcolor=white@0.95:fontsize={size // 18}:"
          f"shadowcolor=black@0.6:shadowx=1:shadowy=1:"
          f"x=(w-tw)/2:y=h*0.80")
    if path.lower().endswith(".png"):
        ffmpeg("-f", "lavfi", "-i", src, "-vf", vf, "-frames:v", "1", "-pix_fmt", "rgb24", *BITEXACT,
               "-f", "image2", "-c:v", "png", path)
    else:
        ffmpeg("-f", "lavfi", "-i", src, "-vf", vf, "-frames:v", "1", "-pix_fmt", "yuvj420p", "-q:v", "8", *BITEXACT,
               "-f", "image2", "-c:v", "mjpeg", path)


def artist_portrait(path: str, name: str, size: int = 400) -> None:
    """An 'artist image': a mandelbrot render with the artist name on it."""
    src = f"mandelbrot=s={size}x{size}:maxiter=64:start_scale=2.5:end_scale=2.5:rate=1"
    vf = (f"drawtext=fontfile={FONT_BOLD}:text='{esc(name)}':fontcolor=white:fontsize={size // 12}:"
          f"box=1:boxcolor=black@0.5:boxborderw=8:x=(w-tw)/2:y=h*0.82")
    ffmpeg("-f", "lavfi", "-i", src, "-vf", vf, "-frames:v", "1", "-pix_fmt", "yuvj420p", "-q:v", "10", *BITEXACT,
           "-f", "image2", "-c:v", "mjpeg", path)


def image_mime(path: str) -> str:
    ext = path.lower().rsplit(".", 1)[-1]
    return {"png": "image/png", "gif": "image/gif"}.get(ext, "image/jpeg")


# --------------------------------------------------------------------------------------------
# Audio
# --------------------------------------------------------------------------------------------

CODEC_ARGS = {
    # 16 kHz: MPEG-2 Layer III (8 kHz would be the non-standard "MPEG 2.5").
    "mp3": ["-ar", "16000", "-c:a", "libmp3lame", "-b:a", "8k", "-id3v2_version", "0", "-write_id3v1", "0"],
    "flac": ["-c:a", "flac", "-sample_fmt", "s16", "-compression_level", "8"],
    "m4a": ["-c:a", "aac", "-b:a", "16k"],
    "ogg": ["-c:a", "libvorbis", "-q:a", "0"],
    "opus": ["-c:a", "libopus", "-b:a", "6k"],
    "m4b": ["-c:a", "aac", "-b:a", "16k", "-f", "mp4"],
    # wmav2 refuses less than 24 kb/s
    "wma": ["-c:a", "wmav2", "-b:a", "24k"],
    "wv": ["-c:a", "wavpack"],
    # a raw ADTS stream: AAC frames and nothing else (ADTS has no tags)
    "aac": ["-c:a", "aac", "-b:a", "16k", "-f", "adts"],
}


class AudioCache:
    """Encodes each (format, frequency) clip once, then copies it for every track using it."""

    def __init__(self, tmp: str):
        self.tmp = tmp
        self.done: dict[tuple[str, int], str] = {}

    def clip(self, fmt: str, freq: int) -> str:
        key = (fmt, freq)
        if key not in self.done:
            out = os.path.join(self.tmp, f"clip-{freq}.{fmt}")
            if fmt == "mpc":
                # ffmpeg cannot encode Musepack: mpcenc (Debian musepack-tools) from a 44.1 kHz WAV,
                # the lowest rate it takes.
                wav = os.path.join(self.tmp, f"clip-{freq}-44k.wav")
                ffmpeg("-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=44100:duration=1",
                       "-af", "volume=0.1", "-ac", "1", *BITEXACT, "-c:a", "pcm_s16le", wav)
                subprocess.run(["mpcenc", "--silent", "--overwrite", "--quality", "2", wav, out], check=True)
            else:
                ffmpeg("-f", "lavfi", "-i", f"sine=frequency={freq}:sample_rate=8000:duration=1",
                       "-af", "volume=0.1", "-ac", "1", *BITEXACT, *CODEC_ARGS[fmt], out)
            self.done[key] = out
        return self.done[key]


# --------------------------------------------------------------------------------------------
# Library description
# --------------------------------------------------------------------------------------------

@dataclass
class Track:
    rel: str            # path relative to the library root
    fmt: str            # mp3 | flac | m4a | ogg | opus
    title: str
    artist: str
    album_artist: str
    album: str
    track: int
    track_total: int
    year: str
    genre: str
    disc: int | None = None
    disc_total: int | None = None
    mb: dict[str, str] = field(default_factory=dict)
    pictures: list[tuple[int, str, str]] = field(default_factory=list)   # (type, image key, description)
    compilation: bool = False
    id3v: int = 4
    freq: int = 440
    # how pictures are written where a format has more than one way: "" (the standard one),
    # "coverart" (Vorbis: old-style base64 COVERART + COVERARTMIME), "nul-mime" (ASF: the MIME
    # type padded with an extra NUL, as a Windows tagger wrote it)
    picture_style: str = ""


@dataclass
class Album:
    folder: str
    artist: str           # album artist
    title: str
    fmt: str
    year: str
    genre: str
    tracks: list[str]     # titles; or "Disc dir|Title" for multi-disc albums
    pictures: list[tuple[int, str, str]] = field(default_factory=list)  # embedded in every track
    mb: dict[str, str] = field(default_factory=dict)
    track_artists: list[str] | None = None
    compilation: bool = False
    id3v: int = 4
    picture_style: str = ""
    # per-track override of embedded pictures: index -> list (an empty list = no picture)
    track_pictures: dict[int, list[tuple[int, str, str]]] = field(default_factory=dict)
    # test library only: image files beside the tracks (file name -> colour name in SOLID),
    # and the documented expected answer
    folder_files: dict[str, str] = field(default_factory=dict)
    expect: str = ""
    expect_colour: str = ""

    def expand(self) -> list[Track]:
        out: list[Track] = []
        discs: list[str] = []
        for t in self.tracks:
            if "|" in t:
                d = t.split("|", 1)[0]
                if d not in discs:
                    discs.append(d)
        per_disc_count: dict[str, int] = {}
        for t in self.tracks:
            d = t.split("|", 1)[0] if "|" in t else ""
            per_disc_count[d] = per_disc_count.get(d, 0) + 1
        seen: dict[str, int] = {}
        for i, t in enumerate(self.tracks):
            disc_dir, title = t.split("|", 1) if "|" in t else ("", t)
            seen[disc_dir] = seen.get(disc_dir, 0) + 1
            n = seen[disc_dir]
            sub = f"{self.folder}/{disc_dir}" if disc_dir else self.folder
            out.append(Track(
                rel=f"{sub}/{n:02d} - {title}.{self.fmt}",
                fmt=self.fmt,
                title=title,
                artist=self.track_artists[i] if self.track_artists else self.artist,
                album_artist=self.artist,
                album=self.title,
                track=n,
                track_total=per_disc_count[disc_dir],
                year=self.year,
                genre=self.genre,
                disc=(discs.index(disc_dir) + 1) if disc_dir else None,
                disc_total=len(discs) if disc_dir else None,
                mb=self.mb,
                pictures=self.track_pictures.get(i, self.pictures),
                compilation=self.compilation,
                id3v=self.id3v,
                freq=220 + 110 * i,
                picture_style=self.picture_style,
            ))
        return out


# --------------------------------------------------------------------------------------------
# Tagging
# --------------------------------------------------------------------------------------------

def flac_picture(ptype: int, data: bytes, mime: str, desc: str) -> Picture:
    p = Picture()
    p.type = ptype
    p.mime = mime
    p.desc = desc
    p.data = data
    # Width/height/depth are informative only; 0 means "unknown" and is valid.
    return p


def vorbis_comments(t: Track) -> dict[str, list[str]]:
    c = {
        "TITLE": [t.title], "ARTIST": [t.artist], "ALBUMARTIST": [t.album_artist], "ALBUM": [t.album],
        "TRACKNUMBER": [str(t.track)], "TRACKTOTAL": [str(t.track_total)],
        "DATE": [t.year], "GENRE": [t.genre],
    }
    if t.disc:
        c["DISCNUMBER"] = [str(t.disc)]
        c["DISCTOTAL"] = [str(t.disc_total)]
    if t.compilation:
        c["COMPILATION"] = ["1"]
    for k, v in t.mb.items():
        c[MB_KEYS[k][1]] = [v]
    return c


def tag(path: str, t: Track, images: dict[str, tuple[bytes, str]]) -> None:
    no_padding = lambda info: 0  # noqa: E731  keep the files small
    if t.fmt == "mp3":
        f = MP3(path)
        if f.tags is None:
            f.add_tags()
        tags: ID3 = f.tags
        tags.add(TIT2(encoding=3, text=t.title))
        tags.add(TPE1(encoding=3, text=t.artist))
        tags.add(TPE2(encoding=3, text=t.album_artist))
        tags.add(TALB(encoding=3, text=t.album))
        tags.add(TRCK(encoding=3, text=f"{t.track}/{t.track_total}"))
        if t.disc:
            tags.add(TPOS(encoding=3, text=f"{t.disc}/{t.disc_total}"))
        tags.add(TDRC(encoding=3, text=t.year))
        tags.add(TCON(encoding=3, text=t.genre))
        if t.compilation:
            tags.add(TCMP(encoding=3, text="1"))
        for k, v in t.mb.items():
            tags.add(TXXX(encoding=3, desc=MB_KEYS[k][0], text=v))
        for ptype, key, desc in t.pictures:
            data, mime = images[key]
            # APIC frames are keyed by description: each picture of a file needs its own.
            tags.add(APIC(encoding=3, mime=mime, type=ptype, desc=desc, data=data))
        f.save(v2_version=t.id3v, padding=no_padding)
        # mutagen orders the frames it writes (by a priority list, then by frame size), not by
        # insertion: check the pictures came out in the order asked for.
        written = [(fr.type, fr.desc) for fr in ID3(path).getall("APIC")]
        if written != [(ptype, desc) for ptype, _key, desc in t.pictures]:
            raise SystemExit(f"{path}: APIC frames written in the order {written}, not as asked")
    elif t.fmt == "flac":
        f = FLAC(path)
        for k, v in vorbis_comments(t).items():
            f[k] = v
        for ptype, key, desc in t.pictures:
            data, mime = images[key]
            f.add_picture(flac_picture(ptype, data, mime, desc))
        f.save(padding=no_padding)
    elif t.fmt in ("ogg", "opus"):
        f = OggVorbis(path) if t.fmt == "ogg" else OggOpus(path)
        for k, v in vorbis_comments(t).items():
            f[k] = v
        if t.pictures and t.picture_style == "coverart":
            # The pre-2010 way: the image bytes base64-encoded, no picture type.
            f["COVERART"] = [base64.b64encode(images[key][0]).decode("ascii") for _p, key, _d in t.pictures]
            f["COVERARTMIME"] = [images[key][1] for _p, key, _d in t.pictures]
        elif t.pictures:
            f["METADATA_BLOCK_PICTURE"] = [
                base64.b64encode(flac_picture(ptype, images[key][0], images[key][1], desc).write()).decode("ascii")
                for ptype, key, desc in t.pictures
            ]
        f.save(padding=no_padding)
    elif t.fmt == "wma":
        f = ASF(path)
        f["Title"] = [t.title]
        f["Author"] = [t.artist]
        f["WM/AlbumArtist"] = [t.album_artist]
        f["WM/AlbumTitle"] = [t.album]
        f["WM/TrackNumber"] = [str(t.track)]
        f["WM/Year"] = [t.year]
        f["WM/Genre"] = [t.genre]
        pad = "\x00" if t.picture_style == "nul-mime" else ""
        # WM/Picture: type byte, data length (LE), MIME and description in UTF-16LE, each
        # NUL-terminated, then the data; written raw so the MIME can carry the tagger's padding.
        f["WM/Picture"] = [
            ASFByteArrayAttribute(struct.pack("<BI", ptype, len(images[key][0]))
                                  + (images[key][1] + pad + "\x00").encode("utf-16-le")
                                  + (desc + "\x00").encode("utf-16-le") + images[key][0])
            for ptype, key, desc in t.pictures
        ]
        f.save()
    elif t.fmt in ("wv", "mpc"):
        f = APEv2()
        f["Title"] = t.title
        f["Artist"] = t.artist
        f["Album Artist"] = t.album_artist
        f["Album"] = t.album
        f["Track"] = f"{t.track}/{t.track_total}"
        f["Year"] = t.year
        f["Genre"] = t.genre
        # APEv2 pictures have no type field: the item key says it; the value is a file name, NUL, the bytes.
        for ptype, key, desc in t.pictures:
            f[APE_KEYS[ptype]] = APEValue(desc.encode("utf-8") + b"\x00" + images[key][0], BINARY)
        f.save(path)
    elif t.fmt in ("m4a", "m4b"):
        f = MP4(path)
        f["\xa9nam"] = [t.title]
        f["\xa9ART"] = [t.artist]
        f["aART"] = [t.album_artist]
        f["\xa9alb"] = [t.album]
        f["trkn"] = [(t.track, t.track_total)]
        if t.disc:
            f["disk"] = [(t.disc, t.disc_total)]
        f["\xa9day"] = [t.year]
        f["\xa9gen"] = [t.genre]
        if t.compilation:
            f["cpil"] = True
        for k, v in t.mb.items():
            f[f"----:com.apple.iTunes:{MB_KEYS[k][0]}"] = [MP4FreeForm(v.encode("utf-8"))]
        if t.pictures:
            # MP4 has no picture types: covr holds the front cover (only type 3 is meaningful here).
            f["covr"] = [
                MP4Cover(images[key][0],
                         imageformat=MP4Cover.FORMAT_PNG if images[key][1] == "image/png" else MP4Cover.FORMAT_JPEG)
                for _ptype, key, _desc in t.pictures
            ]
        f.save(padding=no_padding)
    else:
        raise ValueError(t.fmt)


def build(root: str, albums: list[Album], images: dict[str, tuple[bytes, str]], audio: AudioCache) -> None:
    for album in albums:
        for t in album.expand():
            dest = os.path.join(root, t.rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(audio.clip(t.fmt, t.freq), dest)
            tag(dest, t, images)


def load_images(paths: dict[str, str]) -> dict[str, tuple[bytes, str]]:
    out = {}
    for key, p in paths.items():
        with open(p, "rb") as fh:
            out[key] = (fh.read(), image_mime(p))
    return out


# --------------------------------------------------------------------------------------------
# examples/demo-library
# --------------------------------------------------------------------------------------------

DEMO_MB = {
    "release": "3c7e9a10-5b2d-4e8f-a1c3-6d9b0e2f4a01",
    "releasegroup": "3c7e9a10-5b2d-4e8f-a1c3-6d9b0e2f4a02",
    "albumartist": "3c7e9a10-5b2d-4e8f-a1c3-6d9b0e2f4a03",
}


def make_demo(root: str, tmp: str, audio: AudioCache) -> list[Album]:
    img = os.path.join(tmp, "demo")
    os.makedirs(img)
    p = lambda n: os.path.join(img, n)  # noqa: E731
    demo_cover(p("northern-drift.jpg"), "Northern Drift", "Aurora Lines", "1e3c72", "ff7e5f")
    demo_cover(p("salt-and-cedar.jpg"), "Salt and Cedar", "Marble Harbour", "2f6b3a", "e9d8a6")
    demo_cover(p("night-bus.jpg"), "Night Bus", "Velvet Static", "3a0ca3", "f72585")
    images = load_images({
        "northern-drift": p("northern-drift.jpg"),
        "salt-and-cedar": p("salt-and-cedar.jpg"),
        "night-bus": p("night-bus.jpg"),
    })

    albums = [
        Album("Aurora Lines/Northern Drift", "Aurora Lines", "Northern Drift", "mp3", "2019", "Ambient",
              ["First Light", "Polar Wind", "Long Night"], pictures=[(FRONT, "northern-drift", "Cover")]),
        Album("Marble Harbour/Salt and Cedar", "Marble Harbour", "Salt and Cedar", "flac", "2021", "Folk",
              ["Low Tide", "Cedar Smoke", "Harbour Bells"], pictures=[(FRONT, "salt-and-cedar", "Cover")]),
        Album("Velvet Static/Night Bus", "Velvet Static", "Night Bus", "m4a", "2018", "Synthpop",
              ["Last Stop", "Neon Rain"], pictures=[(FRONT, "night-bus", "")]),
        Album("The Lantern Choir/Quiet Weather", "The Lantern Choir", "Quiet Weather", "ogg", "2016", "Indie",
              ["Drizzle", "Grey Morning", "Clearing"]),
        Album("Juniper Falls/Paper Boats", "Juniper Falls", "Paper Boats", "mp3", "2020", "Acoustic",
              ["Folded Sails", "Rain Gutter Regatta"]),
        Album("Kite Orchestra/Open Fields", "Kite Orchestra", "Open Fields", "opus", "2022", "Post-Rock",
              ["Updraft", "Tether"], mb=DEMO_MB),
        Album("Silverpine/Four Seasons", "Silverpine", "Four Seasons", "flac", "2015", "Classical Crossover",
              ["CD1|Spring Thaw", "CD1|Summer Haze", "CD2|Autumn Leaves", "CD2|Winter Hush"]),
    ]
    build(root, albums, images, audio)

    # Folder images (no embedded art in these albums)
    demo_cover(os.path.join(root, "The Lantern Choir/Quiet Weather/cover.jpg"),
               "Quiet Weather", "The Lantern Choir", "5c677d", "a8dadc")
    demo_cover(os.path.join(root, "Juniper Falls/Paper Boats/folder.png"),
               "Paper Boats", "Juniper Falls", "0f766e", "fde047", size=300)
    demo_cover(os.path.join(root, "Silverpine/Four Seasons/cover.jpg"),
               "Four Seasons", "Silverpine", "8d5524", "c7d2fe")
    # Artist image
    artist_portrait(os.path.join(root, "Aurora Lines/artist.jpg"), "Aurora Lines")
    return albums


# --------------------------------------------------------------------------------------------
# test/fixtures/library
# --------------------------------------------------------------------------------------------

TEST_MB_FULL = {
    "release": "f0e1d2c3-b4a5-4697-8899-aabbccddee01",
    "releasegroup": "f0e1d2c3-b4a5-4697-8899-aabbccddee02",
    "albumartist": "f0e1d2c3-b4a5-4697-8899-aabbccddee03",
}
TEST_MB_GROUP_ONLY = {
    "releasegroup": "f0e1d2c3-b4a5-4697-8899-aabbccddee04",
}

# Solid colours of the test pictures (hex RGB); the README gives the same table.
SOLID = {
    "orange": "ff8000",
    "green": "00ff00",
    "yellow": "ffff00",
    "magenta": "ff00ff",
    "cyan": "00ffff",
    "red": "ff0000",
    "blue": "0000ff",
    "purple": "800080",
    "grey": "808080",
    "darkgreen": "008000",
    "navy": "000080",
    "pink": "ffc0cb",
    "brown": "8b4513",
    "teal": "008080",
    "maroon": "800000",
    "olive": "808000",
    "salmon": "ff8080",
    "darkgrey": "404040",
    "sienna": "a0522d",
    "indigo": "4b0082",
}


def make_test(root: str, tmp: str, audio: AudioCache) -> list[Album]:
    img = os.path.join(tmp, "test")
    os.makedirs(img)
    embedded = ["orange", "green", "yellow", "magenta", "cyan", "red", "blue", "purple", "salmon", "darkgrey"]
    paths = {}
    for name in embedded:
        paths[name] = os.path.join(img, f"{name}.jpg")
        # The red front of Prism Hall is 400x400, larger in bytes than the 300x300 blue back: mutagen
        # writes same-priority ID3 frames smallest first, and the back cover must come first.
        solid_image(paths[name], SOLID[name], size=400 if name == "red" else 300)
    images = load_images(paths)
    # Not an image at all, declared as image/jpeg (does not start with FF D8).
    rng = random.Random(20240601)
    images["corrupt"] = (b"NOTAJPEG" + rng.randbytes(2040), "image/jpeg")

    f = lambda key, desc="Cover": [(FRONT, key, desc)]  # noqa: E731
    albums = [
        # One album per format with an embedded front cover
        Album("Amber Coast/Harbour Lights", "Amber Coast", "Harbour Lights", "mp3", "2010", "Rock",
              ["Lighthouse", "Breakwater"], pictures=f("orange"),
              expect="embedded (front, every track)", expect_colour="orange"),
        Album("Birchwood/Green Room", "Birchwood", "Green Room", "flac", "2012", "Folk",
              ["Moss", "Fern"], pictures=f("green"),
              expect="embedded (FLAC PICTURE block, front, every track)", expect_colour="green"),
        Album("Citrus Club/Yellow Cab", "Citrus Club", "Yellow Cab", "m4a", "2014", "Pop",
              ["Meter Running", "Back Seat"], pictures=f("yellow", ""),
              expect="embedded (MP4 `covr`, every track)", expect_colour="yellow"),
        Album("Dusk Parade/Violet Hour", "Dusk Parade", "Violet Hour", "ogg", "2016", "Dream Pop",
              ["Gloaming", "Afterglow"], pictures=f("magenta"),
              expect="embedded (METADATA_BLOCK_PICTURE, front, every track)", expect_colour="magenta"),
        Album("Ember Sky/Cyan Tides", "Ember Sky", "Cyan Tides", "opus", "2018", "Electronic",
              ["Undertow", "Riptide"], pictures=f("cyan"),
              expect="embedded (METADATA_BLOCK_PICTURE, front, every track)", expect_colour="cyan"),
        # Two pictures per track: back (blue) first, then front (red)
        Album("Prism Hall/Two Sides", "Prism Hall", "Two Sides", "mp3", "2011", "Alternative",
              ["Heads", "Tails"], pictures=[(BACK, "blue", "Back"), (FRONT, "red", "Front")], id3v=3,
              expect="embedded: the **Cover (front)** picture, i.e. the 2nd APIC of each track "
                     "(the 1st is a Cover (back), blue `0000ff`, and must not be chosen)",
              expect_colour="red"),
        # First track has no picture, second track has a front cover
        Album("Late Bloom/Second Chance", "Late Bloom", "Second Chance", "flac", "2013", "Soul",
              ["Not Yet", "Now"], pictures=f("purple"), track_pictures={0: []},
              expect="embedded, from track 2 `02 - Now.flac` (track 1 has no picture)", expect_colour="purple"),
        # Corrupt embedded picture + valid cover.jpg
        Album("Glass Theory/Shattered", "Glass Theory", "Shattered", "mp3", "2015", "Math Rock",
              ["Fracture", "Splinter"], pictures=f("corrupt"), folder_files={"cover.jpg": "grey"},
              expect="folder `cover.jpg` (every track embeds a corrupt front picture: 2048 bytes starting "
                     "`NOTAJPEG`, declared image/jpeg; it is found, rejected, and the chain moves on)",
              expect_colour="grey"),
        # Folder image naming
        Album("Northwind/Capital Letters", "Northwind", "Capital Letters", "mp3", "2017", "Indie",
              ["Upper", "Case"], folder_files={"Folder.JPG": "darkgreen", "back.jpg": "navy"},
              expect="folder `Folder.JPG` (case-insensitive name match; `back.jpg` (navy `000080`) is a back "
                     "cover and must not be chosen)", expect_colour="darkgreen"),
        Album("Northwind/Art Gallery", "Northwind", "Art Gallery", "flac", "2018", "Indie",
              ["Canvas", "Easel"], folder_files={"AlbumArt.png": "pink"},
              expect="folder `AlbumArt.png`", expect_colour="pink"),
        Album("Northwind/Loose Scans", "Northwind", "Loose Scans", "mp3", "2019", "Indie",
              ["Flatbed", "Contact Sheet"], folder_files={"scan_01.jpg": "brown"},
              expect="folder `scan_01.jpg` (the only image; no well-known name, so only an "
                     "any-image fallback finds it)", expect_colour="brown"),
        # Multi-disc with spaces in the disc folder names
        Album("Tidewater/Seasons", "Tidewater", "Seasons", "mp3", "2009", "Classical",
              ["Disc 1|Spring", "Disc 1|Summer", "Disc 2|Autumn", "Disc 2|Winter"],
              folder_files={"front.jpg": "teal"},
              expect="folder `front.jpg` in the album folder (the parent of `Disc 1/` and `Disc 2/`)",
              expect_colour="teal"),
        # Same album artist + same title, two folders: two albums
        Album("Echo Valley/Live 1999", "Echo Valley", "Live", "mp3", "1999", "Rock",
              ["Opening Night", "Encore"], folder_files={"cover.jpg": "maroon"},
              expect="folder `cover.jpg` (a different album from `Echo Valley/Live 2004`)", expect_colour="maroon"),
        Album("Echo Valley/Live 2004", "Echo Valley", "Live", "ogg", "2004", "Rock",
              ["Reunion", "Curtain Call"], folder_files={"cover.jpg": "olive"},
              expect="folder `cover.jpg` (a different album from `Echo Valley/Live 1999`)", expect_colour="olive"),
        # MusicBrainz ids, no art
        Album("Quiet Signals/Full Release", "Quiet Signals", "Full Release", "mp3", "2020", "Ambient",
              ["Carrier", "Static"], mb=TEST_MB_FULL,
              expect="none locally; Cover Art Archive by release id (release-group id also tagged)"),
        Album("Quiet Signals/Group Only", "Quiet Signals", "Group Only", "m4a", "2021", "Ambient",
              ["Bandwidth", "Noise Floor"], mb=TEST_MB_GROUP_ONLY,
              expect="none locally; Cover Art Archive by release-group id only"),
        # No MB ids, no art
        Album("Nobody Knows/Unknown Quantity", "Nobody Knows", "Unknown Quantity", "opus", "2022", "Experimental",
              ["Variable", "Constant"],
              expect="none locally, no MB ids: search by artist + title (Last.fm / Deezer), else placeholder"),
        # Compilation: album artist differs from track artists
        Album("Various Artists/Summer Sampler", "Various Artists", "Summer Sampler", "mp3", "2023", "Pop",
              ["Sunburn", "Ice Cream Van", "Heatwave"], pictures=f("salmon"),
              track_artists=["Amber Coast", "Dusk Parade", "Guest Star"], compilation=True,
              expect="embedded (front, every track); compilation flag set (`TCMP` 1); the album belongs to "
                     "album artist \"Various Artists\", not to the track artists", expect_colour="salmon"),
        # Two albums embedding the exact same picture bytes
        Album("Mirror Image/Left", "Mirror Image", "Left", "mp3", "2019", "Electronic",
              ["Reflection", "Symmetry"], pictures=f("darkgrey"),
              expect="embedded; byte-identical to the picture of `Mirror Image/Right`", expect_colour="darkgrey"),
        Album("Mirror Image/Right", "Mirror Image", "Right", "flac", "2019", "Electronic",
              ["Inversion", "Parity"], pictures=f("darkgrey"),
              expect="embedded; byte-identical to the picture of `Mirror Image/Left`", expect_colour="darkgrey"),
    ]
    build(root, albums, images, audio)

    for album in albums:
        for name, colour in album.folder_files.items():
            solid_image(os.path.join(root, album.folder, name), SOLID[colour])
    # Artist images
    for rel, colour in TEST_ARTIST_IMAGES.items():
        solid_image(os.path.join(root, rel), SOLID[colour])

    # Broken files
    broken = os.path.join(root, "Broken/Corrupt")
    os.makedirs(broken)
    rng = random.Random(20240602)
    with open(os.path.join(broken, "01 - Corrupt.mp3"), "wb") as fh:
        # Random bytes with every 0xFF removed, so no MPEG frame sync can appear by chance.
        fh.write(bytes(b if b != 0xFF else 0x00 for b in rng.randbytes(4096)))
    with open(audio.clip("flac", 440), "rb") as fh:
        head = fh.read(100)
    with open(os.path.join(broken, "02 - Truncated.flac"), "wb") as fh:
        fh.write(head)
    with open(os.path.join(broken, "notes.txt"), "w") as fh:
        fh.write("Not audio. The scanner must ignore this file.\n")
    return albums


TEST_ARTIST_IMAGES = {"Amber Coast/artist.jpg": "sienna", "Birchwood/Artist.PNG": "indigo"}


# --------------------------------------------------------------------------------------------
# test/fixtures/pictures: more formats and the ways pictures are embedded in them
# --------------------------------------------------------------------------------------------

# A library of its own, so the exact album and file counts the scanner and chain tests assert on
# test/fixtures/library stay as they are.
PICTURE_COLOURS = {
    "gold": "ffd700",
    "coral": "ff7f50",
    "lime": "32cd32",
    "khaki": "f0e68c",
    "crimson": "dc143c",
    "tan": "d2b48c",
    "steelblue": "4682b4",
    "white": "ffffff",
    "plum": "dda0dd",
    "chocolate": "d2691e",
    "slate": "708090",
    "sandybrown": "f4a460",
    "seagreen": "2e8b57",
}
# Not (nearly) solid colours: what the README says instead of a colour.
SPECIAL_PICTURES = {
    "pixel": "a 1x1 GIF (white), declared image/gif",
    "truncated": "the first half of a 300x300 JPEG (slate `708090`): its header parses, its pixels do not",
}


def make_pictures(root: str, tmp: str, audio: AudioCache) -> list[Album]:
    img = os.path.join(tmp, "pictures")
    os.makedirs(img)
    paths = {}
    for name in ["gold", "coral", "lime", "khaki", "crimson", "tan", "plum", "chocolate", "slate", "sandybrown",
                 "seagreen"]:
        paths[name] = os.path.join(img, f"{name}.jpg")
        # The APEv2 fronts are 400x400: mutagen writes APEv2 items smallest first (as the APEv2 spec
        # recommends), and the 300x300 back must come first.
        solid_image(paths[name], PICTURE_COLOURS[name], size=400 if name in ("lime", "crimson") else 300)
    paths["steelblue"] = os.path.join(img, "steelblue.jpg")
    solid_image(paths["steelblue"], PICTURE_COLOURS["steelblue"], size=500, height=447)
    paths["pixel"] = os.path.join(img, "pixel.gif")
    solid_image(paths["pixel"], PICTURE_COLOURS["white"], size=1)
    images = load_images(paths)
    slate = images.pop("slate")[0]
    images["truncated"] = (slate[: len(slate) // 2], "image/jpeg")

    albums = [
        Album("Redmond/Media Center", "Redmond", "Media Center", "wma", "2007", "Electronic",
              ["Start", "Shutdown"], pictures=[(FRONT, "gold", "Front")], picture_style="nul-mime",
              expect="embedded: ASF `WM/Picture`, Cover (front), its MIME written `image/jpeg` + an extra NUL "
                     "(music-metadata 11 reports the MIME as `\"image/jpeg\\u0000\\u0000Front\\u0000\"` and "
                     "shifted bytes; the picture is read from the ASF header and sniffed)",
              expect_colour="gold"),
        Album("Stone Circle/Monolith", "Stone Circle", "Monolith", "wv", "2005", "Drone",
              ["Standing", "Stone"], pictures=[(BACK, "coral", "folder.jpg"), (FRONT, "lime", "Monolith.jpg")],
              expect="embedded: APEv2 `Cover Art (Front)` (the 2nd item; the 1st is `Cover Art (Back)`, "
                     "coral `ff7f50`, described `folder.jpg`, and must not be chosen: the item key says it is "
                     "the back)", expect_colour="lime"),
        Album("Stone Circle/Obelisk", "Stone Circle", "Obelisk", "mpc", "2006", "Drone",
              ["Pillar", "Shadow"], pictures=[(BACK, "khaki", "folder.jpg"), (FRONT, "crimson", "Obelisk.jpg")],
              expect="embedded: APEv2 `Cover Art (Front)` (the 2nd item; the 1st is `Cover Art (Back)`, "
                     "khaki `f0e68c`, described `folder.jpg`, and must not be chosen)", expect_colour="crimson"),
        Album("Old Tagger/Base Sixty-Four", "Old Tagger", "Base Sixty-Four", "ogg", "2008", "Lo-Fi",
              ["Encode", "Decode"], pictures=[(FRONT, "tan", "")], picture_style="coverart",
              expect="embedded: old-style Vorbis `COVERART` (base64) + `COVERARTMIME`, no picture type",
              expect_colour="tan"),
        Album("Wide Angle/Panorama", "Wide Angle", "Panorama", "flac", "2017", "Cinematic",
              ["Horizon", "Vista"], pictures=[(FRONT, "steelblue", "Cover")],
              expect="embedded: a **500x447** front cover (not square: the user's own art, kept whole; "
                     "served at 500 px when asked for 512 or 1024)", expect_colour="steelblue"),
        Album("Pixel Dust/One Pixel", "Pixel Dust", "One Pixel", "mp3", "2020", "Glitch",
              ["Dot", "Speck"], pictures=[(FRONT, "pixel", "Cover")],
              expect="none: the only picture is a 1x1 GIF, rejected (too small: not a cover at all); "
                     "no other local art, so the placeholder (MISSING when every remote says no)"),
        Album("Second Look/Backup Plan", "Second Look", "Backup Plan", "mp3", "2021", "Indie",
              ["Plan A", "Plan B"], pictures=[(FRONT, "truncated", "Cover"), (OTHER, "chocolate", "Scan")],
              expect="embedded: the 2nd picture (Other, chocolate); the 1st, a Cover (front), is a truncated "
                     "JPEG, rejected, and the next picture of the file is tried", expect_colour="chocolate"),
        Album("Spoken Word/Long Story", "Spoken Word", "Long Story", "m4b", "2019", "Audiobook",
              ["Chapter One", "Chapter Two"], pictures=[(FRONT, "plum", "")],
              expect="embedded: MP4 `covr` of an audiobook (`.m4b`)", expect_colour="plum"),
        Album("Odd Lot/Mixed Bag", "Odd Lot", "Mixed Bag", "mp3", "2022", "Eclectic",
              ["Tagged One", "Tagged Two"], pictures=[(FRONT, "sandybrown", "Cover")],
              expect="embedded; the folder also holds two untagged audio files, which join this album, and "
                     "5,000 random bytes named `.mp3`, a failed file (see below)", expect_colour="sandybrown"),
        Album("Safety Net/Spare Copy", "Safety Net", "Spare Copy", "mp3", "2023", "Indie",
              ["Reserve", "Fallback"], folder_files={"cover.jpg": "truncated", "folder.jpg": "seagreen"},
              expect="folder `folder.jpg`: `cover.jpg`, the better name, is a truncated JPEG, rejected, and the "
                     "next image of the folder is tried", expect_colour="seagreen"),
    ]
    build(root, albums, images, audio)
    for album in albums:
        for name, key in album.folder_files.items():
            with open(os.path.join(root, album.folder, name), "wb") as fh:
                fh.write(images[key][0])
    for rel, (make, _what, _expected) in PICTURE_LOOSE_FILES.items():
        with open(os.path.join(root, rel), "wb") as fh:
            fh.write(make(audio))
    return albums


def clip_bytes(fmt: str, freq: int):
    def make(audio: AudioCache) -> bytes:
        with open(audio.clip(fmt, freq), "rb") as fh:
            return fh.read()
    return make


# Files of the picture library outside the album table: audio without any tag, and junk.
PICTURE_LOOSE_FILES = {
    "Odd Lot/Mixed Bag/03 - No Tags.mp3": (
        clip_bytes("mp3", 550), "an MP3 encode without any tag (no ID3v2, no ID3v1)",
        "joins the folder's album Odd Lot / Mixed Bag, titled `03 - No Tags` after its file"),
    "Odd Lot/Mixed Bag/04 - Raw Stream.aac": (
        clip_bytes("aac", 660), "a raw ADTS AAC stream (ADTS has no tags)",
        "joins the folder's album Odd Lot / Mixed Bag, titled `04 - Raw Stream`"),
    "Odd Lot/Mixed Bag/05 - Noise.mp3": (
        # Seed chosen so that music-metadata 11 finds a false frame sync in it (it reports an
        # "MPEG 2.5 Layer 3" stream), as it does in two random files of three.
        lambda _audio: random.Random(20240604).randbytes(5000),
        "5,000 seeded random bytes, `0xFF` bytes included: no audio frames, no tags",
        "a failed file (\"no audio frames and no tags\"); never an album, never a track"),
}


def write_pictures_readme(root: str, albums: list[Album]) -> None:
    lines = [GENERATED, "# Picture fixtures\n\n",
             "More containers and the ways taggers embed pictures in them (issue 9), one album each. A library "
             "of its own, so the counts asserted on `test/fixtures/library` stay as they are. Audio as in that "
             "library (Musepack: 44.1 kHz, the lowest rate `mpcenc` takes); tags: title, artist, album artist, "
             "album, track, year, genre.\n\n",
             "Pictures are 300x300 JPEGs of one colour gently shaded (each channel moves up to 6 levels towards "
             "mid-grey from left to right, so the mean is within 3 levels of the colour below and the picture is "
             "not one flat colour), except where said.\n\n",
             "| # | Folder | Album artist | Album | Year | Format | Tracks | Pictures in each track, in file order "
             "(type, description, content) | Images in folder | Expected cover | Expected colour |\n",
             "|---|---|---|---|---|---|---|---|---|---|---|\n"]

    def content(key: str) -> str:
        return SPECIAL_PICTURES.get(key) or (
            f"{key} `{PICTURE_COLOURS[key]}`" + {"steelblue": " 500x447", "lime": " 400x400", "crimson": " 400x400"}.get(key, ""))

    def picture_label(a: Album, ptype: int) -> str:
        if a.picture_style == "coverart":
            return "COVERART"
        if a.fmt in ("m4a", "m4b"):
            return "`covr` (no type)"
        return (APE_KEYS if a.fmt in ("wv", "mpc") else PICTURE_TYPE_NAMES)[ptype]

    for n, a in enumerate(albums, 1):
        pics = ", then ".join(
            f"{picture_label(a, p)}"
            f"{f' `{d}`' if d else ''}: {content(k)}" for p, k, d in a.pictures)
        colour = f"{a.expect_colour} `{PICTURE_COLOURS[a.expect_colour]}`" if a.expect_colour else "— (placeholder)"
        files = "<br>".join(f"`{name}`: {content(k)}" for name, k in a.folder_files.items()) or "—"
        lines.append(f"| {n} | `{a.folder}/` | {a.artist} | {a.title} | {a.year} | {a.fmt} | {tracks_cell(a)} | "
                     f"{pics or '—'} | {files} | {a.expect} | {colour} |\n")
    lines += ["\n## Files without tags\n\n", "| File | What it is | Expected |\n|---|---|---|\n"]
    lines += [f"| `{rel}` | {what} | {expected} |\n" for rel, (_make, what, expected) in PICTURE_LOOSE_FILES.items()]
    lines += [
        "\nAPE (Monkey's Audio) itself cannot be made here: ffmpeg has no APE encoder and Debian 12 has no "
        "`monkeys-audio` package. WavPack and Musepack carry the same APEv2 tags, so they stand for it.\n",
    ]
    with open(os.path.join(root, "README.md"), "w") as fh:
        fh.write("".join(lines))


# --------------------------------------------------------------------------------------------
# READMEs
# --------------------------------------------------------------------------------------------

def mb_cell(mb: dict[str, str]) -> str:
    if not mb:
        return "—"
    names = {"release": "release", "releasegroup": "release group", "albumartist": "album artist"}
    return "<br>".join(f"{names[k]} `{v}`" for k, v in mb.items())


def tracks_cell(album: Album) -> str:
    """Track files; with the track artist when it differs from the album artist."""
    return "<br>".join(
        f"`{t.rel[len(album.folder) + 1:]}`" + (f" (artist: {t.artist})" if t.artist != t.album_artist else "")
        for t in album.expand())


def mb_tag_name(fmt: str, key: str) -> str:
    name, vorbis = MB_KEYS[key]
    return {"mp3": f"TXXX:{name}", "m4a": f"----:com.apple.iTunes:{name}"}.get(fmt, vorbis)


MM_FIELD = {"release": "musicbrainz_albumid", "releasegroup": "musicbrainz_releasegroupid",
            "albumartist": "musicbrainz_albumartistid"}


GENERATED = ("<!-- Generated by scripts/make-libraries.sh (scripts/make_libraries.py): edit the script, "
             "not this file. -->\n\n")


def write_test_readme(root: str, albums: list[Album]) -> None:
    lines = [GENERATED, "# Test library\n\n",
             "Fixture library for the scanner and cover-source tests. Every file is generated by "
             "`scripts/make-libraries.sh`; run `node scripts/check-libraries.mjs test/fixtures/library` "
             "to print what music-metadata reads from it.\n\n",
             "All audio is ~1 s of a quiet sine tone, mono, 8 kHz (MP3: 16 kHz, MPEG-2 Layer III). Every track has title, artist, album artist, "
             "album, track number (`n/total`), year and genre; multi-disc tracks also have a disc number (`n/total`). "
             "MP3s are ID3v2.4 except `Prism Hall/Two Sides` (ID3v2.3). Tags use the standard mappings "
             "(ID3 `TXXX:MusicBrainz Album Id`…, Vorbis `MUSICBRAINZ_ALBUMID`…, MP4 "
             "`----:com.apple.iTunes:MusicBrainz Album Id`…).\n\n",
             "Pictures are squares of one colour, 300×300 (the red front of `Prism Hall/Two Sides`: 400×400), JPEG (`image/jpeg`) unless the name ends in `.png`/`.PNG`, "
             "gently shaded: each channel moves up to 6 levels towards mid-grey from the left edge to the right one, "
             "so none is a single flat colour (which the service rejects as not a cover at all). "
             "The colours below are the colours *asked* of ffmpeg; the mean of a picture is within 3 levels of "
             "them, plus a few for JPEG (compare with a tolerance of ±8). "
             "`check-libraries.mjs` prints the decoded mean colour of every picture.\n\n",
             "## Albums\n\n",
             "| # | Folder | Album artist | Album | Year | Format | Tracks | MusicBrainz ids | Images in folder | "
             "Expected cover source | Expected colour |\n",
             "|---|---|---|---|---|---|---|---|---|---|---|\n"]
    for n, a in enumerate(albums, 1):
        files = "<br>".join(f"`{k}` ({SOLID[v]})" for k, v in a.folder_files.items()) or "—"
        colour = f"{a.expect_colour} `{SOLID[a.expect_colour]}`" if a.expect_colour else "— (no local art)"
        lines.append(f"| {n} | `{a.folder}/` | {a.artist} | {a.title} | {a.year} | {a.fmt} | {tracks_cell(a)} | "
                     f"{mb_cell(a.mb)} | {files} | {a.expect} | {colour} |\n")
    lines += [
        "\n## Embedded pictures, per album\n\n",
        "| Folder | Pictures in each track, in file order (type, MIME, colour) |\n|---|---|\n",
    ]
    def describe(pictures: list[tuple[int, str, str]]) -> str:
        return ", then ".join(
            f"{'Cover (front)' if p == FRONT else 'Cover (back)'} image/jpeg "
            + ("corrupt bytes" if k == "corrupt" else f"{k} `{SOLID[k]}`")
            for p, k, _d in pictures) or "no picture"

    for a in albums:
        tracks = a.expand()
        if not any(t.pictures for t in tracks):
            continue
        if all(t.pictures == tracks[0].pictures for t in tracks):
            lines.append(f"| `{a.folder}/` | every track: {describe(tracks[0].pictures)} |\n")
        else:
            lines.append(f"| `{a.folder}/` | "
                         + "; ".join(f"`{t.rel[len(a.folder) + 1:]}`: {describe(t.pictures)}" for t in tracks)
                         + " |\n")
    lines += [
        "\nMP4 has no picture types: the `covr` atom of `Citrus Club/Yellow Cab` holds one JPEG, which "
        "music-metadata reports without a type.\n\n",
        "`Mirror Image/Left` and `Mirror Image/Right` embed the **same bytes** (one JPEG file embedded in both): "
        "a content-addressed store keeps one copy.\n\n",
        "## Artist images\n\n| Artist folder | File | Colour |\n|---|---|---|\n",
    ]
    for rel, colour in TEST_ARTIST_IMAGES.items():
        d, name = rel.rsplit("/", 1)
        lines.append(f"| `{d}/` | `{name}` | {colour} `{SOLID[colour]}` |\n")
    lines += [
        "\nNo other artist folder has an image.\n\n",
        "## Broken/Corrupt/\n\n",
        "| File | What it is | Expected |\n|---|---|---|\n",
        "| `01 - Corrupt.mp3` | 4096 seeded random bytes (no `0xFF` byte, so no MPEG frame sync), not audio | "
        "scanner skips it / records an error; never an album |\n",
        "| `02 - Truncated.flac` | the first 100 bytes of an untagged FLAC encode: `fLaC`, STREAMINFO, then cut "
        "inside the next metadata block; no tags, no audio frames | "
        "scanner skips it / records an error; never an album |\n",
        "| `notes.txt` | a text file | not an audio extension: ignored |\n",
        "\nNote: music-metadata 11 `parseFile` does **not throw** on either audio file. For `01 - Corrupt.mp3` it "
        "returns a format with no `container`, no `codec`, no `duration` and empty tags; for `02 - Truncated.flac` "
        "it returns container/codec `FLAC`, `duration` 1 (from STREAMINFO) and empty tags (no title, no album). "
        "A scanner must treat \"no codec\" / \"no album and no title\" as unreadable, not only exceptions.\n",
        "\n## MusicBrainz ids (made up)\n\n| Album | Tag written | music-metadata field | Id |\n|---|---|---|---|\n",
    ]
    for a in albums:
        for k, v in a.mb.items():
            lines.append(f"| {a.artist} – {a.title} ({a.fmt}) | `{mb_tag_name(a.fmt, k)}` | `common.{MM_FIELD[k]}`"
                         f"{'[0]' if k == 'albumartist' else ''} | `{v}` |\n")
    lines += ["\n## Colours\n\n| Name | Hex |\n|---|---|\n"]
    lines += [f"| {k} | `{v}` |\n" for k, v in SOLID.items()]
    with open(os.path.join(root, "README.md"), "w") as fh:
        fh.write("".join(lines))


DEMO_NOTES = {
    "Aurora Lines/Northern Drift": "embedded front cover in every track (ID3 APIC, type 3)",
    "Marble Harbour/Salt and Cedar": "embedded front cover in every track (FLAC PICTURE, type 3)",
    "Velvet Static/Night Bus": "embedded cover in every track (MP4 `covr`)",
    "The Lantern Choir/Quiet Weather": "`cover.jpg` beside the tracks, nothing embedded",
    "Juniper Falls/Paper Boats": "`folder.png` beside the tracks, nothing embedded",
    "Kite Orchestra/Open Fields": "no local art; MusicBrainz ids tagged (made up: a real Cover Art Archive "
                                  "lookup finds nothing, so the chain falls through to search / placeholder)",
    "Silverpine/Four Seasons": "two discs in `CD1/` and `CD2/`; `cover.jpg` in the album folder",
}


def write_demo_readme(root: str, albums: list[Album]) -> None:
    lines = [GENERATED, "# Demo library\n\n",
             "The small library `npm start` serves when `MUSIC_DIR` is not set. Every file is generated by "
             "`scripts/make-libraries.sh` (invented artists, ~1 s sine-tone clips, covers drawn by ffmpeg).\n\n",
             "| Folder | Album artist | Album | Year | Genre | Format | Tracks | Cover art |\n",
             "|---|---|---|---|---|---|---|---|\n"]
    for a in albums:
        lines.append(f"| `{a.folder}/` | {a.artist} | {a.title} | {a.year} | {a.genre} | {a.fmt} | "
                     f"{tracks_cell(a)} | {DEMO_NOTES[a.folder]} |\n")
    lines += ["\nArtist image: `Aurora Lines/artist.jpg`. No other artist folder has one.\n\n",
              "## MusicBrainz ids (made up)\n\n| Album | Tag written | music-metadata field | Id |\n|---|---|---|---|\n"]
    for a in albums:
        for k, v in a.mb.items():
            lines.append(f"| {a.artist} – {a.title} ({a.fmt}) | `{mb_tag_name(a.fmt, k)}` | `common.{MM_FIELD[k]}`"
                         f"{'[0]' if k == 'albumartist' else ''} | `{v}` |\n")
    with open(os.path.join(root, "README.md"), "w") as fh:
        fh.write("".join(lines))


# --------------------------------------------------------------------------------------------
# test/fixtures/typed: back covers, booklets and discs (Album.images)
# --------------------------------------------------------------------------------------------

TYPED_COLOURS = {
    "front": "c03030", "back": "3050c0", "leaflet": "d0b020", "media": "30a040",
    "mp3-front": "e07020", "mp3-back": "202080",
    "folder-front": "008080", "folder-back": "800000", "booklet1": "806000", "booklet2": "606060",
    "cd": "a040a0", "disc2": "40a0a0", "scan-inlay": "a06040", "scan-back": "204020",
}


def magick_image(path: str, hex_colour: str, width: int = 300, height: int = 300) -> None:
    """An ImageMagick picture (folder files, as a scanner leaves them): a gentle vertical gradient
    from the colour to 12 levels lighter, so it is not one flat colour; JPEG or PNG by extension."""
    r, g, b = (int(hex_colour[i:i + 2], 16) for i in (0, 2, 4))
    lighter = "".join(f"{min(255, c + 12):02x}" for c in (r, g, b))
    subprocess.run(["convert", "-size", f"{width}x{height}", f"gradient:#{hex_colour}-#{lighter}", "-depth", "8", "-strip",
                    "-quality", "75", path], check=True)


TYPED_NOTES = {
    "Paper Trail/Liner Notes": "FLAC PICTURE blocks in every track: Cover (front) `c03030`, Cover (back) "
                               "`3050c0`, Leaflet page `d0b020` (300×450), Media `30a040`",
    "Paper Trail/Flip Side": "ID3 APIC in every track: Cover (back) `202080` (300×300) first, then Cover (front) "
                             "`e07020` (400×400)",
    "Scan House/Full Package": "nothing embedded; folder: `cover.jpg` `008080`, `Back.JPG` `800000`, "
                               "`booklet-01.jpg` `806000` (600×300), `Booklet 02.png` `606060`, `CD.jpg` `a040a0`, "
                               "`disc2.jpg` `40a0a0`, `scans/inlay.jpg` `a06040`, "
                               "`scans/back.jpg` `204020`, `notes.txt`; MusicBrainz release `5ca1ab1e-0000-4000-8000-00000000a11b` (made up)",
}


# Made up: the Cover Art Archive fake of the typed-images tests answers for this release.
TYPED_MB = {"release": "5ca1ab1e-0000-4000-8000-00000000a11b"}


def make_typed(root: str, tmp: str, audio: AudioCache) -> list[Album]:
    img = os.path.join(tmp, "typed")
    os.makedirs(img)
    paths = {}
    for name in ("front", "back", "leaflet", "media", "mp3-front", "mp3-back"):
        paths[name] = os.path.join(img, f"{name}.jpg")
        # The MP3's front is larger than its back: mutagen writes same-priority ID3 frames smallest first.
        solid_image(paths[name], TYPED_COLOURS[name], size=400 if name == "mp3-front" else 300,
                    height=450 if name == "leaflet" else None)
    images = load_images(paths)
    albums = [
        Album("Paper Trail/Liner Notes", "Paper Trail", "Liner Notes", "flac", "2012", "Folk", ["Fold", "Crease"],
              pictures=[(FRONT, "front", "Front"), (BACK, "back", "Back"), (LEAFLET, "leaflet", "Booklet p1"),
                        (MEDIA, "media", "CD")]),
        Album("Paper Trail/Flip Side", "Paper Trail", "Flip Side", "mp3", "2014", "Folk", ["Heads", "Tails"],
              pictures=[(BACK, "mp3-back", "Back"), (FRONT, "mp3-front", "Front")]),
        Album("Scan House/Full Package", "Scan House", "Full Package", "mp3", "2016", "Pop", ["Staple", "Gloss"],
              mb=TYPED_MB),
    ]
    build(root, albums, images, audio)
    pkg = os.path.join(root, "Scan House/Full Package")
    os.makedirs(os.path.join(pkg, "scans"))
    for rel, colour, w, h in [("cover.jpg", "folder-front", 300, 300), ("Back.JPG", "folder-back", 300, 300),
                              ("booklet-01.jpg", "booklet1", 600, 300), ("Booklet 02.png", "booklet2", 300, 300),
                              ("CD.jpg", "cd", 300, 300), ("disc2.jpg", "disc2", 300, 300),
                              ("scans/inlay.jpg", "scan-inlay", 300, 300), ("scans/back.jpg", "scan-back", 300, 300)]:
        magick_image(os.path.join(pkg, rel), TYPED_COLOURS[colour], w, h)
    with open(os.path.join(pkg, "notes.txt"), "w") as fh:
        fh.write("not an image\n")
    return albums


def write_typed_readme(root: str, albums: list[Album]) -> None:
    lines = [GENERATED, "# Typed-images library\n\n",
             "Back covers, booklets and discs for `Album.images(types: …)`. Generated by `scripts/make-libraries.sh` "
             "(embedded pictures: ffmpeg images tagged by mutagen with their picture type; folder files: ImageMagick "
             "gradients). Every picture is 300×300 unless noted.\n\n",
             "| Folder | Format | Tracks | Pictures |\n|---|---|---|---|\n"]
    for a in albums:
        lines.append(f"| `{a.folder}/` | {a.fmt} | {tracks_cell(a)} | {TYPED_NOTES[a.folder]} |\n")
    lines += ["\n## Colours\n\n| Name | Hex |\n|---|---|\n"]
    lines += [f"| {k} | `{v}` |\n" for k, v in TYPED_COLOURS.items()]
    with open(os.path.join(root, "README.md"), "w") as fh:
        fh.write("".join(lines))


def main() -> None:
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    project = os.path.abspath(sys.argv[1])
    only = sys.argv[2] if len(sys.argv) == 3 else None
    demo = os.path.join(project, "examples", "demo-library")
    test = os.path.join(project, "test", "fixtures", "library")
    pictures = os.path.join(project, "test", "fixtures", "pictures")
    typed = os.path.join(project, "test", "fixtures", "typed")
    with tempfile.TemporaryDirectory(prefix="soniquebay-libs-") as tmp:
        audio = AudioCache(tmp)
        if only in (None, "demo"):
            write_demo_readme(demo, make_demo(demo, tmp, audio))
        if only in (None, "test"):
            write_test_readme(test, make_test(test, tmp, audio))
        if only in (None, "pictures"):
            write_pictures_readme(pictures, make_pictures(pictures, tmp, audio))
        if only in (None, "typed"):
            write_typed_readme(typed, make_typed(typed, tmp, audio))


if __name__ == "__main__":
    main()
