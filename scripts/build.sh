#!/usr/bin/env bash
# Release build of the app into dist/ (size-optimised wasm, relative URLs).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --offline --skip-version-check "$@"
# Brotli and gzip copies for hosts that serve precompressed files (see the script's header).
node "$root/scripts/precompress.mjs" "$root/dist"
# The same build as one self-contained HTML file (works from file://): dist-single/tokenlab.html
python3 "$root/scripts/build_single.py" "$root/dist" "$root/dist-single"
