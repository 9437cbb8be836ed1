// The package as a front-end developer meets it: the packed tarball installed
// into a fresh Vite app (vite build + vite preview, and the dev server), and
// into a plain page with and without an import map; recommendations shown in
// headless Chromium on the main thread and through movienet/worker. Prints
// navigation → recommendations shown, and the main thread's longest task.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { build, createServer, preview } from 'vite';
import { REPO_ROOT, launchBrowser } from './harness.mjs';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work;
let app;
let modelFile;
let browser;
const timings = [];

before(async () => {
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist/index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'movienet-consumer-'));
  const [{ filename, files }] = JSON.parse(execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
  modelFile = files.map((f) => f.path).find((p) => /^models\/[^/]+$/.test(p) && !p.endsWith('.md')).slice('models/'.length);
  app = path.join(work, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', path.join(work, filename)], { cwd: app, stdio: 'ignore' });
  const here = path.join(REPO_ROOT, 'tests/browser/consumer');
  fs.copyFileSync(path.join(here, 'index.html'), path.join(app, 'index.html'));
  fs.writeFileSync(path.join(app, 'main.js'), fs.readFileSync(path.join(here, 'main.js'), 'utf8').replaceAll('MODEL_FILE', modelFile));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
  console.log('consumer checks (navigation → recommendations shown):');
  for (const t of timings) console.log(`  ${t}`);
});

// Opens a page, waits for it to finish, returns window.result and the long tasks.
async function visit(url, label) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
  try {
    await page.goto(url);
    await page.waitForSelector('body[data-state]', { state: 'attached', timeout: 30_000 }).catch((e) => {
      throw new Error(`${label}: ${e.message}; page errors: ${errors.join(' | ')}`);
    });
    const { result, longTasks } = await page.evaluate(() => ({ result: window.result, longTasks: window.longTasks ?? null }));
    assert.equal(result.failed, undefined, `${label}: ${result.failed}`);
    assert.deepEqual(errors, [], label);
    if (result.shownAt !== undefined) {
      let line = `${label}: ${Math.round(result.shownAt)} ms`;
      if (longTasks) {
        const during = longTasks.filter((t) => t.start + t.duration >= result.startedAt && t.start <= result.shownAt);
        result.longest = Math.max(0, ...during.map((t) => t.duration));
        line += `; longest main-thread task during load + first recommend: ${Math.round(result.longest)} ms (${during.length} long tasks)`;
      }
      timings.push(line);
    }
    return result;
  } finally {
    await context.close();
  }
}

function checkRecs(result) {
  assert.equal(result.recs.length, 10);
  for (const r of result.recs) assert.ok(typeof r.title === 'string' && Number.isFinite(r.rating) && r.watch > 0);
}

