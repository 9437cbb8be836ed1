// Time of Model.search() for long pasted queries (issue #14: it was quadratic).
//   npm run build && node bench/wasm/search_query.mjs [dist/index.node.js]
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const entry = pathToFileURL(resolve(process.argv[2] ?? 'dist/index.node.js'));
const { loadModel } = await import(entry.href);
const model = await loadModel(resolve('models/movienet-ml-latest-small.json'));
// A pasted text repeats words; titles that match the first ones are checked
// against all the others.
const kinds = {
  'one word repeated': () => 'the',
  'a title repeated': (i) => ['star', 'wars'][i % 2],
  'distinct words': (i) => `word${i}`,
};
for (const n of [10000, 100000]) {
  for (const [kind, word] of Object.entries(kinds)) {
    const query = Array.from({ length: n }, (_, i) => word(i)).join(' ');
    const start = performance.now();
    const hits = model.search(query).length;
    console.log(`${n} words (${kind}): ${(performance.now() - start).toFixed(1)} ms, ${hits} hits`);
  }
}
model.dispose();
