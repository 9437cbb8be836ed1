// Requests to the worker's model: one channel per kind, the latest request wins.
import { modelReady } from './loading.js';
import { currentHistory } from './state.js';

// One channel per kind of request ('recommend', 'results'), latest wins: while
// a request is in the worker, newer ones wait and replace each other, so fast
// typing or arrow keys never queue up stale work. Superseded or cancelled
// requests resolve to null and are not rendered.
const channels = new Map();
function channel(kind) {
  if (!channels.has(kind)) channels.set(kind, { busy: false, next: null, generation: 0 });
  return channels.get(kind);
}

export function ask(kind, payload) {
  const ch = channel(kind);
  return new Promise((resolve, reject) => {
    ch.next?.resolve(null);
    ch.next = { payload, resolve, reject };
    if (!ch.busy) pump(kind, ch);
  });
}

export function cancel(kind) {
  const ch = channel(kind);
  ch.next?.resolve(null);
  ch.next = null;
  ch.generation += 1;
}

function pump(kind, ch) {
  const job = ch.next;
  ch.busy = job !== null;
  if (!job) return;
  ch.next = null;
  const generation = ch.generation;
  const current = () => ch.generation === generation && ch.next === null;
  // The history is read when the request leaves, so it is always the latest.
  modelReady
    .then((model) => model.demo(job.payload.type ?? kind, { history: currentHistory(), ...job.payload }))
    .then(
      (reply) => {
        job.resolve(current() ? reply : null);
        pump(kind, ch);
      },
      (error) => {
        job.reject(new Error(`${error.code ?? 'ERR_WORKER'}: ${error.message}`));
        pump(kind, ch);
      },
    );
}
