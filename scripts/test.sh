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

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (native, all targets)"
cargo clippy --workspace --all-targets -- -D warnings

step "cargo clippy (wasm32, app and engine)"
cargo clippy --target wasm32-unknown-unknown -p tokenlab -p tokenlab-engine --all-targets -- -D warnings

step "native tests"
cargo test --workspace

step "wasm tests: engine (Node) and components (headless Chromium)"
cargo test --target wasm32-unknown-unknown -p tokenlab-engine --lib
cargo test --target wasm32-unknown-unknown -p tokenlab --tests

step "release build (trunk)"
"$root/scripts/build.sh"

step "end-to-end tests (Playwright, headless Chromium, release dist/)"
(cd tests/e2e && npx playwright test)

printf '\nall checks passed in %ss\n' "$(( $(date +%s) - t0 ))"
