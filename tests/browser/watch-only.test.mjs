// The demo page with a model trained on watch events without ratings (issue
// #20): the server's model file is swapped for tests/js/fixtures/watch-model.safetensors
// (20 movies; every viewer watched consecutive ones). The page asks "seen
// it?" instead of stars, ranks by watch chance, and the next movie of the
// sequence comes first; nothing errs, and the list survives a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { demoSession, watchContext, offendingRequests, waitForReady, recsVersion, waitForRecsAfter, findMovie, REPO_ROOT } from './harness.mjs';

const STORAGE_KEY = 'movienet:ratings:v1';
const demo = demoSession();
const watchModel = fs.readFileSync(path.join(REPO_ROOT, 'tests/js/fixtures/watch-model.safetensors'));

const readRecIds = (page) => page.$$eval('#recs > li', (items) => items.map((li) => Number(li.dataset.movieId)));

async function markSeen(page, movieId) {
  const before = await recsVersion(page);
  await page.click(`#results-${movieId}-seen`);
  await waitForRecsAfter(page, before);
}

test('a model without ratings: "seen it?" instead of stars, and the next movie of the sequence first', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/models/movienet-ml-latest-small.safetensors', (route) =>
    route.fulfill({ status: 200, contentType: 'application/octet-stream', body: watchModel }));
  const watch = watchContext(context);
  const page = await context.newPage();
  await page.goto(demo.server.url);
  await waitForReady(page);

  assert.equal(await page.getAttribute('body', 'data-model'), 'watch');
  assert.match(await page.locator('#model-info').innerText(), /20 movies, learned from what people watched, without ratings/);
  assert.match(await page.locator('.tagline').innerText(), /Mark a few movies you have seen/);
  assert.equal(await page.locator('#rated-title').innerText(), 'Movies you have seen');
  // Recommendations carry the watch chance, never a predicted rating, and no "why" panel (that explains ratings).
  const first = page.locator('#recs > li').first();
  assert.ok(Number(await first.getAttribute('data-watch')) > 0);
  assert.equal(await first.getAttribute('data-predicted'), null);
  assert.match(await first.locator('.score').innerText(), /Chance it's your next watch\s+\d+(\.\d+)?%/);
  assert.equal(await page.locator('.stars').count(), 0, 'no stars anywhere');
  assert.equal(await page.locator('details.why').count(), 0);

  // Search, then mark 5, 6 and 7 as seen, in that order.
  for (const n of [5, 6, 7]) {
    const id = await findMovie(page, `movie ${n}`, `Movie ${n}`);
    assert.equal(id, n);
    const button = page.locator(`#results-${n}-seen`);
    assert.equal(await button.getAttribute('aria-pressed'), 'false');
    await markSeen(page, n);
    assert.equal(await page.locator(`#results-${n}-seen`).getAttribute('aria-pressed'), 'true');
  }
  const recs = await readRecIds(page);
  assert.equal(recs[0], 8, `after 5, 6, 7 the next movie is 8 (got ${recs.join(', ')})`);
  assert.ok(![5, 6, 7].some((id) => recs.includes(id)), 'seen movies are never recommended');
  assert.match(await page.locator('#recs-summary').innerText(), /Based on the 3 movies you have seen\. Top pick: Movie 8 \(1998\)/);
  const seenList = await page.$$eval('#rated > li', (items) => items.map((li) => Number(li.dataset.movieId)));
  assert.deepEqual(seenList, [7, 6, 5], 'most recent first');
  const saved = JSON.parse(await page.evaluate((k) => localStorage.getItem(k), STORAGE_KEY));
  assert.deepEqual(saved.ratings, [[5, null], [6, null], [7, null]]);

  // Genre browsing ranks by watch chance.
  await page.fill('#query', '');
  await page.selectOption('#genre', 'Action');
  await page.waitForFunction(() => document.getElementById('results-summary').textContent.startsWith('Action:'));
  assert.match(await page.locator('#results-summary').innerText(), /by watch chance/);
  const chances = await page.$$eval('#results > li', (items) => items.map((li) => Number(li.dataset.watch ?? -1)));
  const unseen = chances.filter((c) => c >= 0);
  assert.ok(unseen.length > 0);
  assert.deepEqual(unseen, [...unseen].sort((a, b) => b - a), 'sorted by watch chance');

  // Reload: the seen list persisted; un-marking one changes the recommendations.
  await page.reload();
  await waitForReady(page);
  assert.equal((await readRecIds(page))[0], 8);
  const before = await recsVersion(page);
  await page.click('#rated-7-seen');
  await waitForRecsAfter(page, before);
  assert.notEqual((await readRecIds(page))[0], 8);
  assert.deepEqual(await page.$$eval('#rated > li', (items) => items.map((li) => Number(li.dataset.movieId))), [6, 5]);

  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), []);
  assert.deepEqual(watch.problems, [], 'no console error, page error or failed request');
  await context.close();
});
