// Hostile inputs to the JS API (issue #14): oversized and detached buffers
// give ERR_BAD_INPUT before anything reaches the wasm heap, the models loaded
// before keep working, and search() stays linear in the query.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { loadModel, loadNetwork, MovieNetError } from 'movienet';
import { defaultModelPath } from './model-path.mjs';

const badInput = (pattern) => (err) => {
  assert.ok(err instanceof MovieNetError, `expected a MovieNetError, got ${err}`);
  assert.equal(err.code, 'ERR_BAD_INPUT', err.message);
  assert.match(err.message, pattern);
  return true;
};

let model;
before(async () => {
  model = await loadModel(defaultModelPath);
});
after(() => model?.dispose());

// A buffer (and a view made before) whose bytes were transferred away.
const detached = () => {
  const buffer = new ArrayBuffer(16);
  const view = new Uint8Array(buffer, 4, 8);
  structuredClone(buffer, { transfer: [buffer] });
  return { buffer, view };
};

test('a detached ArrayBuffer, or a view of one, is ERR_BAD_INPUT', async () => {
  await assert.rejects(loadModel(detached().buffer), badInput(/model: the ArrayBuffer is detached/));
  await assert.rejects(loadModel(detached().view), badInput(/model: the ArrayBuffer is detached/));
  await assert.rejects(loadNetwork(detached().buffer), badInput(/network: the ArrayBuffer is detached/));
});

test('a buffer above 256 MiB is ERR_BAD_INPUT before it is copied; loaded models keep working', async () => {
  const before = model.predict([{ movieId: 1, rating: 5 }], [2, 3]);
  const huge = new Uint8Array(256 * 1024 * 1024 + 1);
  await assert.rejects(loadModel(huge), badInput(/model: 268435457 bytes is larger than the limit of 268435456 bytes/));
  await assert.rejects(loadNetwork(huge.buffer), badInput(/larger than the limit/));
  assert.deepEqual(model.predict([{ movieId: 1, rating: 5 }], [2, 3]), before);
  // A second model from the same bytes still loads next to the first.
  const again = await loadModel(new Uint8Array(readFileSync(defaultModelPath)));
  assert.deepEqual(again.predict([{ movieId: 1, rating: 5 }], [2, 3]), before);
  again.dispose();
});

test('search() dedupes and caps the words of a pasted query: 100,000 words in well under a second', () => {
  const words = ['matrix', 'the', 'reloaded', 'revolutions', 'animatrix'];
  const long = Array.from({ length: 100000 }, (_, i) => words[i % words.length]).join(' ');
  const start = performance.now();
  const hits = model.search(long);
  const ms = performance.now() - start;
  assert.ok(ms < 1000, `search took ${ms.toFixed(0)} ms`);
  assert.deepEqual(hits, model.search('matrix the reloaded revolutions animatrix'));
  // Distinct words beyond the cap are ignored, not an error.
  const many = Array.from({ length: 10000 }, (_, i) => `w${i}`).join(' ');
  assert.deepEqual(model.search(many), []);
  assert.deepEqual(model.search('matrix matrix MATRIX Mátrix').map((m) => m.movieId), model.search('matrix').map((m) => m.movieId));
});
