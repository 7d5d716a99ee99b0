// Writes a brotli (.br, quality 11) and a gzip (.gz, level 9) copy next to every text and wasm
// file of the release dist/, for static hosts that serve precompressed files (nginx
// `brotli_static`/`gzip_static`, Caddy `file_server { precompressed br gzip }`): they send these
// instead of compressing on the fly at a lower level. The service worker does not cache them (it
// lists the build's files before this runs). Usage: node scripts/precompress.mjs [dist]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

const dir = path.resolve(process.argv[2] ?? 'dist');
const worth = /\.(html|js|css|wasm|svg|webmanifest)$/;
let raw = 0, br = 0, gz = 0;
for (const name of fs.readdirSync(dir)) {
  const file = path.join(dir, name);
  if (!worth.test(name) || !fs.statSync(file).isFile()) continue;
  const data = fs.readFileSync(file);
  const brotli = zlib.brotliCompressSync(data, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
  });
  const gzip = zlib.gzipSync(data, { level: 9 });
  fs.writeFileSync(`${file}.br`, brotli);
  fs.writeFileSync(`${file}.gz`, gzip);
  raw += data.length; br += brotli.length; gz += gzip.length;
}
const kib = (n) => (n / 1024).toFixed(1);
console.log(`precompress: ${kib(raw)} KiB -> brotli ${kib(br)} KiB, gzip ${kib(gz)} KiB (${dir})`);
