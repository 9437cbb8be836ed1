// Rendering: movie lists with their stars, "seen it?" toggles and "Why this prediction?" panels, and the error status.
import { el, state } from './state.js';
import { ask } from './requests.js';
import { fmtRating, fmtStars, shownTitle, movieLabel, fmtChance, fmtStarsShort, fmtDelta } from './format.js';

// ---- rendering -------------------------------------------------------------

function ratingValues() {
  const { min, max, step } = state.scale;
  const values = [];
  for (let v = min; v <= max + 1e-9; v += step) values.push(Math.round(v * 100) / 100);
  return values;
}

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
export function renderList(list, listName, items) {
  const focusedId = list.contains(document.activeElement) ? document.activeElement.id : null;
  list.replaceChildren(...items.map(({ movieId, predicted, watch, because }) => movieItem(listName, movieId, predicted, watch, because)));
  if (focusedId !== null) {
    const again = focusedId && document.getElementById(focusedId);
    (again || list).focus();
  }
}

export function renderRated() {
  const items = [...state.ratings.keys()].filter((id) => state.movie(id) !== undefined).reverse().map((movieId) => ({ movieId }));
  renderList(el.rated, 'rated', items);
  el.ratedCount.textContent = items.length ? `(${items.length})` : '';
  el.ratedEmpty.hidden = items.length > 0;
}

export function showError(message) {
  el.status.textContent = `Something went wrong — ${message}`;
  el.status.classList.add('error');
  el.status.setAttribute('role', 'alert');
  document.body.dataset.state = 'error';
}
