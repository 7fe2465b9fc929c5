#!/usr/bin/env bash
# Sandbox throughput with 1, 2 and 3 hosts on one PostgreSQL: each host is a `relight watch`
# process with max_in_flight 4, the sandbox answers every call after 200 ms (--latency) and
# echoes the photo. Times from the drop of PHOTOS photos to the last sidecar. From the repo root:
#   Benchmarks/hosts/run.sh                  # 120 photos, release build
#   PHOTOS=60 CONFIG=debug Benchmarks/hosts/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PHOTOS=${PHOTOS:-120}
CONFIG=${CONFIG:-release}
SCRATCH=$([ "$CONFIG" = release ] && echo .build-release || echo .build)
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product relight >/dev/null
BIN=$(pwd)/$SCRATCH/$CONFIG/relight

# The server's folder is its own: as root it belongs to the postgres user.
PGDIR=$(mktemp -d /tmp/relight-bench-postgres.XXXXXX)
WORK=$(mktemp -d /tmp/relight-hosts-bench.XXXXXX)
PIDS=()
cleanup() {
	for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
	scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true
	rm -rf "$WORK"
}
trap cleanup EXIT
eval "$(scripts/postgres.sh start "$PGDIR")"
PG=$RELIGHT_TEST_POSTGRES_URL
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

SB_PORT=$(free_port)
"$BIN" sandbox --port "$SB_PORT" --api-key bench-key --engine echo --latency 200ms --job-duration 0ms >"$WORK/sandbox.log" 2>&1 &
PIDS+=($!)
python3 scripts/wait-for-port.py "$SB_PORT"
SB=http://127.0.0.1:$SB_PORT

# Distinct photos (each its own content), made once and copied in for every run.
mkdir -p "$WORK/photos"
for i in $(seq 1 "$PHOTOS"); do
	convert -size 48x32 "xc:rgb($((i % 256)),$((i / 256)),90)" "$WORK/photos/photo-$i.jpg"
done

echo "hosts  photos  seconds  jobs/s  speed-up"
single=""
for hosts in 1 2 3; do
	run=$WORK/run-$hosts
	mkdir -p "$run/profiles" "$run/inbox"
	printf 'description: bench\nprompt: warm light\nlight_source: Left Light\nsize: 256x256\noutput_format: jpg\ndeliver: generated\n' >"$run/profiles/warm.yaml"
	db="hosts_$hosts"
	psql -X -q "$PG" -c "CREATE DATABASE $db"
	daemons=()
	for h in $(seq 1 "$hosts"); do
		mkdir -p "$run/host-$h"
		cat >"$run/host-$h/relight.yaml" <<YAML
provider: pixeldojo
pixeldojo:
  base_url: $SB/api/v1
  poll_interval: 100ms
  requests_per_minute: 10000
  max_in_flight: 4
upload:
  presign_service:
    url: $SB/presign
profiles_dir: $run/profiles
state_dir: $run/host-$h/state
journal: ${PG%/*}/$db?sslmode=disable
host_id: host-$h
status: {listen: off}
watch:
  - path: $run/inbox
    profiles: [warm]
    output: $run/relit/{profile}
    settle: 200ms
YAML
		PIXELDOJO_API_KEY=bench-key PRESIGN_TOKEN=bench-key "$BIN" watch --config "$run/host-$h/relight.yaml" >"$run/host-$h.log" 2>&1 &
		daemons+=($!)
		PIDS+=($!)
	done
	for h in $(seq 1 "$hosts"); do
		until grep -q "Drop photos into" "$run/host-$h.log"; do sleep 0.2; done
	done
	start=$(date +%s.%N)
	for f in "$WORK"/photos/*.jpg; do cp "$f" "$run/inbox/.tmp" && mv "$run/inbox/.tmp" "$run/inbox/$(basename "$f")"; done
	until [ "$(ls "$run/relit/warm" 2>/dev/null | grep -c '\.relight\.json$')" -ge "$PHOTOS" ]; do sleep 0.1; done
	end=$(date +%s.%N)
	for pid in "${daemons[@]}"; do kill "$pid"; wait "$pid" 2>/dev/null || true; done
	python3 - "$hosts" "$PHOTOS" "$start" "$end" "$single" <<'PY'
import sys
hosts, photos, start, end, single = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
seconds = end - start
rate = photos / seconds
ratio = f"{rate / float(single):.2f}x" if single else "1.00x"
print(f"{hosts:5d}  {photos:6d}  {seconds:7.2f}  {rate:6.2f}  {ratio}")
open("/dev/shm/relight-hosts-single", "w").write(str(rate)) if not single else None
PY
	[ -z "$single" ] && single=$(cat /dev/shm/relight-hosts-single) && rm -f /dev/shm/relight-hosts-single
done
curl -s "$SB/sandbox/stats" | python3 -c '
import json, sys
s = json.load(sys.stdin)
print("sandbox:", s["submits"], "submits, at most", max(s["submitsByContent"].values()), "per photo")'
