#!/usr/bin/env bash
# Issue 12's side-by-side figures, in one session on one core:
#   - the cloud restore of a 24 MP JPEG against tjbench decode + encode: after the download, decode the model's
#     result, reduce it to the fit's size, fit, then decode the original strip by strip, apply and encode each
#     strip (as FullFrame does; the proxy, and its frame at the fit's size, were made at upload); also the older
#     way, from the original kept decoded since the upload (its decode counted);
#   - the local engine, full frame, 24 MP (decode, relight, encode) against the same tjbench figure;
#   - peak RSS of `relight run` (local, full frame) and of the restore pipeline, at 24 MP and 100 MP.
#
#   Benchmarks/restore/vs-tjbench.sh              # best of 3 rounds on CPU 0
#   ROUNDS=5 CORE=1 Benchmarks/restore/vs-tjbench.sh
#
# Both sides are measured warm, as a daemon runs after its first photo: tjbench with its one-second warm-up,
# relight's tools with RUNS runs in one process (default 3), the best kept, so the first run takes the
# one-time costs (the process's page tables, the colour tables built on first use). RUNS=1 measures relight's
# side cold (tjbench always warms up). Each side's figure is its best single run.
#
# Needs: swift, tjbench (libjpeg-turbo-progs), ImageMagick 6, /usr/bin/time, taskset.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
RUNS=${RUNS:-3}
CORE=${CORE:-0}
WORK=${WORK:-$(mktemp -d /tmp/relight-restore-vs.XXXXXX)}
PIN="taskset -c $CORE"
IM=/usr/bin/convert

swift build -c release --product restore-bench >/dev/null
swift build -c release --product engine-bench >/dev/null
swift build -c release --product relight >/dev/null
BIN=$(swift build -c release --show-bin-path)

IMAGE=$WORK/bench24.jpg
[ -f "$IMAGE" ] || $IM Benchmarks/engine/sample.jpg -resize '6000x4000!' -attenuate 0.4 +noise Gaussian -sampling-factor 2x2 -quality 90 "$IMAGE"
[ -f "$WORK/bench24.ppm" ] || $IM "$IMAGE" "$WORK/bench24.ppm"
BIG=$WORK/bench100.jpg
# No grain at 100 MP: ImageMagick's 1 GiB disk-cache policy has no room for the second image +noise needs
# (this one is for peak memory only).
[ -f "$BIG" ] || $IM Benchmarks/engine/sample.jpg -resize '10000x10000!' -sampling-factor 2x2 -quality 90 "$BIG"
echo "image: $IMAGE, 6000×4000 JPEG q90 4:2:0; core $CORE; best of $ROUNDS rounds of $RUNS runs (thread CPU for the restore, wall time for the engine, tjbench's own timing after its warm-up)"

