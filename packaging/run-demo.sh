#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build, then run the
# whole product on demo data: a local central server (embedded SQLite) with
# the demo catalog, and the demo terminal enrolled against it and synced.
#   OCOP_DATA          terminal data dir   (default ~/.local/share/ocop-pos-demo)
#   OCOP_CENTRAL_DATA  central server dir  (default ~/.local/share/ocop-central-demo)
#   OCOP_CENTRAL_PORT  loopback port       (default 8080)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
"$here/install-deps.sh"
"$here/build.sh"
bin="$root/build/bin"
share="${XDG_DATA_HOME:-$HOME/.local/share}"
data="${OCOP_DATA:-$share/ocop-pos-demo}"
central="${OCOP_CENTRAL_DATA:-$share/ocop-central-demo}"
port="${OCOP_CENTRAL_PORT:-8080}"
db="sqlite:$central/central.db"
mkdir -p "$central"

if [ ! -f "$central/central.db" ]; then
  "$bin/ocop-central" --db "$db" catalog seed-demo
fi
if [ ! -f "$data/terminal.db" ]; then
  "$bin/ocop" --data "$data" init --demo
fi

"$bin/ocop-central" --db "$db" serve --listen "127.0.0.1:$port" > "$central/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "^listening on" "$central/serve.log" 2>/dev/null && break
  kill -0 $server 2>/dev/null || { cat "$central/serve.log" >&2; exit 1; }
  sleep 0.1
done
url="http://127.0.0.1:$port"
echo "Central server on $url (data in $central)"

if [ -z "$("$bin/ocop" --data "$data" config get sync_server_url 2>/dev/null || true)" ]; then
  point="$("$bin/ocop" --data "$data" config get point_code)"
  code="$("$bin/ocop-central" --db "$db" enroll-code "$point" | tail -n 1)"
  "$bin/ocop" --data "$data" enroll "$url" "$code" --name "Quầy 1"
fi
"$bin/ocop" --data "$data" sync || echo "first sync did not finish; the terminal keeps trying in the background"

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the terminal offscreen. A picture of the sell screen: $data/sell.png"
  export QT_QPA_PLATFORM=offscreen
  "$bin/ocop-pos" --data "$data" --screenshot "$data/sell.png" --screen sell
fi
echo "Starting the OCOP POS terminal on $data (demo PINs: cashier 1111, manager 9999). Ctrl-C stops both."
"$bin/ocop-pos" --data "$data"
