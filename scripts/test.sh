#!/usr/bin/env bash
# Installs what is missing, then runs every check Tokenlab has, stopping at the first failure:
#   formatting, clippy, native tests, wasm tests (engine under Node, components in headless
#   Chromium), the release build, and the Playwright end-to-end suite against the release dist/.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
"$root/scripts/setup.sh" --test
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
t0=$(date +%s)
# Every test runner's output is also kept here, to add up the counts at the end.
counts=$(mktemp)
# Chromium, started by wasm-bindgen-test-runner's chromedriver, leaves a ~140 MB profile directory
# in $TMPDIR for every test binary; the wasm tests get a TMPDIR of their own, removed at the end.
browser_tmp=$(mktemp -d)
trap 'rm -rf "$counts" "$browser_tmp"' EXIT
run() { "$@" 2>&1 | tee -a "$counts"; return "${PIPESTATUS[0]}"; }

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32, app and engine)"
cargo clippy --target wasm32-unknown-unknown -p tokenlab -p tokenlab-engine --all-targets -- -D warnings
# The release app as Trunk builds it: sections behind wasm split points (feature `split`).
cargo clippy --target wasm32-unknown-unknown -p tokenlab --bin tokenlab-app --features split -- -D warnings

step "native tests"
run cargo test --workspace

step "wasm tests: engine (Node) and components (headless Chromium)"
TMPDIR="$browser_tmp" run cargo test --target wasm32-unknown-unknown -p tokenlab-engine --lib
TMPDIR="$browser_tmp" run cargo test --target wasm32-unknown-unknown -p tokenlab --tests

step "release build (trunk)"
"$root/scripts/build.sh"

step "end-to-end tests (Playwright, headless Chromium, release dist/)"
(cd tests/e2e && run npx playwright test)

# Cargo and wasm-bindgen print "test result: ok. N passed; M failed", Playwright "N passed".
passed=$(grep -Eo '(test result: [a-zA-Z]+\. )?[0-9]+ passed' "$counts" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$counts" | grep -Eo '[0-9]+' | awk '{s+=$1} END {print s+0}')
printf '\nall checks passed in %ss\n' "$(( $(date +%s) - t0 ))"
printf 'tests: %s passed, %s failed\n' "$passed" "$failed"
