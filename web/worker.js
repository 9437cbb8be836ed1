// Scoring worker: owns the model so searching and scoring never block typing.
// Protocol: the worker posts { type: 'ready', ... } or { type: 'error', ... } once,
// then answers each { id, type, history, ... } request with { id, type: 'result', ... }.
// The viewer's history arrives with every request and is never stored or sent anywhere.
import { loadModel } from '../dist/index.js';

const MODEL_URL = new URL('../models/movienet-ml-latest-small.safetensors', import.meta.url);

let model = null;
let movies = null;
let moviesById = null;

// Recommendations plus the time to score and rank the whole catalogue. When a
// pass is quick it is repeated and averaged: performance.now() is coarse in
// workers (about 0.1 ms), so one sub-millisecond pass alone would read as 0 or 0.1.
const MIN_RATINGS = 10;

function timedRecommend(history, k) {
  // Movies rated by only a handful of people get confident-looking but shaky
  // predictions; a demo's top picks should rest on more evidence.
  const options = { k, exclude: history.map((h) => h.movieId), minRatings: MIN_RATINGS };
  const budgetMs = 4;
  const start = performance.now();
  const recs = model.recommend(history, options);
  let runs = 1;
  let elapsed = performance.now() - start;
  while (elapsed < budgetMs && runs < 500) {
    model.recommend(history, options);
    runs += 1;
    elapsed = performance.now() - start;
  }
  return { recs, ms: elapsed / runs, runs };
}

function scored(history, list) {
  const ids = Int32Array.from(list, (m) => m.movieId);
  const scores = ids.length ? model.predict(history, ids) : new Float32Array(0);
  return Array.from(ids, (movieId, i) => ({ movieId, predicted: scores[i] }));
}

const handlers = {
  search({ query, genre, history, limit }) {
    // Over-fetch when a genre filter applies, then keep the first `limit` that match.
    const found = model.search(query, { limit: genre ? limit * 20 : limit });
    const kept = genre ? found.filter((m) => m.genres.includes(genre)).slice(0, limit) : found;
    return { items: scored(history, kept) };
  },
  genre({ genre, history, limit }) {
    const inGenre = movies.filter((m) => m.genres.includes(genre));
    const items = scored(history, inGenre);
    items.sort((a, b) => b.predicted - a.predicted);
    return { items: items.slice(0, limit), total: inGenre.length };
  },
  recommend({ history, k }) {
    const { recs, ms, runs } = timedRecommend(history, k);
    return {
      items: recs.map((r) => ({ movieId: r.movieId, predicted: r.rating, watch: r.watch })),
      scoreMs: ms,
      scoreRuns: runs,
      catalogueSize: movies.length,
    };
  },
};

async function init() {
  const t0 = performance.now();
  model = await loadModel(MODEL_URL.href);
  movies = model.movies;
  moviesById = new Map(movies.map((m) => [m.movieId, m]));
  const genreCounts = new Map();
  for (const m of movies) {
    for (const g of m.genres) genreCounts.set(g, (genreCounts.get(g) ?? 0) + 1);
  }
  const genres = [...genreCounts].map(([name, count]) => ({ name, count }));
  genres.sort((a, b) => a.name.localeCompare(b.name));
  postMessage({
    type: 'ready',
    loadMs: performance.now() - t0,
    info: JSON.parse(JSON.stringify(model.info ?? {})),
    movies: movies.map(({ movieId, title, year, genres: g }) => ({ movieId, title, year, genres: g })),
    genres,
  });
}

let loadError = null;
const ready = init().catch((e) => {
  loadError = e;
  postMessage({ type: 'error', code: e.code ?? 'ERR_LOAD', message: String(e.message ?? e) });
});

onmessage = async ({ data }) => {
  try {
    await ready;
    if (loadError) throw loadError;
    const handler = handlers[data.type];
    if (!handler) throw new Error(`unknown request type "${data.type}"`);
    // Drop ratings this model cannot use (saved with another model or scale).
    const { min, max } = model.info.scale;
    const history = (data.history ?? []).filter((h) => moviesById.has(h.movieId) && h.rating >= min && h.rating <= max);
    postMessage({ id: data.id, type: 'result', ...handler({ ...data, history }) });
  } catch (e) {
    postMessage({ id: data.id, type: 'error', code: e.code ?? 'ERR_WORKER', message: String(e.message ?? e) });
  }
};
