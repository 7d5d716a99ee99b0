#!/usr/bin/env python3
"""Trunk post-build hook (release builds): Content-Security-Policy and the offline service worker.

1. Adds a strict Content-Security-Policy <meta> to index.html. Trunk injects one inline module
   script (the wasm loader); instead of allowing inline scripts we allow exactly that script by its
   SHA-256 hash. `connect-src 'self'` is needed only for the loader's fetch of the .wasm file from
   the page's own origin; no other origin is reachable from the page.
2. Writes sw.js, a service worker that caches the app shell (every file of the build, listed by
   name, under a cache named after their combined hash) so the page works offline after the first
   visit. A new build has a new cache name, which is how the page learns a new version exists.

3. Inlines the CSS (one <style>) and wasm-bindgen's JavaScript (into the loader script), so
   the page needs two requests before the app starts, index.html and the wasm, and the wasm
   loader no longer waits for six stylesheets and a module: cold load to the token field 297 ->
   242 ms median (25 loads each, interleaved, headless Chromium on loopback). The wasm's preload
   link moves to the top of <head>, so its download starts first; the loader moves to the end of
   <body> and runs `async`, so the first frame has the page in it and does not wait for it.
   Styles and the loader are allowed by their SHA-256 hashes in the CSP. Both are minified with
   esbuild first.
4. Splits the wasm (every build, debug too; see `split_sections`): the Debugger stays in the
   main module; the Encoder, Keys, PKCE, Flows, the Debugger's sample maker and its
   asymmetric-key code become modules fetched the first time they are needed (split points:
   `src/lazy.rs`, feature `split`; cut by wasm_split_cli_support's `wasm-split-cli`). The first
   load then carries 231 KiB of brotli'd wasm instead of 526.
5. Prerenders the Debugger's first screen into index.html (`scripts/prerender.mjs`: the built
   app in headless Chromium, its DOM saved), so the page is drawn, and its token field takes
   input, as soon as the HTML is parsed; the app replaces it when it starts (src/prerendered.rs).
   Needs Playwright and Chromium (`scripts/setup.sh --test`); without them the build is the same
   minus that screen, with a warning.

Runs on Trunk's staging directory (TRUNK_STAGING_DIR). Debug builds (`trunk serve`) are only
split: no CSP (Trunk's autoreload needs a websocket), no inlining and no service worker.
"""
import base64
import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

CSP = (
    "default-src 'none'; "
    "script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self' {style_hashes}; "
    "img-src 'self' data: blob:; "
    "connect-src 'self'; "
    "worker-src 'self' blob:; "
    "manifest-src 'self'; "
    "base-uri 'none'; "
    "form-action 'none'"
)


