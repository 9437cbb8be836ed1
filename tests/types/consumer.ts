// Compiled with `tsc --noEmit` (tests/types/check.mjs): the public types must
// accept what the README shows and reject what the runtime rejects.
import {
  loadModel,
  loadNetwork,
  MovieNetError,
  ErrorCodes,
  type ErrorCode,
  type HistoryEntry,
  type Model,
  type Movie,
  type Network,
  type TfjsModelSource,
  type Recommendation,
  type Explanation,
} from 'movienet';

export async function useModel(url: string): Promise<Recommendation[]> {
  const model: Model = await loadModel(url, { wasmUrl: new URL('https://cdn.example/movienet.wasm') });
  const history: HistoryEntry[] = [{ movieId: 1, rating: 4.5 }, [260, 5]];
  const scores: Float32Array = model.predict(history, [2571, 296]);
  const also: Float32Array = model.predict(history, new Int32Array([2571]));
  const top = model.recommend(history, { k: 5, exclude: [318] });
  const found: Movie[] = model.search('amelie', { limit: 3 });
  const why: Explanation = model.explain(history, 2571, { k: 3 });
  const reasons = model.recommend(history, { k: 5, explain: 2 }).map((r) => r.because?.[0]?.title ?? '');
  const watchDelta: number = why.watch?.positive[0]?.delta ?? 0;
  // rating is null for a model trained on watch events alone (model.hasRatings false).
  void [why.rating?.deltaSum, reasons, watchDelta];
  const year: number | null = found[0]?.year ?? null;
  const scale = model.info.scale.max - model.info.scale.min;
  model.dispose();
  void [scores, also, year, scale];
  return top;
}

// Watch events without ratings: bare ids, { movieId }, [movieId, null]; a
// model with a watch head only answers watch questions.
export function useWatchOnly(model: Model): number {
  const seen: HistoryEntry[] = [5, { movieId: 6 }, [7, null], { movieId: 8, rating: null }, { movieId: 9, rating: 4 }];
  const ratings: boolean = model.hasRatings && model.info.hasRatings;
  const top = model.recommend(seen, { k: 3, by: ratings ? 'both' : 'watch' });
  const rating: number | null = top[0]?.rating ?? null;
  const mean: number | null = model.info.globalMean;
  try {
    model.predict(seen, [10]);
  } catch (e) {
    if (e instanceof MovieNetError && e.code === ErrorCodes.NO_RATING_MODEL) return model.predictWatch(seen, [10])[0] ?? 0;
  }
  // @ts-expect-error a rating is a number or null
  model.recommend([{ movieId: 1, rating: 'seen' }]);
  return (rating ?? 0) + (mean ?? 0);
}

export async function useNetwork(bytes: Uint8Array): Promise<number> {
  const net: Network = await loadNetwork(bytes);
  const out = net.predictBatch(new Float32Array(net.inputSize * 2), 2);
  net.predictBatch(new Float32Array(net.inputSize), undefined, out);
  net.dispose();
  return out[0] ?? 0;
}

// Networks made elsewhere: PyTorch safetensors, TF.js layers models.
export async function useImports(torch: Uint8Array, modelJson: string, shards: ArrayBuffer[], a: TfjsModelSource): Promise<Network[]> {
  return Promise.all([
    loadNetwork(torch, { layers: 'linear,relu,linear,sigmoid' }),
    loadNetwork(torch, { layers: ['linear', 'relu'], wasmUrl: '/movienet.wasm' }),
    loadNetwork({ modelJson, weights: shards }),
    loadNetwork({ modelJson: JSON.parse(modelJson), weights: { 'group1-shard1of1.bin': shards[0]! } }),
    loadNetwork({ modelUrl: new URL('https://example.com/model/model.json') }),
    loadNetwork(a),
  ]);
}

export async function misuseImports(torch: Uint8Array): Promise<void> {
  // @ts-expect-error layers are names
  await loadNetwork(torch, { layers: 3 });
  // @ts-expect-error weights are bytes
  await loadNetwork({ modelJson: '{}', weights: 'group1-shard1of1.bin' });
}

export function describe(err: unknown): string {
  if (err instanceof MovieNetError) {
    const code: ErrorCode = err.code;
    if (code === ErrorCodes.BAD_INPUT) return `bad input: ${err.message}`;
    return code;
  }
  return String(err);
}

export async function misuse(model: Model, net: Network, response: Response): Promise<void> {
  await loadModel(response);
  await loadModel(new ArrayBuffer(8));
  // @ts-expect-error ratings are numbers
  model.predict([{ movieId: 1, rating: '5' }], [1]);
  // @ts-expect-error movie ids are numbers
  model.predict([], ['1']);
  // @ts-expect-error unknown option
  model.recommend([], { count: 3 });
  // @ts-expect-error the movie id is a number
  model.explain([], '1');
  // @ts-expect-error features are a Float32Array
  net.predictBatch([1, 2, 3], 1);
  // @ts-expect-error not a known error code
  new MovieNetError('ERR_NOPE', 'x');
  // @ts-expect-error sources are URLs, responses or bytes
  await loadNetwork(42);
}

// movienet/worker: the same methods, asynchronous; codes survive the worker boundary.
import { createWorkerModel, MovieNetError as WorkerError, type WorkerModel } from 'movienet/worker';
import { expose } from 'movienet/model-worker';

export async function useWorker(url: string): Promise<string[]> {
  const model: WorkerModel = await createWorkerModel(url, { wasmUrl: '/assets/movienet.wasm' });
  const recs: Recommendation[] = await model.recommend([[1, 5]], { k: 3, by: 'watch' });
  const scores: Float32Array = await model.predict([[1, 5]], [2]);
  const found: Movie[] = await model.search('amelie');
  const one: Movie | undefined = await model.movie(1);
  const total: number = model.movies.length + model.info.movieCount + (model.hasRatings ? 0 : 1);
  // @ts-expect-error the worker model's methods return Promises
  const sync: Recommendation[] = model.recommend([[1, 5]]);
  try {
    await model.predict([[1, Number.NaN]], [2]);
  } catch (e) {
    if (e instanceof WorkerError && e.code === 'ERR_BAD_INPUT') console.log(e.message);
  }
  await model.dispose();
  void [scores, found, one, total, sync];
  return recs.map((r) => r.title);
}

expose({ topTitles: (model: Model, history: HistoryEntry[]) => model.recommend(history, { k: 5 }).map((r) => r.title) });

export function usingModel(model: Model): void {
  model[Symbol.dispose]();
}
