// movienet's JavaScript API: one implementation for browsers (main thread
// and workers) and Node. The entry points index.js (browsers, default) and
// index.node.js (Node: adds file paths) re-export it.
//
// The wasm module is fetched and instantiated here, not by the Emscripten
// glue (whose 3.1.6 Node paths are broken, see EMSCRIPTEN.md); the .wasm is
// found next to this file with the bundler-friendly `new URL(..., import.meta.url)`
// unless options.wasmUrl says otherwise.
import createMovieNetModule from './movienet.mjs';

import { compiledWasm } from './compiled-wasm.js';
import { MovieNetError, ErrorCodes, describe, disposeSymbol } from './errors.js';

export { MovieNetError, ErrorCodes };

const badInput = (message) => new MovieNetError(ErrorCodes.BAD_INPUT, message);
// A rating question asked of a model trained on watch events alone.
const noRatingModel = (question) =>
  new MovieNetError(
    ErrorCodes.NO_RATING_MODEL,
    `${question}: this model has no rating model (it was trained on watch events without ratings): ask for watch chances instead, with predictWatch() or recommend(history, { by: 'watch' })`,
  );

function checkOptions(options, name, allowed) {
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw badInput(`${name} must be an object, got ${describe(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (!allowed.includes(key)) {
      throw badInput(`${name}.${key} is not a known option (expected ${allowed.join(', ')})`);
    }
  }
  return options;
}

// ---- platform: how bytes are read. index.node.js installs a file reader.
const platform = { readFile: null };

/** @internal Used by index.node.js to let strings and file: URLs name files. */
export function setFileReader(readFile) {
  platform.readFile = readFile;
}

const SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const WINDOWS_PATH = /^[a-zA-Z]:[\\/]/;

// Where a string source points: a file for Node (paths and file: URLs), a
// URL for fetch otherwise.
function isFileSource(text) {
  return platform.readFile !== null && (!SCHEME.test(text) || WINDOWS_PATH.test(text) || text.startsWith('file:'));
}

async function fetchBytes(url, what) {
  if (typeof fetch !== 'function') throw new MovieNetError(ErrorCodes.IO, `${what}: cannot fetch ${url}: no fetch() here`);
  let response;
  try {
    response = await fetch(url);
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: cannot fetch ${url}: ${cause?.message ?? cause}`, { cause });
  }
  return responseBytes(response, what, response.url || String(url));
}

// ---- wrong answers: a server that sends its HTML fallback page (single-page
// app routing, a dev server that does not know the file) answers HTTP 200 with
// text/html. Detected from the Content-Type and from the first bytes, so it
// works for any file format.
const MARKUP = /^(?:\ufeff)?\s*<(?:!doctype|html|head|body|script|meta|title|link|!--|\?xml|pre|div|h1|p\b)/i;

/** The first bytes as text for a message: "<!doctype html><html lang…". */
function preview(bytes) {
  let text = '';
  for (const b of bytes.subarray(0, 40)) text += b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : b <= 0x0d && b >= 0x09 ? ' ' : '.';
  return JSON.stringify(text.replace(/\s+/g, ' ').trim() + (bytes.length > 40 ? '…' : ''));
}

const hex = (bytes) => Array.from(bytes.subarray(0, 4), (b) => b.toString(16).padStart(2, '0')).join(' ');

function looksLikeMarkup(bytes) {
  let head = '';
  for (const b of bytes.subarray(0, 64)) head += String.fromCharCode(b);
  return MARKUP.test(head);
}

const isHtmlType = (type) => /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(type ?? '');

// The error for an HTML page where a movienet file was expected.
function htmlError(what, label, bytes, response) {
  const how = response
    ? `HTTP ${response.status}${response.headers.get('content-type') ? `, Content-Type ${response.headers.get('content-type')}` : ''}, `
    : '';
  const hint =
    what === 'movienet.wasm'
      ? 'serve the package\'s dist/movienet.wasm at that URL (as application/wasm) or pass options.wasmUrl'
      : 'check the URL; with a bundler, import the file\'s URL from the package (Vite: import modelUrl from \'movienet/models/<file>?url\')';
  return new MovieNetError(
    ErrorCodes.IO,
    `${what}: ${label} is an HTML page (${how}starting ${preview(bytes)}), not a ${what === 'movienet.wasm' ? 'WebAssembly' : what} file:` +
      ` the server probably answered with its fallback page because nothing is at that URL; ${hint}`,
  );
}

async function responseBytes(response, what, label) {
  if (!response.ok) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: ${label}: HTTP ${response.status} ${response.statusText}`.trim());
  }
  if (response.bodyUsed) throw badInput(`${what}: the Response body was already read`);
  let bytes;
  try {
    bytes = await boundedBody(response, what, label);
  } catch (cause) {
    if (cause instanceof MovieNetError) throw cause;
    throw new MovieNetError(ErrorCodes.IO, `${what}: ${label}: ${cause?.message ?? cause}`, { cause });
  }
  if (isHtmlType(response.headers.get('content-type')) || looksLikeMarkup(bytes)) throw htmlError(what, label, bytes, response);
  return bytes;
}

async function readLocal(pathOrUrl, label, what) {
  let read;
  try {
    read = await platform.readFile(pathOrUrl, maxBytesOf(what));
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: cannot read ${label}: ${cause?.message ?? cause}`, { cause });
  }
  if (read.bytes === undefined) throw tooLarge(what, label, read.size);
  return read.bytes;
}

// The file reader (index.node.js) and responses stop at the limit: a FIFO,
// /dev/zero or an endless response costs at most the limit, never the machine.
const maxBytesOf = (what) => (what === 'movienet.wasm' ? MAX_WASM_BYTES : MAX_LOAD_BYTES);
function tooLarge(what, label, size) {
  const limit = maxBytesOf(what);
  const found = size === null ? 'the stream is larger than' : `${size} bytes is larger than`;
  return badInput(`${what}: ${label}: ${found} the limit of ${limit} bytes for a ${what === 'movienet.wasm' ? 'wasm' : what} file`);
}

// A Response's body, read chunk by chunk up to the limit (Content-Length is
// checked first when the server sends it).
async function boundedBody(response, what, label) {
  const limit = maxBytesOf(what);
  const declared = Number(response.headers.get('content-length'));
  if (declared > limit) throw tooLarge(what, label, declared);
  if (!response.body?.getReader) return new Uint8Array(await response.arrayBuffer());
  const reader = response.body.getReader();
  const chunks = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > limit) {
      reader.cancel().catch(() => {});
      throw tooLarge(what, label, null);
    }
    chunks.push(value);
  }
  return chunks.length === 1 ? chunks[0] : joinBytes(chunks);
}