def sha256(text: str) -> str:
    """A CSP source expression for an inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def script_hashes(html: str) -> list[str]:
    return [sha256(m.group(1)) for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S)]


def style_hashes(html: str) -> list[str]:
    return [sha256(m.group(1)) for m in re.finditer(r"<style>(.*?)</style>", html, re.S)]


def add_csp(html: str) -> str:
    policy = CSP.format(hashes=" ".join(script_hashes(html)), style_hashes=" ".join(style_hashes(html)))
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
    return html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)


SPLIT_LINK = "__wasm_split.js"


def split_sections(staging: pathlib.Path, release: bool) -> None:
    """Replaces Trunk's single wasm with the split one.

    Trunk has no step between linking and wasm-bindgen, which is where the split must happen, so
    this redoes Trunk's last steps on cargo's output (linked with `--emit-relocs`, see build.rs):
    `wasm-split-cli` cuts it into the main module, one module per lazy section and chunks of code
    sections share; wasm-bindgen runs on the main module (its JavaScript and wasm replace Trunk's,
    under Trunk's hashed names); release builds then run `wasm-opt -Oz` on every module.
    `__wasm_split.js`, the chunk loader, imports the main module's `initSync` (for its memory and
    function table); release builds inline both (see `inline_assets`).
    """
    root = pathlib.Path(os.environ.get("TRUNK_SOURCE_DIR", pathlib.Path(__file__).resolve().parent.parent))
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    cargo_wasm = target / "wasm32-unknown-unknown" / ("release" if release else "debug") / "tokenlab-app.wasm"
    bg = next(staging.glob("tokenlab-app-*_bg.wasm"))
    js = staging / bg.name.replace("_bg.wasm", ".js")
    with tempfile.TemporaryDirectory() as tmp:
        split, bindgen = pathlib.Path(tmp) / "split", pathlib.Path(tmp) / "bindgen"
        run(["wasm-split-cli", "--target", "web", "--out-name", "tokenlab-app", str(cargo_wasm), str(split)])
        chunks = sorted(p for p in split.glob("*.wasm") if p.name != "tokenlab-app.wasm")
        if not chunks:
            raise SystemExit("postbuild: wasm-split-cli found no lazy sections (was the `split` feature on?)")
        run(["wasm-bindgen", "--target=web", "--no-typescript", "--keep-lld-exports", f"--out-dir={bindgen}", "--out-name=tokenlab-app",
             str(split / "tokenlab-app.wasm")])
        shutil.copyfile(bindgen / "tokenlab-app_bg.wasm", bg)
        shutil.copyfile(bindgen / "tokenlab-app.js", js)
        link = (split / SPLIT_LINK).read_text()
        if 'from "./tokenlab-app.js"' not in link:
            raise SystemExit("postbuild: the chunk loader does not import the main module as expected")
        link = link.replace('from "./tokenlab-app.js"', f'from "./{js.name}"')
        # The chunks' names carry the build's hash, like Trunk's main module: a page still open
        # on an older build never fetches a newer build's chunk (it gets a 404, which the section
        # reports, instead of code that does not fit its main module).
        build = hashlib.sha256(cargo_wasm.read_bytes()).hexdigest()[:16]
        modules = []
        for chunk in chunks:
            name = f"{chunk.stem}-{build}.wasm"
            if f'"./{chunk.name}"' not in link:
                raise SystemExit(f"postbuild: the chunk loader never fetches {chunk.name}")
            link = link.replace(f'"./{chunk.name}"', f'"./{name}"')
            shutil.copyfile(chunk, staging / name)
            modules.append(staging / name)
        (staging / SPLIT_LINK).write_text(link)
    if release:
        for module in [bg] + modules:
            run(["wasm-opt", "-Oz", f"--output={module}", str(module)])


def run(cmd: list[str]) -> None:
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"postbuild: {' '.join(cmd)} failed:\n{result.stdout}{result.stderr}")


def link_body(link: str) -> tuple[str, list[str]]:
    """The chunk loader made into plain statements for the inline script: its import of the main
    module dropped (the inline script *is* the main module, whose `initSync` it then calls), its
    exports made constants. Returns the statements and the exported names."""
    link = re.sub(r'^import \{ initSync \} from "[^"]+";\s*$', "", link, flags=re.M)
    names = re.findall(r"^export const (\w+) =", link, flags=re.M)
    link = re.sub(r"^export const ", "const ", link, flags=re.M)
    if re.search(r"^\s*(import|export)\b", link, flags=re.M) or not names:
        raise SystemExit("postbuild: unexpected shape of the chunk loader")
    return link, names


def module_body(js: str, link: str | None = None) -> str:
    """wasm-bindgen's ES module, made into the body of one inline module script (no exports).
    Its imports of the chunk loader become that loader's statements, inlined ahead of it."""
    imports = re.findall(r'^import \* as (\w+) from "\./' + re.escape(SPLIT_LINK) + r'";?\s*$', js, flags=re.M)
    if imports:
        if link is None:
            raise SystemExit("postbuild: the wasm-bindgen module imports the chunk loader, which is missing")
        js = re.sub(r'^import \* as \w+ from "\./' + re.escape(SPLIT_LINK) + r'";?\s*$', "", js, flags=re.M)
        link, names = link_body(link)
        ns = "const __wasm_split = { " + ", ".join(names) + " };\n"
        js = link + ns + "".join(f"const {i} = __wasm_split;\n" for i in imports) + js
    js = re.sub(r"^export \{[^}]*\};?\s*$", "", js, flags=re.M)
    js = re.sub(r"^export (class|function|const|let|async function) ", r"\1 ", js, flags=re.M)
    if re.search(r"^\s*export\b", js, flags=re.M) or re.search(r"^\s*import\b", js, flags=re.M):
        raise SystemExit("postbuild: unexpected import/export left in the wasm-bindgen module")
    if "</script" in js.lower():
        raise SystemExit("postbuild: the wasm-bindgen module contains '</script'")
    return js


