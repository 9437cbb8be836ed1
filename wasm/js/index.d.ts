// Public types of the `movienet` package (hand-written: Emscripten 3.1.6 has
// no --emit-tsd). tests/types/consumer.ts checks them with `tsc --noEmit`,
// and tests/js/exports.test.mjs checks that they match the runtime exports.

declare global {
  // So that `[Symbol.dispose]` type-checks with any `lib` setting (the same
  // declaration as TypeScript's lib.esnext.disposable and @types/node).
  interface SymbolConstructor {
    readonly dispose: unique symbol;
    readonly asyncDispose: unique symbol;
  }
}

/** Where a model or network file comes from. File paths work in Node only. */
export type Source = string | URL | Response | ArrayBuffer | Uint8Array;

export interface LoadOptions {
  /**
   * Where movienet.wasm lives. Default: `new URL('movienet.wasm', import.meta.url)`,
   * i.e. next to the package's JS (the pattern bundlers rewrite).
   */
  wasmUrl?: string | URL;
}

/** Every code a MovieNetError carries. */
export type ErrorCode =
  | 'ERR_BAD_INPUT'
  | 'ERR_MODEL_FORMAT'
  | 'ERR_DATA_FORMAT'
  | 'ERR_IO'
  | 'ERR_WASM'
  | 'ERR_DISPOSED'
  | 'ERR_OUT_OF_MEMORY'
  | 'ERR_NO_RATING_MODEL'
  | 'ERR_INTERNAL';

export declare const ErrorCodes: Readonly<{
  BAD_INPUT: 'ERR_BAD_INPUT';
  MODEL_FORMAT: 'ERR_MODEL_FORMAT';
  DATA_FORMAT: 'ERR_DATA_FORMAT';
  IO: 'ERR_IO';
  WASM: 'ERR_WASM';
  DISPOSED: 'ERR_DISPOSED';
  OUT_OF_MEMORY: 'ERR_OUT_OF_MEMORY';
  NO_RATING_MODEL: 'ERR_NO_RATING_MODEL';
  INTERNAL: 'ERR_INTERNAL';
}>;

/** An error from movienet: `code` for programs, `message` (naming the argument or field) for people. */
export declare class MovieNetError extends Error {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'MovieNetError';
  readonly code: ErrorCode;
}

/**
 * One movie of the viewer's history: an object, a `[movieId, rating]` pair,
 * or a bare movie id. A rating left out (a bare id, `{ movieId }`, `rating`
 * null) means watched but not rated: the watch head reads it, the rating
 * model does not (and a model trained on watch events alone needs no
 * ratings). A history is an array of them in time order, most recent last:
 * the watch head reads the order (the latest movies weigh most).
 */
export type HistoryEntry =
  | number
  | { movieId: number; rating?: number | null }
  | readonly [movieId: number, rating: number | null];

export interface Movie {
  readonly movieId: number;
  readonly title: string;
  /** Release year, or null when unknown. */
  readonly year: number | null;
  readonly genres: readonly string[];
}

export interface Recommendation {
  movieId: number;
  title: string;
  /**
   * What the list is sorted by. With `by: 'both'` (the default):
   * ln(watch) + ratingWeight × rating, i.e. the watch chance scaled by
   * e^ratingWeight for every predicted star (see ModelInfo.watch); with
   * `by: 'watch'` the watch chance; with `by: 'rating'` the rating.
   */
  score: number;
  /** Predicted rating, clamped to the model's scale; null when the model has no rating model (hasRatings false). */
  rating: number | null;
  /**
   * The chance that this is the next movie the viewer watches: a probability
   * over every movie they have not rated (all of them sum to 1). Null when
   * the model has no watch head.
   */
  watch: number | null;
  /**
   * Only with `explain: n`: the (at most) n rated movies that raise this
   * movie's predicted rating most, strongest first; only positive effects
   * (`delta` in stars on the unclamped rating, see Model.explain). Empty when
   * nothing in the history raises it.
   */
  because?: Contribution[];
}

