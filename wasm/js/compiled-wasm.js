// movienet.wasm compiled once per page: runtime.js records the module each
// runtime was instantiated from, and movienet/worker hands that module to its
// worker instead of fetching and compiling the file a second time. A module
// of its own so that worker.js stays free of the wasm glue.

/** Absolute movienet.wasm URL → the WebAssembly.Module compiled from it. */
export const compiledWasm = new Map();
