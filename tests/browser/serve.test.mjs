// scripts/serve.mjs: MIME types the browser insists on, and nothing served
// outside web/, dist/ and models/. Runs on a temporary root, so no build is needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { startServer } from '../../scripts/serve.mjs';

let root;
let server;

before(async () => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'movienet-serve-'));
  const files = {
    'web/index.html': '<!doctype html><title>t</title>',
    'web/app.js': 'export {};',
    'web/style.css': 'body{}',
    'dist/index.mjs': 'export {};',
    'dist/movienet.wasm': Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]),
    'models/m.json': '{}',
    'models/m.safetensors': Buffer.alloc(50_000, 7),
    'secret.txt': 'outside the served folders',
  };
  for (const [name, body] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    fs.writeFileSync(path.join(root, name), body);
  }
  server = await startServer({ root, port: 0, host: '127.0.0.1' });
});

after(async () => {
  await server?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const base = () => `http://127.0.0.1:${server.server.address().port}`;
const get = (p, init) => fetch(base() + p, { redirect: 'manual', ...init });

test('serves static files with the MIME types browsers require', async () => {
  const expected = {
    '/web/': 'text/html; charset=utf-8',
    '/web/app.js': 'text/javascript; charset=utf-8',
    '/web/style.css': 'text/css; charset=utf-8',
    '/dist/index.mjs': 'text/javascript; charset=utf-8',
    '/dist/movienet.wasm': 'application/wasm',
    '/models/m.json': 'application/json; charset=utf-8',
  };
  for (const [p, type] of Object.entries(expected)) {
    const res = await get(p);
    assert.equal(res.status, 200, p);
    assert.equal(res.headers.get('content-type'), type, p);
  }
  const wasm = new Uint8Array(await (await get('/dist/movienet.wasm')).arrayBuffer());
  assert.deepEqual([...wasm.subarray(0, 4)], [0x00, 0x61, 0x73, 0x6d]);
});

test('redirects / and bare folders so relative URLs resolve', async () => {
  let res = await get('/');
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/web/');
  res = await get('/web');
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/web/');
});

test('refuses anything outside web/, dist/ and models/', async () => {
  for (const p of ['/secret.txt', '/web/../secret.txt', '/web/%2e%2e/secret.txt', '/web/..%2fsecret.txt', '/%2e%2e/etc/passwd', '/web/missing.js', '/web/%E0%A4%A']) {
    const res = await get(p);
    assert.equal(res.status, 404, p);
    assert.doesNotMatch(await res.text(), /outside the served folders/, p);
  }
  const res = await get('/web/app.js', { method: 'POST', body: 'x' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
});

test('sends the model precompressed: brotli or gzip by Accept-Encoding, identity otherwise', async () => {
  const original = fs.readFileSync(path.join(root, 'models/m.safetensors'));
  const fetchAs = async (acceptEncoding) => {
    // node:http, not fetch(): fetch would decode the body and hide the encoding.
    const { default: http } = await import('node:http');
    return new Promise((resolve, reject) => {
      http.get(base() + '/models/m.safetensors', { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
  };
  let br;
  for (let i = 0; i < 100 && br?.headers['content-encoding'] !== 'br'; i++) {
    br = await fetchAs('gzip, deflate, br');
    if (br.headers['content-encoding'] !== 'br') await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers['content-type'], 'application/octet-stream');
  assert.equal(br.headers.vary, 'Accept-Encoding');
  assert.equal(Number(br.headers['content-length']), br.body.length);
  assert.ok(br.body.length < original.length / 10);
  assert.deepEqual(zlib.brotliDecompressSync(br.body), original);
  const gz = await fetchAs('gzip');
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.deepEqual(zlib.gunzipSync(gz.body), original);
  const refused = await fetchAs('br;q=0, gzip');
  assert.equal(refused.headers['content-encoding'], 'gzip');
  const plain = await fetchAs('');
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.deepEqual(plain.body, original);
});