function joinBytes(parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * The largest model or network file loadModel()/loadNetwork() accept: 256 MiB.
 * The bytes and the model built from them share one wasm heap of at most
 * 2 GiB (wasm32); a larger source is ERR_BAD_INPUT before anything is copied.
 */
const MAX_LOAD_BYTES = 256 * 1024 * 1024;
// movienet.wasm is some 130 KB; anything past 16 MiB is not it.
const MAX_WASM_BYTES = 16 * 1024 * 1024;

// A transferred (detached) buffer reads as empty; say so instead of a TypeError.
function isDetached(buffer) {
  if (typeof buffer.detached === 'boolean') return buffer.detached;
  if (buffer.byteLength !== 0) return false;
  try {
    new Uint8Array(buffer);
    return false;
  } catch {
    return true;
  }
}

function checkNotDetached(buffer, what) {
  if (isDetached(buffer)) throw badInput(`${what}: the ArrayBuffer is detached (transferred or closed), so its bytes are gone`);
}

const isResponse = (v) => typeof Response !== 'undefined' && v instanceof Response;

// Bytes fetched elsewhere (movienet/worker fetches on the page while its
// worker starts) with the URL they came from, for error messages. Internal:
// model-worker.js makes these; the public API takes plain bytes.
class LabelledBytes {
  constructor(bytes, label) {
    this.bytes = bytes;
    this.label = label;
  }
}
export const labelledBytes = (bytes, label) => new LabelledBytes(bytes, label);

// Bytes and a label for error messages from any accepted source.
async function readSource(source, what) {
  if (source instanceof LabelledBytes) {
    const bytes = new Uint8Array(source.bytes);
    if (looksLikeMarkup(bytes)) throw htmlError(what, source.label, bytes, null);
    return { bytes, label: source.label };
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    checkNotDetached(source instanceof ArrayBuffer ? source : source.buffer, what);
    const bytes = source instanceof ArrayBuffer ? new Uint8Array(source) : new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    if (looksLikeMarkup(bytes)) {
      throw new MovieNetError(ErrorCodes.MODEL_FORMAT, `${what}: the bytes given are an HTML page (starting ${preview(bytes)}), not a ${what} file: were they fetched from a wrong URL?`);
    }
    return { bytes, label: what };
  }
  if (isResponse(source)) return { bytes: await responseBytes(source, what, source.url || 'response'), label: source.url || what };
  if (source instanceof URL) {
    if (source.protocol === 'file:' && platform.readFile) return { bytes: await readLocal(source, source.href, what), label: source.href };
    return { bytes: await fetchBytes(source, what), label: source.href };
  }
  if (typeof source === 'string' && source.length > 0) {
    if (isFileSource(source)) {
      const target = source.startsWith('file:') ? new URL(source) : source;
      return { bytes: await readLocal(target, source, what), label: source };
    }
    return { bytes: await fetchBytes(source, what), label: source };
  }
  throw badInput(
    `source must be a URL string, URL, Response, ArrayBuffer or Uint8Array${platform.readFile ? ' (or a file path)' : ''}, got ${describe(source)}`,
  );
}

// ---- the wasm runtime: one instance per .wasm URL, shared by all models.
const runtimes = new Map();

function defaultWasmUrl() {
  return new URL('movienet.wasm', import.meta.url);
}

// Tiny modules that validate only where a feature exists (as in
// wasm-feature-detect): a v128 constant, and a legacy try/catch_all block.
const SIMD_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11];
const EH_PROBE = [0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 10, 8, 1, 6, 0, 6, 64, 25, 11, 11];

/**
 * Whether this runtime can run movienet.wasm: WebAssembly with SIMD128 and
 * exception handling (Chrome/Edge 95+, Firefox 100+, Safari 16.4+, Node 20+).
 */
export function isSupported() {
  return missingFeatures().length === 0;
}

function missingFeatures() {
  if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') return ['WebAssembly'];
  const missing = [];
  try {
    if (!WebAssembly.validate(new Uint8Array(SIMD_PROBE))) missing.push('WebAssembly SIMD');
    if (!WebAssembly.validate(new Uint8Array(EH_PROBE))) missing.push('WebAssembly exception handling');
  } catch {
    missing.push('WebAssembly.validate');
  }
  return missing;
}

const SUPPORT = 'Chrome/Edge 95+, Firefox 100+, Safari 16.4+, Node 20+';

function checkWasmBytes(bytes, label) {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) {
    if (looksLikeMarkup(bytes)) throw htmlError('movienet.wasm', label, bytes, null);
    throw new MovieNetError(
      ErrorCodes.WASM,
      `movienet.wasm: ${label} is not a WebAssembly file (${bytes.length} bytes, starting ${hex(bytes)} = ${preview(bytes)}; expected 00 61 73 6d)`,
    );
  }
  return bytes;
}

async function instantiate(wasmUrl, compiled) {
  const url = wasmUrl instanceof URL ? wasmUrl : new URL(wasmUrl, defaultWasmUrl());
  const missing = missingFeatures();
  if (missing.length > 0) {
    throw new MovieNetError(ErrorCodes.WASM, `movienet.wasm cannot run here: this runtime lacks ${missing.join(' and ')} (movienet needs ${SUPPORT})`);
  }
  // Bytes for Node and non-wasm MIME types; streaming compile when we can.
  let compile;
  if (compiled) {
    compile = (imports) => WebAssembly.instantiate(compiled, imports).then((instance) => ({ instance, module: compiled }));
  } else if (url.protocol === 'file:' && platform.readFile) {
    const bytes = checkWasmBytes(await readLocal(url, url.href, 'movienet.wasm'), url.href);
    compile = (imports) => WebAssembly.instantiate(bytes, imports);
  } else {
    let response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new MovieNetError(ErrorCodes.IO, `movienet.wasm: cannot fetch ${url.href}: ${cause?.message ?? cause}`, { cause });
    }
    if (!response.ok) throw new MovieNetError(ErrorCodes.IO, `movienet.wasm: ${url.href}: HTTP ${response.status} ${response.statusText}`.trim());
    const streaming =
      typeof WebAssembly.instantiateStreaming === 'function' &&
      (response.headers.get('content-type') ?? '').startsWith('application/wasm');
    if (streaming) {
      compile = (imports) => WebAssembly.instantiateStreaming(response, imports);
    } else {
      const bytes = checkWasmBytes(await responseBytes(response, 'movienet.wasm', url.href), url.href);
      compile = (imports) => WebAssembly.instantiate(bytes, imports);
    }
  }
  let fail;
  const failed = new Promise((_, reject) => {
    fail = reject;
  });
  const ready = createMovieNetModule({
    instantiateWasm(imports, receiveInstance) {
      const wasmError = (cause) =>
        fail(
          new MovieNetError(
            ErrorCodes.WASM,
            `movienet.wasm (${url.href}) could not be instantiated: ${cause?.message ?? cause}` +
              ` (is it the movienet.wasm of this package version? movienet needs WebAssembly SIMD and exception handling: ${SUPPORT})`,
            { cause },
          ),
        );
      compile(imports).then(({ instance, module }) => {
        // A module without movienet's exports (a wrong file) fails in here.
        if (!Object.values(instance.exports).some((e) => e instanceof WebAssembly.Memory)) {
          wasmError(new Error('not a movienet.wasm build (no exported memory)'));
          return;
        }
        try {
          receiveInstance(instance, module);
        } catch (cause) {
          wasmError(cause);
          return;
        }
        compiledWasm.set(url.href, module);
      }, wasmError);
      return {};
    },
    onAbort(what) {
      fail(new MovieNetError(ErrorCodes.WASM, `movienet.wasm aborted: ${what}`));
    },
    print() {},
    printErr() {},
  });
  return Promise.race([ready, failed]);
}

/**
 * @internal movienet/worker compiles movienet.wasm on the page while its
 * worker starts, and hands the compiled module over: the worker's runtime
 * for that URL is instantiated from it instead of fetching the file again.
 */
export function useCompiledWasm(wasmUrl, compiled) {
  const key = String(wasmUrl);
  if (runtimes.has(key) || !(compiled instanceof WebAssembly.Module)) return;
  const runtime = instantiate(wasmUrl, compiled);
  runtimes.set(key, runtime);
  runtime.catch(() => runtimes.delete(key));
}

function runtimeFor(options) {
  const wasmUrl = options.wasmUrl ?? defaultWasmUrl();
  if (!(wasmUrl instanceof URL) && (typeof wasmUrl !== 'string' || wasmUrl.length === 0)) {
    throw badInput(`options.wasmUrl must be a URL or a non-empty string, got ${describe(wasmUrl)}`);
  }
  const key = String(wasmUrl);
  let runtime = runtimes.get(key);
  if (!runtime) {
    runtime = instantiate(wasmUrl);
    runtimes.set(key, runtime);
    runtime.catch(() => runtimes.delete(key));  // let a later call retry
  }
  return runtime;
}

function toError(result) {
  return new MovieNetError(result.code, result.message);
}

// Embind handles are not garbage-collected: dispose() frees them, and this
// registry frees whatever a caller forgot once its wrapper is collected.
const finalizer =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => {
        if (!handle.isDeleted()) handle.delete();
      })
    : null;

