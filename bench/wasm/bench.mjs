// npm run bench: the seed network (100 -> 64 ReLU -> 64 ReLU -> 1) with
// identical random weights in movienet.wasm, TensorFlow.js (wasm backend,
// SIMD, 1 thread) and ONNX Runtime Web (wasm, 1 thread), in one Node
// process, at batch 1, 64, 1,682 and 9,742 rows; then the full recommend()
// over the shipped catalogue for one 20-rating history, with and without
// explain: 2, and explain() of one movie.
//
// Every engine gets a Float32Array of features and returns a Float32Array
// (copy in, copy out); timings are the best of several trials.
// Last line: ratio_tfjs_b1=.. ratio_tfjs_b1682=.. ratio_ort_b1682=.. wasm_bytes=.. recommend_ms=..
// recommend_rating_ms=.. recommend_explain2_ms=.. (recommend with explain: 2, k = 10) explain_ms=..
// load_ms=.. load_ms_62k=.. recommend_ms_62k=.. gzip_bytes_62k=.. (the generated 62,000-movie
// model, gzip -9: what a site serving that catalogue sends)
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

import { loadModel, loadNetwork } from '../../dist/index.node.js';
import { encode, networkFile, rng } from '../../tests/js/helpers.mjs';
import { bigCatalogue } from '../big_catalogue.mjs';
import { denseStackOnnx } from './onnx.mjs';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('../../', import.meta.url));
const INPUT = 100;
const LAYERS = [
  { units: 64, relu: true },
  { units: 64, relu: true },
  { units: 1, relu: false },
];
const BATCHES = [1, 64, 1682, 9742];
const quick = process.argv.includes('--quick');
const TRIAL_MS = quick ? 150 : 400;
const TRIALS = quick ? 3 : 7;

// Deterministic weights (the tests' mulberry32), Glorot-uniform scale.
const next = rng(2024);
let fanIn = INPUT;
for (const l of LAYERS) {
  const limit = Math.sqrt(6 / (fanIn + l.units));
  // movienet's W is units x in column-major == in x units row-major (TF.js kernel, ONNX Gemm B).
  l.W = Float32Array.from({ length: fanIn * l.units }, () => (next() * 2 - 1) * limit);
  l.b = Float32Array.from({ length: l.units }, () => (next() - 0.5) * 0.1);
  fanIn = l.units;
}
const inputs = Object.fromEntries(BATCHES.map((n) => [n, Float32Array.from({ length: n * INPUT }, () => next() * 2 - 1)]));

// Calls fn repeatedly for about TRIAL_MS, TRIALS times; best predictions/s.
async function measure(rows, fn) {
  for (let i = 0; i < 3; i++) await fn(); // warm up (JIT, buffers)
  let best = 0;
  for (let t = 0; t < TRIALS; t++) {
    let calls = 0;
    const start = performance.now();
    let now = start;
    do {
      await fn();
      calls++;
      now = performance.now();
    } while (now - start < TRIAL_MS);
    best = Math.max(best, (calls * rows) / ((now - start) / 1000));
  }
  return best;
}

// ---- movienet.wasm: a network file built from the same weights.
const params = [];
for (const l of LAYERS) params.push(...l.W, ...l.b);
const layerList = LAYERS.flatMap((l) => [{ type: 'dense', units: l.units }, ...(l.relu ? [{ type: 'relu' }] : [])]);
const net = await loadNetwork(encode(networkFile(INPUT, layerList, params, { metadata: { purpose: 'benchmark' } })));
const movienet = {
  name: 'movienet.wasm',
  run: (rows) => net.predictBatch(inputs[rows], rows),
};

