#!/usr/bin/env bash
# Benchmarks (figures, not pass/fail). Builds the release dist/ and prints its transfer sizes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
node bench/sizes.mjs dist
