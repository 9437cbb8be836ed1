// Every error code the package can raise, from what triggers it, checked as a
// real Error subclass with a code and a message naming the culprit.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

import { loadModel, loadNetwork, MovieNetError, ErrorCodes } from 'movienet';
import { encode, fixtures, networkFile } from './helpers.mjs';

function expectError(code, pattern) {
  return (err) => {
    assert.ok(err instanceof MovieNetError, `expected a MovieNetError, got ${err}`);
    assert.ok(err instanceof Error);
    assert.equal(err.name, 'MovieNetError');
    assert.equal(err.code, code, err.message);
    assert.match(err.message, pattern);
    return true;
  };
}

const seedUrl = new URL('seed.network.safetensors', fixtures);

test('ErrorCodes lists every code', () => {
  assert.deepEqual(Object.values(ErrorCodes).sort(), [
    'ERR_BAD_INPUT',
    'ERR_DATA_FORMAT',
    'ERR_DISPOSED',
    'ERR_INTERNAL',
    'ERR_IO',
    'ERR_MODEL_FORMAT',
    'ERR_NO_RATING_MODEL',
    'ERR_OUT_OF_MEMORY',
    'ERR_WASM',
  ]);
  assert.ok(Object.isFrozen(ErrorCodes));
});

test('ERR_MODEL_FORMAT: malformed network files, with the tensor or field named', async () => {
  const good = networkFile(2, [{ type: 'dense', units: 1 }], [1, 2, 3]);
  const goodBytes = encode(good);
  const withTensor = (name, change) => ({ ...good, tensors: { ...good.tensors, [name]: { ...good.tensors[name], ...change } } });
  const withHeaderLength = (n) => {
    const b = goodBytes.slice();
    new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
    return b;
  };
  // A header of `length` bytes: "{", spaces, "}".
  const blankHeader = (length) => {
    const b = new Uint8Array(8 + length).fill(0x20);
    new DataView(b.buffer).setBigUint64(0, BigInt(length), true);
    b[8] = 0x7b;
    b[8 + length - 1] = 0x7d;
    return b;
  };
  const cases = [
    ['truncated header', goodBytes.subarray(0, 20), /header length \d+ runs past the end of the 20-byte file/],
    ['shorter than the length', goodBytes.subarray(0, 5), /truncated: 5 bytes/],
    ['header length past the end', withHeaderLength(1e6), /header length 1000000 runs past the end/],
    ['header not JSON', withHeaderLength(3), /header: not valid JSON/],
    ['data cut off', goodBytes.subarray(0, goodBytes.length - 4), /0\.bias: data_offsets \[8, 12\] are outside the 8 data bytes/],
    ['out-of-file offsets', encode(withTensor('0.bias', { offsets: [8, 400] })), /0\.bias: data_offsets \[8, 400\] are outside/],
    ['overlapping offsets', encode(withTensor('0.bias', { offsets: [4, 8] })), /0\.bias: data_offsets overlap 0\.weight|0\.weight: data_offsets overlap 0\.bias/],
    ['wrong dtype', encode(withTensor('0.weight', { dtype: 'I32', bytes: new Uint8Array(8) })), /0\.weight: dtype I32, expected F32 or F16/],
    ['unknown dtype', encode(withTensor('0.weight', { dtype: 'Q4' })), /0\.weight\.dtype: unknown dtype "Q4"/],
    ['wrong shape', encode(withTensor('0.bias', { shape: [2], values: [3, 4] })), /0\.bias: shape \[2\], expected \[1\]/],
    ['size does not match the shape', encode(withTensor('0.bias', { shape: [3] })), /0\.bias: data_offsets hold 4 bytes, but F32 \[3\] needs 12/],
    ['NaN weights', encode(networkFile(2, [{ type: 'dense', units: 1 }], [1, NaN, 3])), /0\.weight: value 1 is not finite/],
    ['missing tensor', encode({ ...good, tensors: { '0.weight': good.tensors['0.weight'] } }), /0\.bias: missing tensor/],
    ['unknown layer', encode({ ...good, metadata: { ...good.metadata, layers: 'dense,softmax' } }), /unknown layer type "softmax"/],
    ['format', encode({ ...good, metadata: { ...good.metadata, format: 'something-else' } }), /format: "something-else" is not a movienet-network file/],
    ['version', encode({ ...good, metadata: { ...good.metadata, version: '3' } }), /version: 3 is not supported/],
    ['header an array', encode('\x02\0\0\0\0\0\0\0[]'), /header: expected a JSON object/],
    ['header over the limit', blankHeader(8 * 1024 * 1024 + 1), /header length 8388609 is larger than the limit of 8388608 bytes/],
    ['metadata nested too deep', encode({ ...good, metadata: { ...good.metadata, metadata: `{"a":${'['.repeat(64)}${']'.repeat(64)}}` } }),
      /__metadata__\.metadata: JSON nested deeper than 64 levels/],
    ['metadata not an object', encode({ ...good, metadata: { ...good.metadata, metadata: '[1]' } }), /__metadata__\.metadata: expected a JSON object/],
    ['version-1 JSON', encode('{"format": "movienet-network", "version": 1}'), /version-1 JSON file.*movienet convert OLD\.json NEW\.safetensors/],
  ];
  for (const [what, bytes, pattern] of cases) {
    await assert.rejects(loadNetwork(bytes), expectError('ERR_MODEL_FORMAT', pattern), what);
  }
  await assert.rejects(loadModel(goodBytes), expectError('ERR_MODEL_FORMAT', /model: __metadata__\.format: "movienet-network" is not a movienet-model file/));
});

