// movienet/worker: the Model API, asynchronous, with the model living in a
// module worker (model-worker.js) so that loading (about a second of work)
// and scoring never block the page. Every method of Model is proxied: the
// worker reports the names it serves, so a method Model gains is here too.
//
// This module is small on purpose: it does not import the wasm glue (only
// the registry of compiled modules, compiled-wasm.js).
import { compiledWasm } from './compiled-wasm.js';
import { MovieNetError, ErrorCodes, describe, asyncDisposeSymbol } from './errors.js';

export { MovieNetError, ErrorCodes };

const CODES = new Set(Object.values(ErrorCodes));
const TAG = 'movienet';

function startWorker() {
  if (typeof Worker !== 'function') {
    throw new MovieNetError(ErrorCodes.BAD_INPUT, 'createWorkerModel needs Web Workers (a browser); use loadModel from \'movienet\' here');
  }
  try {
    // The literal pattern bundlers (Vite, webpack 5, Parcel) recognise and bundle.
    return new Worker(new URL('./model-worker.js', import.meta.url), { type: 'module' });
  } catch (cause) {
    // The package is served from another origin (a CDN): workers must be
    // same-origin, so start one from a blob that imports the script.
    if (cause?.name !== 'SecurityError') throw cause;
    const script = import.meta.url.replace(/[^/]*$/, 'model-worker.js');
    const blob = new Blob([`import ${JSON.stringify(script)};`], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(blob), { type: 'module' });
  }
}

// Turns what the worker sent back into the error thrown on this side.
function reviveError(e) {
  if (e && CODES.has(e.code)) {
    const err = new MovieNetError(e.code, e.message);
    if (e.stack) err.stack = `${err.stack}\n    in the movienet worker:\n${e.stack}`;
    return err;
  }
  const err = new Error(e?.message ?? String(e));
  if (e?.name) err.name = e.name;
  return err;
}

// A relative URL means the page's URL, not the worker script's.
function absolute(url) {
  const base = globalThis.location?.href;
  return base ? new URL(url, base).href : String(url);
}

// A source the worker can receive: URLs become absolute strings, a Response
// becomes its bytes (a Response cannot be posted), bytes are copied.
async function portableSource(source) {
  if (typeof source === 'string') return source.length > 0 ? absolute(source) : source;
  if (source instanceof URL) return source.href;
  if (typeof Response !== 'undefined' && source instanceof Response) {
    // The worker cannot receive a Response: send its bytes.
    if (!source.ok) throw new MovieNetError(ErrorCodes.IO, `model: ${source.url || 'response'}: HTTP ${source.status} ${source.statusText}`.trim());
    return source.arrayBuffer();
  }
  return source;
}

class Connection {
  #worker;
  #pending = new Map();
  #nextId = 1;
  #broken = null;

  constructor(worker) {
    this.#worker = worker;
    worker.addEventListener('message', ({ data }) => {
      if (data?.[TAG] !== 1) return;
      const entry = this.#pending.get(data.id);
      if (!entry) return;
      this.#pending.delete(data.id);
      if (data.ok) entry.resolve(data.value);
      else entry.reject(reviveError(data.error));
    });
    const fail = (message) => {
      this.#broken = new MovieNetError(ErrorCodes.WASM, message);
      for (const { reject } of this.#pending.values()) reject(this.#broken);
      this.#pending.clear();
    };
    worker.addEventListener('error', (e) => {
      e.preventDefault?.();
      fail(`the movienet worker failed${e.message ? `: ${e.message}` : ' to start: is model-worker.js served next to worker.js, and are it and the files it imports (.js and .mjs) served as text/javascript?'}`);
    });
    worker.addEventListener('messageerror', () => fail('the movienet worker sent a message that could not be read'));
  }

  call(op, payload, transfer = []) {
    if (this.#broken) return Promise.reject(this.#broken);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      try {
        this.#worker.postMessage({ [TAG]: 1, id, op, ...payload }, transfer);
      } catch (cause) {
        this.#pending.delete(id);
        reject(new MovieNetError(ErrorCodes.BAD_INPUT, `cannot send these arguments to the worker: ${cause?.message ?? cause}`, { cause }));
      }
    });
  }

  terminate() {
    this.#worker.terminate();
    const err = new MovieNetError(ErrorCodes.DISPOSED, 'this model was disposed');
    for (const { reject } of this.#pending.values()) reject(err);
    this.#pending.clear();
    this.#broken = err;
  }
}

/** A Model running in a worker: the same methods, each returning a Promise. */
export class WorkerModel {
  #connection;
  #disposed = false;

