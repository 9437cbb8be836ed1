// The demo's requests, each run next to a model: search, genre, recommend
// (items carry `because`), timing, explain ({ movieId }). worker.js serves
// them all; app.js runs the first recommend on the page itself, before the
// worker starts. The viewer's history arrives with every request and is
// never stored or sent anywhere. A model trained on watch events alone
// (model.hasRatings false) predicts no ratings: items carry the watch chance
// only, and the history is the movies the viewer has seen.

// Movies rated by only a handful of people get confident-looking but shaky
// predictions; a demo's top picks should rest on more evidence.
const MIN_RATINGS = 10;
const recommendOptions = (history, k) => ({ k, exclude: history.map((h) => h.movieId), minRatings: MIN_RATINGS });

// The time to score and rank the whole catalogue: the median of repeated
// passes (performance.now() is coarse in workers, about 0.1 ms, so one pass
// alone reads only to a tenth of a millisecond). Asked for after the list is
// shown, so measuring never delays the recommendations themselves.
function timedRecommend(model, history, k) {
  const options = recommendOptions(history, k);
  const budgetMs = 4;
  // Median of at least 10 timed passes (more while under the budget): the
  // first passes after loading run before the engine has optimised the code.
  const times = [];
  let elapsed = 0;
  while ((times.length < 10 || elapsed < budgetMs) && times.length < 500) {
    const t0 = performance.now();
    model.recommend(history, options);
    const ms = performance.now() - t0;
    times.push(ms);
    elapsed += ms;
  }
  times.sort((a, b) => a - b);
  return { ms: times[times.length >> 1], runs: times.length };
}

function scored(model, history, list) {
  const ids = Int32Array.from(list, (m) => m.movieId);
  if (!model.hasRatings) {
    const chances = ids.length ? model.predictWatch(history, ids) : new Float32Array(0);
    return Array.from(ids, (movieId, i) => ({ movieId, watch: chances[i] }));
  }
  const scores = ids.length ? model.predict(history, ids) : new Float32Array(0);
  return Array.from(ids, (movieId, i) => ({ movieId, predicted: scores[i] }));
}

const handlers = {
  search(model, { query, genre, history, limit }) {
    // Over-fetch when a genre filter applies, then keep the first `limit` that match.
    const found = model.search(query, { limit: genre ? limit * 20 : limit });
    const kept = genre ? found.filter((m) => m.genres.includes(genre)).slice(0, limit) : found;
    return { items: scored(model, history, kept) };
  },
  genre(model, { genre, history, limit }) {
    const inGenre = model.movies.filter((m) => m.genres.includes(genre));
    const items = scored(model, history, inGenre);
    items.sort(model.hasRatings ? (a, b) => b.predicted - a.predicted : (a, b) => b.watch - a.watch);
    return { items: items.slice(0, limit), total: inGenre.length };
  },
  // The list shown, with explain: 2 — the two ratings that raise each
  // predicted rating most ("Because you rated…").
  recommend(model, { history, k }) {
    // The reasons are ratings: a model without a rating model has none to give.
    const recs = model.recommend(history, { ...recommendOptions(history, k), explain: model.hasRatings ? 2 : 0 });
    return {
      items: recs.map((r) => ({
        movieId: r.movieId,
        predicted: r.rating ?? undefined,
        watch: r.watch,
        because: (r.because ?? []).map((c) => ({ movieId: c.movieId, rating: c.rating })),
      })),
      catalogueSize: model.movies.length,
    };
  },
  timing(model, { history, k }) {
    const { ms, runs } = timedRecommend(model, history, k);
    return { scoreMs: ms, scoreRuns: runs, catalogueSize: model.movies.length };
  },
  // "Why this prediction?": each rating's leave-one-out effect on the predicted rating.
  explain(model, { history, movieId }) {
    const { rating } = model.explain(history, movieId, { k: 3 });
    const part = (list) => list.map((c) => ({ movieId: c.movieId, rating: c.rating, delta: c.delta }));
    return {
      movieId,
      score: rating.score,
      baseline: rating.baseline,
      deltaSum: rating.deltaSum,
      count: rating.entries.length,
      positive: part(rating.positive),
      negative: part(rating.negative),
    };
  },
};

/** Runs request `type` against `model` (a Model, on whichever thread holds it). */
export function demoRequest(model, type, request) {
  const handler = handlers[type];
  if (!handler) throw new Error(`unknown request type "${type}"`);
  // Drop ratings this model cannot use (saved with another model or scale);
  // a movie marked seen has no rating (null).
  const { min, max } = model.info.scale;
  const history = (request.history ?? []).filter(
    (h) => model.movie(h.movieId) !== undefined && (h.rating === null || (h.rating >= min && h.rating <= max)),
  );
  return handler(model, { ...request, history });
}