// ---- TensorFlow.js, wasm backend (SIMD, no threads).
const tf = await import('@tensorflow/tfjs');
const tfwasm = await import('@tensorflow/tfjs-backend-wasm');
tfwasm.setThreadsCount(1);
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
const tfDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'));
tfwasm.setWasmPaths(`${tfDist}/`);
await tf.setBackend('wasm');
await tf.ready();
// The fastest TF.js path: one fused matMul + bias + activation op per layer
// (tf.layers' predict() costs about five times as much per batch here).
const tfLayers = LAYERS.map((l, i) => ({
  W: tf.tensor2d(l.W, [i === 0 ? INPUT : LAYERS[i - 1].units, l.units]),
  b: tf.tensor1d(l.b),
  activation: l.relu ? 'relu' : 'linear',
}));
const tfjs = {
  name: `TF.js ${tf.version.tfjs} wasm (simd, 1 thread, tf.fused.matMul)`,
  // tidy() returns the tensor: returning the Float32Array would make tidy
  // walk every element looking for tensors.
  run: (rows) => {
    const y = tf.tidy(() =>
      tfLayers.reduce((x, l) => tf.fused.matMul({ a: x, b: l.W, bias: l.b, activation: l.activation }),
        tf.tensor2d(inputs[rows], [rows, INPUT])));
    const data = y.dataSync();
    y.dispose();
    return data;
  },
};

// ---- ONNX Runtime Web, wasm, 1 thread.
const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = 1;
ort.env.wasm.simd = true;
ort.env.wasm.proxy = false;
ort.env.logLevel = 'error';
const onnx = denseStackOnnx(INPUT, LAYERS);
const session = await ort.InferenceSession.create(onnx.bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
const ortEngine = {
  name: `ORT-web ${ort.env.versions?.web ?? ''} wasm (1 thread)`,
  run: async (rows) => {
    const out = await session.run({ x: new ort.Tensor('float32', inputs[rows], [rows, INPUT]) });
    return out[onnx.output].data;
  },
};

const engines = [movienet, tfjs, ortEngine];

// ---- numeric agreement
let worst = 0;
for (const rows of [1, 1682]) {
  const ref = movienet.run(rows);
  for (const e of engines.slice(1)) {
    const got = await e.run(rows);
    for (let i = 0; i < ref.length; i++) worst = Math.max(worst, Math.abs(got[i] - ref[i]) / Math.max(1, Math.abs(ref[i])));
  }
}
console.log(`agreement: max relative difference between engines ${worst.toExponential(2)} (${worst < 1e-4 ? 'ok' : 'MISMATCH'})`);
if (!(worst < 1e-4)) process.exitCode = 1;

// ---- speed
const rate = {};
for (const rows of BATCHES) {
  for (const e of engines) {
    rate[`${e.name}:${rows}`] = await measure(rows, () => e.run(rows));
  }
}
const fmt = (v) => (v >= 1e6 ? `${(v / 1e6).toFixed(2)} M/s` : `${(v / 1e3).toFixed(1)} k/s`);
const pad = (s, n) => String(s).padStart(n);
console.log(`\npredictions/s, best of ${TRIALS} trials (Node ${process.versions.node}, seed network ${INPUT}-64-64-1)`);
console.log(`${'batch'.padEnd(8)}${engines.map((e) => pad(e.name.split(' ')[0], 14)).join('')}${pad('vs TF.js', 10)}${pad('vs ORT', 9)}`);
for (const rows of BATCHES) {
  const [m, t, o] = engines.map((e) => rate[`${e.name}:${rows}`]);
  console.log(`${String(rows).padEnd(8)}${[m, t, o].map((v) => pad(fmt(v), 14)).join('')}${pad((m / t).toFixed(2) + 'x', 10)}${pad((m / o).toFixed(2) + 'x', 9)}`);
}
console.log(engines.map((e) => `  ${e.name}`).join('\n'));

// ---- recommend over the shipped catalogue, one 20-rating history
const modelPath = join(root, 'models', 'movienet-ml-latest-small.safetensors');
let recommendMs = 'n/a';
let loadMs = 'n/a';
let recommendRatingMs = 'n/a';
let recommendExplainMs = 'n/a';
let explainMs = 'n/a';
// Median time of fn() in ms.
function medianMs(fn) {
  for (let i = 0; i < 5; i++) fn();
  const times = [];
  for (let i = 0; i < (quick ? 20 : 60); i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)].toFixed(2);
}
if (existsSync(modelPath)) {
  // loadModel on bytes already in memory (the runtime is warm): median of 5.
  const bytes = readFileSync(modelPath);
  const loads = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const m = await loadModel(bytes);
    loads.push(performance.now() - t0);
    m.dispose();
  }
  loads.sort((a, b) => a - b);
  loadMs = loads[2].toFixed(1);
  console.log(`\nloadModel(${bytes.length} bytes in memory): median ${loadMs} ms of 5 (${loads.map((v) => v.toFixed(1)).join(', ')})`);
  const model = await loadModel(modelPath);
  const step = Math.floor(model.movies.length / 20);
  const history = Array.from({ length: 20 }, (_, i) => ({ movieId: model.movies[i * step].movieId, rating: 1 + ((i * 7) % 9) / 2 }));
  // The default ranking scores both heads; by rating is the rating model's order (0.1's).
  recommendMs = medianMs(() => model.recommend(history, { k: 10 }));
  recommendRatingMs = medianMs(() => model.recommend(history, { k: 10, by: 'rating' }));
  console.log(`\nrecommend(k=10) over ${model.movies.length} movies, 20-rating history, median: ${recommendMs} ms`
    + ` (watch and enjoy), ${recommendRatingMs} ms (by rating; ${model.info.arch} model)`);
  // With reasons: every entry left out once for the 10 listed movies.
  recommendExplainMs = medianMs(() => model.recommend(history, { k: 10, explain: 2 }));
  console.log(`recommend(k=10, explain: 2), same history: median ${recommendExplainMs} ms (bar: 3 ms)`);
  const long = Array.from({ length: 100 }, (_, i) => ({ movieId: model.movies[i * Math.floor(step / 5)].movieId, rating: 1 + ((i * 7) % 9) / 2 }));
  const longMs = medianMs(() => model.recommend(long, { k: 10, explain: 2 }));
  console.log(`recommend(k=10, explain: 2), 100-rating history: median ${longMs} ms`);
  explainMs = medianMs(() => model.explain(history, 318));
  console.log(`explain(one movie), 20-rating history (rating and watch, 21 watch softmaxes): median ${explainMs} ms`);
  model.dispose();
}

