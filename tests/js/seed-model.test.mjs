// The seed architecture in wasm (the shipped model is pooled): a small seed
// model trained on generated ratings, against the native Predictor's golden
// outputs (tests/golden/write_golden).
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, after, test } from 'node:test';

import { loadModel } from 'movienet';
import { assertClose, fixtures, readJson } from './helpers.mjs';

const golden = readJson(new URL('seed-model.golden.json', fixtures));
let model;

before(async () => {
  model = await loadModel(fileURLToPath(new URL('seed-model.safetensors', fixtures)));
});
after(() => model?.dispose());

test('seed model: predict and recommend match the native Predictor within 1e-5 (relative)', () => {
  assert.equal(model.info.arch, 'seed');
  assert.equal(model.info.paramCount, golden.fingerprint.paramCount);
  for (const c of golden.cases) {
    assertClose(model.predict(c.history, c.movieIds), c.predictions, 1e-5, `history of ${c.history.length}`);
    const top = model.recommend(c.history, { k: 10 });
    assert.deepEqual(top.map((r) => r.movieId), c.recommend.map(([id]) => id), `history of ${c.history.length}`);
    assertClose(Float32Array.from(top, (r) => r.score), c.recommend.map(([, s]) => s), 1e-5, 'scores');
    assertClose(Float32Array.from(top, (r) => r.watch), c.recommend.map(([, , , w]) => w), 1e-5, 'watch');
  }
});
