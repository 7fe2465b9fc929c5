#!/bin/sh
# Recreates the codec test fixtures (committed; run only to change them). Needs ImageMagick 6 and exiftool.
set -eu
cd "$(dirname "$0")"
PHOTOS=${PHOTOS:-/work/shared/testdata/photos}
IM=/usr/bin/convert
# A small real photo (astronaut.png: public domain, NASA).
$IM "$PHOTOS/astronaut.png" -resize 256x256 -quality 85 portrait.jpg
# Grayscale JPEG: a horizontal ramp.
$IM -size 64x48 gradient:black-white -rotate 90 -colorspace Gray -quality 95 gray.jpg
# CMYK JPEG (Adobe, inverted): red | green on top, blue | white below.
$IM \( xc:red xc:lime +append \) \( xc:blue xc:white +append \) -append -scale 64x48! -colorspace CMYK -quality 95 cmyk.jpg
# 16-bit RGB PNG: red ramp left to right, blue constant 0x8000.
$IM -size 48x64 gradient:black-red -rotate -90 \( -size 64x48 xc:"rgb(0,0,50%)" \) -compose plus -composite -depth 16 rgb16.png
# RGBA PNG: opaque orange right half, fully transparent left half.
$IM -size 64x48 xc:"rgb(255,128,0)" -alpha set \( -size 32x48 xc:none -size 32x48 xc:white +append \) -compose copy_opacity -composite alpha.png
# JPEG with ICC, EXIF (orientation 6, capture date, camera, copyright) and an EXIF thumbnail.
$IM "$PHOTOS/chelsea.png" -resize 96x64! -quality 90 exif.jpg
$IM "$PHOTOS/chelsea.png" -resize 32x24! thumb.jpg
exiftool -q -overwrite_original -DateTimeOriginal="2024:06:01 18:30:00" -Make=Canon -Model="EOS R5" \
  -Copyright="(c) 2024 Jane Doe" -Orientation#=6 "-ThumbnailImage<=thumb.jpg" \
  "-ICC_Profile<=/usr/share/color/icc/ghostscript/a98.icc" exif.jpg
rm -f thumb.jpg
# More PNG layouts: 8-bit gray, gray + alpha, palette, 16-bit RGBA (all a left-to-right ramp).

$IM -size 48x64 gradient:black-white -rotate -90 -depth 8 -type Grayscale gray.png
$IM -size 48x64 gradient:black-white -rotate -90 -type GrayscaleAlpha \( -size 64x48 xc:"gray(50%)" \) -alpha off -compose copy_opacity -composite gray-alpha.png
$IM -size 64x48 xc:red xc:lime xc:blue +append -scale 64x48! PNG8:palette.png
$IM -size 48x64 gradient:black-red -rotate -90 -alpha set -channel A -evaluate set 25% +channel -depth 16 PNG64:rgba16.png
