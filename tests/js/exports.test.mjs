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
