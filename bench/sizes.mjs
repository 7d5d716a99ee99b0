// Prints the transfer sizes of the release build in dist/: raw, gzip (level 9) and brotli
// (quality 11) per kind of file and in total, then what the first load fetches (index.html and
// the main wasm, `*_bg.wasm`) and what only opening a section other than the Debugger fetches
// (its wasm chunks). A benchmark: it prints figures, it asserts nothing.
// Usage: node bench/sizes.mjs [dist-dir]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = process.argv[2] ?? 'dist';
const kinds = { wasm: /\.wasm$/, js: /\.js$/, css: /\.css$/, html: /\.html$/ };
const rows = {};
for (const k of Object.keys(kinds)) rows[k] = { files: 0, raw: 0, gzip: 0, brotli: 0 };
const first = { files: 0, raw: 0, gzip: 0, brotli: 0 };
const lazy = { files: 0, raw: 0, gzip: 0, brotli: 0 };

function walk(d) {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) walk(p);
    else {
      const kind = Object.keys(kinds).find((k) => kinds[k].test(e.name));
      if (!kind) continue;
      const buf = fs.readFileSync(p);
      const gzip = zlib.gzipSync(buf, { level: 9 }).length;
      const brotli = zlib.brotliCompressSync(buf, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buf.length },
      }).length;
      const group = e.name === 'index.html' || e.name.endsWith('_bg.wasm') ? first : kind === 'wasm' ? lazy : null;
      for (const r of [rows[kind], group].filter(Boolean)) {
        r.files += 1;
        r.raw += buf.length;
        r.gzip += gzip;
        r.brotli += brotli;
      }
    }
  }
}
walk(dir);
const kb = (n) => (n / 1024).toFixed(1).padStart(9);
console.log(`Release build sizes (${dir}), KiB`);
console.log('kind    files       raw      gzip    brotli');
const total = { files: 0, raw: 0, gzip: 0, brotli: 0 };
for (const [k, r] of Object.entries(rows)) {
  console.log(`${k.padEnd(6)} ${String(r.files).padStart(6)} ${kb(r.raw)} ${kb(r.gzip)} ${kb(r.brotli)}`);
  for (const f of Object.keys(total)) total[f] += r[f];
}
console.log(`${'total'.padEnd(6)} ${String(total.files).padStart(6)} ${kb(total.raw)} ${kb(total.gzip)} ${kb(total.brotli)}`);
console.log(`${'first'.padEnd(6)} ${String(first.files).padStart(6)} ${kb(first.raw)} ${kb(first.gzip)} ${kb(first.brotli)}   (first load: index.html + main wasm)`);
console.log(`${'lazy'.padEnd(6)} ${String(lazy.files).padStart(6)} ${kb(lazy.raw)} ${kb(lazy.gzip)} ${kb(lazy.brotli)}   (wasm chunks of the other sections, fetched when opened)`);
