// The model's catalogue read from its file: titles (decoded when first asked for), genre names and lists.
import { tensorBytes } from './safetensors.js';

// A string-list tensor: UTF-8 strings each ended by a 0 byte.
function tensorStrings(view) {
  const parts = new TextDecoder().decode(view).split('\0');
  parts.pop();
  return parts;
}

// The i-th string of a string-list tensor of `count`, decoded when first
// asked for: decoding 62,000 titles was a fifth of loadModel, and a page often
// shows a few dozen. Reads the file's bytes, as the genre lists do (a copy
// cost half as much as the decoding). decodeAll() decodes every string in one
// call, for the whole catalogue (one call per string costs twice as much). A
// string is its bytes, as natively: a leading BOM is kept.
function lazyStrings(bytes, count) {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let all = null;
  let starts = null;
  const at = (i) => {
    if (all !== null) return all[i];
    if (starts === null) {
      starts = new Int32Array(count + 1);
      for (let j = 0; j < count; j++) starts[j + 1] = bytes.indexOf(0, starts[j]) + 1;
    }
    return decoder.decode(bytes.subarray(starts[i], starts[i + 1] - 1));
  };
  at.decodeAll = () => {
    all ??= decoder.decode(bytes).split('\0');
  };
  return at;
}

// Integers of an I32 (copied: the view may be unaligned) or U8 tensor.
const tensorInts = (view, dtype) => (dtype === 'I32' ? new Int32Array(new Uint8Array(view).buffer) : view);

// Titles and genres of a model file the wasm side has validated, read from its bytes.
export function catalogueStrings(bytes, table, count) {
  const titles = tensorBytes(bytes, table, 'catalogue.titles');
  const dtype = (name) => table.dtypes[table.index.get(name)];
  const perMovie = tensorInts(tensorBytes(bytes, table, 'catalogue.genre_counts'), dtype('catalogue.genre_counts'));
  const genres = tensorInts(tensorBytes(bytes, table, 'catalogue.genres'), dtype('catalogue.genres'));
  const offsets = new Int32Array(count + 1);
  for (let i = 0; i < count; i++) offsets[i + 1] = offsets[i] + perMovie[i];
  return {
    title: titles ? lazyStrings(titles, count) : () => '',
    genreNames: tensorStrings(tensorBytes(bytes, table, 'catalogue.genre_names')),
    genres,
    genreOffsets: offsets,
  };
}
