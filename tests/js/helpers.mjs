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

// A network file (format movienet-network v1) from an architecture and weights.
export function networkFile(input, layers, params, { dtype = 'float32', metadata = {} } = {}) {
  const f32 = Float32Array.from(params);
  return {
    format: 'movienet-network',
    version: 1,
    architecture: { input, layers },
    params: { dtype, shape: [f32.length], data: Buffer.from(f32.buffer).toString('base64') },
    metadata,
  };
}

export const encode = (obj) => new TextEncoder().encode(typeof obj === 'string' ? obj : JSON.stringify(obj));

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
