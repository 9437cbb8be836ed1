// The MovieLens model API on the package's default model: parity with the
// native Predictor (golden file written by tests/golden/write_golden), the
// catalogue and search, and every argument check.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, after, test } from 'node:test';

import { loadModel, Model, MovieNetError } from 'movienet';
import { assertClose, fixtures, readJson } from './helpers.mjs';
import { defaultModelPath } from './model-path.mjs';

const golden = readJson(new URL('model.golden.json', fixtures));
let model;

before(async () => {
  model = await loadModel(defaultModelPath);
});
after(() => model?.dispose());

test('the golden file was written for this model', () => {
  const fp = golden.fingerprint;
  const hint = 'regenerate: write_golden model models/movienet-ml-latest-small.json tests/js/fixtures/model.golden.json';
  assert.equal(model.info.paramCount, fp.paramCount, hint);
  assert.equal(model.info.movieCount, fp.movieCount, hint);
  assert.equal(model.info.metadata.created ?? null, fp.created, hint);
});

test('predict matches the native Predictor within 1e-5 (relative)', () => {
  assert.ok(model instanceof Model);
  for (const c of golden.cases) {
    const history = c.history.map(([movieId, rating]) => ({ movieId, rating }));
    const got = model.predict(history, c.movieIds);
    assert.ok(got instanceof Float32Array);
    assertClose(got, c.predictions, 1e-5, `history of ${history.length}`);
    // [movieId, rating] pairs and an Int32Array of ids give the same numbers.
    assert.deepEqual(model.predict(c.history, Int32Array.from(c.movieIds)), got);
  }
});

test('recommend matches the native Predictor: same movies, same order, same scores, ratings and watch chances', () => {
  assert.ok(model.info.watch, 'the shipped model has a watch head');
  for (const c of golden.cases) {
    const top = model.recommend(c.history, { k: 10 });
    assert.deepEqual(top.map((r) => r.movieId), c.recommend.map(([id]) => id), `history of ${c.history.length}`);
    assertClose(Float32Array.from(top, (r) => r.score), c.recommend.map(([, s]) => s), 1e-5, 'scores');
    assertClose(Float32Array.from(top, (r) => r.rating), c.recommend.map(([, , r]) => r), 1e-5, 'ratings');
    assertClose(Float32Array.from(top, (r) => r.watch), c.recommend.map(([, , , w]) => w), 1e-5, 'watch');
    for (const r of top) {
      assert.equal(r.title, model.movie(r.movieId).title);
      // The default order's score is the documented blend of the two numbers.
      assert.ok(Math.abs(r.score - (Math.log(r.watch) + model.info.watch.ratingWeight * r.rating)) < 1e-4);
    }
    const rated = new Set(c.history.map(([id]) => id));
    assert.ok(top.every((r) => !rated.has(r.movieId)), 'rated movies are never recommended');
    // 0.1's order, by predicted rating.
    const byRating = model.recommend(c.history, { k: 10, by: 'rating' });
    assert.deepEqual(byRating.map((r) => r.movieId), c.recommendByRating.map(([id]) => id));
    assertClose(Float32Array.from(byRating, (r) => r.score), c.recommendByRating.map(([, s]) => s), 1e-5, 'by rating');
  }
});

test('predictWatch matches the native Predictor; the chances over unrated movies sum to 1', () => {
  for (const c of golden.cases) {
    const watch = model.predictWatch(c.history, c.movieIds);
    assert.ok(watch instanceof Float32Array);
    assertClose(watch, c.watch, 1e-5, `history of ${c.history.length}`);
    const all = model.predictWatch(c.history, model.movies.map((m) => m.movieId));
    const total = all.reduce((a, b) => a + b, 0);
    assert.ok(Math.abs(total - 1) < 1e-3, `sum ${total}`);
    for (const [id] of c.history) assert.equal(all[model.movies.findIndex((m) => m.movieId === id)], 0);
  }
});

test("recommend by: 'watch' orders by the watch chance; a bad order is ERR_BAD_INPUT", () => {
  const history = golden.cases[2].history;
  const byWatch = model.recommend(history, { k: 20, by: 'watch' });
  for (let i = 1; i < byWatch.length; i++) assert.ok(byWatch[i - 1].watch >= byWatch[i].watch);
  for (const r of byWatch) assert.equal(r.score, r.watch);
  assert.throws(() => model.recommend(history, { by: 'popularity' }),
    (e) => e instanceof MovieNetError && e.code === 'ERR_BAD_INPUT' && /options\.by must be 'both', 'watch' or 'rating'/.test(e.message));
});

