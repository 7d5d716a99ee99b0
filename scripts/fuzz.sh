#!/usr/bin/env bash
# Fuzzes the engine for a fixed time with cargo-fuzz (libFuzzer): intake, decoding, key parsing,
# signature verification, claim checks and the whole analysis, from one target (fuzz/fuzz_targets/
# analyze.rs; its header says how the input bytes are split into token and key text).
#
#   bash scripts/fuzz.sh [SECONDS]     default 60
#
# Needs the nightly toolchain (`rustup toolchain install nightly`); installs cargo-fuzz from
# crates.io when it is missing. Not part of CI. The corpus grows in fuzz/corpus/analyze (seeded
# from fuzz/seeds/analyze, which is committed); a crashing input is written to
# fuzz/artifacts/analyze/ and the script exits 1. Reproduce one with
#   cd fuzz && cargo +nightly fuzz run analyze artifacts/analyze/crash-…
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds="${1:-60}"
case "$seconds" in
  ''|*[!0-9]*) echo "usage: bash scripts/fuzz.sh [SECONDS]  (a whole number of seconds)" >&2; exit 2 ;;
esac
log() { printf '\033[1m[fuzz]\033[0m %s\n' "$*" >&2; }
export PATH="$HOME/.cargo/bin:$PATH"

if ! cargo +nightly --version >/dev/null 2>&1; then
  log "cargo-fuzz needs the nightly toolchain: rustup toolchain install nightly"
  exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  log "installing cargo-fuzz (about 2 minutes)"
  cargo install cargo-fuzz --locked
fi

cd "$root/fuzz"
corpus=corpus/analyze
artifacts=artifacts/analyze
mkdir -p "$corpus" "$artifacts"
cp -n seeds/analyze/* "$corpus/" 2>/dev/null || true
stamp=$(mktemp)
out=$(mktemp)
trap 'rm -f "$stamp" "$out"' EXIT

log "building the target (release, with debug assertions)"
cargo +nightly fuzz build analyze 2>&1 | tail -n 2 >&2

log "fuzzing for ${seconds}s"
status=0
# -timeout: one input taking over 10 s is a finding; -max_len: pasted tokens and keys stay small.
cargo +nightly fuzz run analyze "$corpus" -- \
  -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
  >"$out" 2>&1 || status=$?

execs=$(awk '/^stat::number_of_executed_units/ {print $NF}' "$out" | tail -n 1)
rate=$(awk '/^stat::average_exec_per_sec/ {print $NF}' "$out" | tail -n 1)
cov=$(grep -Eo 'cov: [0-9]+' "$out" | tail -n 1 | awk '{print $2}')
crashes=$(find "$artifacts" -type f -newer "$stamp" | wc -l)

echo "executions: ${execs:-unknown} (${rate:-?}/s), coverage: ${cov:-?} edges, corpus: $(find "$corpus" -type f | wc -l) inputs"
echo "crashes:    $crashes"
if [ "$crashes" -gt 0 ] || [ "$status" -ne 0 ]; then
  grep -E 'panicked at|^==[0-9]+==|SUMMARY|Test unit written to' "$out" | head -n 20 || true
  find "$artifacts" -type f -newer "$stamp" | head -n 10
  exit 1
fi
