// The low-level network API on the built package: every source type, parity
// with the native build's golden outputs, the SIMD kernel against a
// reference on awkward shapes, and special values.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';

import { loadNetwork, Network, MovieNetError } from 'movienet';
import { assertClose, encode, fixtures, networkFile, readJson, referenceForward, rng } from './helpers.mjs';

for (const name of ['seed', 'odd', 'half']) {
  test(`${name}: predictBatch matches the native golden outputs within 1e-5`, async () => {
    const golden = readJson(new URL(`${name}.golden.json`, fixtures));
    const net = await loadNetwork(fileURLToPath(new URL(golden.network, fixtures)));
    try {
      assert.ok(net instanceof Network);
      const input = Float32Array.from(golden.input);
      assert.equal(input.length, golden.rows * net.inputSize);
      const out = net.predictBatch(input, golden.rows);
      assert.equal(out.length, golden.rows * net.outputSize);
      const worst = assertClose(out, golden.output, 1e-5, name);
      // Row by row gives the same numbers as the batch (one kernel, any batch size).
      for (let r = 0; r < golden.rows; r += 7) {
        const one = net.predictBatch(input.subarray(r * net.inputSize, (r + 1) * net.inputSize), 1);
        assert.deepEqual(Array.from(one), Array.from(out.subarray(r * net.outputSize, (r + 1) * net.outputSize)));
      }
      assert.ok(worst < 1e-5);
    } finally {
      net.dispose();
    }
  });
}

test('every source type loads the same network', async () => {
  const path = fileURLToPath(new URL('seed.network.safetensors', fixtures));
  const bytes = readFileSync(path);
  const x = new Float32Array(100).map((_, i) => Math.sin(i));
  const sources = {
    path,
    fileUrl: pathToFileURL(path),
    fileUrlString: pathToFileURL(path).href,
    uint8: new Uint8Array(bytes),
    arrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
    response: new Response(bytes),
    dataUrl: `data:application/json;base64,${bytes.toString('base64')}`,
  };
  let first;
  for (const [kind, source] of Object.entries(sources)) {
    const net = await loadNetwork(source);
    const y = net.predictBatch(x, 1)[0];
    net.dispose();
    first ??= y;
    assert.equal(y, first, kind);
  }
});

test('network metadata, sizes and architecture are exposed', async () => {
  const net = await loadNetwork(new URL('odd.network.safetensors', fixtures));
  assert.equal(net.inputSize, 7);
  assert.equal(net.outputSize, 3);
  assert.equal(net.paramCount, 7 * 13 + 13 + 13 * 5 + 5 + 5 * 9 + 9 + 9 * 3 + 3);
  assert.deepEqual(net.architecture.layers.map((l) => l.type), ['dense', 'tanh', 'dense', 'sigmoid', 'dense', 'relu', 'dense']);
  assert.equal(net.metadata.spec, '13tanh,5sigmoid,9relu,3');
  assert.ok(Object.isFrozen(net.metadata));
  net.dispose();
});

test('the wasm kernel matches a double-precision reference on every row count and odd shape', async () => {
  const next = rng(42);
  const acts = ['relu', 'identity', 'tanh', 'sigmoid'];
  let c = 0;
  for (const input of [1, 3, 9, 100]) {
    for (const units of [1, 2, 3, 4, 5, 8, 9, 13, 17, 64]) {
      const outUnits = 1 + (c % 5);
      const stages = [
        { units, activation: acts[c % 4] },
        { units: units + 2, activation: 'relu' },
        { units: outUnits, activation: acts[(c + 1) % 4] },
      ];
      c++;
      const layers = stages.flatMap((s) => [{ type: 'dense', units: s.units }, ...(s.activation === 'identity' ? [] : [{ type: s.activation }])]);
      const params = [];
      let n = input;
      for (const s of stages) {
        const scale = 1.5 / Math.sqrt(n);
        for (let i = 0; i < s.units * n; i++) params.push((next() * 2 - 1) * scale);
        for (let i = 0; i < s.units; i++) params.push(next() - 0.5);
        n = s.units;
      }
      const f32 = Float32Array.from(params);
      const net = await loadNetwork(encode(networkFile(input, layers, f32)));
      const maxRows = 65; // 2 tiles of 32 + 1
      const x = Float32Array.from({ length: maxRows * input }, () => next() * 4 - 2);
      const want = referenceForward(input, stages, f32, x, maxRows);
      for (const rows of [1, 2, 3, 4, 5, 7, 31, 32, 33, 63, 64, 65]) {
        const got = net.predictBatch(x.subarray(0, rows * input), rows);
        assertClose(got, want.slice(0, rows * outUnits), 2e-5, `in=${input} units=${units} rows=${rows}`, 1);
      }
      net.dispose();
    }
  }
});

test('special values: NaN propagates, infinities follow IEEE rules, zeros give the bias', async () => {
  const stages = [
    { units: 9, activation: 'relu' },
    { units: 2, activation: 'identity' },
  ];
  const next = rng(7);
  const params = Float32Array.from({ length: 5 * 9 + 9 + 9 * 2 + 2 }, () => next() - 0.5);
  const net = await loadNetwork(encode(networkFile(5, [{ type: 'dense', units: 9 }, { type: 'relu' }, { type: 'dense', units: 2 }], params)));
  const x = Float32Array.from([NaN, 1, 2, -1, 0.5, Infinity, 0, 0, 0, 0, -Infinity, 0, 0, 0, 0, -0, 0, -0, 0, 0, 1e-45, -1e-45, 1e-38, 0, 0]);
  const got = net.predictBatch(x, 5);
  assert.ok(Number.isNaN(got[0]) && Number.isNaN(got[1]), 'NaN in, NaN out');
  assertClose(got, referenceForward(5, stages, params, x, 5), 2e-5, 'special', 1);
  net.dispose();
});

test('predictBatch: rows inferred, out buffer reused, zero rows', async () => {
  const net = await loadNetwork(new URL('odd.network.safetensors', fixtures));
  const x = new Float32Array(7 * 4).fill(0.25);
  const a = net.predictBatch(x);
  assert.equal(a.length, 12);
  const out = new Float32Array(12);
  assert.equal(net.predictBatch(x, 4, out), out);
  assert.deepEqual(out, a);
  assert.equal(net.predictBatch(new Float32Array(0), 0).length, 0);
  // A larger batch after a smaller one (buffers grow), then a smaller again.
  const big = new Float32Array(7 * 5000).fill(0.25);
  const y = net.predictBatch(big, 5000);
  assert.deepEqual(y.subarray(0, 3), a.subarray(0, 3));
  assert.deepEqual(net.predictBatch(x, 4), a);
  net.dispose();
});

test('a failed load leaves nothing behind and the error is a MovieNetError', async () => {
  await assert.rejects(loadNetwork(encode({ metadata: { format: 'movienet-network', version: '2' }, tensors: {} })), (err) => {
    assert.ok(err instanceof MovieNetError && err instanceof Error);
    assert.equal(err.code, 'ERR_MODEL_FORMAT');
    assert.match(err.message, /__metadata__\.layers: missing/);
    return true;
  });
});
