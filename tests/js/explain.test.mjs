// Model.explain and recommend({ explain }): every delta is the score with
// the whole history minus the score re-computed (through the public API)
// without that entry.
//
// Tolerance: explain() takes its leave-one-out scores from the fast path
// (for the pooled model, one entry's terms subtracted from double sums);
// the brute force re-pools each reduced history in float32 and scores the
// whole catalogue. Same function, different summation orders: each within
// ~1e-5 of a ~4-star rating, so 2e-4 stars is a tenfold margin and still 50x
// finer than the 0.01 stars shown. Watch chances come from the same
// log-softmax code on the same reduced histories in both: 1e-6 absolute on
// probabilities of about 1e-2.
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { before, after, test } from 'node:test';

import { loadModel, MovieNetError } from 'movienet';
import { fixtures } from './helpers.mjs';
import { defaultModelPath } from './model-path.mjs';

const RATING_TOL = 2e-4;
const WATCH_TOL = 1e-6;
let model;
let seed;

before(async () => {
  model = await loadModel(defaultModelPath);
  seed = await loadModel(fileURLToPath(new URL('seed-model.safetensors', fixtures)));
});
after(() => {
  model?.dispose();
  seed?.dispose();
});

// A 12-rating history spread over the catalogue.
function sampleHistory(m, n = 12) {
  const step = Math.floor(m.movies.length / n);
  return Array.from({ length: n }, (_, i) => ({ movieId: m.movies[i * step + 3].movieId, rating: 0.5 + ((i * 7) % 10) / 2 }));
}

// Predicted rating of every movie. predict() clamps to the scale and
// explain() does not, so the brute force only checks movies whose every
// prediction involved lies strictly inside the scale.
function rawRatings(m, history) {
  const ids = m.movies.map((x) => x.movieId);
  const scores = m.predict(history, ids);
  return new Map(ids.map((id, i) => [id, scores[i]]));
}

const inside = (m, v) => v > m.info.scale.min && v < m.info.scale.max;

// Movies predicted strictly inside the scale for the history and its reductions.
function unclampedTargets(m, history, count) {
  const maps = [history, ...history.map((_, j) => history.filter((__, i) => i !== j))].map((h) => rawRatings(m, h));
  const rated = new Set(history.map((h) => h.movieId));
  return m.movies
    .map((x) => x.movieId)
    .filter((id) => !rated.has(id) && maps.every((map) => inside(m, map.get(id))))
    .slice(0, count);
}

function checkBruteForce(m, history, movieIds) {
  const full = rawRatings(m, history);
  const empty = rawRatings(m, []);
  const without = history.map((_, j) => rawRatings(m, history.filter((__, i) => i !== j)));
  for (const movieId of movieIds) {
    const e = m.explain(history, movieId, { k: 3 });
    assert.equal(e.movieId, movieId);
    assert.equal(e.title, m.movie(movieId).title);
    assert.ok(Math.abs(e.rating.score - full.get(movieId)) < RATING_TOL, 'score');
    if (inside(m, empty.get(movieId))) assert.ok(Math.abs(e.rating.baseline - empty.get(movieId)) < RATING_TOL, 'baseline');
    assert.equal(e.rating.entries.length, history.length);
    let sum = 0;
    history.forEach((h, j) => {
      const entry = e.rating.entries.find((c) => c.movieId === h.movieId);
      assert.equal(entry.rating, h.rating);
      const expected = full.get(movieId) - without[j].get(movieId);
      assert.ok(Math.abs(entry.delta - expected) < RATING_TOL, `movie ${movieId} without ${h.movieId}: ${entry.delta} vs ${expected}`);
      sum += entry.delta;
    });
    assert.ok(Math.abs(e.rating.deltaSum - sum) < 1e-5);
    for (let i = 1; i < e.rating.entries.length; i++) assert.ok(e.rating.entries[i - 1].delta >= e.rating.entries[i].delta);
    assert.deepEqual(e.rating.positive, e.rating.entries.filter((c) => c.delta > 0).slice(0, 3));
    assert.deepEqual(e.rating.negative, e.rating.entries.filter((c) => c.delta < 0).reverse().slice(0, 3));
    if (!m.info.watch) {
      assert.equal(e.watch, null);
      continue;
    }
    const chance = (h) => m.predictWatch(h, [movieId])[0];
    assert.ok(Math.abs(e.watch.score - chance(history)) < WATCH_TOL);
    assert.ok(Math.abs(e.watch.baseline - chance([])) < WATCH_TOL);
    history.forEach((h, j) => {
      const entry = e.watch.entries.find((c) => c.movieId === h.movieId);
      const expected = chance(history) - chance(history.filter((__, i) => i !== j));
      assert.ok(Math.abs(entry.delta - expected) < WATCH_TOL, `watch of ${movieId} without ${h.movieId}`);
    });
  }
}

