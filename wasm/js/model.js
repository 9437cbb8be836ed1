// Model: a rating model's predictions, recommendations, explanations and catalogue for one viewer's history.
import { MovieNetError, ErrorCodes, describe, disposeSymbol } from './errors.js';
import { badInput, checkOptions } from './checks.js';
import { toError, finalizer, releaseHandle, liveHandle } from './wasm-calls.js';
import { fold, tokens, MAX_QUERY_WORDS, MAX_QUERY_CHARS, rankTitles } from './search.js';

// ---- the MovieLens model

// A rating question asked of a model trained on watch events alone.
const noRatingModel = (question) =>
  new MovieNetError(
    ErrorCodes.NO_RATING_MODEL,
    `${question}: this model has no rating model (it was trained on watch events without ratings): ask for watch chances instead, with predictWatch() or recommend(history, { by: 'watch' })`,
  );

// The order of Predictor's RankBy enum.
const RANK_BY = ['both', 'watch', 'rating'];

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const isInt32 = (v) => Number.isInteger(v) && v >= INT32_MIN && v <= INT32_MAX;

/** A rating model: predictions and recommendations for one viewer's history. */
export class Model {
  #module;
  #handle;
  #scratchBytes = 0;
  #scratch = 0;
  #catalogue; // the columns movie objects are made from
  #objects; // the movie objects made so far, by catalogue position
  #genreLists = new Map(); // one frozen genre list per combination, shared
  #movies = null;
  #searchIndex = null;
  #ratingCounts;

  /** @internal use loadModel() */
  constructor(module, handle, r, metadata) {
    this.#module = module;
    this.#handle = handle;
    const genreNames = r.genreNames;
    // Movie objects are made when first asked for: making 10,000 of them is a
    // good part of a first load, and a page's first recommendations need ten.
    const { ids, title, years, genres, genreOffsets } = r;
    this.#catalogue = { ids, title, years, genres, genreOffsets, genreNames };
    this.#objects = new Array(ids.length);
    // The search index is built by the first search(): folding 10,000 titles
    // is a good part of loading, and many pages never search.
    this.#ratingCounts = r.ratingCounts;
    /** What the model is: architecture, rating scale, global mean, size, and the file's metadata. */
    this.info = Object.freeze({
      arch: r.arch,
      hasRatings: r.hasRatings,
      scale: Object.freeze({ ...r.scale }),
      globalMean: r.globalMean,
      movieCount: ids.length,
      paramCount: r.paramCount,
      genres: Object.freeze([...genreNames]),
      watch: r.watch ? Object.freeze({ ...r.watch }) : null,
      metadata: Object.freeze(metadata),
    });
    finalizer?.register(this, handle, this);
  }

  get disposed() {
    return this.#handle === null;
  }

  /**
   * False for a model trained on watch events without ratings: it has a watch
   * head only, so rating questions (predict, recommend by 'rating' or with
   * explain) throw ERR_NO_RATING_MODEL, and recommend ranks by watch.
   */
  get hasRatings() {
    return this.info.hasRatings;
  }

  /** The catalogue, in model order: frozen { movieId, title, year, genres }. */
  get movies() {
    if (this.#movies === null) {
      this.#catalogue.title.decodeAll?.();
      for (let i = 0; i < this.#objects.length; i++) this.#movieAt(i);
      this.#movies = Object.freeze(this.#objects);
    }
    return this.#movies;
  }

  /** The catalogue entry of a movie id, or undefined. */
  movie(movieId) {
    if (!Number.isInteger(movieId) || movieId < -0x80000000 || movieId > 0x7fffffff) return undefined;
    // The wasm catalogue's index; a disposed model's catalogue is still here to scan.
    const i = this.#handle !== null ? this.#handle.indexOf(movieId) : this.#catalogue.ids.indexOf(movieId);
    return i < 0 ? undefined : this.#movieAt(i);
  }

  // The movie at catalogue position i, made once; movies with the same
  // genres share one frozen list (a few hundred combinations in 10,000 movies).
  #movieAt(i) {
    let movie = this.#objects[i];
    if (movie !== undefined) return movie;
    const { ids, title, years, genres, genreOffsets, genreNames } = this.#catalogue;
    let key = '';
    for (let j = genreOffsets[i]; j < genreOffsets[i + 1]; j++) key += `${genres[j]},`;
    let list = this.#genreLists.get(key);
    if (list === undefined) {
      list = Object.freeze(Array.from(genres.subarray(genreOffsets[i], genreOffsets[i + 1]), (g) => genreNames[g]));
      this.#genreLists.set(key, list);
    }
    movie = Object.freeze({ movieId: ids[i], title: title(i), year: years[i] > 0 ? years[i] : null, genres: list });
    this.#objects[i] = movie;
    return movie;
  }

