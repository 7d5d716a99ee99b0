#!/usr/bin/env python3
"""Code size per crate in a wasm file that still has its name section (the cargo output under
target/wasm32-unknown-unknown/release/, before wasm-bindgen and wasm-opt). Usage:
    python3 bench/wasm_sizes.py target/wasm32-unknown-unknown/release/tokenlab-app.wasm [top]
Figures are bytes of function bodies, grouped by the first path segment of the demangled name
(legacy Rust mangling), plus the biggest functions. Hand-written because twiggy is not installed
on these machines and this needs only the standard library."""
import re
import sys
from collections import Counter


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def demangle_path(name):
    m = re.match(r"_ZN((?:\d+[^\d]\S*?)+)E", name)
    if not m:
        return [name]
    body, parts, i = m.group(1), [], 0
    while i < len(body) and body[i].isdigit():
        j = i
        while body[j].isdigit():
            j += 1
        n = int(body[i:j])
        parts.append(body[j:j + n])
        i = j + n
    return parts


def main():
    b = open(sys.argv[1], "rb").read()
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    i, imported, bodies, names = 8, 0, [], {}
    while i < len(b):
        sid = b[i]
        n, i = leb(b, i + 1)
        end = i + n
        if sid == 2:  # imports: count functions
            cnt, j = leb(b, i)
            for _ in range(cnt):
                for _ in range(2):
                    l, j = leb(b, j)
                    j += l
                kind = b[j]
                j += 1
                if kind == 0:
                    _, j = leb(b, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    flags, j = leb(b, j + 0)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 2:
                    flags, j = leb(b, j)
                    _, j = leb(b, j)
                    if flags & 1:
                        _, j = leb(b, j)
                elif kind == 3:
                    j += 2
        elif sid == 10:
            cnt, j = leb(b, i)
            for _ in range(cnt):
                sz, j = leb(b, j)
                bodies.append(sz)
                j += sz
        elif sid == 0:
            l, j = leb(b, i)
            if b[j:j + l] == b"name":
                j += l
                while j < end:
                    sub, j = b[j], j + 1
                    sl, j = leb(b, j)
                    if sub == 1:
                        cnt, k = leb(b, j)
                        for _ in range(cnt):
                            idx, k = leb(b, k)
                            nl, k = leb(b, k)
                            names[idx] = b[k:k + nl].decode("utf-8", "replace")
                            k += nl
                    j += sl
        i = end
    crates, funcs = Counter(), []
    for k, sz in enumerate(bodies):
        name = names.get(imported + k, f"<fn {k}>")
        parts = demangle_path(name)
        key = parts[0].lstrip("_")
        if key.startswith("$LT$") or key.startswith("LT"):
            # <T as Trait>::method: attribute to the type's crate.
            inner = re.sub(r"^\$?LT\$", "", key)
            key = inner.split("..")[0] if ".." in inner else inner
        crates[key] += sz
        funcs.append((sz, "::".join(parts[:-1]) if len(parts) > 1 else name))
    total = sum(bodies)
    print(f"code bytes: {total} in {len(bodies)} functions")
    for c, sz in crates.most_common(top):
        print(f"{sz:10d} {100 * sz / total:5.1f}%  {c}")
    print("-- biggest functions")
    for sz, n in sorted(funcs, reverse=True)[:top]:
        print(f"{sz:10d}  {n[:140]}")


main()
