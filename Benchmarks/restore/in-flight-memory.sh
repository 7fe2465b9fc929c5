#!/usr/bin/env bash
# Peak memory of `relight run` with the cloud provider while several 24 MP jobs wait on the API at once
# (`deliver: source`): what each job holds between its upload and its restore. The sandbox stands in
# for the API (echo engine, every job takes JOB_SECONDS), with max_in_flight JOBS.
#
#   Benchmarks/restore/in-flight-memory.sh                 # 4 jobs of 24 MP
#   BIN=/path/to/other/release JOBS=8 Benchmarks/restore/in-flight-memory.sh
#   PHOTO=big.jpg JOBS=2 Benchmarks/restore/in-flight-memory.sh
#
# Needs: swift, ImageMagick 6, /usr/bin/time.
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS=${JOBS:-4}
JOB_SECONDS=${JOB_SECONDS:-6}
if [ -z "${BIN:-}" ]; then
  swift build -c release --product relight >/dev/null
  BIN=$(swift build -c release --show-bin-path)
fi
WORK=$(mktemp -d /tmp/relight-in-flight.XXXXXX)
trap 'kill $SANDBOX 2>/dev/null || true; rm -rf "$WORK"' EXIT
PHOTO=${PHOTO:-$WORK/photo.jpg}
[ -f "$PHOTO" ] || /usr/bin/convert Benchmarks/engine/sample.jpg -resize '6000x4000!' -attenuate 0.4 +noise Gaussian -quality 90 "$PHOTO"
mkdir -p "$WORK/in" "$WORK/profiles"
# Different bytes each (a trailing comment after the image), so none is taken for another's duplicate.
for i in $(seq 1 "$JOBS"); do cp "$PHOTO" "$WORK/in/p$i.jpg"; printf 'job-%d' "$i" >> "$WORK/in/p$i.jpg"; done

"$BIN/relight" sandbox --port 0 --engine echo --api-key bench-key --job-duration "${JOB_SECONDS}s" > "$WORK/sandbox.log" 2>&1 & SANDBOX=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/sandbox.log" && break; sleep 0.1; done
ORIGIN=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)
printf 'prompt: golden hour sunlight\nlight_source: Left Light\noutput_format: jpg\ndeliver: source\n' > "$WORK/profiles/warm.yaml"
cat > "$WORK/relight.yaml" <<YAML
provider: pixeldojo
pixeldojo:
  base_url: $ORIGIN/api/v1
  poll_interval: 250ms
  max_in_flight: $JOBS
  requests_per_minute: 10000
upload:
  presign_service:
    url: $ORIGIN/presign
watch: []
YAML
export PIXELDOJO_API_KEY=bench-key PRESIGN_TOKEN=bench-key
START=$(date +%s.%N)
{ /usr/bin/time -v "$BIN/relight" run "$WORK"/in/*.jpg --profile warm --out "$WORK/out" --config "$WORK/relight.yaml" >/dev/null; } 2> "$WORK/time.log" || {
  cat "$WORK/time.log"; exit 1; }
END=$(date +%s.%N)
OUTPUTS=$(ls "$WORK/out" | grep -c '\.jpg$' || true)
PEAK=$(awk '/Maximum resident/ {printf "%.0f", $6 / 1024}' "$WORK/time.log")
MP=$(/usr/bin/identify -format '%w %h' "$PHOTO" | awk '{printf "%d", $1 * $2 / 1e6 + 0.5}')
python3 -c "print(f'$JOBS jobs of $MP MP in flight (each ${JOB_SECONDS} s at the API): peak RSS $PEAK MB, $OUTPUTS outputs, {$END-$START:.1f} s')"
