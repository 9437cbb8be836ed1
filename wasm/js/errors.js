// MovieNetError and its codes, in a module of their own so that the worker
// entry (worker.js) can rebuild errors on the main thread without pulling in
// the wasm glue.

/** An error from movienet: `code` for programs, `message` for people. */
export class MovieNetError extends Error {
  constructor(code, message, options) {
    super(message, options);
    this.name = 'MovieNetError';
    this.code = code;
  }
}

/** Every code a MovieNetError can carry. */
export const ErrorCodes = Object.freeze({
  BAD_INPUT: 'ERR_BAD_INPUT',
  MODEL_FORMAT: 'ERR_MODEL_FORMAT',
  DATA_FORMAT: 'ERR_DATA_FORMAT',
  IO: 'ERR_IO',
  WASM: 'ERR_WASM',
  DISPOSED: 'ERR_DISPOSED',
  OUT_OF_MEMORY: 'ERR_OUT_OF_MEMORY',
  NO_RATING_MODEL: 'ERR_NO_RATING_MODEL',
  INTERNAL: 'ERR_INTERNAL',
});

/** How a value reads in an error message: "an object", "a Map", "the string "x"", "number NaN". */
export function describe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    if (!name || name === 'Object') return 'an object';
    return `${/^[AEIOU]/.test(name) ? 'an' : 'a'} ${name}`;
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  return `${typeof value} ${String(value)}`;
}

// `using model = await loadModel(…)`: Symbol.dispose where the runtime has
// it, else the symbol TypeScript's downlevel `using` looks up.
export const disposeSymbol = typeof Symbol.dispose === 'symbol' ? Symbol.dispose : Symbol.for('Symbol.dispose');
export const asyncDisposeSymbol = typeof Symbol.asyncDispose === 'symbol' ? Symbol.asyncDispose : Symbol.for('Symbol.asyncDispose');
