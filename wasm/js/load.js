// loadModel and loadNetwork: a source read, movienet.wasm started, the file handed to a new wasm-side Model or Network.
import { runtimeFor } from './runtime.js';
import { describe } from './errors.js';
import { badInput, checkOptions } from './checks.js';
import { readSource, MAX_LOAD_BYTES } from './sources.js';
import { parseSafetensors, packTable } from './safetensors.js';
import { catalogueStrings } from './catalogue.js';
import { isTfjsSource, readTfjs } from './tfjs-import.js';
import { toError, withCode, loadBytes, importBytes } from './wasm-calls.js';
import { Network } from './network.js';
import { Model } from './model.js';

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
