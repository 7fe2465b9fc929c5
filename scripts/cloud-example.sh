#!/usr/bin/env bash
# The README's cloud example (deliver: source): one photo through the whole cloud path against the
# sandbox (`relight sandbox`, local engine at the API's geometry), then three pictures for docs/:
#   docs/cloud-proxy.jpg      what went up: the small sRGB proxy of the whole frame
#   docs/cloud-result.jpg     what the "model" returned (Magic Lighting's size, 1.5x the request)
#   docs/cloud-restored.jpg   the restored output at the source's full size (shown scaled down)
#   docs/cloud-crop.jpg       a 100 % crop of the restored output beside the same crop of the result, upscaled
#
#   scripts/cloud-example.sh            # PHOTO=path/to/photo.jpg to use another original
#
# Needs: swift, ImageMagick (convert), python3.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product relight >/dev/null
BIN="$(swift build --show-bin-path)/relight"
work=$(mktemp -d)
sandbox_pid=""
cleanup() {
    [ -n "$sandbox_pid" ] && kill "$sandbox_pid" 2>/dev/null || true
    [ -n "${daemon_pid:-}" ] && kill "$daemon_pid" 2>/dev/null || true
    [ -n "${KEEP:-}" ] && echo "kept $work" || rm -rf "$work"
}
trap cleanup EXIT

# The original: a sample photo enlarged to 2400x1600 (the samples are small; a camera file would be larger).
PHOTO=${PHOTO:-examples/photos/coffee.png}
convert "$PHOTO" -filter Lanczos -resize 2400x1600 -quality 95 "$work/coffee.jpg"

"$BIN" sandbox --port 0 --api-key sandbox-key --engine local --save-to "$work/sandbox" >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!
for _ in $(seq 100); do grep -qo 'http://127.0.0.1:[0-9]*' "$work/sandbox.log" && break; sleep 0.1; done
origin=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/sandbox.log" | head -1)

mkdir -p "$work/profiles"
cp profiles/golden-hour.yaml "$work/profiles/"
cat >"$work/relight.yaml" <<EOF
provider: pixeldojo
pixeldojo:
  base_url: $origin/api/v1
  poll_interval: 100ms
upload:
  presign_service:
    url: $origin/presign
status: {listen: off}
watch:
  - path: inbox
    profiles: [golden-hour]
    output: out
    settle: 200ms
EOF
# The daemon (relight run always uses the local engine): drop the photo in, wait for its sidecar, stop.
mkdir -p "$work/inbox"
PIXELDOJO_API_KEY=sandbox-key PRESIGN_TOKEN=sandbox-key "$BIN" watch --config "$work/relight.yaml" >"$work/daemon.log" 2>&1 &
daemon_pid=$!
for _ in $(seq 300); do grep -qs "Drop photos into" "$work/daemon.log" && break; sleep 0.1; done
cp "$work/coffee.jpg" "$work/inbox/.coffee.jpg.part" && mv "$work/inbox/.coffee.jpg.part" "$work/inbox/coffee.jpg"
for _ in $(seq 1200); do ls "$work"/out/*.relight.json >/dev/null 2>&1 && break; sleep 0.1; done
kill -TERM "$daemon_pid"; wait "$daemon_pid" || true
ls "$work"/out/*.relight.json >/dev/null || { cat "$work/daemon.log"; exit 1; }

subject=$(ls "$work"/sandbox/*-subject.*)
result=$(ls "$work"/sandbox/*-result-1.*)
restored=$(ls "$work"/out/*.jpg | head -1)
identify "$subject" "$result" "$restored"
mkdir -p docs
convert "$subject" -resize 720x -quality 85 -strip docs/cloud-proxy.jpg
convert "$result" -resize 720x -quality 85 -strip docs/cloud-result.jpg
convert "$restored" -resize 720x -quality 85 -strip docs/cloud-restored.jpg
# 100 %: 360x360 of the restored output at (1250, 850), the spoon on the saucer, beside the result's same region upscaled (bicubic).
convert "$restored" -crop 360x360+1250+850 +repage "$work/crop-restored.png"
convert "$result" -filter Catrom -resize 2400x1600! -crop 360x360+1250+850 +repage "$work/crop-upscaled.png"
convert "$work/crop-upscaled.png" "$work/crop-restored.png" +append -quality 88 -strip docs/cloud-crop.jpg
ls -l docs/cloud-*.jpg