test('recommend: minRatings leaves out movies with little evidence', () => {
  const history = [{ movieId: 1, rating: 5 }, { movieId: 260, rating: 4.5 }];
  // By rating, where rarely rated movies reach the top (the default order seldom shows them).
  const top = model.recommend(history, { k: 50, minRatings: 20, by: 'rating' });
  assert.equal(top.length, 50);
  // The catalogue's rating counts are not public; the native side filters on
  // them, so check the result against an unfiltered ranking instead.
  const all = model.recommend(history, { k: 1e6, by: 'rating' });
  const filtered = all.filter((r) => top.some((t) => t.movieId === r.movieId));
  assert.deepEqual(top.map((r) => r.movieId), filtered.map((r) => r.movieId), 'same order as the unfiltered ranking');
  assert.ok(all.slice(0, 50).some((r) => !top.some((t) => t.movieId === r.movieId)), 'some rarely rated movies were left out');
});

test('recommend: k, exclude, and defaults', () => {
  const history = golden.cases[2].history;
  const ten = model.recommend(history);
  assert.equal(ten.length, 10);
  const excluded = model.recommend(history, { k: 10, exclude: [ten[0].movieId, ten[1].movieId] });
  assert.deepEqual(excluded.slice(0, 8).map((r) => r.movieId), ten.slice(2).map((r) => r.movieId));
  assert.equal(model.recommend(history, { k: 0 }).length, 0);
  const all = model.recommend(history, { k: 1e6 });
  assert.equal(all.length, model.movies.length - history.length);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1].score >= all[i].score);
});

test('unknown movie ids get the viewer baseline; scores stay on the scale', () => {
  const { min, max } = model.info.scale;
  const c = golden.cases[2];
  const scores = model.predict(c.history, [-1, 999999999, ...model.movies.map((m) => m.movieId)]);
  assert.equal(scores[0], scores[1]);
  for (const s of scores) assert.ok(s >= min && s <= max, `score ${s} off the scale`);
});

test('catalogue, info and title search', () => {
  assert.equal(model.movies.length, model.info.movieCount);
  assert.ok(Object.isFrozen(model.movies) && Object.isFrozen(model.movies[0]));
  for (const m of model.movies.slice(0, 50)) {
    assert.ok(Number.isInteger(m.movieId));
    assert.equal(typeof m.title, 'string');
    assert.ok(m.year === null || Number.isInteger(m.year));
    assert.ok(Array.isArray(m.genres));
  }
  assert.equal(model.info.scale.min, 0.5);
  assert.equal(model.info.scale.max, 5);
  assert.ok(['pooled', 'seed'].includes(model.info.arch));
  assert.ok(Number.isFinite(model.info.globalMean));
  // Accent- and case-insensitive, every word must match.
  const amelie = model.search('AMELIE');
  assert.ok(amelie.length >= 1 && amelie.every((m) => /am[eé]lie/i.test(m.title)), JSON.stringify(amelie));
  assert.deepEqual(model.search('amélie').map((m) => m.movieId), amelie.map((m) => m.movieId));
  const matrix = model.search('the matrix', { limit: 3 });
  assert.ok(matrix.length > 0 && matrix.length <= 3);
  assert.ok(matrix.every((m) => /matrix/i.test(m.title)));
  assert.deepEqual(model.search('   '), []);
  assert.deepEqual(model.search('zzzzqqqq'), []);
  assert.equal(model.search('a', { limit: 5 }).length, 5);
});

function badInput(pattern) {
  return (err) => {
    assert.ok(err instanceof MovieNetError, String(err));
    assert.equal(err.code, 'ERR_BAD_INPUT');
    assert.match(err.message, pattern);
    return true;
  };
}

