#!/usr/bin/env python3
"""Makes one self-contained HTML file from the release dist/: dist-single/tokenlab.html.

The CSS, the wasm-bindgen JavaScript and the wasm (base64) are inlined, so the file works when
opened straight from disk (file://) — on a USB stick or in a classroom without a network — exactly
like the hosted app. Its Content-Security-Policy is stricter still: `connect-src 'none'` (nothing
is fetched at all), scripts and styles allowed only by their SHA-256 hashes.

Usage: python3 scripts/build_single.py [DIST] [OUT]
"""
import base64
import hashlib
import pathlib
import re
import sys


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def module_body(js: str) -> str:
    """wasm-bindgen's ES module, made into the body of one inline module script (no exports)."""
    js = re.sub(r"^export \{[^}]*\};?\s*$", "", js, flags=re.M)
    js = re.sub(r"^export (class|function|const|let|async function) ", r"\1 ", js, flags=re.M)
    if re.search(r"^\s*export\b", js, flags=re.M) or re.search(r"^\s*import\b", js, flags=re.M):
        raise SystemExit("build_single: unexpected import/export left in the wasm-bindgen module")
    return js


def main() -> int:
    dist = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "dist")
    out = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "dist-single")
    html = (dist / "index.html").read_text()

    css = ""
    for href in re.findall(r'<link rel="stylesheet" href="\./([^"]+)"[^>]*/?>', html):
        css += (dist / href).read_text() + "\n"
    html = re.sub(r'<link rel="stylesheet" href="\./[^"]+"[^>]*/?>\s*', "", html)

    loader = re.search(r'<script type="module">(.*?)</script>', html, re.S)
    if not loader:
        raise SystemExit("build_single: no Trunk loader script found in index.html")
    js_name = re.search(r"from '\./([^']+\.js)'", loader.group(1)).group(1)
    wasm_name = re.search(r"module_or_path: '\./([^']+\.wasm)'", loader.group(1)).group(1)
    wasm_b64 = base64.b64encode((dist / wasm_name).read_bytes()).decode()
    script = (
        module_body((dist / js_name).read_text())
        + "\nconst wasmBytes = Uint8Array.from(atob('" + wasm_b64 + "'), (c) => c.charCodeAt(0));\n"
        + "await __wbg_init({ module_or_path: wasmBytes });\n"
    )

    html = html.replace(loader.group(0), "")
    html = re.sub(r'<link rel="(modulepreload|preload|manifest)"[^>]*>\s*', "", html)
    html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
    csp = (
        "default-src 'none'; "
        f"script-src 'wasm-unsafe-eval' {sha256(script)}; "
        f"style-src {sha256(css)}; "
        "img-src data: blob:; connect-src 'none'; worker-src blob:; base-uri 'none'; form-action 'none'"
    )
    html = html.replace(
        '<meta charset="utf-8" />',
        f'<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="{csp}" />',
        1,
    )
    html = html.replace("</head>", f"<style>{css}</style>\n</head>", 1)
    html = html.replace("</body>", f'<script type="module">{script}</script>\n</body>', 1)

    out.mkdir(parents=True, exist_ok=True)
    target = out / "tokenlab.html"
    target.write_text(html)
    print(f"build_single: wrote {target} ({target.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
