#!/usr/bin/env bash
# Refreshes the README's pictures on the sample photos and the shipped profiles:
#   docs/preview-sheet.jpg  `relight preview` (the contact sheet)
#   docs/dashboard.png      the dashboard with a before/after slider per job (headless Chromium)
#   docs/slider.jpg         the full-size before/after page of one job
#   docs/gallery.jpg        the profile gallery
# (Chromium takes PNGs; the two that are mostly photographs are kept as JPEG, to keep the repository small.)
# Run it after `swift build` (or set RELIGHT=path/to/relight); `make screenshots` does both.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${RELIGHT:-$here/.build/debug/relight}"
chromium="$(command -v chromium || command -v chromium-browser)"
work="$(mktemp -d)"
pid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cd "$here"

"$bin" preview examples/photos/astronaut.png examples/photos/chelsea.png examples/photos/coffee.png examples/photos/rocket.jpg \
    --profile golden-hour --profile window-light --profile neon-night --cell-size 320 --out docs/preview-sheet.jpg

cat > "$work/relight.yaml" <<YAML
provider: local
profiles_dir: $here/profiles
status:
  listen: 127.0.0.1:$port
watch:
  - path: inbox
    profiles: by-subfolder
    output: relit/{profile}
    settle: 200ms
YAML
"$bin" watch --config "$work/relight.yaml" 2>"$work/daemon.log" &
pid=$!
python3 scripts/wait-for-port.py "$port"
sleep 1
cp examples/photos/astronaut.png "$work/inbox/golden-hour/"
cp examples/photos/chelsea.png "$work/inbox/window-light/"
cp examples/photos/coffee.png "$work/inbox/neon-night/"
cp examples/photos/rocket.jpg "$work/inbox/blue-hour/"
base="http://127.0.0.1:$port"
for _ in $(seq 120); do
    done=$(curl -s "$base/api/status" | python3 -c 'import json, sys; print(json.load(sys.stdin)["counts"].get("done", 0))')
    [ "$done" = 4 ] && break
    sleep 0.5
done
first=$(curl -s "$base/api/jobs?state=done" | python3 -c 'import json, sys; print(min(j["id"] for j in json.load(sys.stdin)["jobs"]))')

shot() {
    local target="$1"
    [[ "$target" = /* ]] || target="$here/$target"
    nice -n 19 "$chromium" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --hide-scrollbars \
        --user-data-dir="$work/chromium" --virtual-time-budget=5000 --window-size="$2" --screenshot="$target" "$3" 2>/dev/null
}
shot docs/dashboard.png 1280,1280 "$base/"
shot "$work/slider.png" 1280,640 "$base/compare/$first"
shot "$work/gallery.png" 1280,2720 "$base/profiles"
convert "$work/slider.png" -quality 85 docs/slider.jpg
convert "$work/gallery.png" -quality 85 docs/gallery.jpg
ls -l docs/preview-sheet.jpg docs/dashboard.png docs/slider.jpg docs/gallery.jpg
