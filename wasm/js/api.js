// movienet's JavaScript API: one implementation for browsers (main thread
// and workers) and Node. The entry points index.js (browsers, default) and
// index.node.js (Node: adds file paths) re-export it.
//
// The wasm module is fetched and instantiated here, not by the Emscripten
// glue (whose 3.1.6 Node paths are broken, see EMSCRIPTEN.md); the .wasm is
// found next to this file with the bundler-friendly `new URL(..., import.meta.url)`
// unless options.wasmUrl says otherwise.
import createMovieNetModule from './movienet.mjs';

import { MovieNetError, ErrorCodes, describe, disposeSymbol } from './errors.js';

export { MovieNetError, ErrorCodes };

const badInput = (message) => new MovieNetError(ErrorCodes.BAD_INPUT, message);

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
    bytes = new Uint8Array(await response.arrayBuffer());
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: ${label}: ${cause?.message ?? cause}`, { cause });
  }
  if (isHtmlType(response.headers.get('content-type')) || looksLikeMarkup(bytes)) throw htmlError(what, label, bytes, response);
  return bytes;
}

async function readLocal(pathOrUrl, label, what) {
  try {
    return await platform.readFile(pathOrUrl);
  } catch (cause) {
    throw new MovieNetError(ErrorCodes.IO, `${what}: cannot read ${label}: ${cause?.message ?? cause}`, { cause });
  }
}

/**
 * The largest model or network file loadModel()/loadNetwork() accept: 256 MiB.
 * The bytes and the model built from them share one wasm heap of at most
 * 2 GiB (wasm32); a larger source is ERR_BAD_INPUT before anything is copied.
 */
const MAX_LOAD_BYTES = 256 * 1024 * 1024;

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

// Bytes and a label for error messages from any accepted source.
async function readSource(source, what) {
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

async function instantiate(wasmUrl) {
  const url = wasmUrl instanceof URL ? wasmUrl : new URL(wasmUrl, defaultWasmUrl());
  const missing = missingFeatures();
  if (missing.length > 0) {
    throw new MovieNetError(ErrorCodes.WASM, `movienet.wasm cannot run here: this runtime lacks ${missing.join(' and ')} (movienet needs ${SUPPORT})`);
  }
  // Bytes for Node and non-wasm MIME types; streaming compile when we can.
  let compile;
  if (url.protocol === 'file:' && platform.readFile) {
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
        }
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
 * Loads a movienet network file (format "movienet-network", v2: safetensors).
 * @param source URL string, URL, Response, ArrayBuffer, Uint8Array, or (Node) a file path
 * @param options { wasmUrl }
 */
export async function loadNetwork(source, options) {
  const { module, handle, result, metadata } = await openFile(source, options, 'network', (m) => new m.WasmNetwork());
  return new Network(module, handle, { ...result, metadata });
}

// ---- safetensors: the header is JSON, read here with JSON.parse; the wasm
// side gets the bytes (one copy into its memory) and this table, and checks
// offsets, dtypes, shapes and values (safetensors.h).
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
    titles: titles ? tensorStrings(titles) : new Array(count).fill(''),
    genreNames: tensorStrings(tensorBytes(bytes, table, 'catalogue.genre_names')),
    genres: Array.from({ length: count }, (_, i) => genres.subarray(offsets[i], offsets[i + 1])),
  };
}

// Reads a source, loads it into a new wasm-side handle, and parses the
// metadata the C++ side returns as JSON text. The handle is freed on failure.
async function openFile(source, options, kind, makeHandle) {
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
    const result = withCode(() => loadBytes(module, handle, bytes, label, text, numbers), kind);
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
  #byId;
  #searchIndex;

  /** @internal use loadModel() */
  constructor(module, handle, r, metadata) {
    this.#module = module;
    this.#handle = handle;
    const genreNames = r.genreNames;
    const movies = new Array(r.ids.length);
    this.#byId = new Map();
    for (let i = 0; i < r.ids.length; i++) {
      const movie = Object.freeze({
        movieId: r.ids[i],
        title: r.titles[i],
        year: r.years[i] > 0 ? r.years[i] : null,
        genres: Object.freeze(Array.from(r.genres[i], (g) => genreNames[g])),
      });
      movies[i] = movie;
      this.#byId.set(movie.movieId, movie);
    }
    /** The catalogue, in model order. */
    this.movies = Object.freeze(movies);
    this.#searchIndex = movies.map((m, i) => ({ folded: fold(m.title), words: tokens(m.title), count: r.ratingCounts[i] ?? 0 }));
    /** What the model is: architecture, rating scale, global mean, size, and the file's metadata. */
    this.info = Object.freeze({
      arch: r.arch,
      scale: Object.freeze({ ...r.scale }),
      globalMean: r.globalMean,
      movieCount: movies.length,
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

  /** The catalogue entry of a movie id, or undefined. */
  movie(movieId) {
    return this.#byId.get(movieId);
  }

  /**
   * Predicted ratings (clamped to the scale) of `movieIds` for a viewer who
   * rated `history`. Ids the catalogue lacks get the viewer's baseline.
   */
  predict(history, movieIds) {
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
    const k = opts.k ?? 10;
    if (!Number.isSafeInteger(k) || k < 0 || k > INT32_MAX) throw badInput(`options.k must be a non-negative integer, got ${describe(k)}`);
    const minRatings = opts.minRatings ?? 0;
    if (!Number.isSafeInteger(minRatings) || minRatings < 0 || minRatings > INT32_MAX)
      throw badInput(`options.minRatings must be a non-negative integer, got ${describe(minRatings)}`);
    const explain = opts.explain ?? 0;
    if (!Number.isSafeInteger(explain) || explain < 0 || explain > INT32_MAX)
      throw badInput(`options.explain must be a non-negative integer, got ${describe(explain)}`);
    const h = this.#history(history);
    const exclude = this.#ids(opts.exclude ?? [], 'options.exclude');
    const base = this.#reserve(h.ids.length * 8 + exclude.length * 4);
    const histRatings = base + h.ids.length * 4;
    const excludeAt = histRatings + h.ids.length * 4;
    this.#module.HEAP32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    this.#module.HEAP32.set(exclude, excludeAt >>> 2);
    const r = handle.recommend(base, histRatings, h.ids.length, Math.min(k, this.movies.length), excludeAt, exclude.length, minRatings, byCode, explain);
    if (!r.ok) throw toError(r);
    const out = new Array(r.ids.length);
    const watch = this.info.watch !== null;
    let at = 0;
    for (let i = 0; i < r.ids.length; i++) {
      out[i] = {
        movieId: r.ids[i],
        title: this.movies[r.indices[i]].title,
        score: r.scores[i],
        rating: r.ratings[i],
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
      title: this.#byId.get(movieId).title,
      rating: this.#explained(r.rating, k),
      watch: r.watch ? this.#explained(r.watch, k) : null,
    };
  }

  #contribution(index, rating, delta) {
    const movie = this.movies[index];
    return { movieId: movie.movieId, title: movie.title, rating, delta };
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

  // [{movieId, rating}] or [[movieId, rating]] -> parallel typed arrays, checked.
  #history(history) {
    if (!Array.isArray(history)) throw badInput(`history must be an array of {movieId, rating} or [movieId, rating], got ${describe(history)}`);
    const { min, max } = this.info.scale;
    const ids = new Int32Array(history.length);
    const ratings = new Float32Array(history.length);
    for (let i = 0; i < history.length; i++) {
      const entry = history[i];
      let movieId;
      let rating;
      if (Array.isArray(entry)) {
        if (entry.length !== 2) throw badInput(`history[${i}] must be [movieId, rating], got an array of length ${entry.length}`);
        [movieId, rating] = entry;
      } else if (entry !== null && typeof entry === 'object') {
        ({ movieId, rating } = entry);
      } else {
        throw badInput(`history[${i}] must be {movieId, rating} or [movieId, rating], got ${describe(entry)}`);
      }
      if (!isInt32(movieId)) throw badInput(`history[${i}].movieId must be an integer movie id, got ${describe(movieId)}`);
      if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < min || rating > max) {
        throw badInput(`history[${i}].rating must be a number on the model's scale [${min}, ${max}], got ${describe(rating)}`);
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

/**
 * Loads a movienet rating model (format "movienet-model", v2: safetensors).
 * @param source URL string, URL, Response, ArrayBuffer, Uint8Array, or (Node) a file path
 * @param options { wasmUrl }
 */
export async function loadModel(source, options) {
  const { module, handle, result, metadata } = await openFile(source, options, 'model', (m) => new m.WasmModel());
  return new Model(module, handle, result, metadata);
}

/** @internal test hook: bytes malloc'ed in the wasm heap of a runtime. */
export async function wasmHeapStats(options) {
  const module = await runtimeFor(checkOptions(options, 'options', ['wasmUrl']));
  return { allocatedBytes: module.allocatedBytes(), memoryBytes: module.HEAPU8.length };
}
