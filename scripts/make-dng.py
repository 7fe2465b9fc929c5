#!/usr/bin/env python3
"""Makes a real DNG (Bayer RGGB mosaic, the DNG colour tags, EXIF) from any photo ImageMagick reads.

Used by the tests and the camera benchmarks, so no camera file from elsewhere is committed.
The photo is taken as sRGB, linearised, given a white-balance cast (undone by AsShotNeutral),
mosaiced and stored uncompressed at 16 bits per sample holding 12-bit (or 16-bit) values.
Check the result with `raw-identify -v out.dng`.

usage: make-dng.py IN OUT.dng [--size WxH] [--bits 12|16] [--orientation N] [--make M] [--model M]
                   [--date "YYYY:MM:DD HH:MM:SS"] [--artist A] [--copyright C] [--gps LAT,LON] [--preview]
                   [--truncate BYTES]

--preview adds a full-size embedded JPEG (a second directory), as cameras do, for `raw: preview`.
"""
import argparse
import struct
import subprocess

import numpy as np

SRGB_FROM_XYZ = [[3.2406, -1.5372, -0.4986], [-0.9689, 1.8758, 0.0415], [0.0557, -0.2040, 1.0570]]
NEUTRAL = [0.5, 1.0, 2.0 / 3.0]  # the camera's response to white: red weak, blue weaker


def read_photo(path, size):
    args = ["convert", path, "-auto-orient", "-colorspace", "sRGB"]
    if size:
        args += ["-resize", size + "!"]
    ppm = subprocess.run(args + ["-depth", "16", "ppm:-"], check=True, capture_output=True).stdout
    fields, offset = [], 0
    while len(fields) < 4:
        while ppm[offset:offset + 1].isspace():
            offset += 1
        end = offset
        while not ppm[end:end + 1].isspace():
            end += 1
        fields.append(ppm[offset:end])
        offset = end
    width, height = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(ppm, dtype=">u2", count=width * height * 3, offset=offset + 1)
    return pixels.reshape(height, width, 3).astype(np.float64) / 65535.0


def mosaic(rgb, bits):
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    camera = linear * np.array(NEUTRAL)
    black, white = (64, 4095) if bits == 12 else (0, 65535)
    values = black + camera * (white - black)
    height, width = rgb.shape[0] & ~1, rgb.shape[1] & ~1
    out = np.empty((height, width), dtype=np.float64)
    out[0::2, 0::2] = values[0:height:2, 0:width:2, 0]
    out[0::2, 1::2] = values[0:height:2, 1:width:2, 1]
    out[1::2, 0::2] = values[1:height:2, 0:width:2, 1]
    out[1::2, 1::2] = values[1:height:2, 1:width:2, 2]
    return np.clip(np.rint(out), 0, white).astype("<u2"), black, white


class Directory:
    """TIFF entries, written little-endian with their out-of-line values after the directory."""

    TYPES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 7: 1, 10: 8}

    def __init__(self):
        self.entries = {}

    def add(self, tag, kind, values):
        if kind == 2:
            data = values.encode() + b"\0"
            self.entries[tag] = (kind, len(data), data)
            return
        values = values if isinstance(values, (list, tuple)) else [values]
        if kind in (5, 10):
            fmt = "<" + ("Ii" if kind == 10 else "II")[0 if kind == 5 else 0]
            data = b"".join(struct.pack("<ii" if kind == 10 else "<II", *fraction(v, kind == 10)) for v in values)
        else:
            fmt = {1: "B", 3: "H", 4: "I", 7: "B"}[kind]
            data = struct.pack("<" + fmt * len(values), *values)
        self.entries[tag] = (kind, len(values), data)

    def size(self):
        extra = sum(len(d) + len(d) % 2 for _, _, d in self.entries.values() if len(d) > 4)
        return 2 + 12 * len(self.entries) + 4 + extra

    def encode(self, at):
        head, tail = struct.pack("<H", len(self.entries)), b""
        data_at = at + 2 + 12 * len(self.entries) + 4
        for tag in sorted(self.entries):
            kind, count, data = self.entries[tag]
            if len(data) <= 4:
                head += struct.pack("<HHI", tag, kind, count) + data.ljust(4, b"\0")
            else:
                head += struct.pack("<HHII", tag, kind, count, data_at + len(tail))
                tail += data + (b"\0" if len(data) % 2 else b"")
        return head + struct.pack("<I", 0) + tail


