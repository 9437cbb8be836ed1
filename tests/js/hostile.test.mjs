// Hostile inputs to the JS API (issue #14): oversized and detached buffers
// give ERR_BAD_INPUT before anything reaches the wasm heap, the models loaded
// before keep working, and search() stays linear in the query.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { loadModel, loadNetwork, MovieNetError } from 'movienet';
import { encode } from './helpers.mjs';
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

// ---- every JS case of issue #14, one row each: what was tried, the code and
// the message it gives (printed, so the test log is the table).

// The shipped model with one float32 tensor value, or the free-form metadata text, replaced.
function tampered(edit) {
  const bytes = new Uint8Array(readFileSync(defaultModelPath));
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const length = Number(view.getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const body = bytes.subarray(8 + length);
  const f32 = (name, value) => new DataView(body.buffer, body.byteOffset + header[name].data_offsets[0]).setFloat32(0, value, true);
  edit({ header, f32 });
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(body, 8 + text.length);
  return out;
}

const LIMIT = 256 * 1024 * 1024;
const zeros = (n) =>
  new ReadableStream({
    pull(controller) {
      controller.enqueue(new Uint8Array(Math.min(n, 1 << 20)));
    },
  });

const CASES = [
  ['a detached ArrayBuffer', () => loadModel(detached().buffer), 'ERR_BAD_INPUT', /model: the ArrayBuffer is detached/],
  ['a buffer of 256 MiB + 1 byte', () => loadModel(new Uint8Array(LIMIT + 1)), 'ERR_BAD_INPUT', /268435457 bytes is larger than the limit of 268435456 bytes/],
  ['loadModel(\'/dev/zero\')', () => loadModel('/dev/zero'), 'ERR_BAD_INPUT', /model: \/dev\/zero: the stream is larger than the limit of 268435456 bytes/],
  ['a Response whose Content-Length is above the limit', () => loadModel(new Response(zeros(1), { headers: { 'content-length': String(LIMIT + 1) } })), 'ERR_BAD_INPUT', /268435457 bytes is larger than the limit/],
  ['a Response that never ends', () => loadModel(new Response(zeros(Infinity))), 'ERR_BAD_INPUT', /the stream is larger than the limit of 268435456 bytes/],
  ['user_bias_shrinkage = 0', () => loadModel(tampered(({ f32 }) => f32('pooled.user_bias_shrinkage', 0))), 'ERR_MODEL_FORMAT', /pooled\.user_bias_shrinkage: must be a number in \(0, 1e6\]/],
  ['user_bias_shrinkage = -3', () => loadModel(tampered(({ f32 }) => f32('pooled.user_bias_shrinkage', -3))), 'ERR_MODEL_FORMAT', /pooled\.user_bias_shrinkage: must be a number in \(0, 1e6\]/],
  ['a NaN global mean', () => loadModel(tampered(({ f32 }) => f32('global_mean', NaN))), 'ERR_MODEL_FORMAT', /global_mean: value 0 is not finite/],
  ['a NaN rating in the history (never clamped)', () => model.predict([{ movieId: 1, rating: NaN }], [2]), 'ERR_BAD_INPUT', /rating/],
];

test('hostile inputs to the JS API, one row per case: each gives its code and a message naming what was wrong', async (t) => {
  const reference = model.predict([{ movieId: 1, rating: 5 }], [2, 3]);
  for (const [what, run, code, message] of CASES) {
    await t.test(what, async (st) => {
      let error;
      try {
        await run();
      } catch (e) {
        error = e;
      }
      assert.ok(error instanceof MovieNetError, `${what}: expected a MovieNetError, got ${error}`);
      assert.equal(error.code, code, error.message);
      assert.match(error.message, message);
      st.diagnostic(`${code}: ${error.message}`);
    });
  }
  // Nothing above disturbed the model already loaded.
  assert.deepEqual(model.predict([{ movieId: 1, rating: 5 }], [2, 3]), reference);
});

test('metadata numbers outside double range (1e400, a 120-digit integer) load: the metadata is free-form', async () => {
  const edited = await loadModel(
    tampered(({ header }) => {
      const meta = JSON.parse(header.__metadata__.metadata);
      header.__metadata__.metadata = JSON.stringify({ ...meta, huge: 0, long: 0 }).replace('"huge":0', '"huge":1e400').replace('"long":0', `"long":${'9'.repeat(120)}`);
    }),
  );
  assert.equal(edited.info.metadata.huge, Infinity);
  assert.equal(edited.info.metadata.long, 1e120);
  assert.deepEqual(edited.predict([{ movieId: 1, rating: 5 }], [2, 3]), model.predict([{ movieId: 1, rating: 5 }], [2, 3]));
  edited.dispose();
});

// Issue #20: safetensors data is indexed entirely, so bytes after the last
// tensor (or between two) are refused, named by count and offset, as natively.
test('a model or network file with bytes after its last tensor, or between two, is ERR_MODEL_FORMAT naming them', async () => {
  const shipped = new Uint8Array(readFileSync(defaultModelPath));
  const length = Number(new DataView(shipped.buffer, shipped.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(shipped.subarray(8, 8 + length)));
  const [last, end] = Object.entries(header)
    .filter(([name]) => name !== '__metadata__')
    .map(([name, t]) => [name, t.data_offsets[1]])
    .reduce((a, b) => (b[1] > a[1] ? b : a));
  assert.equal(8 + length + end, shipped.length);
  const trailing = new Uint8Array(shipped.length + 5);
  trailing.set(shipped);
  const modelFormat = (message) => (err) => {
    assert.ok(err instanceof MovieNetError, `expected a MovieNetError, got ${err}`);
    assert.equal(err.code, 'ERR_MODEL_FORMAT', err.message);
    assert.equal(err.message, message);
    return true;
  };
  await assert.rejects(
    loadModel(trailing),
    modelFormat(`model: 5 bytes after ${last}, the last tensor, at file offset ${shipped.length}: no tensor holds them (safetensors data is indexed entirely)`),
  );
  // A PyTorch state_dict with a hole: 0.bias starts 4 bytes after 0.weight ends.
  const torch = encode({
    tensors: {
      '0.weight': { shape: [2, 2], values: [1, 2, 3, 4] },
      pad: { dtype: 'U8', shape: [4], bytes: new Uint8Array(4) },
      '0.bias': { shape: [2], values: [0, 0] },
    },
  });
  const torchLength = Number(new DataView(torch.buffer).getBigUint64(0, true));
  const torchHeader = JSON.parse(new TextDecoder().decode(torch.subarray(8, 8 + torchLength)));
  delete torchHeader.pad;
  const text = new TextEncoder().encode(JSON.stringify(torchHeader));
  const holed = new Uint8Array(8 + text.length + 28);
  new DataView(holed.buffer).setBigUint64(0, BigInt(text.length), true);
  holed.set(text, 8);
  holed.set(torch.subarray(8 + torchLength), 8 + text.length);
  await assert.rejects(
    loadNetwork(holed, { layers: 'linear' }),
    modelFormat(`network: 4 bytes after 0.weight, at file offset ${8 + text.length + 16}: no tensor holds them (safetensors data is indexed entirely)`),
  );
  // The model loaded before is untouched.
  assert.equal(model.recommend([{ movieId: 1, rating: 5 }], { k: 1 }).length, 1);
});