  /** @internal use createWorkerModel() */
  constructor(connection, { info, movies, methods }) {
    this.#connection = connection;
    /** The catalogue, in model order (a copy, sent once by the worker). */
    this.movies = movies;
    this.info = info;
    for (const name of methods) {
      Object.defineProperty(this, name, {
        value: (...args) => this.call(name, ...args),
        enumerable: false,
      });
    }
  }

  get disposed() {
    return this.#disposed;
  }

  /** False for a model trained on watch events alone (see Model.hasRatings). */
  get hasRatings() {
    return this.info.hasRatings;
  }

  /** Calls a method of the model (or a function added with expose()) in the worker. */
  call(method, ...args) {
    if (this.#disposed) return Promise.reject(new MovieNetError(ErrorCodes.DISPOSED, 'this model was disposed'));
    return this.#connection.call('call', { method, args });
  }

  /** Frees the model and stops its worker. Safe to call more than once. */
  async dispose() {
    if (this.#disposed) return;
    this.#disposed = true;
    try {
      await this.#connection.call('dispose', {});
    } catch {
      // the worker is gone already: nothing left to free
    }
    this.#connection.terminate();
  }

  /** `await using model = await createWorkerModel(…)`. */
  [asyncDisposeSymbol]() {
    return this.dispose();
  }
}

/**
 * Loads a model in a module worker and returns its asynchronous twin.
 * @param source URL string (relative to the page), URL, Response, ArrayBuffer or Uint8Array,
 *   or a Promise of one (e.g. fetch(url)): the worker starts while it settles
 * @param options { wasmUrl, worker } — `worker`: a Worker you started yourself
 *   that imports 'movienet/model-worker' (to add your own functions with expose()).
 */
export async function createWorkerModel(source, options) {
  if (options !== undefined && (options === null || typeof options !== 'object' || Array.isArray(options))) {
    throw new MovieNetError(ErrorCodes.BAD_INPUT, `options must be an object, got ${describe(options)}`);
  }
  const { wasmUrl, worker, ...rest } = options ?? {};
  const unknown = Object.keys(rest);
  if (unknown.length > 0) {
    throw new MovieNetError(ErrorCodes.BAD_INPUT, `options.${unknown[0]} is not a known option (expected wasmUrl, worker)`);
  }
  if (worker !== undefined && (worker === null || typeof worker.postMessage !== 'function')) {
    throw new MovieNetError(ErrorCodes.BAD_INPUT, `options.worker must be a Worker, got ${describe(worker)}`);
  }
  // The worker starts first: starting a thread and importing its modules is
  // the slow part of a first load, so the page fetches the model and compiles
  // movienet.wasm meanwhile, and hands both over.
  const connection = new Connection(worker ?? startWorker());
  try {
    const absoluteWasmUrl = wasmUrl instanceof URL || typeof wasmUrl === 'string' ? absolute(wasmUrl) : wasmUrl;
    const [sent, compiled] = await Promise.all([
      Promise.resolve(source).then(portableSource).then(prefetch),
      compileWasm(absoluteWasmUrl),
    ]);
    const loadOptions = absoluteWasmUrl === undefined ? undefined : { wasmUrl: absoluteWasmUrl };
    const transfer = sent.bytes ? [sent.bytes] : sent.source instanceof ArrayBuffer ? [sent.source] : [];
    const loaded = await connection.call('load', { ...sent, options: loadOptions, compiled }, transfer);
    return new WorkerModel(connection, loaded);
  } catch (err) {
    connection.terminate();
    throw err;
  }
}

// A model URL is fetched here, on the page, while the worker starts. Only an
// optimisation: when the fetch fails, the worker fetches the URL itself and
// reports what went wrong in the same words as loadModel.
async function prefetch(source) {
  if (typeof source !== 'string' || source.length === 0 || typeof fetch !== 'function') return { source };
  try {
    const response = await fetch(source);
    if (!response.ok) return { source };
    return { bytes: await response.arrayBuffer(), label: response.url || source };
  } catch {
    return { source };
  }
}

// movienet.wasm compiled here (streaming, off the main thread in browsers),
// or the module this page's loadModel already compiled from the same URL;
// undefined when compiling fails, and the worker loads it itself, with
// precise errors.
async function compileWasm(wasmUrl) {
  if (wasmUrl !== undefined && typeof wasmUrl !== 'string') return undefined;
  // The same URL the worker's runtime.js would use by default (this folder).
  const url = wasmUrl ?? new URL('./movienet.wasm', import.meta.url).href;
  const known = compiledWasm.get(url);
  if (known) return { url, module: known };
  if (typeof WebAssembly?.compileStreaming !== 'function' || typeof fetch !== 'function') return undefined;
  try {
    return { url, module: await WebAssembly.compileStreaming(fetch(url)) };
  } catch {
    return undefined;
  }
}
