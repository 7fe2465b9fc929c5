#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests and benchmarks, on a free loopback port.
#
#   scripts/postgres.sh start DIR   initdb in DIR/data and start the server; prints shell exports
#   scripts/postgres.sh stop DIR    stops it and removes DIR
#   scripts/postgres.sh pause DIR   stops the server, keeping its data (an outage, for tests)
#   scripts/postgres.sh resume DIR  starts it again on the same port
#
# initdb and postgres refuse to run as root, so as root the server runs as the unprivileged
# user `postgres` (created if missing; Debian's postgresql package creates it). Authentication
# is `trust` on loopback only: nothing but this machine can connect, and the data is thrown away.
set -euo pipefail
command=${1:?usage: postgres.sh start|stop|pause|resume DIR}
dir=${2:?usage: postgres.sh start|stop|pause|resume DIR}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL's server is not installed: apt-get install postgresql (make deps does it)" >&2; exit 1; }

as_server() {
	if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$command" in
start)
	if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
		useradd --system --no-create-home --shell /usr/sbin/nologin postgres
	fi
	mkdir -p "$dir"
	[ "$(id -u)" = 0 ] && chown postgres "$dir"
	chmod 700 "$dir"
	port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	as_server "$bin/initdb" -D "$dir/data" -U relight --auth=trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	# fsync off: a test server that is thrown away need not survive power loss; it is three times
	# faster here. For benchmarks: POSTGRES_DURABLE=1 keeps PostgreSQL's durable defaults (an
	# fsync per commit); POSTGRES_DURABLE=wal keeps fsync but commits without waiting for it
	# (synchronous_commit=off: like SQLite's WAL mode with synchronous=NORMAL, a power cut may
	# lose the last commits but never corrupts).
	durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	[ "${POSTGRES_DURABLE:-0}" = 1 ] && durability=""
	[ "${POSTGRES_DURABLE:-0}" = wal ] && durability="-c synchronous_commit=off"
	echo "-c listen_addresses=127.0.0.1 -p $port -k $dir $durability -c max_connections=300" >"$dir/options"
	as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	as_server "$bin/createdb" -h 127.0.0.1 -p "$port" -U relight relight >/dev/null
	echo "export RELIGHT_TEST_POSTGRES_URL=postgresql://relight@127.0.0.1:$port/relight?sslmode=disable"
	echo "export RELIGHT_TEST_POSTGRES_DIR=$dir"
	echo "export RELIGHT_TEST_POSTGRES_BIN=$bin"
	;;
pause)
	as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
	;;
resume)
	as_server "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$(cat "$dir/options")" start >/dev/null
	;;
stop)
	if [ -d "$dir/data" ]; then as_server "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true; fi
	rm -rf "$dir"
	;;
*)
	echo "usage: postgres.sh start|stop|pause|resume DIR" >&2
	exit 64
	;;
esac