function checkRows(rows, name) {
  if (!Number.isSafeInteger(rows) || rows < 0) {
    throw badInput(`${name} must be a non-negative integer, got ${describe(rows)}`);
  }
}

/** A network file loaded for inference: Float32Array features in, predictions out. */
export class Network {
  #module;
  #handle;
  #capacity = 0;
  #inPtr = 0;
  #outPtr = 0;

  /** @internal use loadNetwork() */
  constructor(module, handle, info) {
    this.#module = module;
    this.#handle = handle;
    this.inputSize = info.inputSize;
    this.outputSize = info.outputSize;
    this.paramCount = info.paramCount;
    this.architecture = Object.freeze({
      input: info.inputSize,
      layers: Object.freeze(info.layers.map((l) => Object.freeze(l))),
    });
    this.metadata = info.metadata;
    Object.freeze(this.metadata);
    finalizer?.register(this, handle, this);
  }

  /** True once dispose() ran. */
  get disposed() {
    return this.#handle === null;
  }

  /**
   * Predictions for `rows` samples stored row by row in `input`
   * (rows × inputSize floats). Returns rows × outputSize floats, or fills `out`.
   */
  predictBatch(input, rows, out) {
    const handle = this.#live();
    if (!(input instanceof Float32Array)) throw badInput(`input must be a Float32Array, got ${describe(input)}`);
    if (rows === undefined) {
      rows = input.length / this.inputSize;
      if (!Number.isInteger(rows)) {
        throw badInput(`input.length (${input.length}) is not a multiple of inputSize (${this.inputSize})`);
      }
    }
    checkRows(rows, 'rows');
    if (input.length !== rows * this.inputSize) {
      throw badInput(
        `input.length must be rows × inputSize = ${rows} × ${this.inputSize} = ${rows * this.inputSize}, got ${input.length}`,
      );
    }
    const n = rows * this.outputSize;
    if (out !== undefined && (!(out instanceof Float32Array) || out.length < n)) {
      throw badInput(`out must be a Float32Array of at least ${n} floats, got ${describe(out)}${out?.length !== undefined ? ` of length ${out.length}` : ''}`);
    }
    const result = out ?? new Float32Array(n);
    if (rows === 0) return result;
    if (rows > this.#capacity) {
      const r = handle.reserve(rows);
      if (!r.ok) throw toError(r);
      this.#capacity = rows;
      this.#inPtr = r.input >>> 2;
      this.#outPtr = r.output >>> 2;
    }
    // HEAPF32 is re-read each time: memory growth replaces the view.
    this.#module.HEAPF32.set(input, this.#inPtr);
    if (handle.run(rows) !== 0) throw toError(handle.error());
    result.set(this.#module.HEAPF32.subarray(this.#outPtr, this.#outPtr + n));
    return result;
  }

  /** Frees the wasm memory behind this network. Safe to call more than once. */
  dispose() {
    if (this.#handle === null) return;
    finalizer?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }

  /** `using net = await loadNetwork(…)` disposes at the end of the block. */
  [disposeSymbol]() {
    this.dispose();
  }

  #live() {
    if (this.#handle === null) throw new MovieNetError(ErrorCodes.DISPOSED, 'this network was disposed');
    return this.#handle;
  }
}

/**
 * Loads a network: a movienet network file (format "movienet-network", v2:
 * safetensors), a PyTorch nn.Sequential saved with safetensors (layer types
 * from options.layers or its __metadata__ "layers"), or a Keras Dense stack
 * in the TF.js layers format ({ modelJson, weights }, { modelUrl }, or TF.js
 * ModelArtifacts).
 * @param source URL string, URL, Response, ArrayBuffer, Uint8Array, (Node) a file path, or a TF.js model
 * @param options { wasmUrl, layers }
 */
export async function loadNetwork(source, options) {
  const opts = checkOptions(options, 'options', ['wasmUrl', 'layers']);
  const layers = layerList(opts.layers);
  const runtimeOptions = opts.wasmUrl === undefined ? undefined : { wasmUrl: opts.wasmUrl };
  if (isTfjsSource(source)) {
    if (layers !== '') throw badInput('options.layers is for PyTorch files; a TF.js model names its own layers');
    const runtimePromise = runtimeFor(runtimeOptions ?? {});
    const { bytes, label, table, layers: tfjsLayers } = await readTfjs(source);
    const module = await runtimePromise;
    const handle = withCode(() => new module.WasmNetwork(), 'network');
    try {
      const { text, numbers } = packTable(table);
      const result = withCode(() => importBytes(module, handle, bytes, label, text, numbers, tfjsLayers, KERAS), 'network');
      if (!result.ok) throw toError(result);
      return new Network(module, handle, { ...result, metadata: JSON.parse(result.metadata) });
    } catch (err) {
      handle.delete();
      throw err;
    }
  }
  const { module, handle, result, metadata } = await openFile(source, runtimeOptions, 'network', (m) => new m.WasmNetwork(), layers);
  return new Network(module, handle, { ...result, metadata });
}

// ---- networks made elsewhere (issue #10; network_import.h)

const TORCH = 0;
const KERAS = 1;

// options.layers as network_import.h takes it: "linear,relu,..." ("" = not given).
function layerList(layers) {
  if (layers === undefined) return '';
  const list = Array.isArray(layers) ? layers : typeof layers === 'string' ? layers.split(',') : null;
  if (list === null || list.length === 0 || !list.every((l) => typeof l === 'string' && l.trim() !== '' && !l.includes(','))) {
    throw badInput(`options.layers must be a list of layer types such as 'linear,relu,linear,sigmoid' or ['linear', 'relu'], got ${describe(layers)}`);
  }
  return list.map((l) => l.trim()).join(',');
}

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer) && !(v instanceof URL) && !isResponse(v);
const isTfjsSource = (v) => isPlainObject(v) && ('modelJson' in v || 'modelUrl' in v || 'modelTopology' in v);

const isBytes = (v) => v instanceof ArrayBuffer || ArrayBuffer.isView(v);
function asBytes(v, what) {
  checkNotDetached(v instanceof ArrayBuffer ? v : v.buffer, what);
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

// Where a weight file named in the manifest lives, next to model.json.
function shardLocation(modelUrl, path) {
  if (typeof path !== 'string' || path === '' || path.startsWith('/') || SCHEME.test(path)) {
    throw formatError('model.json', `weightsManifest path ${JSON.stringify(path)}: expected a file name relative to model.json`);
  }
  if (modelUrl instanceof URL) return new URL(path, modelUrl);
  if (isFileSource(modelUrl)) return modelUrl.replace(/[^/\\]*$/, '') + path;
  // A relative modelUrl ('/models/model.json') is relative to the page, as fetch() takes it.
  try {
    return new URL(path, new URL(modelUrl, globalThis.location?.href)).href;
  } catch {
    throw badInput(`source.modelUrl ${JSON.stringify(modelUrl)}: cannot tell where its weight files are (give an absolute URL)`);
  }
}

// The TF.js model as bytes (its weight files concatenated), a tensor table
// over them and the layer list: what network_from_sequential takes with the
// Keras layout. Mirrors core/src/nn/tfjs_model.cpp; keep the two in step.
async function readTfjs(source) {
  let modelJson, weights, label;
  if ('modelUrl' in source) {
    for (const key of Object.keys(source)) if (key !== 'modelUrl') throw badInput(`source.${key}: not with modelUrl (the weight files are read next to model.json)`);
    const { modelUrl } = source;
    if (!(modelUrl instanceof URL) && (typeof modelUrl !== 'string' || modelUrl === '')) throw badInput(`source.modelUrl must be a URL or a non-empty string, got ${describe(modelUrl)}`);
    const read = await readSource(modelUrl, 'model.json');
    label = read.label;
    modelJson = read.bytes;
    weights = async (path) => (await readSource(shardLocation(modelUrl, path), path)).bytes;
  } else if ('modelTopology' in source) {
    // TF.js ModelArtifacts, as model.save(tf.io.withSaveHandler(...)) hands them over.
    label = 'model artifacts';
    const { modelTopology, weightSpecs, weightData, format } = source;
    modelJson = { format, modelTopology, weightsManifest: [{ paths: ['weightData'], weights: weightSpecs }] };
    const data = Array.isArray(weightData) ? weightData : [weightData];
    if (!data.every(isBytes)) throw badInput(`source.weightData must be an ArrayBuffer (or an array of them), got ${describe(weightData)}`);
    weights = [concat(data.map((d) => asBytes(d, 'weightData')))];
  } else {
    for (const key of Object.keys(source)) if (key !== 'modelJson' && key !== 'weights') throw badInput(`source.${key} is not a known field (expected modelJson, weights)`);
    label = 'model.json';
    modelJson = source.modelJson;
    weights = source.weights;
  }
  const model = parseModelJson(modelJson, label);
  const { layers, slots, inputShape, inputWhere } = tfjsLayers(model, label);
  const manifest = model.weightsManifest;
  if (!Array.isArray(manifest)) throw formatError(label, 'weightsManifest: missing (the weights\' names and shapes)');
  const paths = [];
  manifest.forEach((group, g) => {
    if (group === null || typeof group !== 'object' || !Array.isArray(group.paths) || !Array.isArray(group.weights)) {
      throw formatError(label, `weightsManifest[${g}]: expected {paths, weights}`);
    }
    for (const p of group.paths) {
      if (typeof p !== 'string') throw formatError(label, `weightsManifest[${g}].paths: expected strings`);
      paths.push(p);
    }
  });
  // null sizes: one buffer of all files, checked as a whole below.
  const { shards, sizes } = await shardBytes(weights, paths, label);
  const table = { dataOffset: 0, names: [], dtypes: [], shapes: [], begins: [], ends: [], metaKeys: [], metaValues: [], index: new Map() };
  let start = 0;
  let shard = 0;
  manifest.forEach((group, g) => {
    const where = `weightsManifest[${g}]`;
    const size = sizes === null ? null : group.paths.reduce((n) => n + sizes[shard++], 0);
    let offset = start;
    group.weights.forEach((spec, w) => {
      let at = `${where}.weights[${w}]`;
      if (spec === null || typeof spec !== 'object' || typeof spec.name !== 'string') throw formatError(label, `${at}.name: expected a string`);
      at += ` (${spec.name})`;
      if (!Array.isArray(spec.shape)) throw formatError(label, `${at}.shape: expected an array`);
      if (spec.quantization !== undefined) throw formatError(label, `${at}: quantized weights are not supported (export float32 weights)`);
      if (spec.dtype !== 'float32') throw formatError(label, `${at}.dtype: ${spec.dtype === undefined ? 'missing' : JSON.stringify(spec.dtype)}, only float32 weights are supported`);
      let n = 1;
      for (const d of spec.shape) {
        if (!isCount(d) || d > 2 ** 31) throw formatError(label, `${at}.shape: expected non-negative integers`);
        n *= d;
        if (n > MAX_LOAD_BYTES) throw formatError(label, `${at}.shape: too large`);
      }
      const slash = spec.name.lastIndexOf('/');
      const part = spec.name.slice(slash + 1);
      const owner = spec.name.slice(0, Math.max(slash, 0));
      const slot = slash < 0 ? undefined : slots.find((s) => s.name === owner) ?? slots.find((s) => owner.endsWith('/' + s.name));
      if (!slot || (part !== 'kernel' && part !== 'bias')) throw formatError(label, `${at}: not the kernel or bias of a Dense layer of modelTopology`);
      if (slot[part]) throw formatError(label, `${at}: a second ${part} for layer ${slot.name}`);
      slot[part] = true;
      const name = `${slot.index}.${part}`;
      table.index.set(name, table.names.length);
      table.names.push(name);
      table.dtypes.push('F32');
      table.shapes.push(spec.shape);
      table.begins.push(offset);
      table.ends.push(offset + 4 * n);
      offset += 4 * n;
    });
    if (size !== null && offset - start !== size) {
      throw formatError(label, `${where}: the weights need ${offset - start} bytes, but ${group.paths.join(', ')} hold ${size}`);
    }
    start = offset;
  });
  const total = shards.reduce((n, p) => n + p.length, 0);
  if (start !== total) throw formatError(label, `the weights need ${start} bytes, but the weight data holds ${total}`);
  for (const s of slots) {
    if (!s.kernel) throw formatError(label, `weightsManifest: no kernel for Dense layer ${s.name}`);
    if (s.useBias && !s.bias) throw formatError(label, `weightsManifest: no bias for Dense layer ${s.name} (use_bias is true)`);
    if (!s.useBias && s.bias) throw formatError(label, `weightsManifest: a bias for Dense layer ${s.name}, whose use_bias is false`);
  }
  if (inputShape !== undefined) {
    // A Dense on [batch, a, b] acts on the last axis alone: not this network.
    if (!(Array.isArray(inputShape) && inputShape.length === 2 && isCount(inputShape[1]))) {
      throw formatError(label, `${inputWhere}: ${JSON.stringify(inputShape)}, only [null, features] inputs import`);
    }
    const kernel = table.shapes[table.index.get(`${slots[0].index}.kernel`)];
    if (kernel.length === 2 && kernel[0] !== inputShape[1]) {
      throw formatError(label, `${inputWhere}: ${JSON.stringify(inputShape)}, but the kernel of ${slots[0].name} takes ${kernel[0]} inputs`);
    }
  }
  return { bytes: concat(shards), label, table, layers };
}

function parseModelJson(modelJson, label) {
  if (isPlainObject(modelJson)) return modelJson;
  let text = modelJson;
  if (isBytes(modelJson)) {
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(asBytes(modelJson, label));
    } catch (err) {
      if (err instanceof MovieNetError) throw err;
      throw formatError(label, 'not valid UTF-8');
    }
  }
  if (typeof text !== 'string') throw badInput(`source.modelJson must be model.json's object, text or bytes, got ${describe(modelJson)}`);
  let model;
  try {
    model = JSON.parse(text);
  } catch {
    throw formatError(label, 'not valid JSON');
  }
  if (!isPlainObject(model)) throw formatError(label, 'expected a JSON object (a TF.js model.json)');
  return model;
}

const KERAS_ACTIVATIONS = ['relu', 'sigmoid', 'tanh'];

function tfjsLayers(model, label) {
  if (model.format !== undefined && model.format !== 'layers-model') {
    throw formatError(label, `format: ${JSON.stringify(model.format)} is not a TF.js layers model ("layers-model")`);
  }
  let topology = model.modelTopology;
  if (!isPlainObject(topology)) throw formatError(label, 'modelTopology: missing (not a TF.js layers model.json)');
  if (topology.model_config !== undefined) topology = topology.model_config;  // as tensorflowjs_converter writes it
  if (topology?.class_name !== 'Sequential') {
    throw formatError(label, `modelTopology.class_name: ${topology?.class_name === undefined ? 'missing' : JSON.stringify(topology.class_name)}, only Sequential models import`);
  }
  const config = topology.config;
  const list = Array.isArray(config) ? config : config?.layers;  // older Keras: config is the list
  if (!Array.isArray(list)) throw formatError(label, 'modelTopology.config.layers: expected an array');
  const layers = [];
  const slots = [];
  let inputShape;
  let inputWhere;
  list.forEach((layer, k) => {
    let where = `modelTopology layers[${k}]`;
    if (!isPlainObject(layer) || typeof layer.class_name !== 'string' || !isPlainObject(layer.config)) throw formatError(label, `${where}: expected {class_name, config}`);
    const cfg = layer.config;
    if (typeof cfg.name === 'string') where += ` (${cfg.name})`;
    // The declared input, checked against the first kernel in readTfjs (Keras 3 says "batch_shape").
    for (const key of ['batch_input_shape', 'batch_shape']) {
      if (cfg[key] !== undefined && inputShape === undefined) {
        inputShape = cfg[key];
        inputWhere = `${where}.${key}`;
      }
    }
    const activation = () => {
      if (cfg.activation === undefined || cfg.activation === 'linear') return;  // Keras's default: linear
      if (typeof cfg.activation !== 'string') throw formatError(label, `${where}.activation: expected a string`);
      if (!KERAS_ACTIVATIONS.includes(cfg.activation)) throw formatError(label, `${where}.activation: ${JSON.stringify(cfg.activation)} is not supported (linear, relu, sigmoid, tanh)`);
      layers.push(cfg.activation);
    };
    if (layer.class_name === 'Dense') {
      if (typeof cfg.name !== 'string') throw formatError(label, `${where}.name: expected a string`);
      if (cfg.use_bias !== undefined && typeof cfg.use_bias !== 'boolean') throw formatError(label, `${where}.use_bias: expected true or false`);
      slots.push({ name: cfg.name, index: layers.length, useBias: cfg.use_bias !== false, kernel: false, bias: false });
      layers.push('linear');
      activation();
    } else if (layer.class_name === 'Activation') {
      if (cfg.activation === undefined) throw formatError(label, `${where}.activation: missing`);
      activation();
    } else if (layer.class_name !== 'InputLayer' && layer.class_name !== 'Dropout') {
      throw formatError(label, `${where}: class ${layer.class_name} is not supported (Dense, Activation, Dropout, InputLayer)`);
    }
  });
  if (slots.length === 0) throw formatError(label, 'modelTopology: no Dense layer');
  return { layers: layers.join(','), slots, inputShape, inputWhere };
}

// The weight files' bytes in manifest path order, from `weights`: one buffer
// holding them all, one per path, a { path: bytes } record, or a reader.
async function shardBytes(weights, paths, label) {
  const each = (shards) => ({ shards, sizes: shards.map((b) => b.length) });
  if (typeof weights === 'function') return each(await Promise.all(paths.map((p) => weights(p))));
  // All files concatenated (TF.js's weightData).
  if (isBytes(weights)) return { shards: [asBytes(weights, 'weights')], sizes: null };
  return each(filesBytes(weights, paths, label));
}

function filesBytes(weights, paths, label) {
  if (Array.isArray(weights)) {
    if (weights.length !== paths.length) {
      throw badInput(`source.weights has ${weights.length} buffers, but weightsManifest names ${paths.length} files (${paths.join(', ')}): give one per file, in order`);
    }
    return weights.map((w, i) => {
      if (!isBytes(w)) throw badInput(`source.weights[${i}] (${paths[i]}) must be an ArrayBuffer or Uint8Array, got ${describe(w)}`);
      return asBytes(w, paths[i]);
    });
  }
  if (isPlainObject(weights)) {
    return paths.map((p) => {
      if (!Object.hasOwn(weights, p)) throw badInput(`source.weights: no bytes for ${JSON.stringify(p)}, a file weightsManifest names (${label})`);
      if (!isBytes(weights[p])) throw badInput(`source.weights[${JSON.stringify(p)}] must be an ArrayBuffer or Uint8Array, got ${describe(weights[p])}`);
      return asBytes(weights[p], p);
    });
  }
  throw badInput(`source.weights must be the weight files' bytes (one buffer, an array in manifest order, or a { path: bytes } object), got ${describe(weights)}`);
}

function concat(parts) {
  const total = parts.reduce((n, p) => n + p.length, 0);
  if (total > MAX_LOAD_BYTES) throw badInput(`the weight files hold ${total} bytes, more than the limit of ${MAX_LOAD_BYTES} bytes for a network`);
  return joinBytes(parts);
}

// As loadBytes(), for importStaged (bindings.cpp).
function importBytes(module, handle, bytes, label, text, numbers, layers, layout) {
  const staged = module.stage(bytes.length);
  if (!staged.ok) return staged;
  checkNotDetached(bytes.buffer, label);
  module.HEAPU8.set(bytes, staged.pointer);
  return handle.importStaged(text, numbers, label, layers, layout);
}

// ---- safetensors: the header is JSON, read here with JSON.parse; the wasm
// side gets the bytes (one copy into its memory) and this table, and checks
// offsets (every data byte in one tensor, none after the last), dtypes,
// shapes and values (safetensors.h): the native reader's checks and messages.
const formatError = (label, message) => new MovieNetError(ErrorCodes.MODEL_FORMAT, `${label}: ${message}`);
const isCount = (v) => Number.isSafeInteger(v) && v >= 0;
// The longest safetensors header, limits::kMaxHeaderBytes (safetensors.h):
// refused before JSON.parse. The other limits are checked on the C++ side.
const MAX_HEADER_BYTES = 8 * 1024 * 1024;

// safetensors dtypes in the order of TensorDtype (safetensors.h).
const DTYPES = ['F64', 'F32', 'F16', 'I64', 'I32', 'I16', 'I8', 'U8', 'BOOL'];

function parseSafetensors(bytes, label) {
  // A safetensors header starts with '{' right after its length; JSON starts with '{' itself.
  let first = 0;
  while (first < bytes.length && first < 64 && (bytes[first] === 0x20 || bytes[first] === 0x0a || bytes[first] === 0x0d || bytes[first] === 0x09)) first++;
  const length = bytes.length >= 8 ? new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true) : 0n;
  const looksSafetensors = bytes.length > 8 && bytes[8] === 0x7b && length <= BigInt(bytes.length - 8);
  if (!looksSafetensors && bytes[first] === 0x7b) {
    throw formatError(label, 'is a version-1 JSON file; this build reads safetensors (version 2): convert it with `movienet convert OLD.json NEW.safetensors`');
  }
  if (bytes.length < 8) throw formatError(label, `truncated: ${bytes.length} bytes, too short for the 8-byte header length`);
  if (length > BigInt(bytes.length - 8)) {
    throw formatError(label, `header length ${length} runs past the end of the ${bytes.length}-byte file`);
  }
  if (length > BigInt(MAX_HEADER_BYTES)) {
    throw formatError(label, `header length ${length} is larger than the limit of ${MAX_HEADER_BYTES} bytes`);
  }
  let header;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + Number(length))));
  } catch {
    throw formatError(label, 'header: not valid JSON (truncated?)');
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) throw formatError(label, 'header: expected a JSON object');
  const table = { dataOffset: 8 + Number(length), names: [], dtypes: [], shapes: [], begins: [], ends: [], metaKeys: [], metaValues: [], index: new Map() };
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw formatError(label, '__metadata__: expected an object of strings');
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== 'string') throw formatError(label, `__metadata__.${key}: expected a string`);
        if (key.includes('\0') || value.includes('\0')) throw formatError(label, `__metadata__.${key}: a 0 character`);
        table.metaKeys.push(key);
        table.metaValues.push(value);
      }
      continue;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) throw formatError(label, `${name}: expected an object`);
    if (typeof entry.dtype !== 'string') throw formatError(label, `${name}.dtype: expected a string`);
    if (!DTYPES.includes(entry.dtype)) throw formatError(label, `${name}.dtype: unknown dtype ${JSON.stringify(entry.dtype)}`);
    if (!Array.isArray(entry.shape) || !entry.shape.every(isCount)) throw formatError(label, `${name}.shape: expected non-negative integers`);
    const offsets = entry.data_offsets;
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) throw formatError(label, `${name}.data_offsets: expected [begin, end]`);
    if (name.includes('\0')) throw formatError(label, `${JSON.stringify(name)}: a 0 character in a name`);
    table.index.set(name, table.names.length);
    table.names.push(name);
    table.dtypes.push(entry.dtype);
    table.shapes.push(entry.shape);
    table.begins.push(offsets[0]);
    table.ends.push(offsets[1]);
  }
  return table;
}

