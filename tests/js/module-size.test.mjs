// movienet.wasm's size budget (issue #10: at most 120 KB = 122,880 bytes;
// TF.js's SIMD build is 425 KB). A regression here usually means a heavy
// library part (a JSON DOM, printf's float formatting, a layer's training
// code) reached the module, or that inlining broke (wasm/CMakeLists.txt).
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { test } from 'node:test';

import { root } from './helpers.mjs';

const budget = 122_880;

test(`movienet.wasm is at most ${budget} bytes`, () => {
  const size = statSync(new URL('dist/movienet.wasm', root)).size;
  assert.ok(size <= budget, `dist/movienet.wasm is ${size} bytes, over the ${budget}-byte budget`);
});
