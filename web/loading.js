// Loading the model: fetched once, read on this page for the first recommendations and by the worker for all after.
import { loadModel } from '../dist/index.js';

// ---- loading -------------------------------------------------------------

// First thing, before storage and the DOM. The model is fetched once
// (index.html preloads it) and read twice: by this page for the first
// recommendations, and by movienet/worker in worker.js (which adds the demo's
// requests), which answers everything after them. The worker starts only once
// they are on screen: on a machine with few cores its thread, module imports
// and wasm compile would compete with the page's load. The page takes no
// input before its model is ready, and its copy is freed once the worker
// holds one.
const MODEL_URL = new URL('../models/movienet-ml-latest-small.safetensors', import.meta.url);
export const loadStart = performance.now();
const modelResponse = fetch(MODEL_URL);
// The worker's copy of the bytes is cloned before the page reads its own.
const workerSource = modelResponse.then((response) => response.clone());
export let startWorker;
export const modelReady = new Promise((resolve, reject) => {
  startWorker = () => {
    try {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
      resolve(import('../dist/worker.js').then(({ createWorkerModel }) => createWorkerModel(workerSource, { worker })));
    } catch (e) {
      reject(e);
    }
  };
});
// Given the pending fetch, loadModel starts movienet.wasm at once.
export const pageModel = loadModel(modelResponse);