// The table as the wasm side takes it (bindings.cpp, safetensors_from_js).
function packTable(t) {
  const text = new TextEncoder().encode([...t.names, ...t.metaKeys, ...t.metaValues].map((s) => s + '\0').join(''));
  const numbers = [t.dataOffset, t.names.length, t.metaKeys.length];
  for (let i = 0; i < t.names.length; i++) numbers.push(DTYPES.indexOf(t.dtypes[i]), t.shapes[i].length, ...t.shapes[i], t.begins[i], t.ends[i]);
  return { text, numbers: new Uint8Array(Float64Array.from(numbers).buffer) };
}

// A tensor's bytes (a view into the file), or null when absent.
function tensorBytes(bytes, table, name) {
  const i = table.index.get(name);
  return i === undefined ? null : bytes.subarray(table.dataOffset + table.begins[i], table.dataOffset + table.ends[i]);
}

// A string-list tensor: UTF-8 strings each ended by a 0 byte.
function tensorStrings(view) {
  const parts = new TextDecoder().decode(view).split('\0');
  parts.pop();
  return parts;
}

// The i-th string of a string-list tensor of `count`, decoded when first
// asked for: decoding 62,000 titles was a fifth of loadModel, and a page often
// shows a few dozen. Reads the file's bytes, as the genre lists do (a copy
// cost half as much as the decoding). decodeAll() decodes every string in one
// call, for the whole catalogue (one call per string costs twice as much). A
// string is its bytes, as natively: a leading BOM is kept.
function lazyStrings(bytes, count) {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let all = null;
  let starts = null;
  const at = (i) => {
    if (all !== null) return all[i];
    if (starts === null) {
      starts = new Int32Array(count + 1);
      for (let j = 0; j < count; j++) starts[j + 1] = bytes.indexOf(0, starts[j]) + 1;
    }
    return decoder.decode(bytes.subarray(starts[i], starts[i + 1] - 1));
  };
  at.decodeAll = () => {
    all ??= decoder.decode(bytes).split('\0');
  };
  return at;
}

