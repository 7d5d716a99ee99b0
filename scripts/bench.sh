#!/usr/bin/env bash
# Benchmarks: figures, not pass/fail. Builds the release dist/, then prints
#   1. transfer sizes (raw / gzip / brotli) per kind and total, the first load and the lazy sections;
#   2. engine operations natively and as wasm in headless Chromium, with the wasm/native ratio
#      (medians of OP_RUNS=3 alternated runs of each);
#   3. the browser figures: cold load, per-keystroke decode + render, 1 MiB paste, WebCrypto.
# Usage: bash scripts/bench.sh [--sizes-only]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --test
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
"$root/scripts/build.sh" >/dev/null 2>&1
OP_RUNS=${OP_RUNS:-3}

sizes=$(node bench/sizes.mjs dist)
echo "== 1. sizes"
printf '%s\n' "$sizes"
[ "${1:-}" = "--sizes-only" ] && exit 0

echo
echo "== 2. engine operations, release profile, the wasm after wasm-opt -Oz (µs per op, median of $OP_RUNS runs each, alternated)"
# One run of each moves the wasm/native ratios by ±0.3 on this shared machine; the median of
# alternated runs is steadier.
# The wasm is measured as the page ships it: scripts/postbuild.py runs `wasm-opt -Oz` on every
# module of the release build, and so this runs it on the benchmark's module before the test
# runner loads it. (Measured 2026-11-24: wasm-opt makes verify_ES256 about 8 % faster in wasm and
# leaves RS256 as it was; `cargo test` alone never runs it.)
bench_wasm=$(cargo test --release --target wasm32-unknown-unknown -p tokenlab-engine --test bench_ops --no-run \
  --message-format=json 2>/dev/null | python3 -c '
import json, sys
paths = [m["executable"] for m in map(json.loads, sys.stdin) if m.get("reason") == "compiler-artifact" and m.get("executable")]
print(paths[-1] if paths else "")')
[ -n "$bench_wasm" ] || { echo "bench.sh: the wasm benchmark did not build" >&2; exit 1; }
ops_tmp=$(mktemp -d)
trap 'rm -rf "$ops_tmp"' EXIT
shipped_wasm="$ops_tmp/bench_ops.wasm"
wasm-opt -Oz --output="$shipped_wasm" "$bench_wasm"
native_all="" wasm_all=""
for _ in $(seq "$OP_RUNS"); do
  native_all+=$(cargo test --release -q -p tokenlab-engine --test bench_ops -- --nocapture 2>/dev/null | grep '^BENCH ' || true)$'\n'
  wasm_all+=$(wasm-bindgen-test-runner "$shipped_wasm" --nocapture 2>/dev/null | grep -o 'BENCH .*' || true)$'\n'
done
# median_of <lines> <op>: the median µs of that op's BENCH lines.
median_of() {
  printf '%s\n' "$1" | awk -v op="$2" '$1=="BENCH" && $2==op {print $3}' | sort -g \
    | awk '{a[NR]=$1} END { if (NR) print a[int((NR+1)/2)] }'
}
native=$(printf '%s\n' "$native_all" | awk '$1=="BENCH" && !seen[$2]++ {print $1, $2}' | while read -r tag op; do
  echo "$tag $op $(median_of "$native_all" "$op")"
done)
ops=$(
  printf '%-18s %12s %12s %8s\n' op native wasm ratio
  while read -r _ op us _; do
    w=$(median_of "$wasm_all" "$op")
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