  /**
   * Predicted ratings (clamped to the scale) of `movieIds` for a viewer who
   * rated `history`. Ids the catalogue lacks get the viewer's baseline.
   */
  predict(history, movieIds) {
    this.#live();
    if (!this.info.hasRatings) throw noRatingModel('predict');
    return this.#perMovie('predict', history, movieIds);
  }

  /**
   * The chance that each of `movieIds` is the next movie the viewer watches
   * (a probability over the movies not in `history`; rated movies get 0).
   * Models without a watch head throw ERR_BAD_INPUT.
   */
  predictWatch(history, movieIds) {
    this.#live();
    if (!this.info.watch) throw badInput('this model has no watch head (trained before movienet 0.2): retrain it to get watch scores');
    return this.#perMovie('predictWatch', history, movieIds);
  }

  // One number per movie id from the wasm method `method`, which takes
  // (histIds, histRatings, nHist, ids, nIds, out) in the scratch buffer.
  #perMovie(method, history, movieIds) {
    const handle = this.#live();
    const h = this.#history(history);
    const ids = this.#ids(movieIds, 'movieIds');
    const out = new Float32Array(ids.length);
    if (ids.length === 0) return out;
    const base = this.#reserve(h.ids.length * 8 + ids.length * 8);
    const heap32 = this.#module.HEAP32;
    const histRatings = base + h.ids.length * 4;
    const idsAt = histRatings + h.ids.length * 4;
    const outAt = idsAt + ids.length * 4;
    heap32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    heap32.set(ids, idsAt >>> 2);
    if (handle[method](base, histRatings, h.ids.length, idsAt, ids.length, outAt) !== 0) throw toError(handle.error());
    out.set(this.#module.HEAPF32.subarray(outAt >>> 2, (outAt >>> 2) + ids.length));
    return out;
  }