# When the main wasm cannot be fetched or started, the page says so instead of showing the
# prerendered Debugger (src/prerendered.rs) as if it worked: an alert at the top of the content,
# and the token field disabled like the other controls.
LOAD_FAILED = """
function tokenlabLoadFailed() {
  const screen = document.getElementById('tl-prerendered');
  const alert = document.createElement('p');
  alert.className = 'tl-message tl-message--error';
  alert.setAttribute('role', 'alert');
  alert.textContent = "Tokenlab's code could not be loaded, so nothing on this page works. Reload the page to try again.";
  for (const field of screen ? screen.querySelectorAll('textarea') : []) field.disabled = true;
  const main = screen && screen.querySelector('main');
  (main || document.body).prepend(alert);
}
"""


def inline_assets(staging: pathlib.Path, html: str) -> str:
    """Trunk's stylesheet links become one <style>, its loader imports nothing (see 3. above)."""
    links = re.findall(r'<link rel="stylesheet" href="\./([^"]+)"[^>]*/?>', html)
    css = "\n".join((staging / href).read_text() for href in links)
    if "</style" in css.lower():
        raise SystemExit("postbuild: a stylesheet contains '</style'")
    link = r'<link rel="stylesheet" href="\./[^"]+"[^>]*/?>\s*'
    css = minify(css, "css")
    html = re.sub(link, lambda _m: f"<style>{css}</style>\n    ", html, count=1)
    html = re.sub(link, "", html)
    for href in links:
        (staging / href).unlink()

    link = staging / SPLIT_LINK
    loader = re.search(r'<script type="module">(.*?)</script>', html, re.S)
    if not loader:
        raise SystemExit("postbuild: no Trunk loader script found in index.html")
    js_name = re.search(r"from '\./([^']+\.js)'", loader.group(1)).group(1)
    wasm_name = re.search(r"module_or_path: '\./([^']+\.wasm)'", loader.group(1)).group(1)
    script = (
        module_body((staging / js_name).read_text(), link.read_text() if link.exists() else None)
        + LOAD_FAILED
        + f"\ntry {{ await __wbg_init({{ module_or_path: './{wasm_name}' }}); }}"
        + " catch (e) { tokenlabLoadFailed(); throw e; }\n"
    )
    script = minify(script, "js")
    if "</script" in script.lower():
        raise SystemExit("postbuild: the minified loader contains '</script'")
    # At the end of <body>, not where Trunk put it in <head>: the HTML parser yields after
    # compiling a script, and in <head> that yield came before any of the body was parsed, so
    # Chromium drew a frame with nothing in it and the first screen waited for the next one.
    # `async`: run as soon as it is parsed (the body is, by then), in a task of its own, instead of
    # when parsing ends, before the first style and layout; the wasm's compile starts sooner and
    # the first paint does not wait for the loader (see bench/README.md).
    html = html.replace(loader.group(0), "")
    if html.count("</body>") != 1:
        raise SystemExit("postbuild: index.html has no single </body> to put the loader before")
    html = html.replace("</body>", f'  <script type="module" async>{script}</script>\n  </body>')
    (staging / js_name).unlink()
    link.unlink(missing_ok=True)
    html = re.sub(r'<link rel="modulepreload"[^>]*>', "", html)
    preload = re.search(r'<link rel="preload"[^>]*as="fetch"[^>]*>', html)
    if preload:
        html = html.replace(preload.group(0), "")
        # Chromium ignores `integrity` on a fetch preload, and says so in the console.
        tag = re.sub(r'\s+integrity="[^"]*"', "", preload.group(0))
        html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + tag, 1)
    return html


