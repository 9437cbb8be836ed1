// Keyboard only: find a movie, rate it, change the rating, reach the
// recommendations and remove the rating — no mouse event at all.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSession, watchContext, offendingRequests, waitForReady, readRecs, readRatedList } from './harness.mjs';

const demo = demoSession();

// Presses Tab until `predicate` holds for the focused element; returns how many presses it took.
async function tabUntil(page, predicate, what, { max = 80, shift = false } = {}) {
  for (let presses = 1; presses <= max; presses++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate(predicate)) return presses;
  }
  throw new Error(`could not reach ${what} with ${max} ${shift ? 'Shift+Tab' : 'Tab'} presses`);
}

const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return { id: a.id, tag: a.tagName, type: a.type, value: a.value, checked: a.checked, movieId: a.dataset?.movieId };
  });

test('keyboard only: search, rate, change, reach recommendations, remove', async () => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
  const watch = watchContext(context);
  const page = await context.newPage();
  await page.goto(demo.server.url);
  await waitForReady(page);

  // First Tab stop: the skip link, which jumps to the recommendations.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to recommendations');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'recs-heading');
  await page.keyboard.press('Tab');
  assert.ok(await page.evaluate(() => document.activeElement.closest('#recs') !== null), 'Tab after the skip link lands in the recommendations');

  // Back up to the search box: reachable by Shift+Tab, labelled.
  await tabUntil(page, () => document.activeElement.id === 'query', 'the search box', { shift: true });
  assert.equal(await page.evaluate(() => document.activeElement.labels[0].textContent), 'Search by title');
  await page.keyboard.type('toy story');
  const firstResult = page.locator('#results > li').first();
  await firstResult.waitFor();
  assert.match(await firstResult.locator('.title').innerText(), /^Toy Story \(1995\)$/);

  // Into the first result's stars: Space picks the lowest value, arrows step by half a star.
  await tabUntil(page, () => document.activeElement.matches('#results .stars input'), 'the first rating control');
  const start = await focused(page);
  assert.equal(start.type, 'radio');
  assert.equal(await page.evaluate(() => document.activeElement.closest('fieldset').querySelector('legend').textContent), 'Your rating for Toy Story (1995)');
  const movieId = Number(start.movieId);
  await page.keyboard.press('Space');
  await page.waitForFunction((id) => document.querySelector(`#rated > li[data-movie-id="${id}"]`), movieId);
  for (let i = 0; i < 7; i++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((id) => document.querySelector(`#rated > li[data-movie-id="${id}"] .stars input:checked`)?.value === '4', movieId);
  // Re-rendering the lists kept the focus on the same control.
  assert.deepEqual({ ...(await focused(page)), id: undefined }, { id: undefined, tag: 'INPUT', type: 'radio', value: '4', checked: true, movieId: String(movieId) });
  await page.waitForFunction(() => document.getElementById('recs-summary').textContent.startsWith('Based on your 1 rating.'));
  assert.deepEqual(await readRatedList(page), { [movieId]: 4 });

  // Reach the recommendations by Tab and find them without the rated movie.
  await tabUntil(page, () => document.activeElement.closest('#recs') !== null, 'the recommendations');
  const recs = await readRecs(page);
  assert.equal(recs.length, 10);
  assert.ok(!recs.some((r) => r.movieId === movieId), 'the rated movie is not recommended');

  // Remove the rating from "Your ratings" with Enter on its button.
  await tabUntil(page, () => document.activeElement.matches('#rated button.remove'), 'the Remove button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#rated > li').length === 0);
  await page.waitForFunction(() => document.getElementById('recs-summary').textContent.includes('rate a few movies'));

  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), []);
  assert.deepEqual(watch.problems, []);
  await context.close();
});
