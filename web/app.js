// movienet demo page: UI state, local storage and rendering. Model work
// (search, scoring, recommendations) happens in worker.js through the package
// API; only the first recommendations are computed here, before it starts.
import { loadModel } from '../dist/index.js';
import { demoRequest } from './demo-requests.js';

// ---- loading -------------------------------------------------------------

// First thing, before storage and the DOM. The model is fetched once
// (index.html preloads it) and read twice: by this page for the first
// recommendations, and by movienet/worker in worker.js (which adds the demo's
// requests), which answers everything after them. The worker starts only once
// they are on screen: on a machine with few cores its thread, module imports
// and wasm compile would compete with the page's load. The page takes no
// input before its model is ready, and its copy is freed once the worker
// holds one.
const MODEL_URL = new URL('../models/movienet-ml-latest-small.safetensors', import.meta.url);
const loadStart = performance.now();
const modelResponse = fetch(MODEL_URL);
// The worker's copy of the bytes is cloned before the page reads its own.
const workerSource = modelResponse.then((response) => response.clone());
let startWorker;
const modelReady = new Promise((resolve, reject) => {
  startWorker = () => {
    try {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
      resolve(import('../dist/worker.js').then(({ createWorkerModel }) => createWorkerModel(workerSource, { worker })));
    } catch (e) {
      reject(e);
    }
  };
});
// Given the pending fetch, loadModel starts movienet.wasm at once.
const pageModel = loadModel(modelResponse);

const STORAGE_KEY = 'movienet:ratings:v1';
const RESULT_LIMIT = 30;
const RECS_K = 10;

const $ = (id) => document.getElementById(id);
const el = {
  status: $('status'),
  query: $('query'),
  genre: $('genre'),
  form: $('find-form'),
  results: $('results'),
  resultsSummary: $('results-summary'),
  recs: $('recs'),
  recsSummary: $('recs-summary'),
  timing: $('timing'),
  rated: $('rated'),
  ratedCount: $('rated-count'),
  ratedEmpty: $('rated-empty'),
  forget: $('forget'),
  modelInfo: $('model-info'),
  ratedTitle: $('rated-title'),
  tagline: document.querySelector('.tagline'),
};

const state = {
  movie: () => undefined, // movieId → { movieId, title, year, genres }, from whichever model answers
  ratings: loadRatings(), // movieId → rating (null: seen, not rated), in the order they were given
  scale: { min: 0.5, max: 5, step: 0.5 },
  // False for a model trained on watch events alone: it predicts no ratings,
  // so the page asks "seen it?" instead of stars and ranks by watch chance.
  hasRatings: true,
  storageOk: true,
  recsVersion: 0,
  openWhy: new Set(), // "list-movieId" of the open "Why this prediction?" panels, kept across re-renders
};

// ---- storage -------------------------------------------------------------

function loadRatings() {
  const ratings = new Map();
  try {
    const saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null');
    for (const [movieId, rating] of saved?.ratings ?? []) {
      if (Number.isInteger(movieId) && (rating === null || Number.isFinite(rating))) ratings.set(movieId, rating);
    }
  } catch {
    // Unreadable or blocked storage: start empty rather than fail the page.
  }
  return ratings;
}

function saveRatings() {
  try {
    if (state.ratings.size === 0) localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify({ ratings: [...state.ratings] }));
    state.storageOk = true;
  } catch {
    state.storageOk = false;
  }
}

const currentHistory = () => [...state.ratings].map(([movieId, rating]) => ({ movieId, rating }));

// One channel per kind of request ('recommend', 'results'), latest wins: while
// a request is in the worker, newer ones wait and replace each other, so fast
// typing or arrow keys never queue up stale work. Superseded or cancelled
// requests resolve to null and are not rendered.
const channels = new Map();
function channel(kind) {
  if (!channels.has(kind)) channels.set(kind, { busy: false, next: null, generation: 0 });
  return channels.get(kind);
}

function ask(kind, payload) {
  const ch = channel(kind);
  return new Promise((resolve, reject) => {
    ch.next?.resolve(null);
    ch.next = { payload, resolve, reject };
    if (!ch.busy) pump(kind, ch);
  });
}

function cancel(kind) {
  const ch = channel(kind);
  ch.next?.resolve(null);
  ch.next = null;
  ch.generation += 1;
}

