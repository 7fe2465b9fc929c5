#!/usr/bin/env bash
# Camera files, side by side with the libraries' own tools, in one run:
#   - a 24 MP DNG decoded by relight against LibRaw's dcraw_emu with the same options (camera white
#     balance, sRGB, 16 bits, sRGB curve: -w -o 1 -6 -g 2.4 12.92), and relight's `raw: preview`;
#   - a 12 MP HEIC decoded by relight against heif-convert (to .y4m, its cheapest output, and to .jpg);
#   - a 24 MP 16-bit TIFF written (deflate, predictor 2) against tiffcp -c zip:2 on the same pixels.
# Each figure is the best of ROUNDS interleaved rounds, as wall time and as CPU time (user + system,
# every thread): on a shared, busy machine the CPU time is the fair comparison.
#
#   Benchmarks/camera/run.sh              # 3 rounds on CPU 0
#   ROUNDS=5 CORE=1 Benchmarks/camera/run.sh
#
# Needs: swift, python3 with numpy, ImageMagick, libraw-bin, libheif-examples, libtiff-tools, taskset, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-0}
WORK=${WORK:-$(mktemp -d /tmp/relight-camera-bench.XXXXXX)}
PIN="taskset -c $CORE"
# One thread for everyone: LibRaw's OpenMP loops otherwise spread over the cores.
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
echo "files: $DNG ($(du -h "$DNG" | cut -f1)), $HEIC ($(du -h "$HEIC" | cut -f1)), $TIFF ($(du -h "$TIFF" | cut -f1))"
echo "core $CORE; $ROUNDS rounds; load average $(cut -d' ' -f1-3 /proc/loadavg)"

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
# A peer tool's wall and CPU time in ms, as "wall cpu".
peer() { /usr/bin/time -f '%e %U %S' -o "$WORK/time" $PIN "$@" >/dev/null 2>&1; awk '{ printf "%.0f %.0f\n", $1 * 1000, ($2 + $3) * 1000 }' "$WORK/time"; }
# relight's own figures from camera-bench: "wall cpu".
ours() { $PIN "$BENCH" "$@" --runs 1 | awk '/^(decode|write):/ {w = $2} /-cpu:/ {c = $2} END {print w, c}'; }

declare -A wall cpu
keep() {  # keep NAME "wall cpu"
  set -- "$1" $2
  wall[$1]=$(min "$2" "${wall[$1]:-}")
  cpu[$1]=$(min "$3" "${cpu[$1]:-}")
}
for round in $(seq "$ROUNDS"); do
  keep raw "$(ours decode "$DNG" --deep)"
  keep raw_peer "$(peer dcraw_emu -w -o 1 -6 -g 2.4 12.92 -Z - "$DNG")"
  keep preview "$(ours decode "$DNG" --preview)"
  keep heic "$(ours decode "$HEIC")"
  keep heic_y4m "$(peer heif-convert --quiet "$HEIC" "$WORK/out.y4m")"
  keep heic_jpg "$(peer heif-convert --quiet -q 90 "$HEIC" "$WORK/out.jpg")"
  keep tiff "$(ours write-tiff "$TIFF" "$WORK/relight.tif")"
  keep tiff_peer "$(peer tiffcp -c zip:2 "$TIFF" "$WORK/tiffcp.tif")"
done

row() { printf '%-50s %9.0f %9.0f\n' "$1" "${wall[$2]}" "${cpu[$2]}"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
printf '\n%-50s %9s %9s\n' "best of $ROUNDS, ms" "wall" "CPU"
row "relight decode 24 MP DNG (develop, 16-bit)" raw
row "dcraw_emu -w -o 1 -6 -g 2.4 12.92 (same work)" raw_peer
row "relight decode 24 MP DNG (raw: preview)" preview
row "relight decode 12 MP HEIC (RGB)" heic
row "heif-convert to .y4m (no RGB conversion)" heic_y4m
row "heif-convert to .jpg (RGB + JPEG encode)" heic_jpg
row "relight write 24 MP 16-bit TIFF (deflate+pred.)" tiff
row "tiffcp -c zip:2 (read + write)" tiff_peer
echo
echo "                                       wall    CPU"
echo "DNG develop: relight / dcraw_emu      $(ratio "${wall[raw]}" "${wall[raw_peer]}")×  $(ratio "${cpu[raw]}" "${cpu[raw_peer]}")×  (target ≤ 1.1×)"
echo "DNG preview / develop:                $(ratio "${wall[preview]}" "${wall[raw]}")×  $(ratio "${cpu[preview]}" "${cpu[raw]}")×"
echo "HEIC: relight / heif-convert .y4m     $(ratio "${wall[heic]}" "${wall[heic_y4m]}")×  $(ratio "${cpu[heic]}" "${cpu[heic_y4m]}")×  (target ≤ 1.1×)"
echo "HEIC: relight / heif-convert .jpg     $(ratio "${wall[heic]}" "${wall[heic_jpg]}")×  $(ratio "${cpu[heic]}" "${cpu[heic_jpg]}")×"
echo "TIFF write: relight / tiffcp          $(ratio "${wall[tiff]}" "${wall[tiff_peer]}")×  $(ratio "${cpu[tiff]}" "${cpu[tiff_peer]}")×"
echo "files: $WORK"
