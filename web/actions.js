// What the page does when something changes: recommendations, search results and timing refreshed, ratings set.
import { RESULT_LIMIT, RECS_K, el, state } from './state.js';
import { saveRatings } from './storage.js';
import { ask, cancel } from './requests.js';
import { renderList, renderRated, showError } from './render.js';
import { fmtCount, fmtRating, fmtChance, movieLabel } from './format.js';

// ---- actions ---------------------------------------------------------------

let firstRecs = true;
export async function refreshRecommendations() {
  const reply = await ask('recommend', { k: RECS_K });
  if (reply) showRecommendations(reply);
}

export function showRecommendations(reply) {
  renderList(el.recs, 'recs', reply.items);
  state.recsVersion += 1;
  el.recs.dataset.version = String(state.recsVersion);
  const n = state.ratings.size;
  const top = reply.items[0] && state.movie(reply.items[0].movieId);
  if (!state.hasRatings) {
    el.recsSummary.textContent = n === 0
      ? 'What a new visitor watches most often — mark a few movies you have seen to make these yours.'
      : `Based on the ${n} movie${n === 1 ? '' : 's'} you have seen.`
        + (top ? ` Top pick: ${movieLabel(top)}, ${fmtChance(reply.items[0].watch)} chance it's your next watch.` : '')
        + ' Ranked by what you are likely to watch next (this model was trained on what people watched, without ratings).';
  } else el.recsSummary.textContent = n === 0
    ? 'Best bets for a new visitor — rate a few movies to make these yours.'
    : `Based on your ${n} rating${n === 1 ? '' : 's'}.`
      + (top ? ` Top pick: ${movieLabel(top)}, predicted ${fmtRating(reply.items[0].predicted)}.` : '')
      + ' Ranked by what you are likely to watch next and to enjoy.';
  if (firstRecs) {
    firstRecs = false;
    performance.mark('movienet:first-recommendations');
  }
  refreshTiming(state.recsVersion).catch((e) => showError(e.message));
}

// How long scoring the whole catalogue takes, measured in the worker after
// the list is on screen; data-timing-version says which list it belongs to.
async function refreshTiming(version) {
  const reply = await ask('timing', { k: RECS_K });
  if (!reply) return;
  el.recs.dataset.scoreMs = String(reply.scoreMs);
  el.recs.dataset.timingVersion = String(version);
  el.timing.textContent = `Scored and ranked all ${fmtCount(reply.catalogueSize)} movies in ${reply.scoreMs.toFixed(2)} ms`
    + ` (median of ${reply.scoreRuns} runs, in a Web Worker with WebAssembly).`;
}

export async function refreshResults() {
  const query = el.query.value.trim();
  const genre = el.genre.value;
  if (!query && !genre) {
    cancel('results'); // drop any reply still in flight
    renderList(el.results, 'results', []);
    el.resultsSummary.textContent = 'Type a title or pick a genre.';
    return;
  }
  const reply = query
    ? await ask('results', { type: 'search', query, genre, limit: RESULT_LIMIT })
    : await ask('results', { type: 'genre', genre, limit: RESULT_LIMIT });
  if (!reply) return;
  renderList(el.results, 'results', reply.items);
  const n = reply.items.length;
  el.resultsSummary.textContent = query
    ? (n ? `${n}${n === RESULT_LIMIT ? '+' : ''} movie${n === 1 ? '' : 's'} matching “${query}”${genre ? ` in ${genre}` : ''}.`
      : `No movie matches “${query}”${genre ? ` in ${genre}` : ''}.`)
    : `${genre}: your top ${n} of ${fmtCount(reply.total)}, by ${state.hasRatings ? 'predicted rating' : 'watch chance'}.`;
}

export function refreshAfterRatingChange() {
  saveRatings(state);
  renderRated();
  refreshRecommendations().catch((e) => showError(e.message));
  refreshResults().catch((e) => showError(e.message));
  if (!state.storageOk) {
    el.status.textContent = 'This browser blocks local storage: your ratings will be gone after a reload.';
  }
}

export function setRating(movieId, rating) {
  // Keep insertion order meaningful ("most recent first" in the list): re-insert on change.
  state.ratings.delete(movieId);
  if (rating !== null) state.ratings.set(movieId, rating);
  refreshAfterRatingChange();
}

// Seen, not rated: the watch head reads it (the latest movies weigh most).
export function setSeen(movieId) {
  state.ratings.delete(movieId);
  state.ratings.set(movieId, null);
  refreshAfterRatingChange();
}