// Integers of an I32 (copied: the view may be unaligned) or U8 tensor.
const tensorInts = (view, dtype) => (dtype === 'I32' ? new Int32Array(new Uint8Array(view).buffer) : view);

// Titles and genres of a model file the wasm side has validated, read from its bytes.
function catalogueStrings(bytes, table, count) {
  const titles = tensorBytes(bytes, table, 'catalogue.titles');
  const dtype = (name) => table.dtypes[table.index.get(name)];
  const perMovie = tensorInts(tensorBytes(bytes, table, 'catalogue.genre_counts'), dtype('catalogue.genre_counts'));
  const genres = tensorInts(tensorBytes(bytes, table, 'catalogue.genres'), dtype('catalogue.genres'));
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + perMovie[i];
  return {
    title: titles ? lazyStrings(titles, count) : () => '',
    genreNames: tensorStrings(tensorBytes(bytes, table, 'catalogue.genre_names')),
    genres,
    genreOffsets: offsets,
  };
}

// Reads a source, loads it into a new wasm-side handle, and parses the
// metadata the C++ side returns as JSON text. The handle is freed on failure.
// `layers` (networks only): options.layers for a PyTorch file, "" if not given.
async function openFile(source, options, kind, makeHandle, layers = '') {
  const opts = checkOptions(options, 'options', ['wasmUrl']);
  const runtimePromise = runtimeFor(opts);
  const { bytes, label } = await readSource(source, kind);
  if (bytes.length > MAX_LOAD_BYTES) {
    throw badInput(`${label}: ${bytes.length} bytes is larger than the limit of ${MAX_LOAD_BYTES} bytes for a ${kind} file`);
  }
  const module = await runtimePromise;
  const table = parseSafetensors(bytes, label);
  const handle = withCode(() => makeHandle(module), kind);
  try {
    const { text, numbers } = packTable(table);
    // A safetensors file without a "format" is someone else's: a PyTorch state_dict.
    const foreign = kind === 'network' && !table.metaKeys.includes('format');
    if (!foreign && layers !== '') throw badInput(`options.layers is for PyTorch files; ${label} is a movienet file, which names its own layers`);
    const result = withCode(
      () => (foreign ? importBytes(module, handle, bytes, label, text, numbers, layers, TORCH) : loadBytes(module, handle, bytes, label, text, numbers)),
      kind,
    );
    if (!result.ok) throw toError(result);
    let metadata;
    try {
      metadata = JSON.parse(result.metadata);
    } catch {
      metadata = {};
    }
    if (kind === 'model') Object.assign(result, catalogueStrings(bytes, table, result.ids.length));
    return { module, handle, result, metadata };
  } catch (err) {
    handle.delete();
    throw err;
  }
}

