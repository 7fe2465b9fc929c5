#!/usr/bin/env bash
# The restore kernel's benchmark: fit and apply times for a 24 MP original and a 1.5 MP model result,
# then a PSNR table (restore vs bilinear upscaling vs additive detail transfer vs ratio transfer) on the
# sample photos, against a known relighting applied at full resolution.
#
#   Benchmarks/restore/run.sh                 # on CPU 0
#   CORE=1 RUNS=5 Benchmarks/restore/run.sh
#
# Needs: swift, taskset. Photos: /work/shared/testdata/photos (PHOTOS=dir to change).
set -euo pipefail
cd "$(dirname "$0")/../.."
CORE=${CORE:-0}
RUNS=${RUNS:-3}
PHOTOS=${PHOTOS:-/work/shared/testdata/photos}

swift build -c release --product restore-bench >/dev/null 2>&1
BENCH=$(swift build -c release --show-bin-path)/restore-bench

echo "== timing (one core: $CORE; apply on 2 threads is unpinned)"
taskset -c "$CORE" "$BENCH" time --runs "$RUNS" | grep -v "2 threads"
"$BENCH" time --runs "$RUNS" | grep "2 threads"

echo
echo "== quality: the photo as the original, proxy at 1/2 and 1/4"
taskset -c "$CORE" "$BENCH" quality --factor 2 "$PHOTOS"/*.png "$PHOTOS"/*.jpg
echo
taskset -c "$CORE" "$BENCH" quality --factor 4 "$PHOTOS"/*.png "$PHOTOS"/*.jpg
echo
echo "== quality: the photo enlarged 2x with grain as the original (camera-like fine detail), proxy at 1/2"
taskset -c "$CORE" "$BENCH" quality --grain 2 --factor 2 "$PHOTOS"/*.png "$PHOTOS"/*.jpg
