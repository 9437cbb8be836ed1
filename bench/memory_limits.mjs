// npm run bench:memory — peak memory at the model-file limit (256 MiB, the
// same in the CLI and in JS): the largest model movienet accepts, generated
// from the shipped one by tiling its catalogue, and a file one byte over the
// limit, which must be refused before it is read. Each case runs in a
// process of its own; its peak RSS is what the kernel reports for it
// (/usr/bin/time -f %M), with the 256 MiB input in the page cache.
//
// Needs build-release/cli/movienet (or --cli PATH), dist/ (npm run build) and
// /usr/bin/time (Debian package `time`). Writes two 256 MiB files to a
// temporary folder and removes them. Takes under a minute.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { bigCatalogue } from './big_catalogue.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const LIMIT = 256 * 1024 * 1024; // kMaxModelFileBytes (core/include/movienet/io/safetensors.h), MAX_LOAD_BYTES (wasm/js/sources.js)
const cliAt = process.argv.indexOf('--cli');
const cli = cliAt > 0 ? process.argv[cliAt + 1] : join(root, 'build-release/cli/movienet');
const shippedPath = join(root, 'models/movienet-ml-latest-small.safetensors');
const history = join(root, 'examples/history.csv');

for (const [what, path, how] of [
  ['the movienet CLI', cli, 'build it (README: the main command) or pass --cli PATH'],
  ['dist/index.node.js', join(root, 'dist/index.node.js'), 'run npm run build'],
  ['/usr/bin/time', '/usr/bin/time', 'apt-get install time'],
]) {
  if (!existsSync(path)) {
    console.error(`bench:memory: ${what} not found at ${path}: ${how}`);
    process.exit(1);
  }
}

// The largest catalogue whose file fits the limit: the size grows by about
// the same number of bytes per movie, so two estimates and a correction do.
function largestModel() {
  const shipped = readFileSync(shippedPath);
  const probeMovies = 100_000;
  const probe = bigCatalogue(shipped, probeMovies).length;
  const perMovie = (probe - shipped.length) / (probeMovies - 9_742);
  let movies = Math.floor(probeMovies + (LIMIT - probe) / perMovie);
  for (;;) {
    const bytes = bigCatalogue(shipped, movies);
    if (bytes.length <= LIMIT) return { bytes, movies };
    movies -= Math.ceil((bytes.length - LIMIT) / perMovie) + 16;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'movienet-memory-'));
try {
  const started = performance.now();
  const { bytes, movies } = largestModel();
  const largest = join(dir, 'largest.safetensors');
  writeFileSync(largest, bytes);
  // One byte over the limit: the same model padded with zeros; the size alone decides.
  const oversized = join(dir, 'oversized.safetensors');
  copyFileSync(largest, oversized);
  truncateSync(oversized, LIMIT + 1);
  console.log(`largest accepted model: ${statSync(largest).size.toLocaleString('en')} bytes, ${movies.toLocaleString('en')} movies ` +
    `(made in ${((performance.now() - started) / 1000).toFixed(1)} s); oversized: ${statSync(oversized).size.toLocaleString('en')} bytes`);

  // Each case under /usr/bin/time, which reports its child's peak RSS
  // (getrusage's ru_maxrss; a child forked from this process directly would
  // report at least this process's own peak, the 256 MiB files included).
  const rows = [];
  const measure = (label, command, args, expectOk) => {
    const rss = join(dir, 'rss');
    const t0 = performance.now();
    const run = spawnSync('/usr/bin/time', ['-f', '%M', '-o', rss, command, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const seconds = (performance.now() - t0) / 1000;
    const peakMb = Number(readFileSync(rss, 'utf8').trim().split('\n').pop()) / 1024;
    const said = (run.status === 0 ? run.stdout : run.stderr).trim().split('\n')[0];
    rows.push({ label, exit: run.status, peakMb, seconds, said, expectOk });
  };
  const runCli = (label, args, expectOk) => measure(label, cli, args, expectOk);
  const runNode = (label, path, expectOk) => {
    const script = `
      import { loadModel } from ${JSON.stringify(pathToFileURL(join(root, 'dist/index.node.js')).href)};
      import { wasmHeapStats } from ${JSON.stringify(pathToFileURL(join(root, 'dist/runtime.js')).href)};
      try {
        const model = await loadModel(${JSON.stringify(path)});
        const top = model.recommend([{ movieId: 1, rating: 5 }, { movieId: 260, rating: 4.5 }], { k: 10 });
        const heap = await wasmHeapStats();
        const mib = (n) => (n / 1048576).toFixed(0) + ' MiB';
        console.log('wasm heap ' + mib(heap.allocatedBytes) + ' allocated of ' + mib(heap.memoryBytes) + '; recommend: ' + top[0].title);
        model.dispose();
      } catch (e) {
        console.error((e.code ?? e.name) + ': ' + e.message);
        process.exitCode = 1;
      }`;
    measure(label, process.execPath, ['--input-type=module', '-e', script], expectOk);
  };

  runCli('CLI inspect, largest', ['inspect', largest], true);
  runCli('CLI predict --watch, largest', ['predict', '--model', largest, '--history', history, '--movies', '1,2,3', '--watch'], true);
  runCli('CLI recommend -k 10, largest', ['recommend', '--model', largest, '--history', history, '-k', '10'], true);
  runNode('Node loadModel + recommend, largest', largest, true);
  runCli('CLI inspect, oversized', ['inspect', oversized], false);
  runCli('CLI predict, oversized', ['predict', '--model', oversized, '--history', history, '--movies', '1'], false);
  runNode('Node loadModel, oversized', oversized, false);

  console.log('\n| case | exit | peak RSS (MB) | wall (s) | first line of output |\n|---|---:|---:|---:|---|');
  for (const r of rows) {
    console.log(`| ${r.label} | ${r.exit} | ${r.peakMb.toFixed(1)} | ${r.seconds.toFixed(2)} | ${r.said.slice(0, 110)} |`);
  }
  const wrong = rows.filter((r) => (r.exit === 0) !== r.expectOk);
  for (const r of wrong) console.error(`bench:memory: ${r.label}: expected ${r.expectOk ? 'success' : 'a refusal'}, got exit ${r.exit}`);
  const peakOf = (select) => Math.max(...rows.filter(select).map((r) => r.peakMb)).toFixed(1);
  console.log(`\npeak_rss_mb_largest_cli=${peakOf((r) => r.label.startsWith('CLI') && r.expectOk)} ` +
    `peak_rss_mb_largest_node=${peakOf((r) => r.label.startsWith('Node') && r.expectOk)} ` +
    `peak_rss_mb_oversized=${peakOf((r) => !r.expectOk)} file_bytes_largest=${bytes.length} movies_largest=${movies}`);
  if (wrong.length > 0) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
