// Type-checks the hand-written dist/index.d.ts through a consumer file, the
// way a TypeScript user imports the package (by name, via its exports map).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const project = fileURLToPath(new URL('./tsconfig.json', import.meta.url));
const result = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
if (result.status !== 0) {
  console.error('tests/types: tsc --noEmit failed');
  process.exit(1);
}
console.log('tests/types: dist/index.d.ts, worker.d.ts and model-worker.d.ts type-check (tsc --noEmit)');