  /**
   * The k best movies the viewer has not rated (nor listed in `exclude`,
   * nor rated fewer than `minRatings` times in training), best first:
   * [{ movieId, title, score, rating, watch }]. `by` picks the order:
   * 'both' (default: likely to watch and to enjoy), 'watch' or 'rating'.
   * `explain: n` adds `because`: the n rated movies that raise each movie's
   * predicted rating most, [{ movieId, title, rating, delta }] (see explain()).
   */
  recommend(history, options) {
    const handle = this.#live();
    const opts = checkOptions(options, 'options', ['k', 'exclude', 'minRatings', 'by', 'explain']);
    const by = opts.by ?? 'both';
    const byCode = RANK_BY.indexOf(by);
    if (byCode < 0) throw badInput(`options.by must be 'both', 'watch' or 'rating', got ${describe(by)}`);
    if (by === 'watch' && !this.info.watch) throw badInput("options.by = 'watch' needs a model with a watch head (trained with movienet 0.2 or later)");
    if (by === 'rating' && !this.info.hasRatings) throw noRatingModel("recommend(history, { by: 'rating' })");
    const k = opts.k ?? 10;
    if (!Number.isSafeInteger(k) || k < 0 || k > INT32_MAX) throw badInput(`options.k must be a non-negative integer, got ${describe(k)}`);
    const minRatings = opts.minRatings ?? 0;
    if (!Number.isSafeInteger(minRatings) || minRatings < 0 || minRatings > INT32_MAX)
      throw badInput(`options.minRatings must be a non-negative integer, got ${describe(minRatings)}`);
    const explain = opts.explain ?? 0;
    if (!Number.isSafeInteger(explain) || explain < 0 || explain > INT32_MAX)
      throw badInput(`options.explain must be a non-negative integer, got ${describe(explain)}`);
    // The reasons are about the predicted rating.
    if (explain > 0 && !this.info.hasRatings) throw noRatingModel(`recommend(history, { explain: ${explain} })`);
    const h = this.#history(history);
    const exclude = this.#ids(opts.exclude ?? [], 'options.exclude');
    const base = this.#reserve(h.ids.length * 8 + exclude.length * 4);
    const histRatings = base + h.ids.length * 4;
    const excludeAt = histRatings + h.ids.length * 4;
    this.#module.HEAP32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    this.#module.HEAP32.set(exclude, excludeAt >>> 2);
    const r = handle.recommend(base, histRatings, h.ids.length, Math.min(k, this.#objects.length), excludeAt, exclude.length, minRatings, byCode, explain);
    if (!r.ok) throw toError(r);
    const out = new Array(r.ids.length);
    const watch = this.info.watch !== null;
    const rated = this.info.hasRatings;
    let at = 0;
    for (let i = 0; i < r.ids.length; i++) {
      out[i] = {
        movieId: r.ids[i],
        title: this.#movieAt(r.indices[i]).title,
        score: r.scores[i],
        rating: rated ? r.ratings[i] : null,
        watch: watch ? r.watch[i] : null,
      };
      if (explain > 0) {
        const because = new Array(r.becauseCounts[i]);
        for (let j = 0; j < because.length; j++, at++) {
          because[j] = this.#contribution(r.becauseIndices[at], r.becauseRatings[at], r.becauseDeltas[at]);
        }
        out[i].because = because;
      }
    }
    return out;
  }

  /**
   * Why the model predicts what it does for `movieId`: each rated movie's
   * exact leave-one-out effect, delta = score with the whole history − score
   * without that entry, for the predicted rating (before clamping to the
   * scale) and the watch chance (a probability; null without a watch head).
   * Each part: { score, baseline (empty history), deltaSum, positive (the k
   * largest deltas > 0), negative (the k most negative), entries (all, largest
   * delta first) }, entries being { movieId, title, rating, delta }.
   */
  explain(history, movieId, options) {
    const handle = this.#live();
    const opts = checkOptions(options, 'options', ['k']);
    const k = opts.k ?? 5;
    if (!Number.isSafeInteger(k) || k < 0) throw badInput(`options.k must be a non-negative integer, got ${describe(k)}`);
    if (!isInt32(movieId)) throw badInput(`movieId must be an integer movie id, got ${describe(movieId)}`);
    const h = this.#history(history);
    const base = this.#reserve(h.ids.length * 8);
    const histRatings = base + h.ids.length * 4;
    this.#module.HEAP32.set(h.ids, base >>> 2);
    this.#module.HEAPF32.set(h.ratings, histRatings >>> 2);
    const r = handle.explain(base, histRatings, h.ids.length, movieId);
    if (!r.ok) throw toError(r);
    return {
      movieId,
      title: this.movie(movieId).title,
      rating: r.rating ? this.#explained(r.rating, k) : null,
      watch: r.watch ? this.#explained(r.watch, k) : null,
    };
  }

  // rating null: watched, not rated (in watch explanations).
  #contribution(index, rating, delta) {
    const movie = this.#movieAt(index);
    return { movieId: movie.movieId, title: movie.title, rating: Number.isNaN(rating) ? null : rating, delta };
  }

  #explained(s, k) {
    const entries = Array.from(s.indices, (index, j) => this.#contribution(index, s.ratings[j], s.deltas[j]));
    return {
      score: s.score,
      baseline: s.baseline,
      deltaSum: s.deltaSum,
      positive: entries.filter((e) => e.delta > 0).slice(0, k),
      negative: entries.filter((e) => e.delta < 0).reverse().slice(0, k),
      entries,
    };
  }

  /**
   * Catalogue movies whose title contains every word of `query`, ignoring
   * case and accents; exact and prefix matches first, then by popularity.
   */
  search(query, options) {
    this.#live();
    if (typeof query !== 'string') throw badInput(`query must be a string, got ${describe(query)}`);
    const opts = checkOptions(options, 'options', ['limit']);
    const limit = opts.limit ?? 20;
    if (!Number.isSafeInteger(limit) || limit < 0) throw badInput(`options.limit must be a non-negative integer, got ${describe(limit)}`);
    const text = query.length > MAX_QUERY_CHARS ? query.slice(0, MAX_QUERY_CHARS) : query;
    const folded = fold(text).trim();
    const words = [...new Set(tokens(text))].slice(0, MAX_QUERY_WORDS);
    if (words.length === 0 || limit === 0) return [];
    this.#searchIndex ??= this.movies.map((m, i) => ({ folded: fold(m.title), words: tokens(m.title), count: this.#ratingCounts[i] ?? 0 }));
    return rankTitles(this.#searchIndex, folded, words).slice(0, limit).map((h) => this.movies[h.i]);
  }

  /** Frees the wasm memory behind this model. Safe to call more than once. */
  dispose() {
    this.#handle = releaseHandle(this, this.#handle);
  }

  /** `using model = await loadModel(…)` disposes at the end of the block. */
  [disposeSymbol]() {
    this.dispose();
  }

  #live() {
    return liveHandle(this.#handle, 'model');
  }

  #reserve(bytes) {
    if (bytes > this.#scratchBytes) {
      const r = this.#handle.reserve(Math.max(bytes, 2 * this.#scratchBytes));
      if (!r.ok) throw toError(r);
      this.#scratch = r.pointer;
      this.#scratchBytes = Math.max(bytes, 2 * this.#scratchBytes);
    }
    return this.#scratch;
  }

  // [{movieId, rating}], [[movieId, rating]] or movie ids -> parallel typed
  // arrays, checked. A rating left out (a bare id, {movieId}, rating null or
  // undefined) is a movie watched but not rated: NaN for the wasm side, where
  // the watch head reads it and the rating model does not.
  #history(history) {
    if (!Array.isArray(history)) throw badInput(`history must be an array of {movieId, rating}, [movieId, rating] or movie ids, got ${describe(history)}`);
    const { min, max } = this.info.scale;
    const ids = new Int32Array(history.length);
    const ratings = new Float32Array(history.length);
    for (let i = 0; i < history.length; i++) {
      const entry = history[i];
      let movieId;
      let rating;
      if (typeof entry === 'number') {
        movieId = entry;
      } else if (Array.isArray(entry)) {
        if (entry.length !== 2) throw badInput(`history[${i}] must be [movieId, rating], got an array of length ${entry.length}`);
        [movieId, rating] = entry;
      } else if (entry !== null && typeof entry === 'object') {
        ({ movieId, rating } = entry);
      } else {
        throw badInput(`history[${i}] must be {movieId, rating}, [movieId, rating] or a movie id, got ${describe(entry)}`);
      }
      if (!isInt32(movieId)) throw badInput(`history[${i}].movieId must be an integer movie id, got ${describe(movieId)}`);
      if (rating === undefined || rating === null) {
        rating = NaN; // watched, not rated
      } else if (typeof rating !== 'number' || !Number.isFinite(rating) || rating < min || rating > max) {
        throw badInput(`history[${i}].rating must be a number on the model's scale [${min}, ${max}], got ${describe(rating)} (leave it out, or null, for a movie watched but not rated)`);
      }
      ids[i] = movieId;
      ratings[i] = rating;
    }
    return { ids, ratings };
  }

  #ids(list, name) {
    if (list instanceof Int32Array) return list;
    if (!Array.isArray(list) && !ArrayBuffer.isView(list)) throw badInput(`${name} must be an array of integer movie ids, got ${describe(list)}`);
    if (list instanceof DataView) throw badInput(`${name} must be an array of integer movie ids, got a DataView`);
    const ids = new Int32Array(list.length);
    for (let i = 0; i < list.length; i++) {
      const v = list[i];
      if (!isInt32(typeof v === 'bigint' ? Number(v) : v)) throw badInput(`${name}[${i}] must be an integer movie id, got ${describe(v)}`);
      ids[i] = Number(v);
    }
    return ids;
  }
}
