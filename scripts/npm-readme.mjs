#!/usr/bin/env node
// npm shows the package root's README.md, which in this repository is the
// project's README (building, training, benchmarks). While `npm pack` or
// `npm publish` runs, swap in wasm/README.md, written for front-end developers:
//   prepack:  node scripts/npm-readme.mjs swap
//   postpack: node scripts/npm-readme.mjs restore
// The project README waits in build-npm/ meanwhile; an interrupted pack is
// repaired by the next swap or restore.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const readme = path.join(root, 'README.md');
const packageReadme = path.join(root, 'wasm/README.md');
const saved = path.join(root, 'build-npm/README.project.md');

function restore() {
  if (!fs.existsSync(saved)) return;
  fs.copyFileSync(saved, readme);
  fs.rmSync(saved);
}

const action = process.argv[2];
if (action === 'swap') {
  restore();
  fs.mkdirSync(path.dirname(saved), { recursive: true });
  fs.copyFileSync(readme, saved);
  fs.copyFileSync(packageReadme, readme);
} else if (action === 'restore') {
  restore();
} else {
  console.error('usage: node scripts/npm-readme.mjs swap|restore');
  process.exit(2);
}