/** One rated movie's part in a score: its exact leave-one-out effect. */
export interface Contribution {
  movieId: number;
  title: string;
  /** The viewer's rating of it; null when watched but not rated (in watch explanations). */
  rating: number | null;
  /** Score with the whole history − score with the history without this movie. */
  delta: number;
}

/**
 * One score and what each rated movie does to it. The deltas need not add up
 * to `score − baseline` (rated movies interact): compare `deltaSum` with it
 * to see how much the one-movie-at-a-time view explains.
 */
export interface ExplainedScore {
  /** With the whole history. */
  score: number;
  /** With an empty history (a new visitor). */
  baseline: number;
  /** The sum of every entry's delta. */
  deltaSum: number;
  /** The k largest positive deltas, largest first. */
  positive: Contribution[];
  /** The k most negative deltas, most negative first. */
  negative: Contribution[];
  /** Every rated movie the model knows (unknown ids are ignored), largest delta first. */
  entries: Contribution[];
}

/** Model.explain's answer. */
export interface Explanation {
  movieId: number;
  title: string;
  /**
   * The predicted rating, in stars, before clamping to the scale (predict()
   * returns the same whenever it lies inside the scale; clamping would hide
   * every effect on a movie predicted past the top). Over the rated entries
   * only. Null when the model has no rating model (hasRatings false).
   */
  rating: ExplainedScore | null;
  /**
   * The watch chance as a probability (the number the viewer is shown as a
   * percentage; a delta of 0.002 is 0.2 percentage points). Leaving a movie
   * out of the history also makes that movie a candidate again. Null when the
   * model has no watch head.
   */
  watch: ExplainedScore | null;
}

export interface ExplainOptions {
  /** How many positive and negative effects to list (default 5). */
  k?: number;
}

/** How recommend() orders movies. */
export type RankBy = 'both' | 'watch' | 'rating';

export interface RecommendOptions {
  /** How many movies (default 10). */
  k?: number;
  /** Movie ids never to recommend (the history's movies are always left out). */
  exclude?: readonly number[] | Int32Array;
  /**
   * Leave out movies with fewer training events (ratings, and watch events
   * without one) than this (default 0): their predictions rest on little evidence.
   */
  minRatings?: number;
  /**
   * 'both' (default): likely to watch and to enjoy (by watch alone for a
   * model without a rating model); 'watch': likely to watch next; 'rating':
   * highest predicted rating (ERR_NO_RATING_MODEL without a rating model).
   */
  by?: RankBy;
  /**
   * Attach to each movie its `because` list: the n rated movies that raise its
   * predicted rating most (default 0: none). The reasons are about the rating
   * ("because you rated…"), whatever `by` orders the list; ERR_NO_RATING_MODEL
   * when the model has no rating model.
   */
  explain?: number;
}

export interface SearchOptions {
  /** At most this many results (default 20). */
  limit?: number;
}

export interface ModelInfo {
  /**
   * "pooled" (the default history-pooled MLP) or "seed" (the reference MLP);
   * "none" for a model trained on watch events alone (hasRatings false).
   */
  readonly arch: string;
  /** False for a model trained on watch events without ratings: a watch head only. */
  readonly hasRatings: boolean;
  /** The scale of the ratings in a history (and of predictions, when the model has a rating model). */
  readonly scale: Readonly<{ min: number; max: number; step: number }>;
  /** The mean training rating; null without a rating model. */
  readonly globalMean: number | null;
  readonly movieCount: number;
  readonly paramCount: number;
  readonly genres: readonly string[];
  /**
   * The watch head, or null for models trained before it existed.
   * ratingWeight: how much one predicted star counts in the 'both' ranking
   * (score = ln(watch) + ratingWeight × rating).
   */
  readonly watch: Readonly<{ dim: number; recent: number; ratingWeight: number }> | null;
  /** The model file's metadata: dataset, training command, seed, metrics... */
  readonly metadata: Readonly<Record<string, unknown>>;
}

