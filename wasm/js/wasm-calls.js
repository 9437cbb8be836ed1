// Calls into movienet.wasm: its results and exceptions as MovieNetErrors, bytes staged into its heap, handles freed when forgotten.
import { MovieNetError, ErrorCodes } from './errors.js';
import { checkNotDetached } from './checks.js';

export function toError(result) {
  return new MovieNetError(result.code, result.message);
}

// Embind handles are not garbage-collected: dispose() frees them, and this
// registry frees whatever a caller forgot once its wrapper is collected.
export const finalizer =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry((handle) => {
        if (!handle.isDeleted()) handle.delete();
      })
    : null;

// dispose() of a wrapper (Model, Network): frees its handle once; returns null,
// the handle the wrapper keeps from then on.
export function releaseHandle(owner, handle) {
  if (handle === null) return null;
  finalizer?.unregister(owner);
  handle.delete();
  return null;
}

// A wrapper's handle, or the DISPOSED error naming what was disposed.
export function liveHandle(handle, what) {
  if (handle === null) throw new MovieNetError(ErrorCodes.DISPOSED, `this ${what} was disposed`);
  return handle;
}

// Copies the bytes into a heap buffer sized (and checked) on the C++ side,
// then loads them from there: never through an unchecked _malloc.
// `text` and `numbers` are the safetensors header table (packTable).
export function loadBytes(module, handle, bytes, label, text, numbers) {
  const staged = module.stage(bytes.length);
  if (!staged.ok) return staged;
  checkNotDetached(bytes.buffer, label);  // transferred while the runtime loaded
  module.HEAPU8.set(bytes, staged.pointer);  // HEAPU8 read after stage(): growth replaces it
  return handle.loadStaged(text, numbers, label);
}


// As loadBytes(), for importStaged (bindings.cpp).
export function importBytes(module, handle, bytes, label, text, numbers, layers, layout) {
  const staged = module.stage(bytes.length);
  if (!staged.ok) return staged;
  checkNotDetached(bytes.buffer, label);
  module.HEAPU8.set(bytes, staged.pointer);
  return handle.importStaged(text, numbers, label, layers, layout);
}

// Runs a call into the wasm module so that whatever it throws carries a code:
// a C++ exception that escaped the bindings (a WebAssembly.Exception) or a
// JS engine RangeError (out of memory) included.
export function withCode(call, what) {
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