def fraction(value, signed):
    denominator = 10000
    return (int(round(value * denominator)), denominator)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("input")
    parser.add_argument("output")
    parser.add_argument("--size")
    parser.add_argument("--bits", type=int, default=12, choices=[12, 16])
    parser.add_argument("--orientation", type=int, default=1)
    parser.add_argument("--make", default="Canon")
    parser.add_argument("--model", default="EOS R5")
    parser.add_argument("--date", default="2024:06:01 18:30:00")
    parser.add_argument("--artist", default="Jane Doe")
    parser.add_argument("--copyright", default="(c) 2024 Jane Doe")
    parser.add_argument("--gps")
    parser.add_argument("--preview", action="store_true", help="embed a full-size JPEG preview")
    parser.add_argument("--no-exif", action="store_true", help="leave out the EXIF directory (camera and date stay in the first)")
    parser.add_argument("--truncate", type=int, help="keep only the first BYTES bytes (a copy cut short)")
    args = parser.parse_args()

    cfa, black, white = mosaic(read_photo(args.input, args.size), args.bits)
    height, width = cfa.shape
    exif = Directory()
    exif.add(33434, 5, 1 / 125)        # ExposureTime
    exif.add(33437, 5, 2.8)            # FNumber
    exif.add(34855, 3, 400)            # ISO
    exif.add(36864, 7, list(b"0231"))  # ExifVersion
    exif.add(36867, 2, args.date)      # DateTimeOriginal
    exif.add(37386, 5, 50.0)           # FocalLength
    exif.add(42036, 2, "RF50mm F1.8 STM")  # LensModel
    gps = None
    if args.gps:
        lat, lon = (float(v) for v in args.gps.split(","))
        gps = Directory()
        gps.add(0, 1, [2, 3, 0, 0])
        gps.add(1, 2, "N" if lat >= 0 else "S")
        gps.add(2, 5, dms(abs(lat)))
        gps.add(3, 2, "E" if lon >= 0 else "W")
        gps.add(4, 5, dms(abs(lon)))

    main_dir = Directory()
    main_dir.add(254, 4, 0)
    main_dir.add(256, 4, width)
    main_dir.add(257, 4, height)
    main_dir.add(258, 3, 16)
    main_dir.add(259, 3, 1)
    main_dir.add(262, 3, 32803)
    main_dir.add(271, 2, args.make)
    main_dir.add(272, 2, args.model)
    main_dir.add(273, 4, 0)  # patched below
    main_dir.add(274, 3, args.orientation)
    main_dir.add(277, 3, 1)
    main_dir.add(278, 4, height)
    main_dir.add(279, 4, width * height * 2)
    main_dir.add(284, 3, 1)
    main_dir.add(305, 2, "relight make-dng.py")
    main_dir.add(306, 2, args.date)
    main_dir.add(315, 2, args.artist)
    main_dir.add(33421, 3, [2, 2])
    main_dir.add(33422, 1, [0, 1, 1, 2])
    main_dir.add(33432, 2, args.copyright)
    if args.no_exif:
        exif = Directory()
    else:
        main_dir.add(34665, 4, 0)  # patched below
    if gps:
        main_dir.add(34853, 4, 0)
    main_dir.add(50706, 1, [1, 4, 0, 0])
    main_dir.add(50707, 1, [1, 1, 0, 0])
    main_dir.add(50708, 2, args.make + " " + args.model)
    main_dir.add(50714, 4, black)
    main_dir.add(50717, 4, white)
    main_dir.add(50721, 10, [v for row in SRGB_FROM_XYZ for v in row])
    main_dir.add(50728, 5, NEUTRAL)
    main_dir.add(50778, 3, 21)

    preview, preview_dir = b"", None
    if args.preview:
        size = "%dx%d!" % (width, height)
        preview = subprocess.run(
            ["convert", args.input, "-auto-orient", "-resize", size, "-sampling-factor", "2x2", "-quality", "90", "jpg:-"],
            check=True, capture_output=True).stdout
        preview_dir = Directory()
        preview_dir.add(254, 4, 1)
        preview_dir.add(256, 4, width)
        preview_dir.add(257, 4, height)
        preview_dir.add(258, 3, [8, 8, 8])
        preview_dir.add(259, 3, 7)
        preview_dir.add(262, 3, 6)
        preview_dir.add(273, 4, 0)
        preview_dir.add(277, 3, 3)
        preview_dir.add(278, 4, height)
        preview_dir.add(279, 4, len(preview))

    main_at = 8
    exif_at = main_at + main_dir.size()
    gps_at = exif_at + (exif.size() if exif.entries else 0)
    preview_dir_at = gps_at + (gps.size() if gps else 0)
    pixels_at = preview_dir_at + (preview_dir.size() if preview_dir else 0)
    pixels_at += pixels_at % 2
    preview_at = pixels_at + width * height * 2
    if preview_dir:
        preview_dir.add(273, 4, preview_at)
    main_dir.add(273, 4, pixels_at)
    if exif.entries:
        main_dir.add(34665, 4, exif_at)
    if gps:
        main_dir.add(34853, 4, gps_at)
    main_bytes = main_dir.encode(main_at)
    if preview_dir:  # link the preview as the next directory after the first
        link = 2 + 12 * len(main_dir.entries)
        main_bytes = main_bytes[:link] + struct.pack("<I", preview_dir_at) + main_bytes[link + 4:]
    blob = b"II*\0" + struct.pack("<I", main_at) + main_bytes + (exif.encode(exif_at) if exif.entries else b"")
    if gps:
        blob += gps.encode(gps_at)
    if preview_dir:
        blob += preview_dir.encode(preview_dir_at)
    blob = blob.ljust(pixels_at, b"\0") + cfa.tobytes() + preview
    if args.truncate:
        blob = blob[:args.truncate]
    with open(args.output, "wb") as out:
        out.write(blob)


def dms(value):
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    seconds = (value - degrees - minutes / 60) * 3600
    return [degrees, minutes, seconds]


if __name__ == "__main__":
    main()
