// Network: a raw network loaded for inference, Float32Array features in, predictions out.
import { describe, disposeSymbol } from './errors.js';
import { badInput } from './checks.js';
import { toError, finalizer, releaseHandle, liveHandle } from './wasm-calls.js';

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
    this.#handle = releaseHandle(this, this.#handle);
  }

  /** `using net = await loadNetwork(…)` disposes at the end of the block. */
  [disposeSymbol]() {
    this.dispose();
  }

  #live() {
    return liveHandle(this.#handle, 'network');
  }
}