// Copies the bytes into a heap buffer sized (and checked) on the C++ side,
// then loads them from there: never through an unchecked _malloc.
// `text` and `numbers` are the safetensors header table (packTable).
function loadBytes(module, handle, bytes, label, text, numbers) {
  const staged = module.stage(bytes.length);
  if (!staged.ok) return staged;
  checkNotDetached(bytes.buffer, label);  // transferred while the runtime loaded
  module.HEAPU8.set(bytes, staged.pointer);  // HEAPU8 read after stage(): growth replaces it
  return handle.loadStaged(text, numbers, label);
}

// Runs a call into the wasm module so that whatever it throws carries a code:
// a C++ exception that escaped the bindings (a WebAssembly.Exception) or a
// JS engine RangeError (out of memory) included.
function withCode(call, what) {
  try {
    return call();
  } catch (cause) {
    if (cause instanceof MovieNetError) throw cause;
    if (cause instanceof RangeError) {
      throw new MovieNetError(ErrorCodes.OUT_OF_MEMORY, `${what}: out of memory: ${cause.message}`, { cause });
    }
    if (typeof WebAssembly.Exception === 'function' && cause instanceof WebAssembly.Exception) {
      throw new MovieNetError(ErrorCodes.INTERNAL, `${what}: an uncaught C++ exception in movienet.wasm`, { cause });
    }
    throw new MovieNetError(ErrorCodes.INTERNAL, `${what}: ${cause?.message ?? cause}`, { cause });
  }
}

// ---- the MovieLens model

// Case- and accent-insensitive form for title search: "Amélie" ~ "amelie".
function fold(text) {
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}
const TOKEN = /[\p{L}\p{N}]+/gu;
const tokens = (text) => fold(text).match(TOKEN) ?? [];
// search() looks at the first MAX_QUERY_WORDS distinct words of a query (no
// title has that many) and the first MAX_QUERY_CHARS characters, so a pasted
// book costs no more than a sentence.
const MAX_QUERY_WORDS = 32;
const MAX_QUERY_CHARS = 1000;

// The order of Predictor's RankBy enum.
const RANK_BY = ['both', 'watch', 'rating'];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const isInt32 = (v) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** A rating model: predictions and recommendations for one viewer's history. */
export class Model {
  #module;
  #handle;
  #scratchBytes = 0;
  #scratch = 0;
  #catalogue; // the columns movie objects are made from
  #objects; // the movie objects made so far, by catalogue position
  #genreLists = new Map(); // one frozen genre list per combination, shared
  #movies = null;
  #searchIndex = null;
  #ratingCounts;

