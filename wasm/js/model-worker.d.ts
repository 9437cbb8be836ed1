// Types of `movienet/model-worker`: import it in a module worker of your own
// to serve createWorkerModel() and add functions that run next to the model.
import type { Model } from './index.js';

/**
 * Adds functions callable from the page: expose({ top(model, history) {…} })
 * → `await workerModel.call('top', history)` (or workerModel.top(history)).
 */
export declare function expose(functions: Record<string, (model: Model, ...args: any[]) => unknown>): void;
