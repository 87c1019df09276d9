#!/usr/bin/env bash
# One command: install what is missing, build, run every test suite.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
"$here/install-deps.sh"
"$here/build.sh"
cd "$root"
export QT_QPA_PLATFORM=offscreen
ctest --preset default -j 2 "$@"
