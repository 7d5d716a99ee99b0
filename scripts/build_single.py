#!/usr/bin/env python3
"""Makes one self-contained HTML file from the release dist/: dist-single/tokenlab.html.

The CSS, the wasm-bindgen JavaScript and the wasm (base64) are inlined, the lazily loaded
modules too (the chunk loader's fetches become reads of those inlined bytes), so the file works
when opened straight from disk (file://) — on a USB stick or in a classroom without a network —
exactly like the hosted app. Its Content-Security-Policy is stricter still: `connect-src 'none'` (nothing
is fetched at all), scripts and styles allowed only by their SHA-256 hashes.

Usage: python3 scripts/build_single.py [DIST] [OUT]
"""
import base64
import pathlib
import re
import sys


sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from postbuild import sha256  # noqa: E402


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "dist-single")
    html = (dist / "index.html").read_text()

    # The release index.html already has its CSS and JavaScript inline (scripts/postbuild.py);
    # only the wasm is still a separate file.
    styles = re.findall(r"<style>(.*?)</style>", html, re.S)
    if len(styles) != 1:
        raise SystemExit("build_single: expected one inline <style> in index.html")
    css = styles[0]
    loader = re.search(r'<script type="module"[^>]*>(.*?)</script>', html, re.S)
    if not loader:
        raise SystemExit("build_single: no loader script found in index.html")
    # (The loader is minified: postbuild.py has esbuild rename `__wbg_init` and drop spaces.)
    call = re.search(r"""await\s*[\w$]+\(\{\s*module_or_path:\s*(['"])\./([^'"]+\.wasm)\1\s*\}\)""", loader.group(1))
    if not call:
        raise SystemExit("build_single: the loader does not load a wasm file")
    wasm_b64 = base64.b64encode((dist / call.group(2)).read_bytes()).decode()
    # The chunk loader fetches each section's modules; here they are inlined like the main module
    # and handed to `instantiateStreaming` as a Response made in the page (nothing is fetched).
    fetches = re.compile(r'fetch\(new URL\("\./([\w.-]+\.wasm)",\s*import\.meta\.url\)\)')
    names = sorted(set(fetches.findall(loader.group(1))))
    on_disk = sorted(p.name for p in dist.glob("*.wasm") if p.name != call.group(2))
    if names != on_disk:
        raise SystemExit(f"build_single: the chunk loader fetches {names}, dist/ has {on_disk}")
    chunks = "const inlinedChunks = {\n" + "".join(
        f"  '{n}': '{base64.b64encode((dist / n).read_bytes()).decode()}',\n" for n in names
    ) + "};\n"
    chunk_response = (
        "const inlinedChunk = (name) => Promise.resolve(new Response("
        "Uint8Array.from(atob(inlinedChunks[name]), (c) => c.charCodeAt(0)), "
        "{ headers: { 'content-type': 'application/wasm' } }));\n"
    )
    body = fetches.sub(lambda m: f"inlinedChunk('{m.group(1)}')", loader.group(1))
    script = (
        (chunks + chunk_response if names else "")
        + "const wasmBytes = Uint8Array.from(atob('" + wasm_b64 + "'), (c) => c.charCodeAt(0));\n"
        + body.replace(call.group(0), call.group(0).replace(call.group(1) + "./" + call.group(2) + call.group(1), "wasmBytes"))
    )

    html = html.replace(loader.group(0), "")
    html = re.sub(r'<link rel="(modulepreload|preload|manifest)"[^>]*>\s*', "", html)
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
    # index.html's classic inline script (the theme, before anything is drawn) is allowed too.
    classic = " ".join(sha256(body) for body in re.findall(r"<script>(.*?)</script>", html, re.S))
    csp = (
        "default-src 'none'; "
        f"script-src 'wasm-unsafe-eval' {sha256(script)} {classic}; "
        f"style-src {sha256(css)}; "
        "img-src data: blob:; connect-src 'none'; worker-src blob:; base-uri 'none'; form-action 'none'"
    )
    html = html.replace(
        '<meta charset="utf-8" />',
        f'<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="{csp}" />',
        1,
    )
    html = html.replace("</body>", f'<script type="module">{script}</script>\n</body>', 1)

    out.mkdir(parents=True, exist_ok=True)
    target = out / "tokenlab.html"
    target.write_text(html)
    print(f"build_single: wrote {target} ({target.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
