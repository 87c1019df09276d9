#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build, seed the demo
# terminal and start it. Data goes to $OCOP_DATA (default ~/.local/share/ocop-pos-demo).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
"$here/install-deps.sh"
"$here/build.sh"
data="${OCOP_DATA:-${XDG_DATA_HOME:-$HOME/.local/share}/ocop-pos-demo}"
if [ ! -f "$data/terminal.db" ]; then
  "$root/build/bin/ocop" --data "$data" init --demo
fi
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running the terminal offscreen. A picture of the sell screen: $data/sell.png"
  export QT_QPA_PLATFORM=offscreen
  "$root/build/bin/ocop-pos" --data "$data" --screenshot "$data/sell.png" --screen sell
fi
echo "Starting the OCOP POS terminal on $data (demo PINs: cashier 1111, manager 9999)"
exec "$root/build/bin/ocop-pos" --data "$data"
