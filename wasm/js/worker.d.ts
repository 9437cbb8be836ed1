// Types of `movienet/worker`: the Model API, asynchronous, in a module worker.
import type { Model, Movie, ModelInfo, LoadOptions, Source } from './index.js';
export { MovieNetError, ErrorCodes } from './index.js';
export type { ErrorCode, HistoryEntry, Movie, ModelInfo, Recommendation, RecommendOptions, SearchOptions, RankBy } from './index.js';

type MethodNames<T> = { [K in keyof T]: K extends 'dispose' ? never : T[K] extends (...args: any[]) => any ? K : never }[keyof T] & string;

/** Model's methods, each returning a Promise of what Model's returns. */
export type AsyncModelMethods = {
  [K in MethodNames<Model>]: Model[K] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export interface WorkerLoadOptions extends LoadOptions {
  /**
   * A module worker you started yourself that imports 'movienet/model-worker'
   * (e.g. to add functions with expose()). Default: the package's own worker.
   */
  worker?: Worker;
}

/** A model living in a worker: Model's methods, asynchronous; `movies` and `info` are copies. */
export declare class WorkerModel implements AsyncModelMethods {
  private constructor();
  readonly movies: readonly Movie[];
  readonly info: ModelInfo;
  readonly disposed: boolean;
  /** False for a model trained on watch events alone (see Model.hasRatings). */
  readonly hasRatings: boolean;
  movie: AsyncModelMethods['movie'];
  predict: AsyncModelMethods['predict'];
  predictWatch: AsyncModelMethods['predictWatch'];
  explain: AsyncModelMethods['explain'];
  recommend: AsyncModelMethods['recommend'];
  search: AsyncModelMethods['search'];
  /** Calls a model method, or a function added in the worker with expose(), by name. */
  call<R = unknown>(method: string, ...args: unknown[]): Promise<R>;
  /** Frees the model and stops its worker; later calls reject with ERR_DISPOSED. Idempotent. */
  dispose(): Promise<void>;
  /** `await using model = await createWorkerModel(…)`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Loads a model in a module worker. `source` as for loadModel (a relative
 * URL is relative to the page), or a Promise of one such as `fetch(url)`: the
 * worker starts while it settles. Errors arrive as MovieNetError with their code.
 */
export declare function createWorkerModel(source: Source | Promise<Source>, options?: WorkerLoadOptions): Promise<WorkerModel>;
