// The wasm runtime: feature probes, movienet.wasm fetched and instantiated once per URL, the compiled module recorded.
//
// The wasm module is fetched and instantiated here, not by the Emscripten
// glue (whose 3.1.6 Node paths are broken, see EMSCRIPTEN.md); the .wasm is
// found next to this file with the bundler-friendly `new URL(..., import.meta.url)`
// unless options.wasmUrl says otherwise.
import createMovieNetModule from './movienet.mjs';

import { compiledWasm } from './compiled-wasm.js';
import { MovieNetError, ErrorCodes, describe } from './errors.js';
import { badInput, checkOptions } from './checks.js';
import { platform, readLocal, responseBytes, looksLikeMarkup, htmlError, hex, preview } from './sources.js';

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

export function runtimeFor(options) {
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

/** @internal test hook: bytes malloc'ed in the wasm heap of a runtime. */
export async function wasmHeapStats(options) {
  const module = await runtimeFor(checkOptions(options, 'options', ['wasmUrl']));
  return { allocatedBytes: module.allocatedBytes(), memoryBytes: module.HEAPU8.length };
}
