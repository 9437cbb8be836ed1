// Packaging test: `npm pack` the package, install the tarball into a fresh
// temporary project (offline: the package has no runtime dependencies), and
// run a plain Node ESM script there that loads the default model by its
// package path and prints a recommendation. Also checks what the tarball
// holds: everything a user needs, nothing else.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'movienet-pack-'));
// The package's modules: every .js of wasm/js, copied to dist/ by the build.
const modules = readdirSync(join(root, 'wasm/js')).filter((f) => f.endsWith('.js')).map((f) => `dist/${f}`);

function run(cmd, args, cwd) {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

try {
  for (const f of [...modules, 'dist/movienet.mjs', 'dist/movienet.wasm', 'dist/index.d.ts']) {
    assert.ok(existsSync(join(root, f)), `${f} is missing: run \`npm run build\` first`);
  }

  // 1. Pack (no scripts: the build already ran) and inspect the file list.
  const packed = JSON.parse(run(npm, ['pack', '--json', '--pack-destination', work], root));
  const { filename, files } = packed[0];
  const paths = files.map((f) => f.path).sort();
  for (const needed of ['package.json', ...modules, 'dist/movienet.mjs', 'dist/movienet.wasm', 'dist/index.d.ts']) {
    assert.ok(paths.includes(needed), `the tarball lacks ${needed}`);
  }
  // A module left in dist/ by an earlier build (one since renamed or split) would ship too.
  const stale = paths.filter((p) => /^dist\/[^/]+\.js$/.test(p) && !modules.includes(p));
  assert.deepEqual(stale, [], `dist/ holds modules wasm/js no longer has (remove them and build again): ${stale.join(', ')}`);
  const unexpected = paths.filter((p) => !/^(package\.json|README\.md|LICENSE.*|NOTICE.*|dist\/[^/]+\.(js|mjs|d\.ts|wasm)|models\/[^/]+\.(safetensors|md))$/.test(p));
  assert.deepEqual(unexpected, [], `the tarball holds files a user does not need: ${unexpected.join(', ')}`);
  const hasModel = paths.some((p) => /^models\/.+\.safetensors$/.test(p));

  // 2. A fresh project that installs the tarball from the file, offline.
  const app = join(work, 'app');
  run('mkdir', ['-p', app]);
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'movienet-consumer', private: true, type: 'module' }));
  run(npm, ['install', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, filename)], app);

  // 3. A plain ESM script, importing the package by name.
  const modelFile = hasModel ? paths.find((p) => /^models\/.+\.safetensors$/.test(p)) : null;
  writeFileSync(
    join(app, 'main.mjs'),
    `import { createRequire } from 'node:module';
import { loadModel, loadNetwork, MovieNetError } from 'movienet';
const require = createRequire(import.meta.url);
if (typeof MovieNetError !== 'function') throw new Error('MovieNetError missing');
${
  modelFile
    ? `const model = await loadModel(require.resolve('movienet/${modelFile}'));
const first = model.movies[0];
const history = model.movies.slice(0, 5).map((m, i) => ({ movieId: m.movieId, rating: [5, 4, 3, 4.5, 2][i] }));
const [top] = model.recommend(history, { k: 1 });
console.log(JSON.stringify({ kind: 'model', movies: model.movies.length, first: first.title, top }));
model.dispose();`
    : `console.log(JSON.stringify({ kind: 'no-model' }));`
}
`,
  );
  const out = JSON.parse(run(process.execPath, ['main.mjs'], app).trim().split('\n').pop());
  if (hasModel) {
    assert.equal(out.kind, 'model');
    assert.ok(out.movies > 0);
    assert.equal(typeof out.top.title, 'string');
    assert.ok(Number.isFinite(out.top.score) && Number.isFinite(out.top.rating) && out.top.watch > 0);
    console.log(`pack test: ${filename} (${paths.length} files) installed offline; recommendation: ${out.top.title}`
      + ` (rating ${out.top.rating.toFixed(2)}, watch ${(100 * out.top.watch).toFixed(2)}%)`);
  } else {
    console.log(`pack test: ${filename} installed offline (no model in models/ yet, so no recommendation)`);
  }

  // 4. The low-level API and the wasm subpath export from the installed copy.
  const net = join(app, 'net.mjs');
  const fixture = fileURLToPath(new URL('../js/fixtures/seed.network.safetensors', import.meta.url));
  writeFileSync(
    net,
    `import { loadNetwork } from 'movienet';
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const wasm = require.resolve('movienet/movienet.wasm');
const n = await loadNetwork(${JSON.stringify(fixture)});
console.log(JSON.stringify({ y: n.predictBatch(new Float32Array(100).fill(0.1), 1)[0], wasm }));
n.dispose();`,
  );
  const low = JSON.parse(run(process.execPath, [net], app));
  assert.ok(Number.isFinite(low.y));
  assert.ok(low.wasm.endsWith(join('node_modules', 'movienet', 'dist', 'movienet.wasm')));
  assert.equal(pkg.dependencies, undefined, 'movienet must have no runtime dependencies');

  // 5. The npm README is the one for front-end developers (wasm/README.md),
  //    not the project's; the project README is back in place after packing.
  const shipped = readFileSync(join(app, 'node_modules/movienet/README.md'), 'utf8');
  assert.equal(shipped, readFileSync(join(root, 'wasm/README.md'), 'utf8'), 'the tarball README is wasm/README.md');
  assert.notEqual(readFileSync(join(root, 'README.md'), 'utf8'), shipped, 'README.md was not restored after npm pack');
  for (const f of ['dist/worker.js', 'dist/model-worker.js', 'dist/compiled-wasm.js', 'dist/errors.js', 'dist/worker.d.ts', 'NOTICE']) assert.ok(paths.includes(f), `the tarball lacks ${f}`);

  // 6. require() from CommonJS (Node >= 20.19: require of ES modules), and the
  //    worker entry imports in Node (it refuses to start without Web Workers).
  writeFileSync(join(app, 'cjs.cjs'), `const { loadModel, MovieNetError } = require('movienet');
if (typeof loadModel !== 'function' || typeof MovieNetError !== 'function') throw new Error('require failed');
console.log('ok');`);
  assert.equal(run(process.execPath, ['cjs.cjs'], app).trim().split('\n').pop(), 'ok');
  writeFileSync(join(app, 'w.mjs'), `import { createWorkerModel, ErrorCodes } from 'movienet/worker';
try { await createWorkerModel('x.json'); } catch (e) { console.log(e.code); }`);
  assert.equal(run(process.execPath, ['w.mjs'], app).trim(), 'ERR_BAD_INPUT');
  const [major, minor] = process.versions.node.split('.').map(Number);
  assert.ok(major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19), `engines says ${pkg.engines.node}; this Node is ${process.versions.node}`);
  if (!hasModel) process.exitCode = 1;
} finally {
  rmSync(work, { recursive: true, force: true });
}
