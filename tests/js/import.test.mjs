// Networks made elsewhere through loadNetwork (issue #10): the fixtures made
// by PyTorch and TF.js (tests/fixtures/import, with the scripts that made
// them) predict what those tools predicted, every way of handing a TF.js
// model over works, and malformed models are named errors.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

import { loadNetwork, MovieNetError } from 'movienet';
import { encode, networkFile, readJson } from './helpers.mjs';

const dir = new URL('../fixtures/import/', import.meta.url);
const tfjsDir = new URL('tfjs_mlp/', dir);
const read = (name, base = dir) => new Uint8Array(readFileSync(new URL(name, base)));
const modelJson = () => readJson(new URL('model.json', tfjsDir));
const shards = () => [read('group1-shard1of2.bin', tfjsDir), read('group1-shard2of2.bin', tfjsDir)];

function expectError(code, pattern) {
  return (err) => {
    assert.ok(err instanceof MovieNetError, `expected a MovieNetError, got ${err}`);
    assert.equal(err.code, code, err.message);
    assert.match(err.message, pattern);
    return true;
  };
}

// The largest |difference| from the original tool's outputs.
function maxAbsDifference(net, expected) {
  const out = net.predictBatch(Float32Array.from(expected.input), expected.rows);
  assert.equal(out.length, expected.output.length);
  return Math.max(...Array.from(out, (v, i) => Math.abs(v - expected.output[i])));
}

test('a PyTorch nn.Sequential (safetensors) predicts what PyTorch predicted, within 1e-5', async (t) => {
  const expected = readJson(new URL('torch_mlp.expected.json', dir));
  const net = await loadNetwork(fileURLToPath(new URL('torch_mlp.safetensors', dir)));
  assert.equal(net.inputSize, 5);
  assert.equal(net.outputSize, 1);
  assert.deepEqual(net.architecture.layers.map((l) => l.type), ['dense', 'relu', 'dense', 'tanh', 'dense', 'sigmoid']);
  assert.deepEqual(net.metadata, { imported_from: 'pytorch' });
  const worst = maxAbsDifference(net, expected);
  t.diagnostic(`torch fixture: max abs difference ${worst}`);
  assert.ok(worst < 1e-5, `max abs difference ${worst}`);
  const want = net.predictBatch(Float32Array.from(expected.input));
  net.dispose();

  // A bare state_dict with options.layers, as a string or a list.
  for (const layers of [expected.layers, expected.layers.split(','), 'Linear, ReLU, Linear, Tanh, Linear, Sigmoid']) {
    const bare = await loadNetwork(read('torch_mlp_bare.safetensors'), { layers });
    assert.deepEqual(bare.predictBatch(Float32Array.from(expected.input)), want);
    bare.dispose();
  }
});

test('a TF.js layers model predicts what TF.js predicted, within 1e-5, from every kind of source', async (t) => {
  const expected = readJson(new URL('tfjs_mlp.expected.json', dir));
  const [a, b] = shards();
  const all = new Uint8Array([...a, ...b]);
  const sources = {
    'modelJson object, weights in manifest order': { modelJson: modelJson(), weights: [a, b] },
    'modelJson text, weights by path': { modelJson: readFileSync(new URL('model.json', tfjsDir), 'utf8'), weights: { 'group1-shard1of2.bin': a, 'group1-shard2of2.bin': b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) } },
    'modelJson bytes, one concatenated buffer': { modelJson: read('model.json', tfjsDir), weights: all },
    'modelUrl, a path': { modelUrl: fileURLToPath(new URL('model.json', tfjsDir)) },
    'modelUrl, a file URL': { modelUrl: new URL('model.json', tfjsDir) },
    'TF.js ModelArtifacts': { modelTopology: modelJson().modelTopology, weightSpecs: modelJson().weightsManifest[0].weights, weightData: all.buffer },
  };
  for (const [what, source] of Object.entries(sources)) {
    const net = await loadNetwork(source);
    assert.deepEqual(net.architecture.layers.map((l) => l.type), ['dense', 'relu', 'dense', 'tanh', 'dense', 'sigmoid', 'dense', 'sigmoid'], what);
    assert.deepEqual(net.metadata, { imported_from: 'tfjs-layers' });
    const worst = maxAbsDifference(net, expected);
    if (what.startsWith('modelUrl, a path')) t.diagnostic(`tfjs fixture: max abs difference ${worst}`);
    assert.ok(worst < 1e-5, `${what}: max abs difference ${worst}`);
    net.dispose();
  }
});

