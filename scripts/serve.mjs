#!/usr/bin/env node
// Tiny zero-dependency static server for the demo page.
//
//   node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root <dir>]
//
// Serves only the folders the page needs (web/, dist/, models/) from the repo
// root, so nothing else in the checkout (.git, data, build trees) is exposed.
// `/` redirects to `/web/`. Also importable: tests call startServer({ port: 0 }).
//
// Compressible files (the model, movienet.wasm, scripts, styles) are sent
// precompressed, brotli or gzip as the request's Accept-Encoding allows, with
// `Vary: Accept-Encoding`. A sibling FILE.br / FILE.gz at least as new as FILE
// is used as is (what `npm run precompress` writes, and what any static host
// can serve); otherwise the server compresses once, at start-up for models/
// and dist/ and on first request for the rest, and keeps the result in memory
// until the file changes. Identity is sent while a compression is pending.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath, pathToFileURL } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SERVED_DIRS = ['web', 'dist', 'models'];

const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.safetensors': 'application/octet-stream',
};

const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.wasm', '.svg', '.txt', '.md', '.map', '.ts', '.safetensors']);
const ENCODINGS = [
  { name: 'br', suffix: '.br', compress: (data, done) => zlib.brotliCompress(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } }, done) },
  { name: 'gzip', suffix: '.gz', compress: (data, done) => zlib.gzip(data, { level: 9 }, done) },
];

// file -> { key: "<mtime>:<size>", br?: Buffer, gzip?: Buffer, pending: Set }
const compressed = new Map();

// Which encodings the client takes, best first (q=0 refuses one).
function acceptedEncodings(header) {
  const accepted = new Set();
  for (const part of String(header ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return ENCODINGS.filter((e) => accepted.has(e.name) || accepted.has('*'));
}

// Starts compressing `file` (once per version of it) in the background.
function warm(file, stat) {
  const key = `${stat.mtimeMs}:${stat.size}`;
  let entry = compressed.get(file);
  if (entry?.key === key) return entry;
  entry = { key, pending: new Set(ENCODINGS.map((e) => e.name)) };
  compressed.set(file, entry);
  fs.readFile(file, (err, data) => {
    if (err) return;
    for (const e of ENCODINGS) {
      e.compress(data, (err2, out) => {
        entry.pending.delete(e.name);
        if (!err2 && compressed.get(file) === entry) entry[e.name] = out;
      });
    }
  });
  return entry;
}

// Precompresses every compressible file under dirs (start-up warm-up).
function warmDirs(root, dirs) {
  for (const dir of dirs) {
    let names = [];
    try {
      names = fs.readdirSync(path.join(root, dir));
    } catch {
      continue;
    }
    for (const name of names) {
      const file = path.join(root, dir, name);
      if (!COMPRESSIBLE.has(path.extname(name).toLowerCase())) continue;
      try {
        const stat = fs.statSync(file);
        if (stat.isFile()) warm(file, stat);
      } catch {
        // gone meanwhile
      }
    }
  }
}

// The body to send: a sibling FILE.br/.gz, a cached compression, or null for identity.
function pickEncoding(req, file, stat) {
  if (!COMPRESSIBLE.has(path.extname(file).toLowerCase())) return null;
  const wanted = acceptedEncodings(req.headers['accept-encoding']);
  if (wanted.length === 0) return null;
  for (const e of wanted) {
    try {
      const sibling = fs.statSync(file + e.suffix);
      if (sibling.isFile() && sibling.mtimeMs >= stat.mtimeMs) return { encoding: e.name, file: file + e.suffix, size: sibling.size };
    } catch {
      // none: try the cache
    }
  }
  const entry = warm(file, stat);
  for (const e of wanted) if (entry[e.name]) return { encoding: e.name, body: entry[e.name], size: entry[e.name].length };
  return null;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(body);
}

// Maps a URL path to a file under root, or null when it is outside the served folders.
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(root, '.' + path.posix.normalize(decoded));
  const rel = path.relative(root, file);
  const top = rel.split(path.sep)[0];
  if (rel.startsWith('..') || path.isAbsolute(rel) || !SERVED_DIRS.includes(top)) return null;
  return file;
}

export function handleRequest(root, req, res) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 405, `method ${req.method} not allowed\n`, { allow: 'GET, HEAD' });
  }
  const { pathname } = new URL(req.url, 'http://localhost');
  if (pathname === '/') return send(res, 302, 'see /web/\n', { location: '/web/' });
  let file = resolveFile(root, pathname);
  if (!file) return send(res, 404, `not found: ${pathname}\n`);
  fs.stat(file, (err, stat) => {
    if (!err && stat.isDirectory()) {
      // Directories need a trailing slash so relative URLs in index.html resolve.
      if (!pathname.endsWith('/')) return send(res, 301, '', { location: pathname + '/' });
      file = path.join(file, 'index.html');
      return fs.stat(file, (err2, stat2) => serveFile(req, res, file, err2, stat2, pathname));
    }
    serveFile(req, res, file, err, stat, pathname);
  });
}