: > "$WORK/rounds.txt"
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
best_restore="" best_whole="" best_avx2="" best_engine="" best_tjdec="" best_tjenc=""
for round in $(seq "$ROUNDS"); do
  out=$($PIN "$BIN/restore-bench" pipeline "$IMAGE" --runs "$RUNS")
  restore=$(echo "$out" | awk '/^total:/ {print $2}')
  best_restore=$(min "$restore" "$best_restore")
  [ "$round" = 1 ] && echo "$out" | sed 's/^/  restore /'
  out=$($PIN "$BIN/restore-bench" pipeline "$IMAGE" --runs "$RUNS" --whole)
  best_whole=$(min "$(echo "$out" | awk '/^total:/ {print $2}')" "$best_whole")
  # The same with the AVX2 kernel, where the AVX-512 one runs by default (CPUs without it take this one).
  out=$($PIN "$BIN/restore-bench" pipeline "$IMAGE" --runs "$RUNS" --kernel avx2)
  best_avx2=$(min "$(echo "$out" | awk '/^total:/ {print $2}')" "$best_avx2")
  out=$($PIN "$BIN/engine-bench" time "$IMAGE" --runs "$RUNS" --quality 90)
  engine=$(echo "$out" | awk '/^total:/ {print $2}')
  best_engine=$(min "$engine" "$best_engine")
  mp=$($PIN tjbench "$IMAGE" -rgb -benchtime 1 -warmup 1 | awk '/Throughput/ {print $2; exit}')
  tjdec=$(awk -v m="$mp" 'BEGIN {print (m > 0) ? 24000 / m : 1e9}')
  best_tjdec=$(min "$tjdec" "$best_tjdec")
  mp=$($PIN tjbench "$WORK/bench24.ppm" 90 -subsamp 444 -rgb -benchtime 1 -warmup 1 -quiet | awk '/^RGB/ {print $7; exit}')
  tjenc=$(awk -v m="$mp" 'BEGIN {print (m > 0) ? 24000 / m : 1e9}')
  best_tjenc=$(min "$tjenc" "$best_tjenc")
  # This round's own ratios: on a shared machine the load drifts between rounds, less within one.
  awk -v r="$round" -v e="$engine" -v s="$restore" -v d="$tjdec" -v n="$tjenc" \
    'BEGIN { t = d + n; printf "  round %d: tjbench %.1f, restore %.1f = %.2f×, engine %.1f = %.2f×\n", r, t, s, s / t, e, e / t }' | tee -a "$WORK/rounds.txt"
done
tj=$(awk -v a="$best_tjdec" -v b="$best_tjenc" 'BEGIN {print a + b}')
printf '\n%-44s %9s\n' "one core, 24 MP (ms)" "time"
printf '%-44s %9.1f\n' "tjbench decode + encode (q90 4:4:4)" "$tj" "restore: fit, decode+apply+encode in strips" "$best_restore" \
  "restore from the original kept decoded" "$best_whole" \
  "restore with the AVX2 kernel" "$best_avx2" \
  "local engine, full frame: decode, relight, encode" "$best_engine"
printf '\nrestore / tjbench:       %.2f×   (target ≤ 1.5×)\n' "$(awk -v a="$best_restore" -v b="$tj" 'BEGIN {print a / b}')"
printf 'local engine / tjbench:  %.2f×   (target ≤ 1.4×)\n' "$(awk -v a="$best_engine" -v b="$tj" 'BEGIN {print a / b}')"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf 'median of the rounds'"'"' own ratios: restore %.2f×, engine %.2f×\n' \
  "$(grep -o 'restore [0-9.]* = [0-9.]*' "$WORK/rounds.txt" | awk '{print $4}' | median)" \
  "$(grep -o 'engine [0-9.]* = [0-9.]*' "$WORK/rounds.txt" | awk '{print $4}' | median)"

# Peak RSS of the real binary: `relight run` with the local engine, full frame, one profile.
cfg=$WORK/rss
mkdir -p "$cfg/profiles" "$cfg/in"
printf 'prompt: golden hour sunlight\nlight_source: Left Light\noutput_format: jpg\nseed: 3\n' > "$cfg/profiles/warm.yaml"
printf 'watch: []\n' > "$cfg/relight.yaml"
rss() { { /usr/bin/time -v "$@" >/dev/null; } 2>&1 | awk '/Maximum resident/ {printf "%.0f", $6 / 1024}'; }
echo
for image in "$IMAGE" "$BIG"; do
  name=$(basename "$image")
  run=$(rss "$BIN/relight" run "$image" --profile warm --out "$cfg/out" --force --config "$cfg/relight.yaml")
  restore=$(rss "$BIN/restore-bench" pipeline "$image" --runs 1)
  printf 'peak RSS %-14s relight run (local, full frame) %5s MB   restore pipeline %5s MB\n' "$name" "$run" "$restore"
done
echo "targets: 24 MP ≤ 250 MB, 100 MP ≤ 800 MB.  outputs: $WORK"