test('a model built and saved by TF.js in this process loads from its ModelArtifacts', async () => {
  const tf = await import('@tensorflow/tfjs');
  await tf.setBackend('cpu');
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 6, activation: 'tanh', inputShape: [3], biasInitializer: 'randomNormal' }));
  model.add(tf.layers.dense({ units: 2, activation: 'sigmoid', biasInitializer: 'randomNormal' }));
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const x = Float32Array.from([0.5, -1, 2, 0, 0, 0, -3, 1.5, 0.25]);
  const want = model.predict(tf.tensor2d(x, [3, 3])).dataSync();
  const net = await loadNetwork(artifacts);
  const got = net.predictBatch(x);
  assert.ok(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i]))) < 1e-5);
  net.dispose();
});

test('PyTorch files: missing or conflicting layer types are errors, never guesses', async () => {
  const bare = read('torch_mlp_bare.safetensors');
  await assert.rejects(loadNetwork(bare), expectError('ERR_MODEL_FORMAT', /^network: no layer types: a PyTorch state_dict does not record its activation modules; give them \(e\.g\. --layers linear,relu,linear,sigmoid\) or write them into __metadata__\.layers$/));
  await assert.rejects(loadNetwork(read('torch_mlp.safetensors'), { layers: 'linear,tanh,linear,tanh,linear,sigmoid' }), expectError('ERR_MODEL_FORMAT', /the layer types given \(linear,tanh,linear,tanh,linear,sigmoid\) differ from __metadata__\.layers \(linear,relu,linear,tanh,linear,sigmoid\)/));
  await assert.rejects(loadNetwork(bare, { layers: 'linear,relu,linear,tanh,linear,softmax' }), expectError('ERR_MODEL_FORMAT', /layers\[5\]: unknown layer type "softmax"/));
  await assert.rejects(loadNetwork(bare, { layers: 'linear,relu,linear,tanh' }), expectError('ERR_MODEL_FORMAT', /4\.weight: layer 4 is past the 4 layers given/));
  await assert.rejects(loadNetwork(bare, { layers: 42 }), expectError('ERR_BAD_INPUT', /options\.layers must be a list of layer types/));
  await assert.rejects(loadNetwork(bare, { layers: [] }), expectError('ERR_BAD_INPUT', /options\.layers must be a list/));
  // A movienet network file names its own layers.
  const ours = encode(networkFile(2, [{ type: 'dense', units: 1 }], [1, 2, 3]));
  await assert.rejects(loadNetwork(ours, { layers: 'linear' }), expectError('ERR_BAD_INPUT', /options\.layers is for PyTorch files; network is a movienet file/));
});

test('PyTorch files: shapes that do not chain, other dtypes, non-finite values', async () => {
  const t = (shape, values) => ({ shape, values: values ?? new Array(shape.reduce((n, d) => n * d, 1)).fill(0.5) });
  const cases = [
    ['shapes do not chain', { '0.weight': t([4, 3]), '0.bias': t([4]), '2.weight': t([1, 5]), '2.bias': t([1]) }, 'linear,relu,linear', /network: 2\.weight: takes 5 inputs, but 0\.weight gives 4 outputs \(the shapes do not chain\)/],
    ['float64', { '0.weight': { shape: [1, 2], dtype: 'F64', bytes: new Uint8Array(16) }, '0.bias': t([1]) }, 'linear', /0\.weight: dtype F64, expected F32 or F16/],
    ['NaN', { '0.weight': t([1, 2], [1, NaN]), '0.bias': t([1]) }, 'linear', /0\.weight: value 1 is not finite/],
    ['stray tensor', { '0.weight': t([1, 2]), '0.bias': t([1]), 'num_batches_tracked': t([1]) }, 'linear', /num_batches_tracked: not a parameter of a sequential stack/],
  ];
  for (const [what, tensors, layers, pattern] of cases) {
    await assert.rejects(loadNetwork(encode({ tensors }), { layers }), expectError('ERR_MODEL_FORMAT', pattern), what);
  }
});