function pump(kind, ch) {
  const job = ch.next;
  ch.busy = job !== null;
  if (!job) return;
  ch.next = null;
  const generation = ch.generation;
  const current = () => ch.generation === generation && ch.next === null;
  // The history is read when the request leaves, so it is always the latest.
  modelReady
    .then((model) => model.demo(job.payload.type ?? kind, { history: currentHistory(), ...job.payload }))
    .then(
      (reply) => {
        job.resolve(current() ? reply : null);
        pump(kind, ch);
      },
      (error) => {
        job.reject(new Error(`${error.code ?? 'ERR_WORKER'}: ${error.message}`));
        pump(kind, ch);
      },
    );
}

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

function showError(message) {
  el.status.textContent = `Something went wrong — ${message}`;
  el.status.classList.add('error');
  el.status.setAttribute('role', 'alert');
  document.body.dataset.state = 'error';
}

// ---- formatting ------------------------------------------------------------

// 9,742: counts need only thousands separators, and creating an
// Intl.NumberFormat costs 15-40 ms on a fresh page, before the first recommendations.
const fmtCount = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const fmtRating = (r) => (Math.round(r * 10) / 10).toFixed(1);
const fmtStars = (r) => `${r} star${r === 1 ? '' : 's'}`;
// MovieLens files move leading articles to the end ("Matrix, The"); show them in front.
const TRAILING_ARTICLE = /^(.*), (The|A|An|Les|Le|La|L'|Il|El|Die|Der|Das)$/;
function displayTitle(title) {
  const m = TRAILING_ARTICLE.exec(title);
  if (!m) return title;
  return m[2].endsWith("'") ? m[2] + m[1] : `${m[2]} ${m[1]}`;
}
// Titles as shown: MovieLens writes "Matrix, The (1999)"; show "The Matrix" and the year apart.
function shownTitle(m) {
  const suffix = ` (${m.year})`;
  return displayTitle(m.year && m.title.endsWith(suffix) ? m.title.slice(0, -suffix.length) : m.title);
}
const movieLabel = (m) => (m.year ? `${shownTitle(m)} (${m.year})` : shownTitle(m));

function ratingValues() {
  const { min, max, step } = state.scale;
  const values = [];
  for (let v = min; v <= max + 1e-9; v += step) values.push(Math.round(v * 100) / 100);
  return values;
}

// ---- rendering -------------------------------------------------------------

function starsFieldset(listName, movie, rating) {
  const fieldset = document.createElement('fieldset');
  fieldset.className = 'stars';
  if (state.scale.step < 1) fieldset.classList.add('halves');
  const legend = document.createElement('legend');
  legend.className = 'visually-hidden';
  legend.textContent = `Your rating for ${movieLabel(movie)}`;
  fieldset.append(legend);
  const name = `${listName}-${movie.movieId}`;
  ratingValues().forEach((value, i) => {
    const input = document.createElement('input');
    input.type = 'radio';
    input.name = name;
    input.id = `${name}-${i}`;
    input.value = String(value);
    input.checked = rating === value;
    input.dataset.movieId = String(movie.movieId);
    const label = document.createElement('label');
    label.htmlFor = input.id;
    label.className = 's';
    // With half steps, each label draws one half of a star (left, right, left, …).
    if (state.scale.step < 1) label.classList.add(Math.round((value - state.scale.min) / state.scale.step) % 2 ? 'right' : 'left');
    label.title = fmtStars(value);
    const text = document.createElement('span');
    text.className = 'visually-hidden';
    text.textContent = fmtStars(value);
    label.append(text);
    fieldset.append(input, label);
  });
  return fieldset;
}

// A watch chance in plain words: "4.2% chance it's your next watch".
const fmtChance = (p) => `${p >= 0.095 ? Math.round(p * 100) : (Math.round(p * 1000) / 10).toFixed(p >= 0.01 ? 1 : 2)}%`;

// A rating as stars in short: ★5, ★4½, ★½ (the words go to screen readers).
const fmtStarsShort = (r) => `★${Math.floor(r) || ''}${r % 1 ? '½' : ''}`;

function starsText(rating) {
  const span = document.createElement('span');
  const shown = document.createElement('span');
  shown.setAttribute('aria-hidden', 'true');
  shown.textContent = fmtStarsShort(rating);
  const spoken = document.createElement('span');
  spoken.className = 'visually-hidden';
  spoken.textContent = fmtStars(rating);
  span.append(shown, spoken);
  return span;
}

// "Because you rated Toy Story ★5 and Up ★4½": the ratings that raise this
// prediction most, from the model's exact leave-one-out effects.
function becauseLine(because) {
  const p = document.createElement('p');
  p.className = 'because';
  p.append('Because you rated ');
  because.forEach(({ movieId, rating }, i) => {
    if (i > 0) p.append(i === because.length - 1 ? ' and ' : ', ');
    const title = document.createElement('em');
    title.textContent = shownTitle(state.movie(movieId));
    p.append(title, ' ', starsText(rating));
  });
  return p;
}

const fmtDelta = (d) => `${d >= 0 ? '+' : '−'}${Math.abs(d).toFixed(2)}`;

// The bar chart of a "Why this prediction?" panel: one row per rating, the
// bar's length the size of its effect (decorative: the row's text says it all).
function whyChart(reply) {
  const wrap = document.createElement('div');
  const intro = document.createElement('p');
  intro.className = 'why-intro';
  if (reply.count === 0) {
    intro.textContent = `With no ratings yet, this is the prediction for any new visitor (${fmtRating(reply.score)}). Rate a few movies to see what shapes it.`;
    wrap.append(intro);
    return wrap;
  }
  intro.textContent = `Each bar is how much one of your ratings moves this prediction: the prediction minus the prediction made without that rating. A new visitor would get ${fmtRating(reply.baseline)}.`;
  const rows = [...reply.positive, ...reply.negative];
  const largest = Math.max(...rows.map((r) => Math.abs(r.delta)), 1e-9);
  const list = document.createElement('ul');
  list.className = 'why-chart';
  list.setAttribute('aria-label', 'Effect of your ratings on this prediction, in stars');
  for (const row of rows) {
    const li = document.createElement('li');
    li.className = row.delta >= 0 ? 'up' : 'down';
    const label = document.createElement('span');
    label.className = 'why-label';
    const title = document.createElement('em');
    title.textContent = shownTitle(state.movie(row.movieId));
    label.append(title, ' ', starsText(row.rating));
    const bar = document.createElement('span');
    bar.className = 'why-bar';
    bar.setAttribute('aria-hidden', 'true');
    const fill = document.createElement('span');
    fill.style.width = `${Math.max(2, (100 * Math.abs(row.delta)) / largest)}%`;
    bar.append(fill);
    const value = document.createElement('span');
    value.className = 'why-value';
    value.textContent = fmtDelta(row.delta);
    const spoken = document.createElement('span');
    spoken.className = 'visually-hidden';
    spoken.textContent = row.delta >= 0 ? ' stars: raises it' : ' stars: lowers it';
    value.append(spoken);
    li.append(label, bar, value);
    list.append(li);
  }
  const sum = document.createElement('p');
  sum.className = 'why-sum';
  sum.textContent = `Together your ${reply.count} rating${reply.count === 1 ? '' : 's'}, one at a time, account for ${fmtDelta(reply.deltaSum)} of the ${fmtDelta(reply.score - reply.baseline)} between a new visitor's prediction and yours; the rest comes from how they combine.`;
  wrap.append(intro, list, sum);
  return wrap;
}

// "Why this prediction?": a native disclosure (keyboard and screen readers
// get it for free); the explanation is computed in the worker when opened.
function whyDisclosure(listName, movieId) {
  const key = `${listName}-${movieId}`;
  const details = document.createElement('details');
  details.className = 'why';
  const summary = document.createElement('summary');
  summary.id = `${key}-why`;
  summary.textContent = 'Why this prediction?';
  const body = document.createElement('div');
  body.className = 'why-body';
  body.setAttribute('aria-live', 'polite');
  details.append(summary, body);
  details.addEventListener('toggle', () => {
    if (!details.open) {
      state.openWhy.delete(key);
      return;
    }
    state.openWhy.add(key);
    body.textContent = 'Working it out…';
    ask(`why:${key}`, { type: 'explain', movieId })
      .then((reply) => {
        if (reply && details.isConnected) body.replaceChildren(whyChart(reply));
      })
      .catch((e) => {
        body.textContent = `Could not explain this prediction: ${e.message}`;
      });
  });
  if (state.openWhy.has(key)) details.open = true;
  return details;
}

// "Seen it?": a toggle button, for models trained on watch events alone.
function seenToggle(listName, movie, seen) {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'seen';
  button.id = `${listName}-${movie.movieId}-seen`;
  button.dataset.movieId = String(movie.movieId);
  button.setAttribute('aria-pressed', String(seen));
  button.textContent = seen ? '✓ Seen' : 'Seen it?';
  button.setAttribute('aria-label', seen ? `You have seen ${movieLabel(movie)}: press to undo` : `Mark ${movieLabel(movie)} as seen`);
  return button;
}

function movieItem(listName, movieId, predicted, watch, because) {
  const movie = state.movie(movieId);
  const mine = state.ratings.has(movieId);
  const rating = mine ? state.ratings.get(movieId) ?? null : undefined; // null: seen, not rated
  const li = document.createElement('li');
  li.className = 'movie';
  li.dataset.movieId = String(movieId);

  const main = document.createElement('div');
  main.className = 'movie-main';
  const title = document.createElement('span');
  title.className = 'title';
  title.textContent = shownTitle(movie);
  if (movie.year) {
    const year = document.createElement('span');
    year.className = 'year';
    year.textContent = ` (${movie.year})`;
    title.append(year);
  }
  const genres = document.createElement('span');
  genres.className = 'genres';
  genres.textContent = movie.genres.length ? movie.genres.join(' · ') : 'No genres listed';
  main.append(title, genres);

  const score = document.createElement('p');
  score.className = 'score';
  if (rating === null) {
    score.classList.add('mine');
    score.innerHTML = '<span class="score-label">You have seen it</span>';
  } else if (rating !== undefined) {
    score.classList.add('mine');
    score.innerHTML = '<span class="score-label">You rated</span> <strong></strong>';
    score.querySelector('strong').textContent = fmtRating(rating);
  } else if (predicted === undefined && watch !== undefined && watch !== null) {
    // No rating model: the watch chance is the prediction.
    score.classList.add('chance');
    score.innerHTML = '<span class="score-label">Chance it\'s your next watch</span> <strong></strong>';
    score.querySelector('strong').textContent = fmtChance(watch);
    li.dataset.watch = String(watch);
  } else if (predicted !== undefined) {
    score.innerHTML = '<span class="score-label">Predicted for you</span> <strong></strong>';
    score.querySelector('strong').textContent = fmtRating(predicted);
    li.dataset.predicted = String(predicted);
    if (watch !== undefined && watch !== null) {
      const chance = document.createElement('span');
      chance.className = 'watch-chance';
      chance.textContent = `${fmtChance(watch)} chance it's your next watch`;
      score.append(chance);
      li.dataset.watch = String(watch);
    }
  }

  const controls = document.createElement('div');
  controls.className = 'controls';
  if (state.hasRatings) controls.append(starsFieldset(listName, movie, rating));
  else controls.append(seenToggle(listName, movie, mine));
  if (state.hasRatings && rating !== undefined) {
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'remove';
    remove.id = `${listName}-${movieId}-remove`;
    remove.dataset.movieId = String(movieId);
    remove.textContent = 'Remove';
    remove.setAttribute('aria-label', `Remove your rating for ${movieLabel(movie)}`);
    controls.append(remove);
  }
  li.append(main, score, controls);
  if (rating === undefined && predicted !== undefined) {
    if (because?.length) main.append(becauseLine(because));
    li.append(whyDisclosure(listName, movieId));
  }
  return li;
}

// Re-renders a list, keeping keyboard focus on the same control when it still
// exists, else on the list itself, so rating with the keyboard never loses place.
function renderList(list, listName, items) {
  const focusedId = list.contains(document.activeElement) ? document.activeElement.id : null;
  list.replaceChildren(...items.map(({ movieId, predicted, watch, because }) => movieItem(listName, movieId, predicted, watch, because)));
  if (focusedId !== null) {
    const again = focusedId && document.getElementById(focusedId);
    (again || list).focus();
  }
}

function renderRated() {
  const items = [...state.ratings.keys()].filter((id) => state.movie(id) !== undefined).reverse().map((movieId) => ({ movieId }));
  renderList(el.rated, 'rated', items);
  el.ratedCount.textContent = items.length ? `(${items.length})` : '';
  el.ratedEmpty.hidden = items.length > 0;
}

// ---- actions ---------------------------------------------------------------

let firstRecs = true;
async function refreshRecommendations() {
  const reply = await ask('recommend', { k: RECS_K });
  if (reply) showRecommendations(reply);
}

function showRecommendations(reply) {
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

async function refreshResults() {
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

function refreshAfterRatingChange() {
  saveRatings();
  renderRated();
  refreshRecommendations().catch((e) => showError(e.message));
  refreshResults().catch((e) => showError(e.message));
  if (!state.storageOk) {
    el.status.textContent = 'This browser blocks local storage: your ratings will be gone after a reload.';
  }
}

function setRating(movieId, rating) {
  // Keep insertion order meaningful ("most recent first" in the list): re-insert on change.
  state.ratings.delete(movieId);
  if (rating !== null) state.ratings.set(movieId, rating);
  refreshAfterRatingChange();
}

// Seen, not rated: the watch head reads it (the latest movies weigh most).
function setSeen(movieId) {
  state.ratings.delete(movieId);
  state.ratings.set(movieId, null);
  refreshAfterRatingChange();
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
