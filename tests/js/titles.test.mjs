// Titles are decoded when first asked for (loadModel does not decode the
// catalogue): one at a time (movie(), recommend()) or all at once (movies,
// search()), they are the file's strings, byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { loadModel } from 'movienet';
import { defaultModelPath } from './model-path.mjs';

// The titles tensor of the model file, split at its 0 bytes.
function fileTitles(bytes) {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + length)));
  const [begin, end] = header['catalogue.titles'].data_offsets;
  const parts = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(8 + length + begin, 8 + length + end)).split('\0');
  parts.pop();
  return parts;
}

test('titles one at a time, then all at once, are the file\'s strings; non-ASCII ones too', async () => {
  const bytes = new Uint8Array(readFileSync(defaultModelPath));
  const want = fileTitles(bytes);
  const model = await loadModel(bytes);
  const ids = model.info.movieCount;
  assert.equal(want.length, ids);
  // One at a time, in an order that is not the file's: the last, a few, the first.
  const picks = [ids - 1, 4000, 17, 0];
  const accented = want.findIndex((t) => /[^\x00-\x7f]/.test(t));
  assert.ok(accented >= 0, 'the shipped catalogue has a non-ASCII title');
  picks.push(accented);
  const all = model.movies; // the catalogue's ids, in order
  const fresh = await loadModel(bytes);
  for (const i of picks) assert.equal(fresh.movie(all[i].movieId).title, want[i], `title ${i}`);
  const top = fresh.recommend([{ movieId: all[1].movieId, rating: 5 }], { k: 5 });
  for (const r of top) assert.equal(r.title, want[all.findIndex((m) => m.movieId === r.movieId)]);
  // All at once, after some were decoded one at a time: the same strings.
  assert.deepEqual(fresh.movies.map((m) => m.title), want);
  assert.deepEqual(all.map((m) => m.title), want);
  model.dispose();
  fresh.dispose();
});