  /** @internal use loadModel() */
  constructor(module, handle, r, metadata) {
    this.#module = module;
    this.#handle = handle;
    const genreNames = r.genreNames;
    // Movie objects are made when first asked for: making 10,000 of them is a
    // good part of a first load, and a page's first recommendations need ten.
    const { ids, title, years, genres, genreOffsets } = r;
    this.#catalogue = { ids, title, years, genres, genreOffsets, genreNames };
    this.#objects = new Array(ids.length);
    // The search index is built by the first search(): folding 10,000 titles
    // is a good part of loading, and many pages never search.
    this.#ratingCounts = r.ratingCounts;
    /** What the model is: architecture, rating scale, global mean, size, and the file's metadata. */
    this.info = Object.freeze({
      arch: r.arch,
      hasRatings: r.hasRatings,
      scale: Object.freeze({ ...r.scale }),
      globalMean: r.globalMean,
      movieCount: ids.length,
      paramCount: r.paramCount,
      genres: Object.freeze([...genreNames]),
      watch: r.watch ? Object.freeze({ ...r.watch }) : null,
      metadata: Object.freeze(metadata),
    });
    finalizer?.register(this, handle, this);
  }

  get disposed() {
    return this.#handle === null;
  }

  /**
   * False for a model trained on watch events without ratings: it has a watch
   * head only, so rating questions (predict, recommend by 'rating' or with
   * explain) throw ERR_NO_RATING_MODEL, and recommend ranks by watch.
   */
  get hasRatings() {
    return this.info.hasRatings;
  }

  /** The catalogue, in model order: frozen { movieId, title, year, genres }. */
  get movies() {
    if (this.#movies === null) {
      this.#catalogue.title.decodeAll?.();
      for (let i = 0; i < this.#objects.length; i++) this.#movieAt(i);
      this.#movies = Object.freeze(this.#objects);
    }
    return this.#movies;
  }

  /** The catalogue entry of a movie id, or undefined. */
  movie(movieId) {
    if (!Number.isInteger(movieId) || movieId < -0x80000000 || movieId > 0x7fffffff) return undefined;
    // The wasm catalogue's index; a disposed model's catalogue is still here to scan.
    const i = this.#handle !== null ? this.#handle.indexOf(movieId) : this.#catalogue.ids.indexOf(movieId);
    return i < 0 ? undefined : this.#movieAt(i);
  }

  // The movie at catalogue position i, made once; movies with the same
  // genres share one frozen list (a few hundred combinations in 10,000 movies).
  #movieAt(i) {
    let movie = this.#objects[i];
    if (movie !== undefined) return movie;
    const { ids, title, years, genres, genreOffsets, genreNames } = this.#catalogue;
    let key = '';
    for (let j = genreOffsets[i]; j < genreOffsets[i + 1]; j++) key += `${genres[j]},`;
    let list = this.#genreLists.get(key);
    if (list === undefined) {
      list = Object.freeze(Array.from(genres.subarray(genreOffsets[i], genreOffsets[i + 1]), (g) => genreNames[g]));
      this.#genreLists.set(key, list);
    }
    movie = Object.freeze({ movieId: ids[i], title: title(i), year: years[i] > 0 ? years[i] : null, genres: list });
    this.#objects[i] = movie;
    return movie;
  }

  /**
   * Predicted ratings (clamped to the scale) of `movieIds` for a viewer who
   * rated `history`. Ids the catalogue lacks get the viewer's baseline.
   */
  predict(history, movieIds) {
    this.#live();
    if (!this.info.hasRatings) throw noRatingModel('predict');
    return this.#perMovie('predict', history, movieIds);
  }

  /**
   * The chance that each of `movieIds` is the next movie the viewer watches
   * (a probability over the movies not in `history`; rated movies get 0).
   * Models without a watch head throw ERR_BAD_INPUT.
   */
  predictWatch(history, movieIds) {
    this.#live();
    if (!this.info.watch) throw badInput('this model has no watch head (trained before movienet 0.2): retrain it to get watch scores');
    return this.#perMovie('predictWatch', history, movieIds);
  }

  // One number per movie id from the wasm method `method`, which takes
  // (histIds, histRatings, nHist, ids, nIds, out) in the scratch buffer.
  #perMovie(method, history, movieIds) {
    const handle = this.#live();
    const h = this.#history(history);
    const ids = this.#ids(movieIds, 'movieIds');
    const out = new Float32Array(ids.length);
    if (ids.length === 0) return out;
    const base = this.#reserve(h.ids.length * 8 + ids.length * 8);
    const heap32 = this.#module.HEAP32;
    const histRatings = base + h.ids.length * 4;
    const idsAt = histRatings + h.ids.length * 4;
    const outAt = idsAt + ids.length * 4;
    heap32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    heap32.set(ids, idsAt >>> 2);
    if (handle[method](base, histRatings, h.ids.length, idsAt, ids.length, outAt) !== 0) throw toError(handle.error());
    out.set(this.#module.HEAPF32.subarray(outAt >>> 2, (outAt >>> 2) + ids.length));
    return out;
  }

