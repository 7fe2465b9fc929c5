#!/usr/bin/env bash
# The local engine's benchmark: a 24 MP JPEG decoded, relit and encoded on one core, side by side
# with libjpeg-turbo's own decode + encode (tjbench) and an ImageMagick approximation of the relight.
#
#   Benchmarks/engine/run.sh            # 3 interleaved rounds on CPU 0, best of each
#   ROUNDS=5 CORE=1 Benchmarks/engine/run.sh
#
# Needs: swift, tjbench (libjpeg-turbo-progs), ImageMagick 6 (/usr/bin/convert), /usr/bin/time, taskset.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${ROUNDS:-3}
CORE=${CORE:-0}
WORK=${WORK:-$(mktemp -d /tmp/relight-engine-bench.XXXXXX)}
PIN="taskset -c $CORE"
IM=/usr/bin/convert

swift build -c release --product engine-bench >/dev/null
BENCH=$(swift build -c release --show-bin-path)/engine-bench

# 24 MP test image: the sample photo (coffee.png, CC0) upscaled to 6000×4000 with noise for real texture.
IMAGE=$WORK/bench24.jpg
if [ ! -f "$IMAGE" ]; then
  $IM Benchmarks/engine/sample.jpg -resize '6000x4000!' -attenuate 0.4 +noise Gaussian -sampling-factor 2x2 -quality 90 "$IMAGE"
  $IM "$IMAGE" "$WORK/bench24.ppm"
fi
echo "image: $IMAGE ($(du -h "$IMAGE" | cut -f1)), 6000×4000, JPEG q90 4:2:0; core $CORE; $ROUNDS rounds"

min() { awk -v a="$1" -v b="$2" 'BEGIN { print (b == "" || a < b) ? a : b }'; }
best_decode="" best_relight="" best_encode="" best_total="" best_tjdec="" best_tjenc="" best_im=""
for round in $(seq "$ROUNDS"); do
  out=$($PIN "$BENCH" time "$IMAGE" --runs 1 --quality 90)
  d=$(echo "$out" | awk '/^decode:/ {print $2}');  best_decode=$(min "$d" "$best_decode")
  r=$(echo "$out" | awk '/^relight:/ {print $2}'); best_relight=$(min "$r" "$best_relight")
  e=$(echo "$out" | awk '/^encode:/ {print $2}');  best_encode=$(min "$e" "$best_encode")
  t=$(echo "$out" | awk '/^total:/ {print $2}');   best_total=$(min "$t" "$best_total")
  # tjbench: decode of the same file to RGB; encode of the same pixels at q90 4:4:4 (what relight writes).
  mp=$($PIN tjbench "$IMAGE" -rgb -benchtime 1 -warmup 0 | awk '/Throughput/ {print $2; exit}')
  best_tjdec=$(min "$(awk -v m="$mp" 'BEGIN {print 24000 / m}')" "$best_tjdec")
  mp=$($PIN tjbench "$WORK/bench24.ppm" 90 -subsamp 444 -rgb -benchtime 1 -warmup 0 -quiet | awk '/^RGB/ {print $7; exit}')
  best_tjenc=$(min "$(awk -v m="$mp" 'BEGIN {print 24000 / m}')" "$best_tjenc")
  # ImageMagick: warm directional ramp multiplied in, plus a blurred luminance mask (at 1/4 size) soft-lit on top.
  s=$(date +%s.%N)
  $PIN $IM -limit thread 1 "$IMAGE" \
    \( -size 4000x6000 gradient:'#fff0d0'-'#404048' -rotate -90 \) -compose multiply -composite \
    \( +clone -colorspace gray -resize 25% -blur 0x8 -resize '6000x4000!' \) -compose softlight -composite \
    -sampling-factor 1x1 -quality 90 "$WORK/imagemagick.jpg"
  im=$(awk -v s="$s" -v e="$(date +%s.%N)" 'BEGIN {print (e - s) * 1000}')
  best_im=$(min "$im" "$best_im")
done

rss=$( { /usr/bin/time -v $PIN "$BENCH" time "$IMAGE" --runs 1 >/dev/null; } 2>&1 | awk '/Maximum resident/ {print $6}')
tj=$(awk -v a="$best_tjdec" -v b="$best_tjenc" 'BEGIN {print a + b}')
printf '\n%-34s %10s\n' "stage (best of $ROUNDS, ms)" "time"
printf '%-34s %10.1f\n' "relight decode" "$best_decode" "relight relight" "$best_relight" "relight encode" "$best_encode" "relight total" "$best_total"
printf '%-34s %10.1f\n' "tjbench decode" "$best_tjdec" "tjbench encode (q90 4:4:4)" "$best_tjenc" "tjbench decode + encode" "$tj"
printf '%-34s %10.1f\n' "ImageMagick convert (1 thread)" "$best_im"
printf '\nrelight total / libjpeg-turbo decode+encode: %.2f×   (target ≤ 2×)\n' "$(awk -v a="$best_total" -v b="$tj" 'BEGIN {print a / b}')"
printf 'ImageMagick / relight total:                  %.1f×   (target ≥ 5×)\n' "$(awk -v a="$best_im" -v b="$best_total" 'BEGIN {print a / b}')"
printf 'peak RSS of one decode+relight+encode:        %.0f MB  (target ≤ 400 MB)\n' "$(awk -v k="$rss" 'BEGIN {print k / 1024}')"
echo "outputs: $WORK"
