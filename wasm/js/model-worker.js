// movienet/model-worker: the worker side of movienet/worker. Loaded as a
// module worker (createWorkerModel starts it), it loads one model and answers
// calls to any method of Model. Import it in a worker of your own to add
// functions that run next to the model with expose().
// The API's modules directly rather than through index.js: one import hop
// less before the worker can start loading.
import { loadModel } from './load.js';
import { labelledBytes } from './sources.js';
import { useCompiledWasm } from './runtime.js';
import { Model } from './model.js';
import { MovieNetError, ErrorCodes } from './errors.js';

const TAG = 'movienet';
const MODEL_METHODS = Object.getOwnPropertyNames(Model.prototype).filter(
  (name) => name !== 'constructor' && name !== 'dispose' && typeof Object.getOwnPropertyDescriptor(Model.prototype, name).value === 'function',
);
const extensions = new Map();
let model = null;

/**
 * Adds functions callable from the page as methods of the WorkerModel:
 * expose({ topTitles(model, history) { … } }) → await workerModel.topTitles(history).
 * Each gets the model first, then the caller's arguments; it may return a Promise.
 */
export function expose(functions) {
  for (const [name, fn] of Object.entries(functions)) {
    if (typeof fn !== 'function') throw new MovieNetError(ErrorCodes.BAD_INPUT, `expose: ${name} is not a function`);
    if (MODEL_METHODS.includes(name) || ['call', 'dispose', 'movies', 'info', 'disposed', 'hasRatings'].includes(name)) {
      throw new MovieNetError(ErrorCodes.BAD_INPUT, `expose: ${name} is already a method of the model`);
    }
    extensions.set(name, fn);
  }
}

// Typed arrays in a result travel without a copy.
function transferables(value) {
  if (ArrayBuffer.isView(value) && value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) return [value.buffer];
  return [];
}

const serializeError = (e) => ({ name: e?.name, code: e?.code, message: e?.message ?? String(e), stack: e?.stack });

async function handle(data) {
  if (data.op === 'load') {
    if (model) throw new MovieNetError(ErrorCodes.BAD_INPUT, 'this worker already holds a model');
    // movienet/worker may have fetched the model and compiled the wasm on the page.
    if (data.compiled) useCompiledWasm(data.compiled.url, data.compiled.module);
    const options = data.compiled && !data.options ? { wasmUrl: data.compiled.url } : data.options;
    model = await loadModel(data.bytes ? labelledBytes(data.bytes, data.label) : data.source, options);
    return { info: model.info, movies: model.movies, methods: [...MODEL_METHODS, ...extensions.keys()] };
  }
  if (data.op === 'dispose') {
    model?.dispose();
    model = null;
    return undefined;
  }
  if (data.op === 'call') {
    if (!model) throw new MovieNetError(ErrorCodes.DISPOSED, 'this model was disposed');
    if (MODEL_METHODS.includes(data.method)) return model[data.method](...data.args);
    const fn = extensions.get(data.method);
    if (fn) return fn(model, ...data.args);
    throw new MovieNetError(ErrorCodes.BAD_INPUT, `the model has no method ${JSON.stringify(data.method)}`);
  }
  throw new MovieNetError(ErrorCodes.BAD_INPUT, `unknown request ${JSON.stringify(data.op)}`);
}

const inWorker = typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope;
if (inWorker) {
  globalThis.addEventListener('message', async ({ data }) => {
    if (data?.[TAG] !== 1) return;
    try {
      const value = await handle(data);
      globalThis.postMessage({ [TAG]: 1, id: data.id, ok: true, value }, transferables(value));
    } catch (e) {
      globalThis.postMessage({ [TAG]: 1, id: data.id, ok: false, error: serializeError(e) });
    }
  });
}
