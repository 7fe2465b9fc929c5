#!/usr/bin/env bash
# Cloud-path benchmarks (never part of `swift test`). From the repository root:
#   Benchmarks/cloud/run.sh            # 1,000 jobs at concurrency 1, 4, 16, and 50 MB presigned PUTs
#   JOBS=200 Benchmarks/cloud/run.sh   # a quicker pass
#   CONFIG=debug Benchmarks/cloud/run.sh   # without a release build
# Needs moto_server (pip install 'moto[server]') and curl for the peer comparison.
set -euo pipefail
cd "$(dirname "$0")/../.."
JOBS=${JOBS:-1000}
CONFIG=${CONFIG:-release}   # CONFIG=debug reuses the test build (numbers then only show the shape)
SCRATCH=$([ "$CONFIG" = release ] && echo .build-release || echo .build)
BIN=$SCRATCH/$CONFIG
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product CloudBench >/dev/null
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product relight >/dev/null

WORK=$(mktemp -d)
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_http() { for _ in $(seq 1 120); do curl -s -o /dev/null "$1" && return 0; sleep 0.25; done; echo "no answer from $1" >&2; exit 1; }

# The sandbox in echo mode, in its own process so the client's CPU time is the client's alone.
SB_PORT=$(free_port)
$BIN/relight sandbox --port "$SB_PORT" --job-duration 0ms --api-key bench-key >"$WORK/sandbox.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$SB_PORT/healthz"
SB=http://127.0.0.1:$SB_PORT

echo "== submit + poll + download through the sandbox (echo engine, loopback), $JOBS small images"
$BIN/CloudBench jobs --api "$SB/api/v1" --presign "$SB/presign" --key bench-key --jobs "$JOBS" --concurrency 1,4,16

# Peer: the same submit/poll/download sequence at concurrency 1 with curl (one process per call).
PEER_JOBS=${PEER_JOBS:-50}
echo "== peer: curl, concurrency 1, $PEER_JOBS jobs (submit, poll until completed, download)"
PNG="$WORK/peer.png"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82' >"$PNG"
SHA=$(sha256sum "$PNG" | cut -d' ' -f1)
PRESIGN=$(curl -s -H "Authorization: Bearer bench-key" -H 'Content-Type: application/json' \
  -d "{\"name\":\"$SHA-peer.png\",\"size\":$(stat -c %s "$PNG"),\"contentType\":\"image/png\",\"sha256\":\"$SHA\"}" "$SB/presign")
UPLOAD=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["uploadUrl"])' <<<"$PRESIGN")
FILE=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["fileUrl"])' <<<"$PRESIGN")
curl -s -X PUT -H 'Content-Type: image/png' --data-binary @"$PNG" "$UPLOAD" >/dev/null
START=$(date +%s.%N)
for i in $(seq 1 "$PEER_JOBS"); do
  JOB=$(curl -s -H "Authorization: Bearer bench-key" -H 'Content-Type: application/json' \
    -d "{\"prompt\":\"bench\",\"subject_image\":\"$FILE\",\"number_of_images\":1}" "$SB/api/v1/models/image-relighting/run" \
    | sed -E 's/.*"jobId":"([^"]+)".*/\1/')
  while :; do
    STATUS=$(curl -s -H "Authorization: Bearer bench-key" "$SB/api/v1/jobs/$JOB")
    case "$STATUS" in *completed*) break ;; esac
  done
  OUT=$(sed -E 's/.*"images":\["([^"]+)".*/\1/; s#\\/#/#g' <<<"$STATUS")
  curl -s -o /dev/null "$OUT"
done
END=$(date +%s.%N)
python3 -c "print(f'peer curl: $PEER_JOBS jobs in {$END-$START:.2f} s = {$PEER_JOBS/($END-$START):.1f} jobs/s')"

echo "== presigned PUT of a 50 MB file (client RSS must stay flat: the upload streams)"
BIG="$WORK/big.jpg"
python3 -c "import os,sys; sys.stdout.buffer.write(b'\xff\xd8\xff\xe0' + os.urandom(50*1000*1000 - 4))" >"$BIG"
SMALL="$WORK/small.jpg"
head -c 5000000 "$BIG" >"$SMALL"

MOTO_PORT=$(free_port)
moto_server -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
PIDS+=($!)
wait_http "http://127.0.0.1:$MOTO_PORT/relight-probe"
curl -s -X PUT "http://127.0.0.1:$MOTO_PORT/bench" >/dev/null

for file in "$SMALL" "$BIG"; do
  $BIN/CloudBench upload --file "$file" --s3 "http://127.0.0.1:$MOTO_PORT" --bucket bench
  $BIN/CloudBench upload --file "$file" --presign "$SB/presign" --key bench-key
done
echo "== peer: curl --upload-file of the 50 MB file to moto (max RSS from /usr/bin/time)"
START=$(date +%s.%N)
/usr/bin/time -f "curl max_rss_kb=%M" curl -s -o /dev/null -X PUT -H 'Content-Type: image/jpeg' --upload-file "$BIG" "http://127.0.0.1:$MOTO_PORT/bench/peer.jpg"
END=$(date +%s.%N)
python3 -c "print(f'peer curl to moto: {$END-$START:.3f} s = {50/($END-$START):.1f} MB/s')"