test('ERR_BAD_INPUT: NaN or off-scale ratings, non-integer ids, bad options — naming the argument', () => {
  const id = model.movies[0].movieId;
  assert.throws(() => model.predict([{ movieId: id, rating: NaN }], [id]), badInput(/history\[0\]\.rating must be a number on the model's scale \[0\.5, 5\], got number NaN/));
  assert.throws(() => model.predict([[id, 4], [id, 7]], [id]), badInput(/history\[1\]\.rating .* got number 7/));
  assert.throws(() => model.predict([[id, 0]], [id]), badInput(/history\[0\]\.rating/));
  assert.throws(() => model.predict([{ movieId: id, rating: '4' }], [id]), badInput(/history\[0\]\.rating .*got the string "4"/));
  assert.throws(() => model.predict([{ movieId: 1.5, rating: 4 }], [id]), badInput(/history\[0\]\.movieId must be an integer movie id, got number 1\.5/));
  assert.throws(() => model.predict([{ movieId: 2 ** 40, rating: 4 }], [id]), badInput(/history\[0\]\.movieId/));
  assert.throws(() => model.predict([[id]], [id]), badInput(/history\[0\] must be \[movieId, rating\]/));
  assert.throws(() => model.predict([null], [id]), badInput(/history\[0\] must be/));
  assert.throws(() => model.predict({ 1: 4 }, [id]), badInput(/history must be an array/));
  assert.throws(() => model.predict([], [1, 'x']), badInput(/movieIds\[1\] must be an integer movie id, got the string "x"/));
  assert.throws(() => model.predict([], [NaN]), badInput(/movieIds\[0\]/));
  assert.throws(() => model.predict([], 5), badInput(/movieIds must be an array/));
  assert.throws(() => model.recommend([], { k: -1 }), badInput(/options\.k must be a non-negative integer, got number -1/));
  assert.throws(() => model.recommend([], { k: 2.5 }), badInput(/options\.k/));
  assert.throws(() => model.recommend([], { minRatings: -1 }), badInput(/options\.minRatings must be a non-negative integer/));
  assert.throws(() => model.recommend([], { top: 3 }), badInput(/options\.top is not a known option \(expected k, exclude, minRatings, by, explain\)/));
  assert.throws(() => model.recommend([], { exclude: [0.5] }), badInput(/options\.exclude\[0\]/));
  assert.throws(() => model.search(42), badInput(/query must be a string, got number 42/));
  assert.throws(() => model.search('x', { limit: -2 }), badInput(/options\.limit/));
});

test('dispose is idempotent; a disposed model throws ERR_DISPOSED', async () => {
  const m = await loadModel(readFileSync(defaultModelPath));
  m.dispose();
  m.dispose();
  assert.equal(m.disposed, true);
  assert.throws(() => m.predict([], [1]), (err) => err instanceof MovieNetError && err.code === 'ERR_DISPOSED');
  assert.throws(() => m.recommend([]), (err) => err.code === 'ERR_DISPOSED');
});

test("Symbol.dispose: `using` frees the model", async () => {
  const { loadModel: load, isSupported } = await import('movienet');
  assert.equal(isSupported(), true);
  const model = await load(defaultModelPath);
  assert.equal(typeof model[Symbol.dispose], 'function');
  model[Symbol.dispose]();
  assert.equal(model.disposed, true);
});

test('a Promise of a source loads the same model; its rejection is passed on as it is', async () => {
  const bytes = readFileSync(defaultModelPath);
  const m = await loadModel(new Promise((resolve) => setTimeout(() => resolve(bytes), 10)));
  try {
    assert.deepEqual(m.predict([{ movieId: 1, rating: 4 }], [2, 3]), model.predict([{ movieId: 1, rating: 4 }], [2, 3]));
    assert.equal(m.movies.length, model.movies.length);
  } finally {
    m.dispose();
  }
  const failure = new TypeError('Failed to fetch');
  await assert.rejects(loadModel(Promise.reject(failure)), (err) => err === failure);
  // Bad options are still named before the source settles.
  await assert.rejects(loadModel(Promise.resolve(bytes), { wasmUrl: 7 }), (err) => err.code === 'ERR_BAD_INPUT' && /wasmUrl/.test(err.message));
});

test('movie objects made on first use are the ones model.movies lists later', async () => {
  const m = await loadModel(readFileSync(defaultModelPath));
  try {
    const recs = m.recommend([{ movieId: 1, rating: 5 }], { k: 3, explain: 1 });
    const first = m.movie(recs[0].movieId);
    assert.ok(Object.isFrozen(first) && Object.isFrozen(first.genres));
    assert.equal(first.title, recs[0].title);
    assert.equal(m.movie(-5), undefined);
    const listed = m.movies.find((x) => x.movieId === recs[0].movieId);
    assert.equal(listed, first, 'the same object, not a second copy');
    assert.equal(m.movies, m.movies);
    // Movies with the same genres share one frozen list.
    const [a, b] = m.movies.filter((x) => x.genres.join() === first.genres.join());
    if (b) assert.equal(a.genres, b.genres);
    assert.deepEqual(m.movies.map((x) => [x.movieId, x.title, x.year, x.genres]), model.movies.map((x) => [x.movieId, x.title, x.year, x.genres]));
  } finally {
    m.dispose();
  }
});

test('movie(id) finds every catalogue movie, and nothing for other values, before and after dispose', async () => {
  const m = await loadModel(readFileSync(defaultModelPath));
  const lookUpAll = () => {
    for (const movie of m.movies) assert.equal(m.movie(movie.movieId), movie);
    for (const other of [0, -5, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 1.5, NaN, Infinity, '1', 1n, null, undefined]) {
      assert.equal(m.movie(other), undefined, `movie(${String(other)})`);
    }
  };
  lookUpAll();
  m.dispose();
  lookUpAll(); // the catalogue outlives the wasm side
});
