// The hand-written types (dist/index.d.ts) and the runtime agree on what the
// package exports: every value it declares exists, and nothing undeclared is
// exported, from both the browser and the Node entry points.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import * as nodeEntry from 'movienet';
import { root } from './helpers.mjs';

const declared = [...readFileSync(new URL('dist/index.d.ts', root), 'utf8').matchAll(/^export declare (?:const|class|function) (\w+)/gm)]
  .map((m) => m[1])
  .sort();

test('index.d.ts declares the values the package exports', async () => {
  assert.ok(declared.length > 0, 'no declarations found in dist/index.d.ts');
  const browserEntry = await import(new URL('dist/index.js', root));
  for (const [name, entry] of [['node', nodeEntry], ['browser', browserEntry]]) {
    assert.deepEqual(Object.keys(entry).sort(), declared, `${name} entry point`);
    for (const key of declared) assert.notEqual(entry[key], undefined, `${name} entry: ${key}`);
  }
});

test('movienet/worker and movienet/model-worker export what their .d.ts declare', async () => {
  for (const [entry, dts, reexported] of [
    ['movienet/worker', 'dist/worker.d.ts', ['ErrorCodes', 'MovieNetError']],
    ['movienet/model-worker', 'dist/model-worker.d.ts', []],
  ]) {
    const names = [...readFileSync(new URL(dts, root), 'utf8').matchAll(/^export declare (?:const|class|function) (\w+)/gm)].map((m) => m[1]);
    const mod = await import(entry);
    assert.deepEqual(Object.keys(mod).sort(), [...names, ...reexported].sort(), entry);
  }
  // The same error class on both sides, so `instanceof` works across entries.
  const worker = await import('movienet/worker');
  assert.equal(worker.MovieNetError, nodeEntry.MovieNetError);
  assert.equal(worker.ErrorCodes, nodeEntry.ErrorCodes);
});
