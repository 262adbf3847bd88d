// A tiny static file server: serves SITE_DIR at http://127.0.0.1:<free port>/archive/ so that the
// site is tested under a sub-path, the way it is often published. Anything outside the prefix is a
// 404, which is how a root-relative link ("/assets/x.css") shows up as a failed request.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.webmanifest': 'application/manifest+json',
};

export async function serve(siteDir, prefix = '/archive/') {
  const root = path.resolve(siteDir);
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let file;
    try {
      const rel = decodeURIComponent(url.pathname);
      if (rel.startsWith(prefix)) file = path.join(root, rel.slice(prefix.length));
    } catch { /* bad %-escape: 404 */ }
    if (!file || (file !== root && !file.startsWith(root + path.sep))) return notFound(res);
    fs.stat(file, (err, stat) => {
      if (!err && stat.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          res.writeHead(301, { location: url.pathname + '/' + url.search }).end();
          return;
        }
        file = path.join(file, 'index.html');
      }
      fs.readFile(file, (err, body) => {
        if (err) return notFound(res);
        const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
        res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(req.method === 'HEAD' ? undefined : body);
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}${prefix}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}

function notFound(res) {
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('not found\n');
}
