// A model with a larger catalogue, generated from the shipped one: every
// per-movie tensor tiled to `movies` rows, ids 1..movies, titles numbered.
// The network and the metadata are the shipped model's.
import { encode } from '../tests/js/helpers.mjs';

export function bigCatalogue(file, movies) {
  const length = Number(new DataView(file.buffer, file.byteOffset).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(file.subarray(8, 8 + length)));
  const n = header['catalogue.ids'].shape[0];
  const tensor = (name) => file.subarray(8 + length + header[name].data_offsets[0], 8 + length + header[name].data_offsets[1]);
  const tile = (name) => {
    const src = tensor(name);
    const row = src.length / n;
    const out = new Uint8Array(row * movies);
    for (let i = 0; i < movies; i++) out.set(src.subarray((i % n) * row, (i % n + 1) * row), i * row);
    return out;
  };
  const tensors = {};
  for (const [name, t] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    let shape = t.shape;
    let data;
    if (name === 'catalogue.ids') data = new Uint8Array(Int32Array.from({ length: movies }, (_, i) => i + 1).buffer);
    else if (name === 'catalogue.titles') {
      const titles = new TextDecoder().decode(tensor(name)).split('\0').slice(0, n);
      data = new TextEncoder().encode(Array.from({ length: movies }, (_, i) => `${titles[i % n]} #${i}\0`).join(''));
    } else if (name === 'catalogue.genres') {
      const perMovie = tensor('catalogue.genre_counts');
      const starts = [0];
      for (let i = 0; i < n; i++) starts.push(starts[i] + perMovie[i]);
      const genres = tensor(name);
      const out = [];
      for (let i = 0; i < movies; i++) out.push(...genres.subarray(starts[i % n], starts[i % n + 1]));
      data = Uint8Array.from(out);
    } else if (t.shape[0] === n) data = tile(name);
    else data = tensor(name);
    if (data.length !== tensor(name).length) shape = t.shape.length > 0 && t.shape[0] === n ? [movies, ...t.shape.slice(1)] : [data.length];
    tensors[name] = { dtype: t.dtype, shape, bytes: data };
  }
  return encode({ metadata: header.__metadata__, tensors });
}