/** A MovieLens rating model: predictions for one viewer from their own ratings. */
export declare class Model {
  private constructor();
  /** The catalogue, in model order. */
  readonly movies: readonly Movie[];
  readonly info: ModelInfo;
  readonly disposed: boolean;
  /**
   * False for a model trained on watch events without ratings (info.hasRatings):
   * it has a watch head only; recommend ranks by watch, and predict,
   * recommend with `by: 'rating'` or `explain` throw ERR_NO_RATING_MODEL.
   */
  readonly hasRatings: boolean;
  /** The catalogue entry of a movie id. */
  movie(movieId: number): Movie | undefined;
  /**
   * Predicted ratings of `movieIds` (clamped to the scale) for a viewer who
   * rated `history`. Ids the catalogue lacks get the viewer's baseline.
   * @throws MovieNetError ERR_BAD_INPUT for NaN or off-scale ratings, non-integer ids;
   *   ERR_NO_RATING_MODEL when the model has no rating model (hasRatings false)
   */
  predict(history: readonly HistoryEntry[], movieIds: readonly number[] | Int32Array): Float32Array;
  /**
   * The chance that each of `movieIds` is the next movie the viewer watches
   * (over the movies not in `history`; movies in it get 0).
   * @throws MovieNetError ERR_BAD_INPUT when the model has no watch head
   */
  predictWatch(history: readonly HistoryEntry[], movieIds: readonly number[] | Int32Array): Float32Array;
  /** The best `k` movies the viewer has not rated, best first (see RecommendOptions.by). */
  recommend(history: readonly HistoryEntry[], options?: RecommendOptions): Recommendation[];
  /**
   * Why the model predicts what it does for `movieId`: each rated movie's
   * exact leave-one-out effect (delta = score with the whole history − score
   * without it) on the predicted rating and the watch chance, computed in the
   * page like everything else. Works for both architectures.
   * @throws MovieNetError ERR_BAD_INPUT for a movie id the catalogue lacks (named in the message), bad ratings
   */
  explain(history: readonly HistoryEntry[], movieId: number, options?: ExplainOptions): Explanation;
  /**
   * Titles containing every word of `query`, ignoring case and accents. Only
   * the first 32 distinct words of the first 1,000 characters count.
   */
  search(query: string, options?: SearchOptions): Movie[];
  /** Frees the model's wasm memory; later calls throw ERR_DISPOSED. Idempotent. */
  dispose(): void;
  /** `using model = await loadModel(…)`: dispose() at the end of the block. */
  [Symbol.dispose](): void;
}

export interface NetworkLayer {
  readonly type: string;
  readonly units?: number;
}

/** A movienet network file loaded for inference: features in, predictions out. */
export declare class Network {
  private constructor();
  readonly inputSize: number;
  readonly outputSize: number;
  readonly paramCount: number;
  readonly architecture: Readonly<{ input: number; layers: readonly NetworkLayer[] }>;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly disposed: boolean;
  /**
   * Predictions for `rows` samples stored row after row in `input`
   * (rows × inputSize floats): rows × outputSize floats, written to `out`
   * when given. `rows` defaults to input.length / inputSize.
   * Non-finite features give NaN predictions.
   */
  predictBatch(input: Float32Array, rows?: number, out?: Float32Array): Float32Array;
  /** Frees the network's wasm memory; later calls throw ERR_DISPOSED. Idempotent. */
  dispose(): void;
  /** `using net = await loadNetwork(…)`: dispose() at the end of the block. */
  [Symbol.dispose](): void;
}

/**
 * Loads a rating model file (format "movienet-model" version 2: safetensors).
 * A version-1 JSON file is ERR_MODEL_FORMAT naming `movienet convert`; so is a
 * file whose header, offsets, dtypes, shapes or values are wrong (the message
 * names the tensor). Titles are "" when the file has none.
 * A Promise of a source (e.g. `fetch(url)`) lets movienet.wasm load while it
 * settles; its rejection is passed on as it is.
 * @throws MovieNetError ERR_BAD_INPUT for a source above 256 MiB or a detached ArrayBuffer,
 *   ERR_OUT_OF_MEMORY when the wasm heap cannot hold it
 */
