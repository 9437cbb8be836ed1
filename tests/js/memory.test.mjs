// Memory: a million predict calls leave the wasm heap unchanged (malloc'ed
// bytes and memory size), dispose() frees what load allocated, and the
// FinalizationRegistry frees what a caller forgot.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';

import { loadModel, loadNetwork } from 'movienet';
import { wasmHeapStats } from '../../dist/runtime.js';
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

// Issue #14's memory figures, printed: the wasm heap and the process RSS
// after 10^5 predict calls and after 50 load/dispose cycles of the shipped
// model. The wasm heap must not change at all; RSS (which also counts V8's
// heap and the allocator's caches) must stay within a few MB once warm (the bounds leave room for GC timing under a loaded machine).
test('memory figures: 10^5 predict calls and 50 load/dispose cycles of the model', { skip: !existsSync(defaultModelPath) && 'no shipped model in models/' }, async (t) => {
  const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
  const measure = async () => {
    // V8 frees ArrayBuffer memory on a background thread after a collection:
    // let it finish, then collect again, so RSS shows what is still held.
    globalThis.gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
    globalThis.gc?.();
    const { rss, heapUsed, external } = process.memoryUsage();
    return { heap: await wasmHeapStats(), rss, js: heapUsed + external };
  };
  const history = [{ movieId: 1, rating: 4.5 }, { movieId: 2, rating: 2 }];
  // One cycle first: the runtime and V8's code caches are allocated once.
  const warm = await loadModel(defaultModelPath);
  warm.recommend(history, { k: 10 });
  warm.dispose();

  const model = await loadModel(defaultModelPath);
  const ids = model.movies.slice(10, 30).map((m) => m.movieId);
  model.predict(history, ids);
  const before = await measure();
  let sum = 0;
  for (let i = 0; i < 100_000; i++) sum += model.predict(history, ids)[i % ids.length];
  const afterPredict = await measure();
  model.dispose();
  const disposed = await measure();
  assert.ok(Number.isFinite(sum));
  assert.deepEqual(afterPredict.heap, before.heap, 'predict calls leave the wasm heap unchanged');
  t.diagnostic(`10^5 predict calls: wasm heap ${mb(before.heap.allocatedBytes)} allocated of ${mb(before.heap.memoryBytes)}, unchanged; RSS ${mb(before.rss)} → ${mb(afterPredict.rss)}`);

  // Two rounds of 50: the first fills the allocator's and V8's caches (RSS
  // rises once, then stays), the second must leave everything where it was.
  const cycles = async () => {
    for (let i = 0; i < 50; i++) {
      const m = await loadModel(defaultModelPath);
      m.recommend(history, { k: 10 });
      m.dispose();
    }
    return measure();
  };
  const first = await cycles();
  const second = await cycles();
  assert.equal(first.heap.allocatedBytes, disposed.heap.allocatedBytes, 'dispose() freed every model');
  assert.deepEqual(second.heap, first.heap, '50 more load/dispose cycles leave the wasm heap as they found it');
  t.diagnostic(`50 load/dispose cycles: wasm heap ${mb(first.heap.allocatedBytes)} allocated of ${mb(first.heap.memoryBytes)}; RSS ${mb(afterPredict.rss)} → ${mb(first.rss)} (caches filling)`);
  t.diagnostic(`50 more cycles: wasm heap ${mb(second.heap.allocatedBytes)} of ${mb(second.heap.memoryBytes)}; RSS ${mb(first.rss)} → ${mb(second.rss)}`);
  // What a leak would hold is counted exactly: the wasm heap (above) and V8's
  // heap and external memory (here). RSS also moves with the allocators'
  // caches and when the collector runs (±20 MiB between runs on a busy
  // machine), so its bound is half of what one leaked file per cycle would add.
  t.diagnostic(`JS heap and external memory: ${mb(first.js)} → ${mb(second.js)}`);
  assert.ok(second.js - first.js < 2 ** 20, `V8's heap and external memory grew by ${mb(second.js - first.js)} over the second 50 cycles`);
  assert.ok(second.rss - first.rss < 32 * 2 ** 20, `RSS grew by ${mb(second.rss - first.rss)} over the second 50 cycles`);
  assert.ok(afterPredict.rss - before.rss < 24 * 2 ** 20, `RSS grew by ${mb(afterPredict.rss - before.rss)} over 10^5 predict calls`);
});
