#!/usr/bin/env bash
# Camera files, side by side with the libraries' own tools, in one run:
#   - a 24 MP DNG decoded by relight (develop, and preview) against LibRaw's dcraw_emu with the same
#     options (camera white balance, sRGB, 16 bits, sRGB curve: -w -o 1 -6 -g 2.4 12.92), and its
#     embedded-preview path against dcraw_emu -e;
#   - a 12 MP HEIC decoded by relight against heif-convert (to .y4m, its cheapest output, and to .jpg);
#   - a 24 MP 16-bit TIFF written (deflate, predictor 2) against tiffcp -c zip:2 on the same pixels.
#
#   Benchmarks/camera/run.sh              # 3 interleaved rounds on CPU 0, best of each
#   ROUNDS=5 CORE=1 Benchmarks/camera/run.sh
#
# Needs: swift, python3 with numpy, ImageMagick, libraw-bin, libheif-examples, libtiff-tools, taskset.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-0}
WORK=${WORK:-$(mktemp -d /tmp/relight-camera-bench.XXXXXX)}
PIN="taskset -c $CORE"
# One thread for everyone: LibRaw's OpenMP loops and libheif's decoder threads otherwise take both cores.
export OMP_NUM_THREADS=1

swift build -c release --product camera-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/camera-bench

SAMPLE=Benchmarks/engine/sample.jpg
DNG=$WORK/bench24.dng
HEIC=$WORK/bench12.heic
TIFF=$WORK/bench24-16bit.tif
if [ ! -f "$DNG" ]; then
  python3 scripts/make-dng.py "$SAMPLE" "$DNG" --size 6000x4000 --bits 12 --preview
  convert "$SAMPLE" -resize '4000x3000!' -attenuate 0.4 +noise Gaussian "$WORK/bench12.png"
  heif-enc -q 85 -o "$HEIC" "$WORK/bench12.png" >/dev/null
  convert "$SAMPLE" -resize '6000x4000!' -attenuate 0.4 +noise Gaussian -depth 16 -compress none "$TIFF"
fi
echo "files: $DNG ($(du -h "$DNG" | cut -f1)), $HEIC ($(du -h "$HEIC" | cut -f1)), $TIFF ($(du -h "$TIFF" | cut -f1)); core $CORE; $ROUNDS rounds"

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
ms() { local s; s=$(date +%s.%N); "$@" >/dev/null 2>&1; awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN {print (e - s) * 1000}'; }
field() { awk -v k="$1" '$1 == k":" {print $2}'; }

raw="" raw_peer="" prev="" prev_peer="" heic="" heic_y4m="" heic_jpg="" tiff="" tiff_peer=""
for round in $(seq "$ROUNDS"); do
  raw=$(min "$($PIN "$BENCH" decode "$DNG" --runs 1 --deep | field decode)" "$raw")
  raw_peer=$(min "$(ms $PIN dcraw_emu -w -o 1 -6 -g 2.4 12.92 -Z - "$DNG")" "$raw_peer")
  prev=$(min "$($PIN "$BENCH" decode "$DNG" --runs 1 --preview | field decode)" "$prev")
  heic=$(min "$($PIN "$BENCH" decode "$HEIC" --runs 1 | field decode)" "$heic")
  heic_y4m=$(min "$(ms $PIN heif-convert --quiet "$HEIC" "$WORK/out.y4m")" "$heic_y4m")
  heic_jpg=$(min "$(ms $PIN heif-convert --quiet -q 90 "$HEIC" "$WORK/out.jpg")" "$heic_jpg")
  tiff=$(min "$($PIN "$BENCH" write-tiff "$TIFF" "$WORK/relight.tif" --runs 1 | field write)" "$tiff")
  tiff_peer=$(min "$(ms $PIN tiffcp -c zip:2 "$TIFF" "$WORK/tiffcp.tif")" "$tiff_peer")
done

printf '\n%-48s %10s\n' "best of $ROUNDS, ms" "time"
printf '%-48s %10.0f\n' "relight decode 24 MP DNG (develop, 16-bit)" "$raw" "dcraw_emu -w -o 1 -6 -g 2.4 12.92 (same work)" "$raw_peer"
printf '%-48s %10.0f\n' "relight decode 24 MP DNG (raw: preview)" "$prev"
printf '%-48s %10.0f\n' "relight decode 12 MP HEIC (RGB)" "$heic" "heif-convert to .y4m (no RGB conversion)" "$heic_y4m" "heif-convert to .jpg (RGB + JPEG encode)" "$heic_jpg"
printf '%-48s %10.0f\n' "relight write 24 MP 16-bit TIFF (deflate+pred.)" "$tiff" "tiffcp -c zip:2 (read + write)" "$tiff_peer"
printf '\nDNG develop: relight / dcraw_emu      %.2f×  (target ≤ 1.1×)\n' "$(awk -v a="$raw" -v b="$raw_peer" 'BEGIN {print a / b}')"
printf 'DNG preview / develop:                %.2f×\n' "$(awk -v a="$prev" -v b="$raw" 'BEGIN {print a / b}')"
printf 'HEIC: relight / heif-convert (.y4m)   %.2f×  (target ≤ 1.1×)\n' "$(awk -v a="$heic" -v b="$heic_y4m" 'BEGIN {print a / b}')"
printf 'HEIC: relight / heif-convert (.jpg)   %.2f×\n' "$(awk -v a="$heic" -v b="$heic_jpg" 'BEGIN {print a / b}')"
printf 'TIFF write: relight / tiffcp          %.2f×\n' "$(awk -v a="$tiff" -v b="$tiff_peer" 'BEGIN {print a / b}')"
echo "files: $WORK"
