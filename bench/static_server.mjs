// A static file server on loopback for the browser benchmarks: serves one directory (a release
// dist/) with the content types the app needs, nothing else. No caching headers and, unless
// asked for its .br copies, no compression: what a plain static host sends. Also `emulateLink`,
// a throttled link for a page, for cold loads where the bytes count.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };

/** Serves `dir` on a free loopback port; resolves to the server and its base URL (ending in /).
 *  With `{ brotli: true }` a file's precompressed `.br` copy is sent instead, with
 *  `Content-Encoding: br`, when the browser accepts it (as a host with `brotli_static` would). */
export async function serveDir(dir, { brotli = false } = {}) {
  const root = path.resolve(dir);
  const server = http.createServer((req, res) => {
    const rel = decodeURIComponent(new URL(req.url, 'http://x').pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(root, rel);
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) return res.writeHead(404).end();
    const type = { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' };
    if (brotli && /\bbr\b/.test(req.headers['accept-encoding'] ?? '') && fs.existsSync(`${file}.br`)) {
      res.writeHead(200, { ...type, 'content-encoding': 'br' });
      return fs.createReadStream(`${file}.br`).pipe(res);
    }
    res.writeHead(200, type);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

/** Makes Chromium send `page`'s traffic over an emulated link of `kbps` kbit/s both ways and
 *  `rtt` ms of added latency (CDP `Network.emulateNetworkConditions`). */
export async function emulateLink(ctx, page, kbps, rtt) {
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (kbps * 1000) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false, latency: rtt, downloadThroughput: bytesPerSecond, uploadThroughput: bytesPerSecond,
  });
}
