#!/usr/bin/env bash
# Claims through the journal by 1, 2 and 4 worker processes: PostgreSQL on loopback against the
# SQLite journal on one host. Each worker claims an item (one UPDATE … FOR UPDATE SKIP LOCKED
# statement in PostgreSQL), then saves it as done, which gives its lease up in the same
# statement, until the queue is empty. BUDGET=1 claims under a shared daily budget (the claim
# then checks the day's spend in a transaction). From the repository root:
#   Benchmarks/journal/run.sh               # 20,000 items per run, release build
#   ITEMS=5000 CONFIG=debug Benchmarks/journal/run.sh
# PostgreSQL runs with its durable defaults (an fsync per commit, which the saves wait for; the
# journal's claims never wait for it, see PostgresJournal); DURABLE=wal for synchronous_commit=off
# on every commit, the guarantee SQLite's WAL mode with synchronous=NORMAL gives. SQLite runs
# in WAL mode with GRDB's defaults. Prints claims/s in total and the slowest worker's p50 and p99 claim latency.
set -euo pipefail
cd "$(dirname "$0")/../.."
ITEMS=${ITEMS:-20000}
CONFIG=${CONFIG:-release}
SCRATCH=${SCRATCH:-$([ "$CONFIG" = release ] && echo .build-release || echo .build)}
swift build -c "$CONFIG" --scratch-path "$SCRATCH" --product journal-bench >/dev/null
BIN=$SCRATCH/$CONFIG/journal-bench

# The server's folder is its own: as root it belongs to the postgres user.
PGDIR=$(mktemp -d /tmp/relight-bench-postgres.XXXXXX)
WORK=$(mktemp -d /tmp/relight-journal-bench.XXXXXX)
cleanup() { scripts/postgres.sh stop "$PGDIR" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
# DURABLE=1 (default): saves wait for an fsync; DURABLE=wal: synchronous_commit=off, SQLite's guarantee.
eval "$(POSTGRES_DURABLE=${DURABLE:-1} scripts/postgres.sh start "$PGDIR")"
PG=$RELIGHT_TEST_POSTGRES_URL

echo "backend     workers  items   claims/s  p50 ms  p99 ms"
for backend in sqlite postgresql; do
	for workers in 1 2 4; do
		if [ "$backend" = sqlite ]; then
			target=(--sqlite "$WORK/sqlite-$workers")
		else
			db="bench_$workers"
			psql -X -q "$PG" -c "CREATE DATABASE $db"
			target=(--postgres "${PG%/*}/$db?sslmode=disable")
		fi
		"$BIN" fill "${target[@]}" --items "$ITEMS" >/dev/null
		pids=()
		for w in $(seq 1 "$workers"); do
			"$BIN" work "${target[@]}" --host "worker-$w" ${BUDGET:+--budget} >"$WORK/out-$backend-$workers-$w" &
			pids+=($!)
		done
		for pid in "${pids[@]}"; do wait "$pid"; done
		cat "$WORK"/out-"$backend"-"$workers"-* | awk -v backend="$backend" -v workers="$workers" '
			{ for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
			  claims += v["claims"]; if (v["seconds"] > secs) secs = v["seconds"];
			  if (v["p50_ms"] > p50) p50 = v["p50_ms"]; if (v["p99_ms"] > p99) p99 = v["p99_ms"] }
			END { printf "%-11s %7d  %6d  %8.0f  %6.2f  %6.2f\n", backend, workers, claims, claims / secs, p50, p99 }'
	done
done