function serveFile(req, res, file, err, stat, pathname) {
  if (err || !stat.isFile()) return send(res, 404, `not found: ${pathname}\n`);
  const type = MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const chosen = pickEncoding(req, file, stat);
  // no-cache: a rebuilt dist/ or model is picked up on reload (revalidated, not refetched blindly).
  res.writeHead(200, {
    'content-type': type,
    'content-length': chosen ? chosen.size : stat.size,
    'cache-control': 'no-cache',
    'x-content-type-options': 'nosniff',
    ...(COMPRESSIBLE.has(path.extname(file).toLowerCase()) ? { vary: 'Accept-Encoding' } : {}),
    ...(chosen ? { 'content-encoding': chosen.encoding } : {}),
  });
  if (req.method === 'HEAD') return res.end();
  if (chosen?.body) return res.end(chosen.body);
  fs.createReadStream(chosen?.file ?? file).pipe(res);
}

/** Starts the server; resolves to { server, url, close() } once it listens. */
export function startServer({ root = REPO_ROOT, port = 8080, host = '127.0.0.1' } = {}) {
  const absRoot = path.resolve(root);
  warmDirs(absRoot, ['models', 'dist']);
  const server = http.createServer((req, res) => handleRequest(absRoot, req, res));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const { port: actual } = server.address();
      const shownHost = host === '127.0.0.1' || host === '::1' ? 'localhost' : host;
      const url = `http://${shownHost}:${actual}/web/`;
      resolve({ server, url, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

function parseArgs(argv) {
  const opts = { port: Number(process.env.PORT ?? 8080), host: '127.0.0.1', root: REPO_ROOT };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--port') opts.port = Number(value());
    else if (arg === '--host') opts.host = value();
    else if (arg === '--root') opts.root = value();
    else if (arg === '--help' || arg === '-h') {
      console.log('usage: node scripts/serve.mjs [--port 8080] [--host 127.0.0.1] [--root <dir>]');
      process.exit(0);
    } else throw new Error(`unknown argument: ${arg}`);
  }
  if (!Number.isInteger(opts.port) || opts.port < 0 || opts.port > 65535) {
    throw new Error(`--port must be an integer 0..65535, got ${opts.port}`);
  }
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`serve.mjs: ${e.message}`);
    process.exit(2);
  }
  for (const needed of ['dist/index.js', 'models']) {
    if (!fs.existsSync(path.join(opts.root, needed))) {
      console.warn(`serve.mjs: warning: ${path.join(opts.root, needed)} is missing — run \`npm run build\` first`);
    }
  }
  try {
    const { url } = await startServer(opts);
    console.log(`movienet demo: ${url}  (Ctrl+C to stop)`);
  } catch (e) {
    const hint = e.code === 'EADDRINUSE' ? ` — port ${opts.port} is taken; try --port 0 or PORT=8081` : '';
    console.error(`serve.mjs: cannot listen on ${opts.host}:${opts.port}: ${e.message}${hint}`);
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) main();
