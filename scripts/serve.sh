#!/usr/bin/env bash
# Installs what is missing, then serves the app with live rebuilds on http://127.0.0.1:8080.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
cd "$root"
exec trunk serve --offline --skip-version-check "$@"
