// TF.js/Keras layers models read for loadNetwork: model.json and weight files checked and tabled as the wasm side takes them.
import { MovieNetError, describe } from './errors.js';
import { badInput, formatError, isCount, checkNotDetached } from './checks.js';
import { SCHEME, isFileSource, isResponse, readSource, joinBytes, MAX_LOAD_BYTES } from './sources.js';

const isPlainObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v) && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer) && !(v instanceof URL) && !isResponse(v);
export const isTfjsSource = (v) => isPlainObject(v) && ('modelJson' in v || 'modelUrl' in v || 'modelTopology' in v);

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
export async function readTfjs(source) {
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
