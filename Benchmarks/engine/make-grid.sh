#!/usr/bin/env bash
# Rebuilds docs/engine-grid.jpg: the sample photos (rows) relit with shipped profiles (columns), full frame.
#   Benchmarks/engine/make-grid.sh [PHOTOS_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
PHOTOS=${1:-/work/shared/testdata/photos}
IM=/usr/bin/convert
swift build -c release --product engine-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/engine-bench
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PROFILES="golden-hour blue-hour neon-night cinematic-teal-orange low-key-dramatic candlelight high-key-bright"
label() { $IM "$1" -resize '270x180^' -gravity north -extent 270x180 -gravity south -background '#111' -splice 0x18 -fill white -pointsize 13 -annotate +0+2 "$2" "$1"; }
rows=()
for photo in astronaut.png chelsea.png coffee.png rocket.jpg; do
  stem=${photo%.*}
  cells=("$TMP/${stem}_source.png")
  $IM "$PHOTOS/$photo" "${cells[0]}"
  label "${cells[0]}" "source"
  for profile in $PROFILES; do
    cell="$TMP/${stem}_$profile.png"
    "$BENCH" render "$PHOTOS/$photo" "$cell" --profile "profiles/$profile.yaml" --full
    label "$cell" "$profile"
    cells+=("$cell")
  done
  $IM "${cells[@]}" -background '#111' -splice 2x0 +append "$TMP/row_$stem.png"
  rows+=("$TMP/row_$stem.png")
done
$IM "${rows[@]}" -background '#111' -splice 0x2 -append -quality 82 docs/engine-grid.jpg
echo "wrote docs/engine-grid.jpg ($(du -h docs/engine-grid.jpg | cut -f1))"
