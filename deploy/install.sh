#!/usr/bin/env bash
# Installs relight as a systemd service (called by `make install`, after a release build):
#   binary   → $PREFIX/bin/relight                (default /usr/local/bin)
#   unit     → /etc/systemd/system/relight.service
#   config   → /etc/relight/relight.yaml, profiles → /etc/relight/profiles/ (kept if already there)
#   keys     → /etc/relight/relight.env (created empty, mode 600, if missing)
#   folders  → /srv/relight/inbox and /srv/relight/relit, owned by the `relight` system user
# DESTDIR stages everything under another root (packaging); then no user is created and systemd is not told.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DESTDIR="${DESTDIR:-}"
PREFIX="${PREFIX:-/usr/local}"
BINARY="${BINARY:-$here/.build/release/relight}"
CONFDIR="$DESTDIR/etc/relight"
UNITDIR="$DESTDIR/etc/systemd/system"
DATA="${RELIGHT_DATA:-/srv/relight}"

if [ ! -x "$BINARY" ]; then
    echo "error: $BINARY is missing; build it first with: swift build -c release --product relight" >&2
    exit 1
fi

install -D -m 0755 "$BINARY" "$DESTDIR$PREFIX/bin/relight"

install -d -m 0755 "$CONFDIR" "$CONFDIR/profiles"
for profile in "$here"/profiles/*.yaml; do
    target="$CONFDIR/profiles/$(basename "$profile")"
    [ -e "$target" ] || install -m 0644 "$profile" "$target"
done

if [ ! -e "$CONFDIR/relight.yaml" ]; then
    # The example config, with absolute paths for a service.
    sed -e "s|^profiles_dir:.*|profiles_dir: /etc/relight/profiles|" \
        -e "s|^state_dir:.*|state_dir: /var/lib/relight|" \
        -e "s|^  - path: inbox|  - path: $DATA/inbox|" \
        -e "s|^    output: relit/|    output: $DATA/relit/|" \
        "$here/examples/relight.yaml" > "$CONFDIR/relight.yaml"
    chmod 0644 "$CONFDIR/relight.yaml"
fi

if [ ! -e "$CONFDIR/relight.env" ]; then
    umask 077
    printf '# Secrets for relight (read by systemd, never logged):\n# PIXELDOJO_API_KEY=\n# RELIGHT_STATUS_TOKEN=\n' > "$CONFDIR/relight.env"
    umask 022
fi

unit="$(mktemp)"
sed -e "s|/usr/local/bin/relight|$PREFIX/bin/relight|" -e "s|^ReadWritePaths=.*|ReadWritePaths=$DATA|" \
    "$here/deploy/relight.service" > "$unit"
install -D -m 0644 "$unit" "$UNITDIR/relight.service"
rm -f "$unit"

if [ -z "$DESTDIR" ]; then
    id relight >/dev/null 2>&1 || useradd --system --home-dir /var/lib/relight --shell /usr/sbin/nologin relight
    install -d -o relight -g relight -m 0750 "$DATA" "$DATA/inbox" "$DATA/relit"
    chgrp relight "$CONFDIR/relight.env" && chmod 0640 "$CONFDIR/relight.env"
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        systemctl daemon-reload
        echo "Installed. Start it with: systemctl enable --now relight"
    else
        echo "Installed. systemd is not running here; start it with: relight watch --config /etc/relight/relight.yaml"
    fi
fi
[ -n "$DESTDIR" ] || "$DESTDIR$PREFIX/bin/relight" validate --config "$CONFDIR/relight.yaml" >/dev/null || \
    echo "note: check /etc/relight/relight.yaml with: relight validate --config /etc/relight/relight.yaml" >&2