test('vite build + vite preview: main thread, worker entry, equal results, codes, HTML fallback', async () => {
  const t0 = performance.now();
  await build({ root: app, logLevel: 'silent', build: { outDir: 'dist' } });
  const buildMs = performance.now() - t0;
  const assets = fs.readdirSync(path.join(app, 'dist/assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `no .wasm emitted: ${assets}`);
  assert.ok(assets.some((f) => /model-worker.*\.js$/.test(f)), `no worker chunk emitted: ${assets}`);
  timings.push(`vite build: ${Math.round(buildMs)} ms (${assets.join(', ')})`);
  const server = await preview({ root: app, logLevel: 'silent', preview: { port: 0, host: '127.0.0.1' } });
  const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  try {
    const main = await visit(`${origin}/?mode=main`, 'vite preview, main thread');
    checkRecs(main);
    const worker = await visit(`${origin}/?mode=worker`, 'vite preview, movienet/worker');
    checkRecs(worker);
    assert.deepEqual(worker.recs, main.recs, 'the worker recommends what the main thread does');
    assert.ok(worker.longest < 50, `a main-thread task of ${worker.longest} ms while the worker loaded and recommended`);

    const compare = await visit(`${origin}/?mode=compare`, 'vite preview, worker vs main thread');
    for (const [name, ok] of Object.entries(compare.checks)) assert.ok(ok, `worker and main thread differ: ${name}`);
    assert.deepEqual(
      { isMovieNetError: compare.error.isMovieNetError, code: compare.error.code },
      { isMovieNetError: true, code: 'ERR_BAD_INPUT' },
    );
    assert.match(compare.error.message, /history\[0\]\.rating must be a number/);
    assert.equal(compare.disposed, 'ERR_DISPOSED');

    // vite preview answers unknown paths with index.html (SPA fallback).
    const { errors } = await visit(`${origin}/?mode=fallback`, 'vite preview, HTML fallback');
    const byWhat = Object.fromEntries(errors.map((e) => [e.what, e]));
    assert.equal(byWhat.model.code, 'ERR_IO');
    assert.match(byWhat.model.message, /^model: http:\/\/.*\/no\/such\/model\.file is an HTML page \(HTTP 200, Content-Type text\/html.*starting "<!doctype html>/);
    assert.equal(byWhat.wasm.code, 'ERR_IO');
    assert.match(byWhat.wasm.message, /^movienet\.wasm: http:\/\/.*\/no\/such\/movienet\.wasm is an HTML page .*not a WebAssembly file/);
    assert.equal(byWhat['worker-model'].code, 'ERR_IO');
    assert.ok(byWhat['worker-model'].isMovieNetError);
    assert.match(byWhat['worker-model'].message, /is an HTML page/);
  } finally {
    await new Promise((r) => server.httpServer.close(r));
  }
});

test('vite dev server: main thread and worker entry, no config', async () => {
  const server = await createServer({ root: app, logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } });
  await server.listen();
  const origin = server.resolvedUrls.local[0].replace(/\/$/, '');
  try {
    checkRecs(await visit(`${origin}/?mode=main`, 'vite dev server, main thread'));
    checkRecs(await visit(`${origin}/?mode=worker`, 'vite dev server, movienet/worker'));
  } finally {
    await server.close();
  }
});

// A static server over the app folder, as any plain web server would be.
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
function staticServer(root) {
  const server = http.createServer((req, res) => {
    const file = path.join(root, decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (!file.startsWith(root) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r(server)));
}

test('plain pages: <script type="module"> with and without an import map', async () => {
  const pkg = '/node_modules/movienet';
  const body = (imports) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><ol id="recs"></ol>
<script type="module">
${imports}
const t0 = performance.now();
const model = await createWorkerModel('${pkg}/models/${modelFile}');
const recs = await model.recommend([[1, 5], [260, 4.5]], { k: 10 });
document.getElementById('recs').replaceChildren(...recs.map((r) => Object.assign(document.createElement('li'), { textContent: r.title })));
const main = await loadModel('${pkg}/models/${modelFile}');
window.result = { startedAt: t0, shownAt: performance.now(), recs, same: JSON.stringify(main.recommend([[1, 5], [260, 4.5]], { k: 10 })) === JSON.stringify(recs) };
document.body.dataset.state = 'done';
</script>`;
  fs.writeFileSync(
    path.join(app, 'importmap.html'),
    `<script type="importmap">{"imports":{"movienet":"${pkg}/dist/index.js","movienet/worker":"${pkg}/dist/worker.js"}}</script>` +
      body(`import { loadModel } from 'movienet';\nimport { createWorkerModel } from 'movienet/worker';`),
  );
  fs.writeFileSync(
    path.join(app, 'plain.html'),
    body(`import { loadModel } from '${pkg}/dist/index.js';\nimport { createWorkerModel } from '${pkg}/dist/worker.js';`),
  );
  const server = await staticServer(app);
  const origin = `http://127.0.0.1:${server.address().port}`;
  try {
    for (const page of ['importmap.html', 'plain.html']) {
      const result = await visit(`${origin}/${page}`, `plain page ${page}, movienet/worker then main thread`);
      checkRecs(result);
      assert.ok(result.same, `${page}: worker and main thread differ`);
    }
  } finally {
    server.close();
  }
});
