// Shared helpers for the Node tests of the built package (dist/).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const fixtures = new URL('./fixtures/', import.meta.url);
export const root = new URL('../../', import.meta.url);

export function readJson(url) {
  return JSON.parse(readFileSync(url, 'utf8'));
}

// Relative agreement within tol; |expected| below `floor` is compared as if
// it were `floor` (a value that cancels to near zero keeps only absolute accuracy).
export function assertClose(actual, expected, tol = 1e-5, what = 'value', floor = 1e-3) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (Number.isNaN(e)) {
      assert.ok(Number.isNaN(a), `${what}[${i}]: expected NaN, got ${a}`);
      continue;
    }
    if (!Number.isFinite(e)) {
      assert.equal(a, e, `${what}[${i}]`);
      continue;
    }
    const err = Math.abs(a - e) / Math.max(Math.abs(e), floor);
    worst = Math.max(worst, err);
    assert.ok(err <= tol, `${what}[${i}]: got ${a}, expected ${e} (relative error ${err.toExponential(2)} > ${tol})`);
  }
  return worst;
}

// A network file (format movienet-network v2, safetensors) from an
// architecture and weights laid out as referenceForward takes them (each dense
// layer's W units x in, column-major, then b); encode() gives its bytes.
export function networkFile(input, layers, params, { dtype = 'F32', metadata = {} } = {}) {
  const tensors = {};
  let off = 0;
  let n = input;
  layers.forEach((layer, i) => {
    if (layer.type !== 'dense') return;
    const u = layer.units;
    const w = new Float32Array(u * n);
    for (let o = 0; o < u; o++) for (let k = 0; k < n; k++) w[o * n + k] = params[off + o + k * u];
    tensors[`${i}.weight`] = { dtype, shape: [u, n], values: w };
    tensors[`${i}.bias`] = { dtype, shape: [u], values: Float32Array.from(params.slice(off + u * n, off + u * n + u)) };
    off += u * n + u;
    n = u;
  });
  return {
    metadata: { format: 'movienet-network', version: '2', layers: layers.map((l) => l.type).join(','), metadata: JSON.stringify(metadata) },
    tensors,
  };
}

// Safetensors bytes: header entries in order, tensors packed one after another.
// `values` (floats) is stored as F32 bytes unless `bytes` is given.
export function safetensorsBytes({ metadata, tensors }) {
  const header = {};
  if (metadata) header.__metadata__ = metadata;
  const parts = [];
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const bytes = t.bytes ?? new Uint8Array(Float32Array.from(t.values).buffer);
    header[name] = { dtype: t.dtype ?? 'F32', shape: t.shape, data_offsets: t.offsets ?? [offset, offset + bytes.length] };
    parts.push(bytes);
    offset += bytes.length;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export const encode = (obj) => (typeof obj === 'string' ? new TextEncoder().encode(obj) : safetensorsBytes(obj));

// Deterministic pseudo-random numbers (mulberry32).
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Straight from the definition, in double precision: W is units x in,
// column-major, then b; each dense optionally followed by an activation.
export function referenceForward(input, stages, params, x, rows) {
  const act = {
    identity: (v) => v,
    relu: (v) => (v > 0 || Number.isNaN(v) ? v : 0),
    sigmoid: (v) => 1 / (1 + Math.exp(-v)),
    tanh: Math.tanh,
  };
  const out = [];
  for (let r = 0; r < rows; r++) {
    let a = Array.from(x.subarray(r * input, (r + 1) * input));
    let off = 0;
    let n = input;
    for (const { units, activation } of stages) {
      const y = new Array(units);
      const b = off + units * n;
      for (let u = 0; u < units; u++) {
        let s = params[b + u];
        for (let k = 0; k < n; k++) s += params[off + u + k * units] * a[k];
        y[u] = act[activation](s);
      }
      off = b + units;
      n = units;
      a = y;
    }
    out.push(...a);
  }
  return out;
}
