#!/usr/bin/env bash
# Daemon benchmarks (issue 6): idle cost, a 10,000-item journal, and a 1,000-image drop.
# Usage: Benchmarks/daemon/run.sh            (builds relight in release mode first; CONFIG=debug uses the debug build)
# Prints one line per figure. Runs only on loopback and temporary folders.
set -euo pipefail
cd "$(dirname "$0")/../.."
CONFIG=${CONFIG:-release}
swift build -c "$CONFIG" --product relight >/dev/null
BIN=$PWD/.build/$CONFIG/relight
WORK=$(mktemp -d /tmp/relight-bench-XXXXXX)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/VmHWM/ {print $2}' "/proc/$1/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
TICKS=$(getconf CLK_TCK)

studio() { # $1 = folder
    mkdir -p "$1/profiles"
    cat > "$1/profiles/warm.yaml" <<YAML
prompt: golden hour
size: 256x256
output_format: jpg
seed: 1
YAML
    cat > "$1/relight.yaml" <<YAML
provider: local
status: {listen: off}
watch:
  - path: inbox
    profiles: [warm]
    output: relit
    settle: 100ms
YAML
}

wait_ready() { # $1 = log file
    for _ in $(seq 1 300); do grep -q "Drop photos into" "$1" 2>/dev/null && return 0; sleep 0.1; done
    echo "daemon did not become ready" >&2; cat "$1" >&2; exit 1
}

# 1. Idle on an empty inbox.
studio "$WORK/idle"
"$BIN" watch --config "$WORK/idle/relight.yaml" 2>"$WORK/idle.log" & PID=$!
wait_ready "$WORK/idle.log"
sleep 5
T0=$(cpu_ticks $PID); sleep 30; T1=$(cpu_ticks $PID)
echo "idle: RSS $(( $(rss_kb $PID) / 1024 )) MB (PSS $(( $(awk '/^Pss:/ {print $2}' /proc/$PID/smaps_rollup) / 1024 )) MB, anonymous $(( $(awk '/^Anonymous:/ {print $2}' /proc/$PID/smaps_rollup) / 1024 )) MB), CPU $(( (T1 - T0) * 1000 / TICKS )) ms over 30 s"
kill -TERM $PID; wait $PID || true

# 2. 10,000 items queued in the journal: daemon RSS once they are loaded, and `relight status` time.
studio "$WORK/queue"
"$BIN" validate --config "$WORK/queue/relight.yaml" >/dev/null
"$BIN" retry --all-failed --config "$WORK/queue/relight.yaml" >/dev/null   # creates the journal
python3 - "$WORK/queue/.relight/journal.sqlite" "$WORK/queue/inbox" <<'PY'
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1])
now = datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M:%S.000")
rows = [(f"{i:064x}", "warm", "f", f"{sys.argv[2]}/missing-{i}.jpg", sys.argv[2], "local", "paused" if i % 2 else "failed",
         1, None, 0.0, "bench", "[]", None, now) for i in range(10000)]
db.executemany("""INSERT INTO item (source_sha256, profile, fingerprint, source_path, watch_path, provider, state, attempts,
    job_id, credits, last_error, outputs, sidecar, detected_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", rows)
db.commit()
PY
START=$(date +%s.%N)
for _ in 1 2 3 4 5; do "$BIN" status --config "$WORK/queue/relight.yaml" >/dev/null; done
END=$(date +%s.%N)
echo "relight status with 10,000 items: $(python3 -c "print(f'{($END-$START)/5:.3f}')") s per call (mean of 5)"
"$BIN" watch --config "$WORK/queue/relight.yaml" 2>"$WORK/queue.log" & PID=$!
wait_ready "$WORK/queue.log"
sleep 3
echo "daemon with 10,000 items loaded: RSS $(( $(rss_kb $PID) / 1024 )) MB, peak $(( $(hwm_kb $PID) / 1024 )) MB"
kill -TERM $PID; wait $PID || true

# 3. 1,000 small images dropped at once, through the sandbox in echo mode: time to drain, the
#    daemon's CPU per image, and its peak RSS.
"$BIN" sandbox --port 0 --engine echo --api-key bench-key --job-duration 10ms > "$WORK/sandbox.log" 2>&1 & SANDBOX=$!
for _ in $(seq 1 100); do grep -q "listening on" "$WORK/sandbox.log" && break; sleep 0.1; done
ORIGIN=$(grep -o 'http://127.0.0.1:[0-9]*' "$WORK/sandbox.log" | head -1)
mkdir -p "$WORK/drop/profiles"
printf 'prompt: golden hour\nsize: 256x256\noutput_format: jpg\n' > "$WORK/drop/profiles/warm.yaml"
cat > "$WORK/drop/relight.yaml" <<YAML
provider: pixeldojo
pixeldojo:
  base_url: $ORIGIN/api/v1
  poll_interval: 50ms
  max_in_flight: 16
  requests_per_minute: 10000
upload:
  presign_service:
    url: $ORIGIN/presign
status: {listen: off}
watch:
  - path: inbox
    profiles: [warm]
    output: relit
    settle: 100ms
YAML
export PIXELDOJO_API_KEY=bench-key PRESIGN_TOKEN=bench-key
"$BIN" watch --config "$WORK/drop/relight.yaml" 2>"$WORK/drop.log" & PID=$!
wait_ready "$WORK/drop.log"
mkdir -p "$WORK/staging"
/usr/bin/convert -size 64x48 xc:orange "$WORK/small.jpg"
for i in $(seq 1 1000); do cp "$WORK/small.jpg" "$WORK/staging/p$i.jpg"; printf 'bench-%d' "$i" >> "$WORK/staging/p$i.jpg"; done
T0=$(cpu_ticks $PID); START=$(date +%s.%N)
mv "$WORK"/staging/*.jpg "$WORK/drop/inbox/"
while [ "$(ls "$WORK/drop/relit" 2>/dev/null | grep -c '\.relight\.json$')" -lt 1000 ]; do sleep 0.2; done
END=$(date +%s.%N); T1=$(cpu_ticks $PID)
python3 -c "print(f'1,000 images through the sandbox (echo): drained in {$END-$START:.1f} s, daemon CPU {($T1-$T0)*1000/$TICKS/1000:.1f} ms per image, peak RSS {$(hwm_kb $PID)//1024} MB')"
kill -TERM $PID; wait $PID || true
kill -TERM $SANDBOX; wait $SANDBOX || true
