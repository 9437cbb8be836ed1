// movienet for browsers (main thread and Web Workers) and any runtime with
// fetch(): sources are URLs, Responses or bytes. Node gets index.node.js,
// which adds file paths, through the package's "exports" conditions.
export { loadModel, loadNetwork } from './load.js';
export { isSupported } from './runtime.js';
export { Model } from './model.js';
export { Network } from './network.js';
export { MovieNetError, ErrorCodes } from './errors.js';
