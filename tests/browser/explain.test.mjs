// "Because you rated…" under each recommendation and the "Why this
// prediction?" disclosure: present, computed in the page (no request leaves
// it), and usable with the keyboard alone. Saves tests/artifacts/demo-explain.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { demoSession, watchContext, offendingRequests, waitForReady, saveArtifact } from './harness.mjs';

const demo = demoSession();

// Toy Story ★5, Up ★4½, Finding Nemo ★4, The Matrix ★2: saved as the page saves them.
const RATINGS = [[1, 5], [68954, 4.5], [6377, 4], [2571, 2]];

test('recommendations say "Because you rated…"; "Why this prediction?" opens and closes by keyboard', async (t) => {
  const context = await demo.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  await context.addInitScript((ratings) => {
    // Runs in every document (about:blank too, where storage is denied): only the demo's.
    if (location.pathname.startsWith('/web/')) localStorage.setItem('movienet:ratings:v1', JSON.stringify({ ratings }));
  }, RATINGS);
  const watch = watchContext(context);
  const page = await context.newPage();
  await page.goto(demo.server.url);
  await waitForReady(page);

  // Every line names rated movies with their stars, e.g. "Because you rated Toy Story ★5 and Up ★4½".
  await page.waitForSelector('#recs > li .because');
  const lines = await page.$$eval('#recs > li .because', (ps) => ps.map((p) => p.textContent));
  assert.ok(lines.length >= 5, `only ${lines.length} of the recommendations have a reason`);
  const rated = /(Toy Story|Up|Finding Nemo|The Matrix) ★(\d½?|½)/;
  for (const line of lines) {
    assert.match(line, /^Because you rated /);
    assert.match(line, rated);
  }
  t.diagnostic(`first: ${lines[0].replace(/\s+/g, ' ')}`);
  // Screen readers hear the stars as words, not "black star".
  assert.match(await page.$eval('#recs > li .because', (p) => p.querySelector('.visually-hidden').textContent), /^\d(\.5)? stars?$/);

  // Keyboard only: skip link, then Tab to the first "Why this prediction?".
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement.id === 'recs-heading');
  let presses = 0;
  while (!(await page.evaluate(() => document.activeElement.matches('#recs summary')))) {
    await page.keyboard.press('Tab');
    assert.ok(++presses < 40, 'reached a "Why this prediction?" with Tab');
  }
  const summaryId = await page.evaluate(() => document.activeElement.id);
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Why this prediction?');
  const details = page.locator(`#${summaryId}`).locator('xpath=..');
  assert.equal(await details.evaluate((d) => d.open), false);

  await page.keyboard.press('Enter');
  await details.locator('.why-chart li').first().waitFor();
  assert.equal(await details.evaluate((d) => d.open), true);
  const rows = await details.locator('.why-chart li').allTextContents();
  assert.ok(rows.length >= 1);
  // Each row reads as a sentence: title, stars, signed effect and its direction.
  for (const row of rows) assert.match(row, /\d+(\.5)? stars?[+−]\d\.\d\d stars: (raises|lowers) it$/);
  assert.match(await details.locator('.why-sum').textContent(), /account for [+−]\d\.\d\d of the [+−]\d\.\d\d/);
  // The bars are decorative: hidden from screen readers.
  assert.equal(await details.locator('.why-bar').first().getAttribute('aria-hidden'), 'true');

  // Space closes it again, Space re-opens it (native <details>/<summary>).
  await page.keyboard.press('Space');
  await page.waitForFunction((id) => !document.getElementById(id).parentElement.open, summaryId);
  await page.keyboard.press('Space');
  await details.locator('.why-chart li').first().waitFor();

  await page.mouse.move(0, 0);
  const shot = await page.locator('aside.recs').screenshot();
  t.diagnostic(`screenshot: ${saveArtifact('demo-explain.png', shot)}`);

  assert.deepEqual(offendingRequests(watch.requests, demo.server.origin), [], 'no request leaves the page');
  assert.deepEqual(watch.problems, []);
  await context.close();
});
