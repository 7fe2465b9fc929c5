#!/usr/bin/env bash
# Benchmarks FolderWatch against inotifywait (inotify-tools, the same library's own tool),
# side by side in one session. Not part of `swift test`.
#
#   Benchmarks/watch/run.sh [latency|startup|burst|poll|all]
#
# Needs inotify-tools. As root it raises fs.inotify.max_user_watches for the 50,000-folder tree
# (both tools hold one watch per folder), and for the burst it also runs a second round with
# fs.inotify.max_queued_events lowered to 1024 so the kernel queue really overflows; both sysctls
# are restored on exit. BENCH_DIR picks the scratch folder (default: a new one under /tmp).
set -euo pipefail
cd "$(dirname "$0")/../.."
which="${1:-all}"
log=$(mktemp); swift build -c release --product watch-bench --scratch-path .build >"$log" 2>&1 || { cat "$log"; exit 1; }; rm -f "$log"
bench=.build/release/watch-bench
work="${BENCH_DIR:-$(mktemp -d /tmp/relight-watch-bench.XXXXXX)}"
mkdir -p "$work"
watches=$(cat /proc/sys/fs/inotify/max_user_watches)
queued=$(cat /proc/sys/fs/inotify/max_queued_events)
restore() {
    if [ "$(id -u)" = 0 ]; then
        echo "$watches" > /proc/sys/fs/inotify/max_user_watches
        echo "$queued" > /proc/sys/fs/inotify/max_queued_events
    fi
    [ -n "${BENCH_DIR:-}" ] || rm -rf "$work"
}
trap restore EXIT
if [ "$(id -u)" = 0 ] && [ "$watches" -lt 200000 ]; then echo 200000 > /proc/sys/fs/inotify/max_user_watches; fi

echo "# $(date -u +%FT%TZ)  $(uname -r)  $(nproc) cores  $(df -T "$work" | awk 'NR==2 {print $2}') at $work"
case "$which" in latency|all) rm -rf "$work/lat"; mkdir -p "$work/lat"; "$bench" latency "$work/lat" 1000 ;; esac
case "$which" in startup|all) mkdir -p "$work/start"; "$bench" startup "$work/start" ;; esac
case "$which" in burst|all)
    rm -rf "$work/burst"; mkdir -p "$work/burst"; "$bench" burst "$work/burst" 20000
    if [ "$(id -u)" = 0 ]; then
        echo "# again with fs.inotify.max_queued_events=1024 (a real IN_Q_OVERFLOW)"
        echo 1024 > /proc/sys/fs/inotify/max_queued_events
        rm -rf "$work/burst"; mkdir -p "$work/burst"; "$bench" burst "$work/burst" 20000
        echo "$queued" > /proc/sys/fs/inotify/max_queued_events
    fi ;;
esac
case "$which" in poll|all) mkdir -p "$work/poll"; "$bench" poll "$work/poll" ;; esac
