// movienet for Node >= 20: the browser API, plus file paths and file: URLs
// as sources (and the .wasm read from disk rather than fetched).
import { readFile } from 'node:fs/promises';
import { setFileReader } from './api.js';

setFileReader(async (pathOrUrl) => new Uint8Array(await readFile(pathOrUrl)));

export * from './index.js';
