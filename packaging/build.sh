#!/usr/bin/env bash
# Configures and builds with the default preset into build/ (binaries in build/bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
cmake --preset default
cmake --build --preset default -j "$(nproc)"
