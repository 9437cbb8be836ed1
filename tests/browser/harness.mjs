// Shared set-up for the browser tests: the demo's static server, Debian's
// headless Chromium through playwright-core, and a watcher that records every
// request and every console/page error.
import { before, after } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ARTIFACTS_DIR = path.join(REPO_ROOT, 'tests/artifacts');
export const MODEL_PATH = 'models/movienet-ml-latest-small.safetensors';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags from DEVELOPERS.md: headless, and nothing that phones home on its own,
// so every request the tests see comes from the page.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-quic',
  '--disable-sync',
];

/** Starts the static server on a free port; fails early with the command that fixes a missing build. */
export async function startDemoServer() {
  for (const needed of ['dist/index.js', MODEL_PATH]) {
    if (!fs.existsSync(path.join(REPO_ROOT, needed))) {
      throw new Error(`${needed} is missing: run \`npm run build\` first (the browser tests use the built package and the shipped model)`);
    }
  }
  const { server, close } = await startServer({ root: REPO_ROOT, port: 0, host: '127.0.0.1' });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return { origin, url: `${origin}/web/`, close };
}

/** Launches Chromium with a fresh temporary profile (playwright deletes it on close). */
// The demo server and a browser for one test file, started before its tests
// and closed after them: `const demo = demoSession();` then demo.server, demo.browser.
export function demoSession() {
  const session = { server: null, browser: null };
  before(async () => {
    session.server = await startDemoServer();
    session.browser = await launchBrowser();
  });
  after(async () => {
    await session.browser?.close();
    await session.server?.close();
  });
  return session;
}

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium) or set CHROMIUM_PATH`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Records every request of a browser context (pages and their workers) and every
 * console error, page error, failed request and HTTP error status.
 */
export function watchContext(context) {
  const requests = [];
  const problems = [];
  context.on('request', (r) => requests.push({ method: r.method(), url: r.url(), type: r.resourceType(), postData: r.postData() }));
  context.on('requestfailed', (r) => problems.push(`request failed: ${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  context.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} for ${r.request().method()} ${r.url()}`);
  });
  const watchPage = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()} (${m.location()?.url ?? '?'})`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  return { requests, problems };
}

/** Every request must be a same-origin GET of one of the demo's static folders. */
export function offendingRequests(requests, origin) {
  return requests.filter(({ method, url, postData }) => {
    const u = new URL(url);
    return method !== 'GET' || postData || u.origin !== origin || !/^\/(web|dist|models)\//.test(u.pathname);
  });
}

/** Waits until the page loaded the model and rendered its first recommendations. */
export async function waitForReady(page) {
  await page.waitForSelector('body[data-state="ready"]', { timeout: 30_000 });
  await page.waitForSelector('#recs[data-version] li');
}

export const recsVersion = (page) => page.$eval('#recs', (el) => Number(el.dataset.version ?? 0));

/** Waits for a re-render of the recommendations newer than `version`. */
export async function waitForRecsAfter(page, version) {
  await page.waitForFunction((v) => Number(document.getElementById('recs').dataset.version ?? 0) > v, version);
}

/** Recommendations as rendered: [{ movieId, predicted }]. */
export const readRecs = (page) =>
  page.$$eval('#recs > li', (items) => items.map((li) => ({ movieId: Number(li.dataset.movieId), predicted: Number(li.dataset.predicted) })));

/** Ratings as shown in "Your ratings": { movieId: rating }. */
export const readRatedList = (page) =>
  page.$$eval('#rated > li', (items) =>
    Object.fromEntries(items.map((li) => [li.dataset.movieId, Number(li.querySelector('.stars input:checked')?.value)])));

/** Searches and returns the movie id of the first result whose displayed title starts with `title`. */
export async function findMovie(page, query, title) {
  await page.fill('#query', query);
  const item = page.locator('#results > li', { has: page.locator('.title', { hasText: title }) }).first();
  await item.waitFor();
  return Number(await item.getAttribute('data-movie-id'));
}

/** Clicks the star for `rating` of a movie in a list and waits for the new recommendations. */
export async function rateWithMouse(page, list, movieId, rating) {
  const before = await recsVersion(page);
  const input = page.locator(`#${list} input[data-movie-id="${movieId}"][value="${rating}"]`);
  await page.click(`label[for="${await input.getAttribute('id')}"]`);
  await waitForRecsAfter(page, before);
}

export function saveArtifact(name, data) {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const file = path.join(ARTIFACTS_DIR, name);
  fs.writeFileSync(file, data);
  return path.relative(REPO_ROOT, file);
}

export const artifactPath = (name) => {
  fs.mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return path.join(ARTIFACTS_DIR, name);
};
