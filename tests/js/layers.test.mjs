// The JS layers drawn in wasm/README.md ("Layers"): every module of wasm/js
// and web is at most 400 lines and imports only modules of lower layers; the
// wasm glue is imported by runtime.js alone, movienet/worker's main side
// never reaches it, and the demo page uses the package through its entries.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../', import.meta.url);
const MAX_LINES = 400;

// Bottom layer first. movienet.mjs is Emscripten's glue (built, not in wasm/js).
const LAYERS = {
  'wasm/js': [
    ['errors.js', 'compiled-wasm.js', 'movienet.mjs'],
    ['checks.js'],
    ['sources.js', 'safetensors.js', 'search.js', 'wasm-calls.js'],
    ['runtime.js', 'catalogue.js', 'tfjs-import.js', 'model.js', 'network.js'],
    ['load.js'],
    ['index.js', 'worker.js', 'model-worker.js'],
    ['index.node.js'],
  ],
  web: [
    ['storage.js', 'format.js'],
    ['state.js', 'loading.js', 'demo-requests.js'],
    ['requests.js'],
    ['render.js'],
    ['actions.js'],
    ['app.js', 'worker.js'],
  ],
};
// The package as the page may import it: its entry points, as a user would.
const PACKAGE_ENTRIES = ['../dist/index.js', '../dist/worker.js', '../dist/model-worker.js'];

const read = (dir, file) => readFileSync(new URL(`${dir}/${file}`, root), 'utf8');
const modules = (dir) => readdirSync(new URL(dir, root)).filter((f) => f.endsWith('.js')).sort();

// The modules a file imports: `import … from '…'` and `export … from '…'`
// statements (over several lines too), bare `import '…'`, and `import('…')`.
function importsOf(text) {
  const found = [];
  for (const m of text.matchAll(/^(?:import|export)\b[^;'"]*?\bfrom\s*'([^']+)'|^import\s*'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/gm)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

const layerOf = (dir, file) => LAYERS[dir].findIndex((layer) => layer.includes(file));

test('every module of wasm/js and web is at most 400 lines', () => {
  for (const dir of Object.keys(LAYERS)) {
    for (const file of modules(dir)) {
      const lines = read(dir, file).split('\n').length - 1;
      assert.ok(lines <= MAX_LINES, `${dir}/${file} has ${lines} lines, more than ${MAX_LINES}: split it by concept (see wasm/README.md, "Layers")`);
    }
  }
});

test('imports follow the layers of wasm/README.md', () => {
  for (const dir of Object.keys(LAYERS)) {
    for (const file of modules(dir)) {
      const layer = layerOf(dir, file);
      assert.ok(layer >= 0, `${dir}/${file} has no layer: add it to wasm/README.md ("Layers") and to LAYERS in this test`);
      for (const spec of importsOf(read(dir, file))) {
        if (spec.startsWith('node:')) continue;
        if (dir === 'web' && spec.startsWith('../dist/')) {
          assert.ok(PACKAGE_ENTRIES.includes(spec), `web/${file} imports ${spec}: the page uses the package through its entries only (${PACKAGE_ENTRIES.join(', ')})`);
          continue;
        }
        assert.match(spec, /^\.\/[^/]+$/, `${dir}/${file} imports ${spec}: only modules of its own folder`);
        const target = spec.slice(2);
        const to = layerOf(dir, target);
        assert.ok(to >= 0, `${dir}/${file} imports ${target}, which has no layer`);
        assert.ok(to < layer, `${dir}/${file} (layer ${layer}) imports ${target} (layer ${to}): a module imports only from lower layers`);
        if (target === 'movienet.mjs') assert.equal(file, 'runtime.js', `${dir}/${file} imports the wasm glue: only runtime.js does`);
      }
    }
  }
  // movienet/worker's main side starts a worker; the wasm glue stays out of the page.
  const reached = new Set();
  const visit = (file) => {
    if (reached.has(file)) return;
    reached.add(file);
    if (file.endsWith('.js')) for (const spec of importsOf(read('wasm/js', file))) if (spec.startsWith('./')) visit(spec.slice(2));
  };
  visit('worker.js');
  assert.deepEqual([...reached].sort(), ['compiled-wasm.js', 'errors.js', 'worker.js'], 'wasm/js/worker.js reaches only errors.js and compiled-wasm.js');
});

test('web/index.html modulepreloads every module the page imports before its first recommendations', () => {
  // The static imports from app.js, package modules read from wasm/js (dist/ holds copies).
  const needed = new Set();
  const visit = (dir, file) => {
    const href = dir === 'web' ? file : `../dist/${file}`;
    if (needed.has(href)) return;
    needed.add(href);
    if (file === 'movienet.mjs') return;
    for (const spec of importsOf(read(dir, file).replace(/\bimport\(\s*'[^']+'\s*\)/g, ''))) {
      if (spec.startsWith('node:')) continue;
      if (spec.startsWith('../dist/')) visit('wasm/js', spec.slice('../dist/'.length));
      else visit(dir, spec.slice(2));
    }
  };
  visit('web', 'app.js');
  needed.delete('app.js');
  const preloaded = [...read('web', 'index.html').matchAll(/<link rel="modulepreload" href="([^"]+)">/g)].map((m) => m[1]);
  assert.deepEqual([...preloaded].sort(), [...needed].sort(), 'web/index.html: one <link rel="modulepreload"> per module, so that none waits for the one importing it');
});