def minify(text: str, loader: str) -> str:
    """`text` (CSS, or the loader's module script) minified by esbuild: comments and whitespace
    gone, local names shortened, dead code dropped. The inline script is about 30 KB instead of
    65, the stylesheet 35 instead of 45 (3.5 KiB less brotli), and the browser parses and compiles
    less before it starts on the wasm."""
    args = ["esbuild", f"--loader={loader}", "--minify", "--log-level=error"]
    if loader == "js":
        # A module (top-level await, `import.meta.url`); tree shaking drops what nothing reaches.
        args += ["--format=esm", "--tree-shaking=true", "--target=es2022"]
    result = subprocess.run(args, input=text, capture_output=True, text=True)
    if result.returncode != 0 or not result.stdout.strip():
        raise SystemExit(f"postbuild: esbuild could not minify the {loader}:\n{result.stderr}")
    return result.stdout.strip()


SW_TEMPLATE = """// Tokenlab service worker, generated by scripts/postbuild.py at build time. Do not edit.
// Caches the app shell on install and serves it cache-first, so the app works offline after the
// first visit. It only ever fetches the page's own files; it never sees a token.
const CACHE = 'tokenlab-{version}';
const ASSETS = {assets};

self.addEventListener('install', (event) => {{
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(ASSETS)));
}});

self.addEventListener('activate', (event) => {{
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('tokenlab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
}});

// The page asks a waiting new version to take over when the user clicks "Reload".
self.addEventListener('message', (event) => {{
  if (event.data === 'tokenlab:activate') self.skipWaiting();
}});

self.addEventListener('fetch', (event) => {{
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then((cache) =>
      cache.match(request, {{ ignoreSearch: true }}).then((hit) => {{
        if (hit) return hit;
        if (request.mode === 'navigate') return cache.match('./index.html').then((page) => page || fetch(request));
        return fetch(request);
      }}),
    ),
  );
}});
"""


def write_sw(staging: pathlib.Path) -> None:
    files = sorted(
        p.relative_to(staging).as_posix()
        for p in staging.rglob("*")
        if p.is_file() and p.name != "sw.js"
    )
    h = hashlib.sha256()
    for f in files:
        h.update(f.encode())
        h.update((staging / f).read_bytes())
    assets = ["./"] + ["./" + f for f in files]
    body = SW_TEMPLATE.format(version=h.hexdigest()[:16], assets="[\n  " + ",\n  ".join(f"'{a}'" for a in assets) + ",\n]")
    (staging / "sw.js").write_text(body)


def prerender(staging: pathlib.Path) -> None:
    """The Debugger's first screen into index.html (scripts/prerender.mjs, see 5. above)."""
    script = pathlib.Path(__file__).resolve().parent / "prerender.mjs"
    result = subprocess.run(["node", str(script), str(staging)])
    if result.returncode == 3:
        print("postbuild: WARNING: no prerendered first screen (Playwright or Chromium missing); "
              "the page shows nothing until the app has mounted", file=sys.stderr)
    elif result.returncode != 0:
        raise SystemExit("postbuild: prerendering the first screen failed")


def main() -> int:
    staging = pathlib.Path(os.environ.get("TRUNK_STAGING_DIR", sys.argv[1] if len(sys.argv) > 1 else "dist"))
    release = os.environ.get("TRUNK_PROFILE", "release") == "release"
    split_sections(staging, release)
    if not release:
        return 0
    index = staging / "index.html"
    index.write_text(add_csp(inline_assets(staging, index.read_text())))
    prerender(staging)
    write_sw(staging)
    return 0


if __name__ == "__main__":
    sys.exit(main())
