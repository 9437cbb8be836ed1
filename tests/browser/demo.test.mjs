// The demo page in headless Chromium: search, rate, live recommendations that
// exclude rated movies, persistence across reloads, "Forget me", and privacy
// (every request is a same-origin static GET, none after the first rating).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  demoSession, watchContext, offendingRequests, waitForReady, recsVersion,
  waitForRecsAfter, readRecs, readRatedList, findMovie, rateWithMouse, artifactPath, saveArtifact,
} from './harness.mjs';

const STORAGE_KEY = 'movienet:ratings:v1';
const demo = demoSession();

const ratedIdsIn = (ratings) => Object.keys(ratings).map(Number);

function assertRecsExclude(recs, ratedIds, when) {
  const overlap = recs.filter((r) => ratedIds.includes(r.movieId));
  assert.deepEqual(overlap, [], `recommendations ${when} include movies the viewer rated`);
}

test('search, rate five movies, live private recommendations, reload, forget me', async (t) => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const watch = watchContext(context);
  const page = await context.newPage();

  // 1. Load: the page shows recommendations before any rating (cold start).
  await page.goto(demo.server.url);
  await waitForReady(page);
  const firstRecsMs = await page.evaluate(() => performance.getEntriesByName('movienet:first-recommendations')[0]?.startTime);
  assert.ok(firstRecsMs > 0, 'the page marks when its first recommendations rendered');
  assert.equal((await readRecs(page)).length, 10);

  // 2. Search: as-you-type, case- and accent-insensitive both ways.
  const amelie = await findMovie(page, 'amélie', 'Amelie');
  assert.equal(await findMovie(page, 'AMELIE', 'Amelie'), amelie);
  const toyStory = await findMovie(page, 'toy story', 'Toy Story (1995)');
  const toyItem = page.locator(`#results > li[data-movie-id="${toyStory}"]`);
  const predicted = Number(await toyItem.getAttribute('data-predicted'));
  assert.ok(predicted >= 0.5 && predicted <= 5, `Toy Story shows a predicted rating in the scale, got ${predicted}`);
  assert.match(await toyItem.locator('.score').innerText(), /Predicted for you\s+\d\.\d/);

  // Genre browsing: only that genre, best predicted first.
  await page.fill('#query', '');
  await page.selectOption('#genre', 'Animation');
  await page.waitForFunction(() => document.getElementById('results-summary').textContent.startsWith('Animation:'));
  const browsed = await page.$$eval('#results > li', (items) => items.map((li) => ({ genres: li.querySelector('.genres').textContent, predicted: Number(li.dataset.predicted) })));
  assert.ok(browsed.length > 0);
  assert.ok(browsed.every((m) => m.genres.split(' · ').includes('Animation')), 'genre browse shows only Animation');
  assert.deepEqual(browsed.map((m) => m.predicted), browsed.map((m) => m.predicted).sort((a, b) => b - a), 'sorted by predicted rating');
  await page.selectOption('#genre', '');

  // 3. Rate five movies; after each, recommendations re-render without rated movies.
  const requestsBeforeFirstRating = watch.requests.length;
  const toRate = [
    ['toy story', 'Toy Story (1995)', 5],
    ['amelie', 'Amelie', 4.5],
    ['matrix', 'The Matrix (1999)', 4],
    ['titanic', 'Titanic (1997)', 1],
    ['godfather', 'The Godfather (1972)', 3.5],
  ];
  const expected = {};
  for (const [query, title, rating] of toRate) {
    const id = await findMovie(page, query, title);
    await rateWithMouse(page, 'results', id, rating);
    expected[id] = rating;
    assertRecsExclude(await readRecs(page), ratedIdsIn(expected), `after rating ${title}`);
  }
  assert.deepEqual(await readRatedList(page), expected);
  const recsAfterFive = await readRecs(page);
  assert.equal(recsAfterFive.length, 10, 'ten recommendations after five ratings');
  for (const r of recsAfterFive) assert.ok(r.predicted >= 0.5 && r.predicted <= 5, `predicted ${r.predicted} outside 0.5..5`);
  assert.match(await page.locator('#recs-summary').innerText(), /Based on your 5 ratings/);

  // Figures: navigation → first recommendations, and whole-catalogue scoring in the worker.
  // The timing is measured after the list is shown: wait for the current list's.
  await page.waitForFunction(() => {
    const recs = document.getElementById('recs');
    return recs.dataset.timingVersion === recs.dataset.version;
  });
  const scoreMs = Number(await page.$eval('#recs', (el) => el.dataset.scoreMs));
  // The worker got the model's bytes and the compiled movienet.wasm from the page: each was fetched once.
  const fetchesOf = (file) => watch.requests.filter((r) => new URL(r.url).pathname.endsWith(`/${file}`)).length;
  assert.equal(fetchesOf('movienet.wasm'), 1, 'movienet.wasm is fetched once, for the page and its worker');
  assert.equal(fetchesOf('movienet-ml-latest-small.safetensors'), 1, 'the model is fetched once, for the page and its worker');
  const timingText = await page.locator('#timing').innerText();
  assert.match(timingText, /Scored and ranked all [\d,]+ movies in \d+\.\d\d ms/);
  t.diagnostic(`navigation → first recommendations: ${firstRecsMs.toFixed(0)} ms`);
  t.diagnostic(`worker scoring, whole catalogue, 5-rating history: ${scoreMs.toFixed(3)} ms (${timingText})`);
  saveArtifact('browser-timings.json', JSON.stringify({ firstRecommendationsMs: firstRecsMs, wholeCatalogueScoreMs: scoreMs, timingText }, null, 2) + '\n');

  await page.fill('#query', 'star wars');
  await page.locator('#results > li').first().waitFor();
  await page.mouse.move(0, 0); // no hover preview in the screenshot
  await page.screenshot({ path: artifactPath('demo-desktop.png') });
  t.diagnostic('screenshot: tests/artifacts/demo-desktop.png');

  // 4. Changing a rating changes the recommendations.
  const titanic = await findMovie(page, 'titanic', 'Titanic (1997)');
  await rateWithMouse(page, 'rated', titanic, 5);
  expected[titanic] = 5;
  const recsAfterChange = await readRecs(page);
  assert.notDeepEqual(recsAfterChange, recsAfterFive, 'recommendations change when a rating changes');
  assertRecsExclude(recsAfterChange, ratedIdsIn(expected), 'after a change');
  assert.deepEqual(await readRatedList(page), expected);

  // 5. Removing a rating: rate a sixth movie, then remove it with its button.
  const alien = await findMovie(page, 'alien', 'Alien (1979)');
  await rateWithMouse(page, 'results', alien, 2);
  assert.equal((await readRatedList(page))[alien], 2);
  const beforeRemove = await recsVersion(page);
  await page.click(`#rated-${alien}-remove`);
  await waitForRecsAfter(page, beforeRemove);
  assert.deepEqual(await readRatedList(page), expected, 'the removed rating is gone');

  // 6. Privacy: nothing was requested since the first rating, and every request so far is static.
  assert.deepEqual(watch.requests.slice(requestsBeforeFirstRating), [], 'no request after the first rating');
  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), []);

  // 7. Reload: the ratings persisted in localStorage.
  const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY));
  assert.deepEqual(Object.fromEntries(saved.ratings), Object.fromEntries(Object.entries(expected).map(([k, v]) => [Number(k), v])));
  await page.reload();
  await waitForReady(page);
  assert.deepEqual(await readRatedList(page), expected, 'ratings survive a reload');
  assertRecsExclude(await readRecs(page), ratedIdsIn(expected), 'after reload');
  assert.match(await page.locator('#recs-summary').innerText(), /Based on your 5 ratings/);

  // 8. "Forget me" clears everything, also after another reload.
  const beforeForget = await recsVersion(page);
  await page.click('#forget');
  await waitForRecsAfter(page, beforeForget);
  assert.deepEqual(await readRatedList(page), {});
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY), null);
  assert.match(await page.locator('#recs-summary').innerText(), /rate a few movies/);
  await page.reload();
  await waitForReady(page);
  assert.deepEqual(await readRatedList(page), {}, 'nothing comes back after forget me + reload');

  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), [], 'every request is a same-origin static GET');
  assert.deepEqual(watch.problems, [], 'no console error, page error or failed request');
  await context.close();
});