export declare function loadModel(source: Source | PromiseLike<Source>, options?: LoadOptions): Promise<Model>;

/** Bytes as loadNetwork takes them. */
export type Bytes = ArrayBuffer | ArrayBufferView;

/** A TF.js layers model.json, as far as loadNetwork reads it. */
export interface TfjsModelJson {
  format?: string;
  modelTopology: object;
  weightsManifest: ReadonlyArray<{ paths: readonly string[]; weights: ReadonlyArray<TfjsWeightSpec> }>;
  [key: string]: unknown;
}

/** One weight in a TF.js weights manifest: float32 only. */
export interface TfjsWeightSpec {
  name: string;
  shape: readonly number[];
  dtype: string;
  [key: string]: unknown;
}

/**
 * A Keras Dense stack in the TF.js layers format, handed over in one of three ways:
 * - `{ modelJson, weights }`: model.json (parsed, its text or its bytes) and
 *   the weight files: one buffer per path of weightsManifest in order, an
 *   object mapping each path to its bytes, or one buffer holding them all;
 * - `{ modelUrl }`: model.json's URL (or, in Node, file path); the weight
 *   files are fetched (read) next to it, as tf.loadLayersModel does;
 * - TF.js ModelArtifacts `{ modelTopology, weightSpecs, weightData }`, as
 *   `model.save(tf.io.withSaveHandler(...))` gives them.
 */
export type TfjsModelSource =
  | {
      modelJson: TfjsModelJson | string | Bytes;
      weights: Bytes | readonly Bytes[] | Readonly<Record<string, Bytes>>;
    }
  | { modelUrl: string | URL }
  | { modelTopology: object; weightSpecs: readonly TfjsWeightSpec[]; weightData: ArrayBuffer | readonly ArrayBuffer[]; format?: string };

export interface LoadNetworkOptions extends LoadOptions {
  /**
   * PyTorch files only: the nn.Sequential's module types in order, e.g.
   * `'linear,relu,linear,sigmoid'` or `['linear', 'relu', 'linear', 'sigmoid']`
   * (linear, relu, sigmoid, tanh, identity). A state_dict does not record its
   * activations, so a file without `__metadata__.layers` needs this; when both
   * are present they must agree.
   */
  layers?: string | readonly string[];
}

/**
 * Loads a network for inference:
 * - a movienet network file (format "movienet-network" version 2: safetensors);
 * - a PyTorch nn.Sequential of Linear/ReLU/Sigmoid/Tanh saved with safetensors
 *   (tensors "0.weight" [out, in], "0.bias", "2.weight", ...; a safetensors file
 *   without `__metadata__.format`), its layer types from `options.layers` or
 *   the file's `__metadata__.layers`; `metadata` is `{ imported_from: 'pytorch' }`;
 * - a Keras Dense stack in the TF.js layers format (TfjsModelSource): Dense
 *   (activation linear, relu, sigmoid or tanh), Activation, Dropout and
 *   InputLayer layers, float32 weights; `metadata` is `{ imported_from: 'tfjs-layers' }`.
 * Limits as for loadModel().
 * @throws MovieNetError ERR_MODEL_FORMAT naming the file, tensor, layer or
 *   field: missing or conflicting layer types, an unsupported layer,
 *   activation or dtype, shapes that do not chain, weight files shorter or
 *   longer than the manifest says, non-finite values;
 *   ERR_BAD_INPUT for a wrongly shaped source or options; ERR_IO when a file cannot be read
 */
export declare function loadNetwork(source: Source | TfjsModelSource, options?: LoadNetworkOptions): Promise<Network>;

/**
 * Whether this runtime can run movienet.wasm: WebAssembly with SIMD128 and
 * exception handling (Chrome/Edge 95+, Firefox 100+, Safari 16.4+, Node 20+).
 * Without them loadModel rejects with ERR_WASM; there is no fallback build.
 */
export declare function isSupported(): boolean;