test('TF.js models: unknown activation, truncated .bin, manifest byte mismatch, other dtypes: named errors', async () => {
  const edit = (change) => {
    const m = modelJson();
    change(m);
    return m;
  };
  const layer = (m, i) => m.modelTopology.config.layers[i].config;
  const weight = (m, i) => m.weightsManifest[0].weights[i];
  const [a, b] = shards();
  const cases = [
    ['unknown activation', { modelJson: edit((m) => { layer(m, 1).activation = 'softmax'; }), weights: [a, b] }, /^model\.json: modelTopology layers\[1\] \(dense_Dense2\)\.activation: "softmax" is not supported \(linear, relu, sigmoid, tanh\)$/],
    ['unknown layer', { modelJson: edit((m) => { m.modelTopology.config.layers[1].class_name = 'LSTM'; }), weights: [a, b] }, /layers\[1\] \(dense_Dense2\): class LSTM is not supported/],
    ['truncated .bin', { modelJson: modelJson(), weights: [a, b.subarray(0, 100)] }, /^model\.json: weightsManifest\[0\]: the weights need 628 bytes, but group1-shard1of2\.bin, group1-shard2of2\.bin hold 612$/],
    ['manifest byte mismatch', { modelJson: edit((m) => { weight(m, 0).shape = [5, 9]; }), weights: [a, b] }, /weightsManifest\[0\]: the weights need 648 bytes, but .* hold 628/],
    ['one buffer too short', { modelJson: modelJson(), weights: new Uint8Array([...a, ...b]).subarray(0, 600) }, /the weights need 628 bytes, but the weight data holds 600/],
    ['float16 weights', { modelJson: edit((m) => { weight(m, 2).dtype = 'float16'; }), weights: [a, b] }, /weightsManifest\[0\]\.weights\[2\] \(dense_Dense2\/kernel\)\.dtype: "float16", only float32 weights are supported/],
    ['quantized weights', { modelJson: edit((m) => { weight(m, 0).quantization = { dtype: 'uint8', scale: 0.1, min: 0 }; }), weights: [a, b] }, /quantized weights are not supported/],
    ['shapes do not chain', { modelJson: edit((m) => { weight(m, 2).shape = [4, 16]; }), weights: [a, b] }, /2\.kernel: takes 4 inputs, but 0\.kernel gives 8 outputs/],
    ['NaN weight', { modelJson: modelJson(), weights: [new Uint8Array([...new Uint8Array(new Float32Array([NaN]).buffer), ...a.subarray(4)]), b] }, /0\.kernel: value 0 is not finite/],
    ['functional model', { modelJson: edit((m) => { m.modelTopology.class_name = 'Functional'; }), weights: [a, b] }, /modelTopology\.class_name: "Functional", only Sequential models import/],
    ['graph model', { modelJson: edit((m) => { m.format = 'graph-model'; }), weights: [a, b] }, /format: "graph-model" is not a TF\.js layers model/],
    ['unknown weight', { modelJson: edit((m) => { weight(m, 1).name = 'dense_Dense9/bias'; }), weights: [a, b] }, /weights\[1\] \(dense_Dense9\/bias\): not the kernel or bias of a Dense layer/],
    ['not JSON', { modelJson: '{"modelTopology":', weights: [a, b] }, /^model\.json: not valid JSON$/],
    ['input size', { modelJson: edit((m) => { layer(m, 0).batch_input_shape = [null, 6]; }), weights: [a, b] }, /^model\.json: modelTopology layers\[0\] \(dense_Dense1\)\.batch_input_shape: \[null,6\], but the kernel of dense_Dense1 takes 5 inputs$/],
    ['input rank', { modelJson: edit((m) => { layer(m, 0).batch_input_shape = [null, 3, 5]; }), weights: [a, b] }, /batch_input_shape: \[null,3,5\], only \[null, features\] inputs import/],
  ];
  for (const [what, source, pattern] of cases) {
    await assert.rejects(loadNetwork(source), expectError('ERR_MODEL_FORMAT', pattern), what);
  }
  const bad = [
    ['wrong number of buffers', { modelJson: modelJson(), weights: [a] }, /source\.weights has 1 buffers, but weightsManifest names 2 files \(group1-shard1of2\.bin, group1-shard2of2\.bin\)/],
    ['a path missing', { modelJson: modelJson(), weights: { 'group1-shard1of2.bin': a } }, /source\.weights: no bytes for "group1-shard2of2\.bin"/],
    ['no weights', { modelJson: modelJson() }, /source\.weights must be the weight files' bytes/],
    ['unknown field', { modelJson: modelJson(), weights: [a, b], extra: 1 }, /source\.extra is not a known field/],
    ['layers option', { modelJson: modelJson(), weights: [a, b] }, /options\.layers is for PyTorch files/, { layers: 'linear' }],
  ];
  for (const [what, source, pattern, options] of bad) {
    await assert.rejects(loadNetwork(source, options), expectError('ERR_BAD_INPUT', pattern), what);
  }
  // A weight file that is not there, next to model.json.
  await assert.rejects(loadNetwork({ modelUrl: fileURLToPath(new URL('../torch_mlp.expected.json', tfjsDir)) }), expectError('ERR_MODEL_FORMAT', /torch_mlp\.expected\.json: modelTopology: missing/));
});

test('every truncation of an import is a MovieNetError or a valid network, never a crash', async () => {
  const torch = read('torch_mlp.safetensors');
  let loaded = 0;
  for (let n = 0; n <= torch.length; n++) {
    try {
      (await loadNetwork(torch.subarray(0, n))).dispose();
      loaded++;
    } catch (err) {
      assert.ok(err instanceof MovieNetError && err.code === 'ERR_MODEL_FORMAT', `${n} bytes: ${err}`);
    }
  }
  assert.equal(loaded, 1);
  const text = readFileSync(new URL('model.json', tfjsDir), 'utf8');
  const weights = shards();
  loaded = 0;
  for (let n = 0; n <= text.length; n++) {
    try {
      (await loadNetwork({ modelJson: text.slice(0, n), weights })).dispose();
      loaded++;
    } catch (err) {
      assert.ok(err instanceof MovieNetError && err.code === 'ERR_MODEL_FORMAT', `${n} characters: ${err}`);
    }
  }
  assert.equal(loaded, 2);  // with and without the last newline
});

test('modelUrl over HTTP fetches the weight files next to model.json', async () => {
  const requested = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => {
    requested.push(String(url));
    const name = new URL(url).pathname.replace('/keras/', '');
    return new Response(readFileSync(new URL(name, tfjsDir)), { headers: { 'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream' } });
  };
  try {
    const net = await loadNetwork({ modelUrl: 'https://models.test/keras/model.json' });
    assert.ok(maxAbsDifference(net, readJson(new URL('tfjs_mlp.expected.json', dir))) < 1e-5);
    net.dispose();
  } finally {
    globalThis.fetch = realFetch;
  }
  assert.deepEqual(requested, ['https://models.test/keras/model.json', 'https://models.test/keras/group1-shard1of2.bin', 'https://models.test/keras/group1-shard2of2.bin']);
});
