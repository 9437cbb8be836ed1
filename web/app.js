// movienet demo page: its entry, which starts the model first, then shows the
// first recommendations and wires the page. Model work (search, scoring,
// recommendations) happens in worker.js through the package API; only the
// first recommendations are computed here, before it starts.
// loading.js first: its fetch starts before the other modules run.
import { loadStart, startWorker, modelReady, pageModel } from './loading.js';
import { demoRequest } from './demo-requests.js';
import { STORAGE_KEY, loadRatings } from './storage.js';
import { RECS_K, $, el, state, currentHistory } from './state.js';
import { fmtCount } from './format.js';
import { renderRated, showError } from './render.js';
import {
  refreshRecommendations,
  showRecommendations,
  refreshResults,
  refreshAfterRatingChange,
  setRating,
  setSeen,
} from './actions.js';

function readyWith(model) {
  const genreCounts = new Map();
  for (const m of model.movies) {
    for (const g of m.genres) genreCounts.set(g, (genreCounts.get(g) ?? 0) + 1);
  }
  const genres = [...genreCounts].map(([name, count]) => ({ name, count }));
  // Plain string order, not localeCompare: its first call loads ICU's collator
  // (7-25 ms on a fresh page), and the genre names are plain ASCII words.
  genres.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  onReady({ movies: model.movies, genres, info: model.info, loadMs: performance.now() - loadStart });
}

// The worker's catalogue, looked up on the page without a round trip.
function useCatalogue(movies) {
  const byId = new Map(movies.map((m) => [m.movieId, m]));
  state.movie = (movieId) => byId.get(movieId);
}

const loadError = (e) => showError(`${e.code ?? 'ERR_LOAD'}: ${e.message}`);
pageModel.then(
  (model) => {
    try {
      // The list first; the rest of the page (genres, counts, the rated list) right after.
      state.movie = (movieId) => model.movie(movieId);
      if (model.info.scale) state.scale = model.info.scale;
      useModelKind(model.info);
      showRecommendations(demoRequest(model, 'recommend', { history: currentHistory(), k: RECS_K }));
      readyWith(model);
    } finally {
      startWorker();
    }
    // The worker answers everything from here on; without it the page cannot go on.
    modelReady.then(
      (workerModel) => {
        useCatalogue(workerModel.movies);
        model.dispose();
      },
      (e) => {
        model.dispose();
        loadError(e);
      },
    );
  },
  // The page could not load it: the worker's copy is the last word.
  () => {
    startWorker();
    return modelReady.then((model) => {
      useCatalogue(model.movies);
      readyWith(model);
      return refreshRecommendations();
    }).catch(loadError);
  },
);

// A model with ratings asks for stars; one trained on watch events alone asks "seen it?".
function useModelKind(info) {
  state.hasRatings = info?.hasRatings !== false;
  document.body.dataset.model = state.hasRatings ? 'ratings' : 'watch';
  if (!state.hasRatings) {
    el.tagline.textContent = 'Mark a few movies you have seen. Get recommendations computed on this device.';
    el.ratedTitle.textContent = 'Movies you have seen';
    el.ratedEmpty.textContent = 'You have not marked anything as seen yet.';
    $('find-heading').textContent = 'Find movies you have seen';
  }
}

// ---- wiring ----------------------------------------------------------------

document.addEventListener('change', (e) => {
  const input = e.target;
  if (input.matches('.stars input[type=radio]') && input.checked) {
    setRating(Number(input.dataset.movieId), Number(input.value));
  }
});

document.addEventListener('click', (e) => {
  const button = e.target.closest('button.remove');
  if (button) setRating(Number(button.dataset.movieId), null);
  // "Seen it?" toggles: seen is a history entry without a rating.
  const seen = e.target.closest('button.seen');
  if (seen) {
    const movieId = Number(seen.dataset.movieId);
    if (state.ratings.has(movieId)) setRating(movieId, null);
    else setSeen(movieId);
  }
});

el.form.addEventListener('submit', (e) => e.preventDefault());
el.query.addEventListener('input', () => refreshResults().catch((e) => showError(e.message)));
el.genre.addEventListener('change', () => refreshResults().catch((e) => showError(e.message)));

// Another tab changed or forgot the ratings: follow it.
window.addEventListener('storage', (e) => {
  if (e.key !== STORAGE_KEY && e.key !== null) return;
  state.ratings = loadRatings();
  if (document.body.dataset.state === 'ready') {
    renderRated();
    refreshRecommendations().catch((err) => showError(err.message));
    refreshResults().catch((err) => showError(err.message));
  }
});

el.forget.addEventListener('click', () => {
  state.ratings.clear();
  refreshAfterRatingChange();
  el.status.textContent = 'Done: your ratings were deleted from this browser.';
});

function onReady({ movies, genres, info, loadMs }) {
  if (info?.scale) state.scale = info.scale;
  useModelKind(info);
  for (const { name, count } of genres) {
    const option = document.createElement('option');
    option.value = name;
    option.textContent = `${name} (${fmtCount(count)})`;
    el.genre.append(option);
  }
  el.query.disabled = false;
  el.genre.disabled = false;
  const dataset = info?.metadata?.dataset;
  const datasetName = typeof dataset === 'string' ? dataset : dataset?.name;
  const trainedOn = datasetName ? ` trained on ${datasetName}` : '';
  el.modelInfo.textContent = state.hasRatings
    ? `Model${trainedOn}: ${fmtCount(movies.length)} movies, ratings from ${state.scale.min} to ${state.scale.max} in steps of ${state.scale.step}. Loaded in ${Math.round(loadMs)} ms.`
    : `Model${trainedOn}: ${fmtCount(movies.length)} movies, learned from what people watched, without ratings: it predicts what you will watch next, not stars. Loaded in ${Math.round(loadMs)} ms.`;
  el.status.textContent = `Ready: ${fmtCount(movies.length)} movies.`;
  document.body.dataset.state = 'ready';
  renderRated();
  refreshResults().catch((e) => showError(e.message));
}