test('phone-sized viewport: no horizontal overflow, screenshot', async (t) => {
  const context = await demo.browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
  const watch = watchContext(context);
  const page = await context.newPage();
  await page.goto(demo.server.url);
  await waitForReady(page);
  const id = await findMovie(page, 'toy story', 'Toy Story (1995)');
  const before = await recsVersion(page);
  const input = page.locator(`#results input[data-movie-id="${id}"][value="4.5"]`);
  await page.tap(`label[for="${await input.getAttribute('id')}"]`);
  await waitForRecsAfter(page, before);
  assert.deepEqual(await readRatedList(page), { [id]: 4.5 });

  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.equal(overflow, 0, 'the page does not scroll sideways at 375 px');
  await page.screenshot({ path: artifactPath('demo-phone.png') });
  await page.screenshot({ path: artifactPath('demo-phone-full.png'), fullPage: true });
  t.diagnostic('screenshots: tests/artifacts/demo-phone.png, tests/artifacts/demo-phone-full.png');

  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), []);
  assert.deepEqual(watch.problems, []);
  await context.close();
});

test('navigation → first recommendations: median of 5 fresh loads', async (t) => {
  const times = [];
  for (let i = 0; i < 5; i++) {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } }); // a fresh profile: empty cache and storage
    const page = await context.newPage();
    await page.goto(demo.server.url);
    await waitForReady(page);
    times.push(await page.evaluate(() => performance.getEntriesByName('movienet:first-recommendations')[0]?.startTime));
    await context.close();
  }
  assert.ok(times.every((ms) => ms > 0), 'every load marks its first recommendations');
  const median = [...times].sort((a, b) => a - b)[2];
  t.diagnostic(`navigation → first recommendations, median of 5 fresh loads: ${median.toFixed(0)} ms (${times.map((ms) => ms.toFixed(0)).join(', ')})`);
  saveArtifact('browser-first-recommendations.json', JSON.stringify({ medianMs: median, loadsMs: times }, null, 2) + '\n');
});

test('a model that cannot be loaded is reported on the page, not swallowed', async () => {
  const context = await demo.browser.newContext();
  await context.route('**/models/*.safetensors', (route) => route.fulfill({ status: 404, body: 'gone' }));
  const page = await context.newPage();
  await page.goto(demo.server.url);
  await page.waitForSelector('body[data-state="error"]');
  const status = page.locator('#status');
  assert.equal(await status.getAttribute('role'), 'alert');
  assert.match(await status.innerText(), /Something went wrong — ERR_IO: .*movienet-ml-latest-small\.safetensors.*404/);
  assert.equal(await page.locator('#query').isDisabled(), true, 'search stays disabled without a model');
  await context.close();
});
