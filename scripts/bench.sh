#!/usr/bin/env bash
# Benchmarks: figures, not pass/fail. Builds the release dist/, then prints
#   1. transfer sizes (raw / gzip / brotli) per kind and total, the first load and the lazy sections;
#   2. engine operations natively and as wasm in headless Chromium, with the wasm/native ratio;
#   3. the browser figures: cold load, per-keystroke decode + render, 1 MiB paste, WebCrypto.
# Usage: bash scripts/bench.sh [--sizes-only]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --test
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
"$root/scripts/build.sh" >/dev/null 2>&1

sizes=$(node bench/sizes.mjs dist)
echo "== 1. sizes"
printf '%s\n' "$sizes"
[ "${1:-}" = "--sizes-only" ] && exit 0

echo
echo "== 2. engine operations, release profile (µs per op)"
native=$(cargo test --release -q -p tokenlab-engine --test bench_ops -- --nocapture 2>/dev/null | grep '^BENCH ' || true)
wasm=$(cargo test --release --target wasm32-unknown-unknown -p tokenlab-engine --test bench_ops -- --nocapture 2>/dev/null | grep -o 'BENCH .*' || true)
ops=$(
  printf '%-18s %12s %12s %8s\n' op native wasm ratio
  while read -r _ op us _; do
    w=$(printf '%s\n' "$wasm" | awk -v op="$op" '$2==op {print $3}')
    ratio=$(awk -v n="$us" -v w="${w:-0}" 'BEGIN { if (n > 0 && w > 0) printf "%.2fx", w / n; else print "-" }')
    printf '%-18s %12s %12s %8s\n' "$op" "$us" "${w:--}" "$ratio"
  done <<< "$(printf '%s\n' "$native" | grep -v '^BENCH_INFO')"
)
printf '%s\n' "$ops"

echo
echo "== 3. browser"
browser=$(node bench/browser.mjs dist 20)
printf '%s\n' "$browser"

# The one table the issue asks for: every figure beside its goal.
echo
echo "== Summary"
SIZES="$sizes" OPS="$ops" BROWSER="$browser" node bench/summary.mjs
