#!/usr/bin/env bash
# How often an idle `relight watch` wakes up: the sum of voluntary context switches over every
# thread (/proc/PID/task/*/status) during DURATION seconds (default 60), on a copy of the example
# config (examples/relight.yaml: the local engine, the status server on loopback), after the
# daemon is ready and has settled for 5 s. Prints one figure per binary, then the threads that
# woke, so whatever still ticks can be named. With STATUS_OFF=1 each binary is also measured
# with `status: {listen: off}` (Hummingbird refreshes its Date header cache every second).
#
#   Benchmarks/idle/idle-wakeups.sh [BINARY...]       default: .build/release/relight (built first)
#
# Before/after, both release builds:
#   git worktree add --detach /tmp/relight-base main && (cd /tmp/relight-base && swift build -c release --product relight)
#   Benchmarks/idle/idle-wakeups.sh /tmp/relight-base/.build/release/relight .build/release/relight
#
# Runs on loopback and a temporary folder only; nothing in the repository is touched.
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${DURATION:-60}
if [ $# -eq 0 ]; then
    swift build -c release --product relight >/dev/null
    set -- "$PWD/.build/release/relight"
fi
WORK=$(mktemp -d /tmp/relight-idle-XXXXXX)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"' EXIT

# Per thread: "name tid voluntary" lines.
threads() {
    for task in /proc/"$1"/task/*; do
        [ -r "$task/status" ] || continue
        printf '%s %s %s\n' "$(cat "$task/comm" 2>/dev/null | tr ' ' _)" "${task##*/}" \
            "$(awk '/^voluntary_ctxt_switches/ {print $2}' "$task/status" 2>/dev/null)"
    done
}

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

echo "# $(date -u +%FT%TZ)  $(uname -r)  $(nproc) cores  load $(cut -d' ' -f1-3 /proc/loadavg)  ${DURATION}s idle"
measure() { # $1 = binary, $2 = example | status-off
    local BIN=$1 run="$WORK/run-$RANDOM"
    mkdir -p "$run"
    # examples/relight.yaml says profiles_dir: ../profiles, so both folders are copied side by side.
    cp -r examples "$run/examples"
    cp -r profiles "$run/profiles"
    rm -rf "$run/examples/.relight" "$run/examples/inbox" "$run/examples/relit"
    if [ "$2" = status-off ]; then
        sed -i "s/listen: 127.0.0.1:8787/listen: off/" "$run/examples/relight.yaml"
    else
        sed -i "s/listen: 127.0.0.1:8787/listen: 127.0.0.1:$(free_port)/" "$run/examples/relight.yaml"
    fi
    "$BIN" watch --config "$run/examples/relight.yaml" 2>"$run/log" & PID=$!
    for _ in $(seq 1 300); do grep -q "Drop photos into" "$run/log" 2>/dev/null && break; sleep 0.1; done
    grep -q "Drop photos into" "$run/log" || { echo "the daemon did not become ready:" >&2; cat "$run/log" >&2; exit 1; }
    sleep 5
    threads "$PID" | LC_ALL=C sort -k2,2 > "$run/before"
    sleep "$DURATION"
    threads "$PID" | LC_ALL=C sort -k2,2 > "$run/after"
    kill -TERM "$PID"; wait "$PID" || true; PID=
    # Threads present at both ends; one started in between counts from zero.
    LC_ALL=C join -1 2 -2 2 -a 2 -e 0 -o 2.1,2.2,1.3,2.3 "$run/before" "$run/after" \
        | awk '{ d = $4 - $3; total += d; if (d > 0) by[$1] += d } END {
                 printf "%d", total; sep = " "
                 for (n in by) { printf "%s%s=%d", sep, n, by[n]; sep = ", " }
                 printf "\n" }' > "$run/result"
    printf '%6d voluntary context switches in %ss  %-10s %s\n' "$(cut -d' ' -f1 < "$run/result")" "$DURATION" "$2" "$BIN"
    echo "       by thread: $(cut -d' ' -f2- < "$run/result")"
}

for BIN in "$@"; do
    measure "$BIN" example
    if [ "${STATUS_OFF:-0}" = 1 ]; then measure "$BIN" status-off; fi
done
