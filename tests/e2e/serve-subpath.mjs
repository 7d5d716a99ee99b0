// A minimal static server that serves a directory under /some/path/ only (and 404s elsewhere),
// to prove dist/ works from a sub-path. Loopback only. Usage: node serve-subpath.mjs PORT DIR
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';

const [port, dir] = [Number(process.argv[2]), path.resolve(process.argv[3])];
const prefix = '/some/path/';
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css', '.svg': 'image/svg+xml', '.webmanifest': 'application/manifest+json' };
http
  .createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404).end('not under /some/path/');
      return;
    }
    const rel = decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html';
    const file = path.join(dir, rel);
    if (!file.startsWith(dir) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  })
  .listen(port, '127.0.0.1');
