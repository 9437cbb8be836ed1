#!/usr/bin/env node
// Writes FILE.br (brotli, quality 11) and FILE.gz (gzip -9) next to the
// shipped model and movienet.wasm, for static hosts that serve precompressed
// siblings (nginx gzip_static/brotli_static, Caddy precompressed, the demo
// server). Usage: node scripts/precompress.mjs [FILE...]
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const files = process.argv.slice(2);
if (files.length === 0) {
  for (const name of fs.readdirSync(path.join(root, 'models'))) if (name.endsWith('.safetensors')) files.push(path.join(root, 'models', name));
  files.push(path.join(root, 'dist', 'movienet.wasm'));
}
for (const file of files) {
  if (!fs.existsSync(file)) {
    console.warn(`precompress: ${file} is missing, skipped`);
    continue;
  }
  const data = fs.readFileSync(file);
  const br = zlib.brotliCompressSync(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length } });
  const gz = zlib.gzipSync(data, { level: 9 });
  fs.writeFileSync(file + '.br', br);
  fs.writeFileSync(file + '.gz', gz);
  console.log(`${path.relative(root, file)}: ${data.length} bytes, brotli ${br.length}, gzip ${gz.length}`);
}