// ---- a 62,000-movie model (MovieLens 25M's catalogue size), generated from
// the shipped one: every per-movie tensor tiled to 62,000 rows, new ids.
let loadMs62k = 'n/a';
let recommendMs62k = 'n/a';
let gzipBytes62k = 'n/a';
if (existsSync(modelPath)) {
  const bytes = bigCatalogue(readFileSync(modelPath), 62_000);
  gzipBytes62k = gzipSync(bytes, { level: 9 }).length;
  const loads = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const m = await loadModel(bytes);
    loads.push(performance.now() - t0);
    if (i < 2) m.dispose();
    else {
      const history = Array.from({ length: 20 }, (_, k) => ({ movieId: m.movies[k * 3001].movieId, rating: 1 + ((k * 7) % 9) / 2 }));
      for (let k = 0; k < 3; k++) m.recommend(history, { k: 10 });
      const times = [];
      for (let k = 0; k < 20; k++) {
        const t1 = performance.now();
        m.recommend(history, { k: 10 });
        times.push(performance.now() - t1);
      }
      times.sort((a, b) => a - b);
      recommendMs62k = times[10].toFixed(2);
      m.dispose();
    }
  }
  loads.sort((a, b) => a - b);
  loadMs62k = loads[1].toFixed(1);
  console.log(`62,000-movie model (${bytes.length} bytes, ${gzipBytes62k} gzip -9): loadModel median ${loadMs62k} ms of 3, recommend(k=10) median ${recommendMs62k} ms`);
}

const wasmBytes = statSync(join(root, 'dist', 'movienet.wasm')).size;
const r = (rows, e) => (rate[`${movienet.name}:${rows}`] / rate[`${e.name}:${rows}`]).toFixed(2);
console.log(`ratio_tfjs_b1=${r(1, tfjs)} ratio_tfjs_b1682=${r(1682, tfjs)} ratio_ort_b1682=${r(1682, ortEngine)} wasm_bytes=${wasmBytes} recommend_ms=${recommendMs} recommend_rating_ms=${recommendRatingMs} recommend_explain2_ms=${recommendExplainMs} explain_ms=${explainMs} load_ms=${loadMs} load_ms_62k=${loadMs62k} recommend_ms_62k=${recommendMs62k} gzip_bytes_62k=${gzipBytes62k}`);
net.dispose();