test('ERR_MODEL_FORMAT: malformed model files name the tensor', async () => {
  const bytes = readFileSync(new URL('seed-model.safetensors', fixtures));
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const rewrite = (change) => {
    const h = structuredClone(header);
    change(h);
    const json = new TextEncoder().encode(JSON.stringify(h));
    const out = new Uint8Array(8 + json.length + bytes.length - 8 - length);
    new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
    out.set(json, 8);
    out.set(bytes.subarray(8 + length), 8 + json.length);
    return out;
  };
  const [begin] = header['seed.network.0.weight'].data_offsets;
  const nan = bytes.slice();
  new DataView(nan.buffer).setUint16(8 + length + begin + 2, 0x7e00, true);  // F16 NaN
  const cases = [
    ['NaN weight', nan, /seed\.network\.0\.weight: value 1 is not finite/],
    ['wrong shape', rewrite((h) => { h['catalogue.ids'].shape = [h['catalogue.ids'].shape[0] - 1]; }), /catalogue\.ids: data_offsets hold \d+ bytes, but I32/],
    ['wrong dtype', rewrite((h) => { h['scale'].dtype = 'I32'; }), /scale: dtype I32, expected F32 or F16/],
    ['overlap', rewrite((h) => { h['global_mean'].data_offsets = h['scale'].data_offsets.map((v, i) => v + (i ? -8 : 0)); }), /overlap/],
    ['wrong architecture', rewrite((h) => { h.__metadata__.arch = 'transformer'; }), /__metadata__\.arch: unknown architecture "transformer"/],
  ];
  for (const [what, file, pattern] of cases) {
    await assert.rejects(loadModel(file), expectError('ERR_MODEL_FORMAT', pattern), what);
  }
  const v1 = readFileSync(new URL('../../fixtures/v1/seed-model.json', fixtures));
  await assert.rejects(loadModel(v1), expectError('ERR_MODEL_FORMAT', /model: is a version-1 JSON file; .*`movienet convert OLD\.json NEW\.safetensors`/));
});

