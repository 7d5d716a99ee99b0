#!/usr/bin/env bash
# Installs whatever is missing for Tokenlab, checking versions first so a second run costs seconds.
#   scripts/setup.sh          tools to build and serve (wasm target, trunk, wasm-bindgen-cli, wasm-opt)
#   scripts/setup.sh --test   also Chromium, chromedriver, the e2e npm packages and the Python interop packages
# Everything comes from the package registries (crates.io, npm, Debian, PyPI); nothing else is downloaded.
# Source this file's exported PATH by running the other scripts, which call it.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

TRUNK_VERSION=0.21.14
WASM_SPLIT_VERSION=0.2.4
BINARYEN_VERSION=132.0.0
ESBUILD_VERSION=0.25.12
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

log() { printf '\033[1m[setup]\033[0m %s\n' "$*" >&2; }
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

# wasm-bindgen-cli must equal the wasm-bindgen crate version in Cargo.lock.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' Cargo.lock)

# 1. The wasm target for the pinned toolchain (rust-toolchain.toml).
if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# 2. trunk (0.22 needs a newer rustc; pin 0.21.14).
if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  log "installing trunk $TRUNK_VERSION (about 7 minutes on 2 cores)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# 3. wasm-bindgen-cli at the Cargo.lock version (without --locked: its lockfile pins a yanked crate).
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  log "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# 3b. wasm-split-cli (wasm_split_cli_support, the splitter cargo-leptos uses): cuts the release
#     wasm into the main module and the lazily loaded sections (scripts/postbuild.py).
# (It has no --version; cargo's list of installed crates says which one is there.)
if ! command -v wasm-split-cli >/dev/null \
  || ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  log "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# 4. wasm-opt from npm's binaryen (Debian's v108 produces wasm that crashes in the browser).
if [ "$(wasm-opt --version 2>/dev/null | awk '{print $3}')" != "${BINARYEN_VERSION%%.*}" ]; then
  log "installing wasm-opt (npm binaryen@$BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"private":true}' > .tools/package.json
  npm install --prefix .tools --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

# 4b. esbuild from npm: release builds minify the CSS and JavaScript they inline into index.html
#     (scripts/postbuild.py).
if [ "$(esbuild --version 2>/dev/null || true)" != "$ESBUILD_VERSION" ]; then
  log "installing esbuild $ESBUILD_VERSION (npm) into .tools/"
  mkdir -p .tools
  [ -f .tools/package.json ] || echo '{"private":true}' > .tools/package.json
  npm install --prefix .tools --no-audit --no-fund --silent "esbuild@$ESBUILD_VERSION"
fi

if [ "$want_test" = 1 ]; then
  # 5. Chromium and chromedriver from Debian, for wasm-bindgen-test and Playwright.
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing chromium and chromium-driver from Debian"
    apt_get() { if [ "$(id -u)" = 0 ]; then apt-get "$@"; else sudo apt-get "$@"; fi; }
    apt_get update -qq
    DEBIAN_FRONTEND=noninteractive apt_get install -y -qq chromium chromium-driver >/dev/null
  fi
  # 6. The e2e packages, exactly as locked (skipped when the lockfile has not changed).
  stamp=tests/e2e/node_modules/.lock-hash
  lock_hash=$(sha256sum tests/e2e/package-lock.json | awk '{print $1}')
  if [ "$(cat "$stamp" 2>/dev/null || true)" != "$lock_hash" ]; then
    log "installing the e2e npm packages (npm ci)"
    (cd tests/e2e && npm ci --no-audit --no-fund --silent)
    echo "$lock_hash" > "$stamp"
  fi
  # 7. PyJWT + cryptography: an independent JOSE implementation for the interop tests.
  if ! python3 -c 'import jwt, cryptography' 2>/dev/null; then
    log "installing PyJWT and cryptography from PyPI"
    python3 -m pip install --quiet --disable-pip-version-check 'PyJWT[crypto]>=2.8'
  fi
fi
log "tools ready: $(trunk --version), $(wasm-bindgen --version), wasm-split-cli $WASM_SPLIT_VERSION, wasm-opt $(wasm-opt --version | awk '{print $3}'), esbuild $(esbuild --version)"
