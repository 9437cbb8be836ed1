// Memory: a million predict calls leave the wasm heap unchanged (malloc'ed
// bytes and memory size), dispose() frees what load allocated, and the
// FinalizationRegistry frees what a caller forgot.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { loadModel, loadNetwork } from 'movienet';
import { wasmHeapStats } from '../../dist/api.js';
import { fixtures } from './helpers.mjs';
import { defaultModelPath } from './model-path.mjs';

const seedUrl = new URL('seed.network.safetensors', fixtures);

test('1,000,000 predictBatch calls leave the wasm heap unchanged', async () => {
  const net = await loadNetwork(seedUrl);
  const x = new Float32Array(100).fill(0.5);
  const out = new Float32Array(1);
  net.predictBatch(x, 1, out); // first call sizes the I/O buffers
  const before = await wasmHeapStats();
  let sum = 0;
  for (let i = 0; i < 1_000_000; i++) {
    x[i % 100] = (i % 7) * 0.1;
    sum += net.predictBatch(x, 1, out)[0];
  }
  const after = await wasmHeapStats();
  assert.ok(Number.isFinite(sum));
  assert.deepEqual(after, before);
  net.dispose();
});

test('1,000,000 model.predict calls leave the wasm heap unchanged', { skip: !existsSync(defaultModelPath) && 'no shipped model in models/' }, async () => {
  const model = await loadModel(defaultModelPath);
  const ids = model.movies.slice(0, 3).map((m) => m.movieId);
  const history = [
    { movieId: ids[0], rating: 4.5 },
    [ids[1], 2],
  ];
  model.predict(history, [ids[2]]);
  const before = await wasmHeapStats();
  let sum = 0;
  for (let i = 0; i < 1_000_000; i++) sum += model.predict(history, [ids[2]])[0];
  const after = await wasmHeapStats();
  assert.ok(Number.isFinite(sum));
  assert.deepEqual(after, before);
  model.dispose();
});

test('dispose() returns what loading allocated', async () => {
  const warm = await loadNetwork(seedUrl); // instantiate the runtime first
  warm.dispose();
  const before = (await wasmHeapStats()).allocatedBytes;
  for (let i = 0; i < 20; i++) {
    const net = await loadNetwork(seedUrl);
    net.predictBatch(new Float32Array(100 * 50), 50);
    net.dispose();
    net.dispose();
  }
  assert.equal((await wasmHeapStats()).allocatedBytes, before);
});

test('a forgotten network is freed by the FinalizationRegistry', { skip: typeof globalThis.gc !== 'function' && 'run node with --expose-gc' }, async () => {
  const warm = await loadNetwork(seedUrl);
  warm.dispose();
  const before = (await wasmHeapStats()).allocatedBytes;
  await (async () => {
    const net = await loadNetwork(seedUrl);
    net.predictBatch(new Float32Array(100), 1);
  })();
  assert.ok((await wasmHeapStats()).allocatedBytes > before, 'the dropped network still holds its wasm memory');
  for (let i = 0; i < 50 && (await wasmHeapStats()).allocatedBytes !== before; i++) {
    globalThis.gc();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.equal((await wasmHeapStats()).allocatedBytes, before);
});
