// Prints the benchmark's one summary table from the three parts scripts/bench.sh collected
// (environment variables SIZES, OPS and BROWSER hold their printed output).
const sizes = process.env.SIZES ?? '';
const ops = process.env.OPS ?? '';
const browser = process.env.BROWSER ?? '';
const rows = [];
const row = (name, value, goal = '') => rows.push([name, value, goal]);

const sizeRow = (name) => sizes.split('\n').find((l) => l.startsWith(name))?.trim().split(/\s+/);
const first = sizeRow('first');
if (first) row('first-load transfer raw / gzip / brotli (KiB)', `${first[2]} / ${first[3]} / ${first[4]}`, '≤ 200 KB brotli');
const total = sizeRow('total');
if (total) row('all files (every section opened) raw / gzip / brotli (KiB)', `${total[2]} / ${total[3]} / ${total[4]}`);

// Browser rows: "  <name>  <value>   goal <goal>"
for (const line of browser.split('\n')) {
  const m = line.match(/^ {2}(\S.*?)\s{2,}(\S.*?)\s{3}goal ?(.*)$/);
  if (m) row(m[1], m[2], m[3]);
}

const op = {};
for (const line of ops.split('\n').slice(1)) {
  const [name, native, wasm, ratio] = line.trim().split(/\s+/);
  if (name) op[name] = { native: Number(native), wasm: Number(wasm), ratio };
}
const webcrypto = {};
for (const m of browser.matchAll(/^WEBCRYPTO (\S+) (\S+)$/gm)) webcrypto[m[1]] = Number(m[2]);
for (const alg of ['HS256', 'RS256', 'ES256', 'EdDSA']) {
  const o = op[`verify_${alg}`];
  if (!o) continue;
  const wc = webcrypto[`verify_${alg}`];
  row(`${alg} verify µs: page (wasm) / native = ratio; WebCrypto`, `${o.wasm} / ${o.native} = ${o.ratio}; ${wc ?? '-'}`, '≤ 3×');
}
const kg = op.keygen_RSA2048;
if (kg) row('RSA-2048 keygen ms: engine in page (wasm) / native', `${(kg.wasm / 1000).toFixed(0)} / ${(kg.native / 1000).toFixed(0)}`);
if (webcrypto.keygen_RSA2048) row('RSA-2048 keygen ms: WebCrypto (what the Keys page uses)', (webcrypto.keygen_RSA2048 / 1000).toFixed(0));

const w = Math.max(...rows.map((r) => r[0].length));
const v = Math.max(...rows.map((r) => r[1].length));
console.log(`${'figure'.padEnd(w)}  ${'measured'.padStart(v)}  goal`);
for (const [name, value, goal] of rows) console.log(`${name.padEnd(w)}  ${value.padStart(v)}  ${goal}`);