test('ERR_MODEL_FORMAT messages name the source', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'movienet-'));
  try {
    const path = join(dir, 'broken.safetensors');
    writeFileSync(path, encode({ metadata: { format: 'movienet-network', version: '2' }, tensors: {} }));
    await assert.rejects(loadNetwork(path), expectError('ERR_MODEL_FORMAT', new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: __metadata__\\.layers: missing`)));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('ERR_IO: missing files, HTTP errors, unreachable hosts, bad wasm URL', async () => {
  await assert.rejects(loadNetwork('/nonexistent/net.json'), expectError('ERR_IO', /cannot read \/nonexistent\/net\.json: ENOENT/));
  await assert.rejects(loadNetwork(new Response('nope', { status: 404, statusText: 'Not Found' })), expectError('ERR_IO', /HTTP 404 Not Found/));
  await assert.rejects(loadNetwork('http://127.0.0.1:9/net.json'), expectError('ERR_IO', /cannot fetch http:\/\/127\.0\.0\.1:9\/net\.json/));
  await assert.rejects(loadNetwork(seedUrl, { wasmUrl: new URL('./no-such.wasm', fixtures) }), expectError('ERR_IO', /movienet\.wasm: cannot read .*no-such\.wasm/));
});

test('ERR_WASM: bytes that are not movienet.wasm', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'movienet-'));
  try {
    const bogus = join(dir, 'movienet.wasm');
    // A valid but empty module, then bytes that are not wasm at all.
    writeFileSync(bogus, Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]));
    await assert.rejects(loadNetwork(seedUrl, { wasmUrl: new URL(`file://${bogus}`) }), expectError('ERR_WASM', /could not be instantiated: not a movienet\.wasm build/));
    const garbage = join(dir, 'garbage.wasm');
    writeFileSync(garbage, 'this is not wasm');
    await assert.rejects(loadNetwork(seedUrl, { wasmUrl: new URL(`file://${garbage}`) }), expectError('ERR_WASM', /garbage\.wasm is not a WebAssembly file \(16 bytes, starting 74 68 69 73 = "this is not wasm"; expected 00 61 73 6d\)/));
    // An HTML page saved where the wasm should be: named as such, not blamed on the browser.
    const page = join(dir, 'page.wasm');
    writeFileSync(page, '<!doctype html><html><body>app</body></html>');
    await assert.rejects(loadNetwork(seedUrl, { wasmUrl: new URL(`file://${page}`) }), expectError('ERR_IO', /page\.wasm is an HTML page \(starting "<!doctype html><html>.*not a WebAssembly file/));
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test('ERR_BAD_INPUT: wrong argument types name the argument', async () => {
  await assert.rejects(loadNetwork(42), expectError('ERR_BAD_INPUT', /source must be a URL string, URL, Response, ArrayBuffer or Uint8Array \(or a file path\), got number 42/));
  await assert.rejects(loadNetwork(''), expectError('ERR_BAD_INPUT', /source must be/));
  await assert.rejects(loadNetwork(seedUrl, { wasmURL: 'x' }), expectError('ERR_BAD_INPUT', /options\.wasmURL is not a known option/));
  await assert.rejects(loadNetwork(seedUrl, 'fast'), expectError('ERR_BAD_INPUT', /options must be an object/));
  await assert.rejects(loadNetwork(seedUrl, { wasmUrl: 7 }), expectError('ERR_BAD_INPUT', /options\.wasmUrl must be a URL/));
  const used = new Response('{}');
  await used.text();
  await assert.rejects(loadNetwork(used), expectError('ERR_BAD_INPUT', /already read/));

  const net = await loadNetwork(seedUrl);
  try {
    assert.throws(() => net.predictBatch([1, 2, 3], 1), expectError('ERR_BAD_INPUT', /input must be a Float32Array, got an array/));
    assert.throws(() => net.predictBatch(new Float64Array(100), 1), expectError('ERR_BAD_INPUT', /input must be a Float32Array, got a Float64Array/));
    assert.throws(() => net.predictBatch(new Float32Array(100), 2), expectError('ERR_BAD_INPUT', /input\.length must be rows × inputSize = 2 × 100 = 200, got 100/));
    assert.throws(() => net.predictBatch(new Float32Array(100), 1.5), expectError('ERR_BAD_INPUT', /rows must be a non-negative integer, got number 1\.5/));
    assert.throws(() => net.predictBatch(new Float32Array(100), -1), expectError('ERR_BAD_INPUT', /rows must be a non-negative integer/));
    assert.throws(() => net.predictBatch(new Float32Array(150)), expectError('ERR_BAD_INPUT', /input\.length \(150\) is not a multiple of inputSize \(100\)/));
    assert.throws(() => net.predictBatch(new Float32Array(200), 2, new Float32Array(1)), expectError('ERR_BAD_INPUT', /out must be a Float32Array of at least 2 floats/));
  } finally {
    net.dispose();
  }
});

test('ERR_DISPOSED: a disposed network refuses work; dispose is idempotent', async () => {
  const net = await loadNetwork(seedUrl);
  assert.equal(net.disposed, false);
  net.dispose();
  net.dispose();
  assert.equal(net.disposed, true);
  assert.throws(() => net.predictBatch(new Float32Array(100), 1), expectError('ERR_DISPOSED', /this network was disposed/));
});

test('a C++ exception reaches JS as a MovieNetError carrying the C++ message', async () => {
  // InferenceNet's own check (C++ Error(BadInput)) surfaces unchanged when a
  // network cannot be fused: an activation with no dense layer before it.
  const file = networkFile(2, [{ type: 'relu' }, { type: 'dense', units: 1 }], [1, 2, 3]);
  await assert.rejects(loadNetwork(encode(file)), (err) => {
    assert.ok(err instanceof MovieNetError);
    assert.equal(err.code, 'ERR_MODEL_FORMAT');
    assert.equal(err.message, 'network: InferenceNet: layer 0 (relu) does not follow a dense layer, so it cannot be fused');
    return true;
  });
});

// A server's HTML fallback page (SPA routing, a dev server that does not know
// the file) answers 200 text/html: the error says so, for the model and the wasm.
test('ERR_IO: an HTML page where the model or the wasm should be', async () => {
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!DOCTYPE html>\n<html lang="en"><head><title>My app</title></head><body><div id="app"></div></body></html>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    await assert.rejects(
      loadModel(`${origin}/models/missing.json`),
      expectError('ERR_IO', new RegExp(`^model: ${origin}/models/missing\\.json is an HTML page \\(HTTP 200, Content-Type text/html; charset=utf-8, starting "<!DOCTYPE html> <html lang=.*\\), not a model file: the server probably answered with its fallback page`)),
    );
    await assert.rejects(
      loadNetwork(seedUrl, { wasmUrl: `${origin}/assets/movienet.wasm` }),
      expectError('ERR_IO', new RegExp(`^movienet\\.wasm: ${origin}/assets/movienet\\.wasm is an HTML page \\(HTTP 200, Content-Type text/html.*not a WebAssembly file.*options\\.wasmUrl`)),
    );
    // Bytes handed over directly are checked too.
    await assert.rejects(loadModel(new TextEncoder().encode('  <!doctype html><p>hi')), expectError('ERR_MODEL_FORMAT', /model: the bytes given are an HTML page \(starting "<!doctype html><p>hi"\)/));
    // And a non-200 answer names the status and the URL.
    await assert.rejects(loadModel(new Response('nope', { status: 503, statusText: 'Service Unavailable' })), expectError('ERR_IO', /HTTP 503 Service Unavailable/));
  } finally {
    server.close();
  }
});

test('messages say "an object", not "a Object"', async () => {
  await assert.rejects(loadModel({}), expectError('ERR_BAD_INPUT', /got an object$/));
  await assert.rejects(loadModel(new Map()), expectError('ERR_BAD_INPUT', /got a Map$/));
});