test('explain: deltas equal brute-force re-scoring without each entry (shipped pooled model with its watch head)', () => {
  const history = sampleHistory(model);
  const targets = [318, 4993, 1, model.movies[5000].movieId].filter((id) => !history.some((h) => h.movieId === id));
  const checked = unclampedTargets(model, history, model.movies.length);
  assert.ok(targets.every((id) => checked.includes(id)), 'the chosen movies are predicted inside the scale');
  checkBruteForce(model, history, targets);
});

test('explain: the seed architecture works the same way', () => {
  assert.equal(seed.info.arch, 'seed');
  const history = sampleHistory(seed, 6).map((h) => ({ ...h, rating: Math.min(h.rating, 3) }));
  const targets = unclampedTargets(seed, history, 4);
  assert.ok(targets.length >= 2, `only ${targets.length} movies predicted inside the scale`);
  checkBruteForce(seed, history, targets);
});

test('explain: empty and one-entry histories', () => {
  const empty = model.explain([], 318);
  assert.deepEqual(empty.rating.entries, []);
  assert.equal(empty.rating.deltaSum, 0);
  assert.equal(empty.rating.score, empty.rating.baseline);
  assert.equal(empty.watch.score, empty.watch.baseline);
  // One entry: its delta is the whole change from the empty history.
  const one = model.explain([[260, 5]], 318, { k: 1 });
  assert.equal(one.rating.entries.length, 1);
  assert.ok(Math.abs(one.rating.entries[0].delta - (one.rating.score - one.rating.baseline)) < RATING_TOL);
  assert.ok(Math.abs(one.watch.entries[0].delta - (one.watch.score - one.watch.baseline)) < WATCH_TOL);
  assert.equal(one.rating.entries[0].title, model.movie(260).title);
  // Ids the catalogue lacks are ignored in a history, as predict() does.
  const odd = model.explain([[260, 5], [999999999, 3]], 318);
  assert.equal(odd.rating.entries.length, 1);
});

test('explain: an unknown movie id is ERR_BAD_INPUT naming it; bad arguments too', () => {
  const bad = (fn, pattern) =>
    assert.throws(fn, (e) => e instanceof MovieNetError && e.code === 'ERR_BAD_INPUT' && pattern.test(e.message), String(pattern));
  bad(() => model.explain([[260, 5]], 424242), /movie 424242 is not in the model's catalogue/);
  bad(() => model.explain([[260, 5]], '318'), /movieId must be an integer movie id, got the string "318"/);
  bad(() => model.explain([[260, 5]], 1.5), /movieId must be an integer movie id/);
  bad(() => model.explain([[260, 9]], 318), /history\[0\]\.rating/);
  bad(() => model.explain([], 318, { k: -1 }), /options\.k must be a non-negative integer/);
  bad(() => model.explain([], 318, { top: 2 }), /options\.top is not a known option/);
  bad(() => model.recommend([], { explain: 1.5 }), /options\.explain must be a non-negative integer/);
});

test('recommend({ explain: n }) attaches the n strongest positive contributors to each predicted rating', () => {
  for (const m of [model, seed]) {
    const history = sampleHistory(m, m === seed ? 6 : 20);
    const plain = m.recommend(history, { k: 10 });
    const top = m.recommend(history, { k: 10, explain: 2 });
    assert.deepEqual(top.map((r) => r.movieId), plain.map((r) => r.movieId));
    assert.ok(plain.every((r) => !('because' in r)));
    let reasons = 0;
    for (const r of top) {
      const positive = m.explain(history, r.movieId, { k: 2 }).rating.positive;
      assert.deepEqual(r.because.map((c) => c.movieId), positive.map((c) => c.movieId), r.title);
      r.because.forEach((c, j) => {
        assert.ok(c.delta > 0);
        assert.ok(Math.abs(c.delta - positive[j].delta) < RATING_TOL);
        assert.equal(c.title, m.movie(c.movieId).title);
        assert.equal(c.rating, history.find((h) => h.movieId === c.movieId).rating);
      });
      reasons += r.because.length;
    }
    assert.ok(reasons > 0, 'some recommendation has a reason');
  }
  assert.deepEqual(model.recommend([], { k: 3, explain: 2 }).map((r) => r.because), [[], [], []]);
});
