// Watch events without ratings (issue #20) in the npm API: a model trained on
// watch events alone (tests/js/fixtures/watch-model.safetensors, written by
// `write_golden watch-model`: every viewer watches consecutive movies) ranks
// by watch and refuses rating questions with ERR_NO_RATING_MODEL; history
// entries without a rating inform the watch head only, on any model.
import assert from 'node:assert/strict';
import { before, after, test } from 'node:test';

import { loadModel, MovieNetError, ErrorCodes } from 'movienet';
import { assertClose, fixtures, readJson } from './helpers.mjs';
import { defaultModelPath } from './model-path.mjs';

const golden = readJson(new URL('watch-model.golden.json', fixtures));
let watchOnly;
let shipped;

before(async () => {
  watchOnly = await loadModel(new URL('watch-model.safetensors', fixtures));
  shipped = await loadModel(defaultModelPath);
});
after(() => {
  watchOnly?.dispose();
  shipped?.dispose();
});

const noRatingModel = (question) => (err) => {
  assert.ok(err instanceof MovieNetError, `expected a MovieNetError, got ${err}`);
  assert.equal(err.code, 'ERR_NO_RATING_MODEL', err.message);
  assert.equal(err.code, ErrorCodes.NO_RATING_MODEL);
  assert.match(err.message, question);
  assert.match(err.message, /this model has no rating model \(it was trained on watch events without ratings\)/);
  return true;
};

test('a model without a rating model says so: hasRatings, info', () => {
  assert.equal(watchOnly.hasRatings, false);
  assert.equal(watchOnly.info.hasRatings, false);
  assert.equal(watchOnly.info.arch, 'none');
  assert.equal(watchOnly.info.globalMean, null);
  assert.ok(watchOnly.info.watch, 'it has a watch head');
  assert.equal(watchOnly.info.movieCount, 20);
  assert.equal(shipped.hasRatings, true);
  assert.equal(shipped.info.hasRatings, true);
  assert.equal(typeof shipped.info.globalMean, 'number');
});

test('recommend ranks by watch: the next movie of the sequence comes first', () => {
  for (const start of [2, 5, 9]) {
    const seen = [start, start + 1, start + 2];
    // Bare ids, { movieId } and [movieId, null] all mean watched, not rated.
    for (const history of [seen, seen.map((movieId) => ({ movieId })), seen.map((id) => [id, null])]) {
      const top = watchOnly.recommend(history, { k: 3 });
      assert.equal(top[0].movieId, start + 3, `after ${seen}`);
      assert.equal(top[0].rating, null);
      assert.equal(top[0].score, top[0].watch);
      assert.ok(top[0].watch > top[1].watch);
      assert.ok(top.every((r) => !seen.includes(r.movieId)));
    }
  }
  assert.equal(watchOnly.recommend([5, 6, 7], { k: 1, by: 'watch' })[0].movieId, 8);
  // Stars given to such a model are checked, then only the order counts.
  assert.equal(watchOnly.recommend([{ movieId: 5, rating: 4 }, [6, 2.5], 7], { k: 1 })[0].movieId, 8);
  const chance = watchOnly.predictWatch([5, 6, 7], [8, 4, 7]);
  assert.ok(chance[0] > chance[1]);
  assert.equal(chance[2], 0);
});

test('the watch-only model matches the native Predictor (golden file)', () => {
  assert.equal(watchOnly.info.paramCount, golden.fingerprint.paramCount);
  for (const c of golden.cases) {
    assert.ok(c.history.every(([, rating]) => rating === null));
    const top = watchOnly.recommend(c.history, { k: 10 });
    assert.deepEqual(top.map((r) => r.movieId), c.recommend.map(([id]) => id), `history of ${c.history.length}`);
    assertClose(Float32Array.from(top, (r) => r.score), c.recommend.map(([, s]) => s), 1e-5, 'scores');
    assertClose(Float32Array.from(top, (r) => r.watch), c.recommend.map(([, , , w]) => w), 1e-5, 'watch');
    assertClose(watchOnly.predictWatch(c.history, c.movieIds), c.watch, 1e-5, 'predictWatch');
    assert.equal(c.predictions, undefined);
  }
});

test('rating questions are ERR_NO_RATING_MODEL, named', () => {
  assert.throws(() => watchOnly.predict([5, 6], [8]), noRatingModel(/^predict: /));
  assert.throws(() => watchOnly.recommend([5, 6], { by: 'rating' }), noRatingModel(/by: 'rating'/));
  assert.throws(() => watchOnly.recommend([5, 6], { explain: 2 }), noRatingModel(/explain: 2/));
  assert.match(new MovieNetError('ERR_NO_RATING_MODEL', 'x').code, /NO_RATING_MODEL/);
  // The hint names what does work.
  assert.throws(() => watchOnly.predict([], [1]), /predictWatch\(\) or recommend\(history, \{ by: 'watch' \}\)/);
});

test('explain: the watch part alone, each watched movie with rating null', () => {
  const e = watchOnly.explain([5, 6, 7], 8, { k: 2 });
  assert.equal(e.rating, null);
  assert.equal(e.movieId, 8);
  assert.equal(e.watch.entries.length, 3);
  assert.equal(e.watch.positive[0].movieId, 7); // the latest movie raises "8 next" most
  assert.ok(e.watch.entries.every((c) => c.rating === null));
});

test('on a model with ratings, a movie without a rating informs the watch chance, never the rating', () => {
  const stars = [{ movieId: 1, rating: 4.5 }, { movieId: 260, rating: 5 }];
  const plusSeen = [stars[0], { movieId: 2571 }, stars[1]];
  assert.deepEqual(shipped.predict(plusSeen, [318, 4993]), shipped.predict(stars, [318, 4993]));
  assert.notDeepEqual(shipped.predictWatch(plusSeen, [318]), shipped.predictWatch(stars, [318]));
  const top = shipped.recommend(plusSeen, { k: 10, explain: 2 });
  assert.ok(top.every((r) => r.movieId !== 2571), 'a watched movie is never recommended');
  assert.ok(top.every((r) => r.because.every((c) => c.movieId !== 2571 && c.rating !== null)), 'reasons are rated movies');
  const e = shipped.explain(plusSeen, 318);
  assert.equal(e.rating.entries.length, 2);
  assert.equal(e.watch.entries.length, 3);
  assert.equal(e.watch.entries.find((c) => c.movieId === 2571).rating, null);
  // NaN is still an error (a bug in the caller), as are off-scale ratings.
  assert.throws(() => shipped.predict([{ movieId: 1, rating: NaN }], [2]), (err) => err.code === 'ERR_BAD_INPUT' && /history\[0\]\.rating/.test(err.message));
  assert.throws(() => shipped.recommend([[1, 9]]), (err) => err.code === 'ERR_BAD_INPUT' && /got number 9 \(leave it out, or null, for a movie watched but not rated\)/.test(err.message));
  assert.throws(() => shipped.recommend(['1']), (err) => err.code === 'ERR_BAD_INPUT' && /a movie id/.test(err.message));
  assert.throws(() => shipped.recommend([1.5]), (err) => err.code === 'ERR_BAD_INPUT' && /history\[0\]\.movieId/.test(err.message));
});
