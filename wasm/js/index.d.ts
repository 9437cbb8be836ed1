// Public types of the `movienet` package (hand-written: Emscripten 3.1.6 has
// no --emit-tsd). tests/types/consumer.ts checks them with `tsc --noEmit`,
// and tests/js/exports.test.mjs checks that they match the runtime exports.

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
  | 'ERR_INTERNAL';

export declare const ErrorCodes: Readonly<{
  BAD_INPUT: 'ERR_BAD_INPUT';
  MODEL_FORMAT: 'ERR_MODEL_FORMAT';
  DATA_FORMAT: 'ERR_DATA_FORMAT';
  IO: 'ERR_IO';
  WASM: 'ERR_WASM';
  DISPOSED: 'ERR_DISPOSED';
  OUT_OF_MEMORY: 'ERR_OUT_OF_MEMORY';
  INTERNAL: 'ERR_INTERNAL';
}>;

/** An error from movienet: `code` for programs, `message` (naming the argument or field) for people. */
export declare class MovieNetError extends Error {
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown });
  readonly name: 'MovieNetError';
  readonly code: ErrorCode;
}

/** One rating of the viewer: an object or a `[movieId, rating]` pair. */
export type HistoryEntry = { movieId: number; rating: number } | readonly [movieId: number, rating: number];

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
  /** Predicted rating, clamped to the model's scale. */
  rating: number;
  /**
   * The chance that this is the next movie the viewer watches: a probability
   * over every movie they have not rated (all of them sum to 1). Null when
   * the model has no watch head.
   */
  watch: number | null;
}

/** How recommend() orders movies. */
export type RankBy = 'both' | 'watch' | 'rating';

export interface RecommendOptions {
  /** How many movies (default 10). */
  k?: number;
  /** Movie ids never to recommend (the history's movies are always left out). */
  exclude?: readonly number[] | Int32Array;
  /** Leave out movies with fewer training ratings than this (default 0): their predictions rest on little evidence. */
  minRatings?: number;
  /** 'both' (default): likely to watch and to enjoy; 'watch': likely to watch next; 'rating': highest predicted rating. */
  by?: RankBy;
}

export interface SearchOptions {
  /** At most this many results (default 20). */
  limit?: number;
}

export interface ModelInfo {
  /** "pooled" (the default history-pooled MLP) or "seed" (the reference MLP). */
  readonly arch: string;
  readonly scale: Readonly<{ min: number; max: number; step: number }>;
  readonly globalMean: number;
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
  /** The catalogue entry of a movie id. */
  movie(movieId: number): Movie | undefined;
  /**
   * Predicted ratings of `movieIds` (clamped to the scale) for a viewer who
   * rated `history`. Ids the catalogue lacks get the viewer's baseline.
   * @throws MovieNetError ERR_BAD_INPUT for NaN or off-scale ratings, non-integer ids
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
  /** Titles containing every word of `query`, ignoring case and accents. */
  search(query: string, options?: SearchOptions): Movie[];
  /** Frees the model's wasm memory; later calls throw ERR_DISPOSED. Idempotent. */
  dispose(): void;
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
}

/**
 * Loads a rating model file (format "movienet-model" version 2: safetensors).
 * A version-1 JSON file is ERR_MODEL_FORMAT naming `movienet convert`; so is a
 * file whose header, offsets, dtypes, shapes or values are wrong (the message
 * names the tensor). Titles are "" when the file has none.
 */
export declare function loadModel(source: Source, options?: LoadOptions): Promise<Model>;

/** Loads a network file (format "movienet-network" version 2: safetensors, an nn.Sequential state_dict). */
export declare function loadNetwork(source: Source, options?: LoadOptions): Promise<Network>;