  /**
   * The k best movies the viewer has not rated (nor listed in `exclude`,
   * nor rated fewer than `minRatings` times in training), best first:
   * [{ movieId, title, score, rating, watch }]. `by` picks the order:
   * 'both' (default: likely to watch and to enjoy), 'watch' or 'rating'.
   * `explain: n` adds `because`: the n rated movies that raise each movie's
   * predicted rating most, [{ movieId, title, rating, delta }] (see explain()).
   */
  recommend(history, options) {
    const handle = this.#live();
    const opts = checkOptions(options, 'options', ['k', 'exclude', 'minRatings', 'by', 'explain']);
    const by = opts.by ?? 'both';
    const byCode = RANK_BY.indexOf(by);
    if (byCode < 0) throw badInput(`options.by must be 'both', 'watch' or 'rating', got ${describe(by)}`);
    if (by === 'watch' && !this.info.watch) throw badInput("options.by = 'watch' needs a model with a watch head (trained with movienet 0.2 or later)");
    if (by === 'rating' && !this.info.hasRatings) throw noRatingModel("recommend(history, { by: 'rating' })");
    const k = opts.k ?? 10;
    if (!Number.isSafeInteger(k) || k < 0 || k > INT32_MAX) throw badInput(`options.k must be a non-negative integer, got ${describe(k)}`);
    const minRatings = opts.minRatings ?? 0;
    if (!Number.isSafeInteger(minRatings) || minRatings < 0 || minRatings > INT32_MAX)
      throw badInput(`options.minRatings must be a non-negative integer, got ${describe(minRatings)}`);
    const explain = opts.explain ?? 0;
    if (!Number.isSafeInteger(explain) || explain < 0 || explain > INT32_MAX)
      throw badInput(`options.explain must be a non-negative integer, got ${describe(explain)}`);
    // The reasons are about the predicted rating.
    if (explain > 0 && !this.info.hasRatings) throw noRatingModel(`recommend(history, { explain: ${explain} })`);
    const h = this.#history(history);
    const exclude = this.#ids(opts.exclude ?? [], 'options.exclude');
    const base = this.#reserve(h.ids.length * 8 + exclude.length * 4);
    const histRatings = base + h.ids.length * 4;
    const excludeAt = histRatings + h.ids.length * 4;
    this.#module.HEAP32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    this.#module.HEAP32.set(exclude, excludeAt >>> 2);
    const r = handle.recommend(base, histRatings, h.ids.length, Math.min(k, this.#objects.length), excludeAt, exclude.length, minRatings, byCode, explain);
    if (!r.ok) throw toError(r);
    const out = new Array(r.ids.length);
    const watch = this.info.watch !== null;
    const rated = this.info.hasRatings;
    let at = 0;
    for (let i = 0; i < r.ids.length; i++) {
      out[i] = {
        movieId: r.ids[i],
        title: this.#movieAt(r.indices[i]).title,
        score: r.scores[i],
        rating: rated ? r.ratings[i] : null,
        watch: watch ? r.watch[i] : null,
      };
      if (explain > 0) {
        const because = new Array(r.becauseCounts[i]);
        for (let j = 0; j < because.length; j++, at++) {
          because[j] = this.#contribution(r.becauseIndices[at], r.becauseRatings[at], r.becauseDeltas[at]);
        }
        out[i].because = because;
      }
    }
    return out;
  }

  /**
   * Why the model predicts what it does for `movieId`: each rated movie's
   * exact leave-one-out effect, delta = score with the whole history − score
   * without that entry, for the predicted rating (before clamping to the
   * scale) and the watch chance (a probability; null without a watch head).
   * Each part: { score, baseline (empty history), deltaSum, positive (the k
   * largest deltas > 0), negative (the k most negative), entries (all, largest
   * delta first) }, entries being { movieId, title, rating, delta }.
   */
  explain(history, movieId, options) {
    const handle = this.#live();
    const opts = checkOptions(options, 'options', ['k']);
    const k = opts.k ?? 5;
    if (!Number.isSafeInteger(k) || k < 0) throw badInput(`options.k must be a non-negative integer, got ${describe(k)}`);
    if (!isInt32(movieId)) throw badInput(`movieId must be an integer movie id, got ${describe(movieId)}`);
    const h = this.#history(history);
    const base = this.#reserve(h.ids.length * 8);
    const histRatings = base + h.ids.length * 4;
    this.#module.HEAP32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    const r = handle.explain(base, histRatings, h.ids.length, movieId);
    if (!r.ok) throw toError(r);
    return {
      movieId,
      title: this.movie(movieId).title,
      rating: r.rating ? this.#explained(r.rating, k) : null,
      watch: r.watch ? this.#explained(r.watch, k) : null,
    };
  }

  // rating null: watched, not rated (in watch explanations).
  #contribution(index, rating, delta) {
    const movie = this.#movieAt(index);
    return { movieId: movie.movieId, title: movie.title, rating: Number.isNaN(rating) ? null : rating, delta };
  }

  #explained(s, k) {
    const entries = Array.from(s.indices, (index, j) => this.#contribution(index, s.ratings[j], s.deltas[j]));
    return {
      score: s.score,
      baseline: s.baseline,
      deltaSum: s.deltaSum,
      positive: entries.filter((e) => e.delta > 0).slice(0, k),
      negative: entries.filter((e) => e.delta < 0).reverse().slice(0, k),
      entries,
    };
  }

  /**
   * Catalogue movies whose title contains every word of `query`, ignoring
   * case and accents; exact and prefix matches first, then by popularity.
   */
  search(query, options) {
    this.#live();
    if (typeof query !== 'string') throw badInput(`query must be a string, got ${describe(query)}`);
    const opts = checkOptions(options, 'options', ['limit']);
    const limit = opts.limit ?? 20;
    if (!Number.isSafeInteger(limit) || limit < 0) throw badInput(`options.limit must be a non-negative integer, got ${describe(limit)}`);
    const text = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
    const folded = fold(text).trim();
    const words = [...new Set(tokens(text))].slice(0, MAX_QUERY_WORDS);
    if (words.length === 0 || limit === 0) return [];
    this.#searchIndex ??= this.movies.map((m, i) => ({ folded: fold(m.title), words: tokens(m.title), count: this.#ratingCounts[i] ?? 0 }));
    const hits = [];
    for (let i = 0; i < this.#searchIndex.length; i++) {
      const entry = this.#searchIndex[i];
      if (!words.every((w) => entry.words.some((t) => t.startsWith(w)) || entry.folded.includes(w))) continue;
      // 0: title starts with the query, 1: every word starts a title word, 2: substring.
      const rank = entry.folded.startsWith(folded) ? 0 : words.every((w) => entry.words.some((t) => t.startsWith(w))) ? 1 : 2;
      hits.push({ i, rank, count: entry.count });
    }
    hits.sort((a, b) => a.rank - b.rank || b.count - a.count || a.i - b.i);
    return hits.slice(0, limit).map((h) => this.movies[h.i]);
  }

  /** Frees the wasm memory behind this model. Safe to call more than once. */
  dispose() {
    if (this.#handle === null) return;
    finalizer?.unregister(this);
    this.#handle.delete();
    this.#handle = null;
  }

  /** `using model = await loadModel(…)` disposes at the end of the block. */
  [disposeSymbol]() {
    this.dispose();
  }

  #live() {
    if (this.#handle === null) throw new MovieNetError(ErrorCodes.DISPOSED, 'this model was disposed');
    return this.#handle;
  }

  #reserve(bytes) {
    if (bytes > this.#scratchBytes) {
      const r = this.#handle.reserve(Math.max(bytes, 2 * this.#scratchBytes));
      if (!r.ok) throw toError(r);
      this.#scratch = r.pointer;
      this.#scratchBytes = Math.max(bytes, 2 * this.#scratchBytes);
    }
    return this.#scratch;
  }

  // [{movieId, rating}], [[movieId, rating]] or movie ids -> parallel typed
  // arrays, checked. A rating left out (a bare id, {movieId}, rating null or
  // undefined) is a movie watched but not rated: NaN for the wasm side, where
  // the watch head reads it and the rating model does not.
  #history(history) {
    if (!Array.isArray(history)) throw badInput(`history must be an array of {movieId, rating}, [movieId, rating] or movie ids, got ${describe(history)}`);
    const { min, max } = this.info.scale;
    const ids = new Int32Array(history.length);
    const ratings = new Float32Array(history.length);
    for (let i = 0; i < history.length; i++) {
      const entry = history[i];
      let movieId;
      let rating;
      if (typeof entry === 'number') {
        movieId = entry;
      } else if (Array.isArray(entry)) {
        if (entry.length !== 2) throw badInput(`history[${i}] must be [movieId, rating], got an array of length ${entry.length}`);
        [movieId, rating] = entry;
      } else if (entry !== null && typeof entry === 'object') {
        ({ movieId, rating } = entry);
      } else {
        throw badInput(`history[${i}] must be {movieId, rating}, [movieId, rating] or a movie id, got ${describe(entry)}`);
      }
      if (!isInt32(movieId)) throw badInput(`history[${i}].movieId must be an integer movie id, got ${describe(movieId)}`);
      if (rating === undefined || rating === null) {
        rating = NaN; // watched, not rated
      } else if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < min || rating > max) {
        throw badInput(`history[${i}].rating must be a number on the model's scale [${min}, ${max}], got ${describe(rating)} (leave it out, or null, for a movie watched but not rated)`);
      }
      ids[i] = movieId;
      ratings[i] = rating;
    }
    return { ids, ratings };
  }

  #ids(list, name) {
    if (list instanceof Int32Array) return list;
    if (!Array.isArray(list) && !ArrayBuffer.isView(list)) throw badInput(`${name} must be an array of integer movie ids, got ${describe(list)}`);
    if (list instanceof DataView) throw badInput(`${name} must be an array of integer movie ids, got a DataView`);
    const ids = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (!isInt32(typeof v === 'bigint' ? Number(v) : v)) throw badInput(`${name}[${i}] must be an integer movie id, got ${describe(v)}`);
      ids[i] = Number(v);
    }
    return ids;
  }
}

const isThenable = (value) => value !== null && (typeof value === 'object' || typeof value === 'function') && typeof value.then === 'function';

/**
 * Loads a movienet rating model (format "movienet-model", v2: safetensors).
 * @param source URL string, URL, Response, ArrayBuffer, Uint8Array, or (Node) a file path,
 *   or a Promise of one (e.g. fetch(url)): movienet.wasm loads while it settles
 * @param options { wasmUrl }
 */
export async function loadModel(source, options) {
  if (isThenable(source)) {
    // The runtime (one per wasm URL) starts now; openFile finds it started.
    runtimeFor(checkOptions(options, 'options', ['wasmUrl']));
    source = await source;
  }
  const { module, handle, result, metadata } = await openFile(source, options, 'model', (m) => new m.WasmModel());
  return new Model(module, handle, result, metadata);
}

/** @internal test hook: bytes malloc'ed in the wasm heap of a runtime. */
export async function wasmHeapStats(options) {
  const module = await runtimeFor(checkOptions(options, 'options', ['wasmUrl']));
  return { allocatedBytes: module.allocatedBytes(), memoryBytes: module.HEAPU8.length };
}
