// The consumer app of tests/browser/consumer.test.mjs, written as a front-end
// developer would from the package README. MODEL_FILE is filled in by the test.
import { loadModel, MovieNetError } from 'movienet';
import { createWorkerModel } from 'movienet/worker';
import modelUrl from 'movienet/models/MODEL_FILE?url';

const mode = new URLSearchParams(location.search).get('mode') ?? 'main';
const out = document.getElementById('recs');
const history = [{ movieId: 1, rating: 5 }, { movieId: 260, rating: 4.5 }, [2571, 5], [296, 2]];

function show(recs) {
  out.replaceChildren(...recs.map((r) => Object.assign(document.createElement('li'), { textContent: `${r.title} ${r.rating.toFixed(2)}` })));
  window.result = { ...window.result, mode, shownAt: performance.now(), recs };
  document.body.dataset.state = 'done';
}

async function run() {
  window.result = { startedAt: performance.now() };
  if (mode === 'main') {
    const model = await loadModel(modelUrl);
    show(model.recommend(history, { k: 10 }));
  } else if (mode === 'worker') {
    const model = await createWorkerModel(modelUrl);
    show(await model.recommend(history, { k: 10 }));
  } else if (mode === 'compare') {
    const [local, remote] = await Promise.all([loadModel(modelUrl), createWorkerModel(modelUrl)]);
    const ids = local.movies.slice(0, 50).map((m) => m.movieId);
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    const checks = {
      recommend: same(local.recommend(history, { k: 20 }), await remote.recommend(history, { k: 20 })),
      recommendByRating: same(local.recommend(history, { k: 5, by: 'rating' }), await remote.recommend(history, { k: 5, by: 'rating' })),
      predict: same([...local.predict(history, ids)], [...(await remote.predict(history, ids))]),
      predictIsFloat32: (await remote.predict(history, ids)) instanceof Float32Array,
      predictWatch: same([...local.predictWatch(history, ids)], [...(await remote.predictWatch(history, ids))]),
      explain: same(local.explain(history, 318, { k: 3 }), await remote.explain(history, 318, { k: 3 })),
      recommendExplained: same(local.recommend(history, { k: 5, explain: 2 }), await remote.recommend(history, { k: 5, explain: 2 })),
      search: same(local.search('star wars'), await remote.search('star wars')),
      movie: same(local.movie(260), await remote.movie(260)),
      movies: same(local.movies, remote.movies),
      info: same(local.info, remote.info),
    };
    let error = null;
    try {
      await remote.recommend([{ movieId: 1, rating: NaN }]);
    } catch (e) {
      error = { isMovieNetError: e instanceof MovieNetError, code: e.code, message: e.message };
    }
    // A Response (fetched by the page) is sent to the worker as its bytes.
    const fromResponse = await createWorkerModel(await fetch(modelUrl));
    checks.fromResponse = same(local.recommend(history), await fromResponse.recommend(history));
    await fromResponse.dispose();
    await remote.dispose();
    let disposed = null;
    try {
      await remote.search('x');
    } catch (e) {
      disposed = e.code;
    }
    window.result = { ...window.result, checks, error, disposed };
    show(local.recommend(history, { k: 10 }));
  } else if (mode === 'fallback') {
    const errors = [];
    for (const [what, load] of [
      ['model', () => loadModel('/no/such/model.file')],
      ['wasm', () => loadModel(modelUrl, { wasmUrl: '/no/such/movienet.wasm' })],
      ['worker-model', () => createWorkerModel('/no/such/model.file')],
    ]) {
      try {
        await load();
        errors.push({ what, error: null });
      } catch (e) {
        errors.push({ what, code: e.code, message: e.message, isMovieNetError: e instanceof MovieNetError });
      }
    }
    window.result = { ...window.result, errors };
    document.body.dataset.state = 'done';
  }
}
run().catch((e) => {
  window.result = { ...window.result, failed: `${e.code}: ${e.message}` };
  document.body.dataset.state = 'failed';
});
