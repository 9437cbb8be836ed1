#include "movienet/rec/watch/watch_fit.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "movienet/base/error.h"
#include "movienet/base/random.h"
#include "movienet/rec/ranking_metrics.h"

namespace movienet {

int watch_negatives(const WatchFitOptions& options, int movies) {
    const int sampled = options.training.negatives > 0 ? options.training.negatives : kDefaultSampledNegatives;
    if (options.softmax == "full") return 0;
    if (options.softmax == "sampled") return sampled;
    if (options.softmax == "auto") return movies > kFullSoftmaxMaxMovies ? sampled : 0;
    throw Error(ErrorCode::BadInput, "watch softmax: \"" + options.softmax + "\"; expected auto, full or sampled");
}

double watch_ndcg(const WatchModel& model, const std::vector<std::vector<int>>& histories,
                  const std::vector<int>& held_out, int k, WorkerPool* pool) {
    if (histories.empty()) return 0;
    std::vector<int> ranks(histories.size());
    auto rank_part = [&](int part, int parts) {
        const auto [begin, end] = WorkerPool::range(histories.size(), part, parts);
        for (size_t v = begin; v < end; ++v) {
            const std::vector<float> log_p = model.log_probabilities(histories[v]);
            const float target = log_p[static_cast<size_t>(held_out[v])];
            int rank = 0;  // movies in the history are -inf and never outrank it; stop counting at k
            for (size_t i = 0; i < log_p.size() && rank < k; ++i)
                if (int(i) != held_out[v] && log_p[i] >= target) ++rank;
            ranks[v] = rank;
        }
    };
    if (pool)
        pool->run([&](int part) { rank_part(part, pool->threads()); });
    else
        rank_part(0, 1);
    return ranking_from_ranks(ranks, k).ndcg;
}

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The holdout of the epoch choice: the latest movie of (a seeded sample of at
// most `limit` of) the viewers with three movies or more.
struct Holdout {
    std::vector<size_t> viewers;
    std::vector<int> held_out;
    std::vector<std::vector<int>> histories;
};

Holdout make_holdout(const std::vector<std::vector<int>>& sequences, int limit, uint64_t seed) {
    Holdout h;
    for (size_t v = 0; v < sequences.size(); ++v)
        if (sequences[v].size() >= 3) h.viewers.push_back(v);
    if (h.viewers.size() > static_cast<size_t>(limit)) {
        std::mt19937_64 rng(mix_seed(seed ^ 0x686f6c646f7574ULL));
        shuffle(h.viewers, rng);
        h.viewers.resize(static_cast<size_t>(limit));
        std::sort(h.viewers.begin(), h.viewers.end());
    }
    for (size_t v : h.viewers) {
        h.held_out.push_back(sequences[v].back());
        h.histories.emplace_back(sequences[v].begin(), sequences[v].end() - 1);
    }
    return h;
}

}  // namespace

WatchFitResult fit_watch_model(const Catalogue& catalogue, const std::vector<Rating>& events,
                               const WatchFitOptions& options, const WatchFitCallbacks& callbacks,
                               const WatchFitSnapshot* resume) {
    const int patience = resolve_patience(options.patience, 3, events.size());
    if (options.epochs < 0 || options.max_epochs < 1 || patience < 1 || options.max_validation_viewers < 1)
        throw Error(ErrorCode::BadInput,
                    "watch head: epochs >= 0, max_epochs >= 1, patience >= 1 and max_validation_viewers >= 1 are needed");
    WatchFitResult result;
    result.patience = patience;
    result.negatives = watch_negatives(options, catalogue.size());
    WatchTrainConfig training = options.training;
    training.negatives = result.negatives;
    std::vector<std::vector<int>> sequences = watch_sequences(events, catalogue);
    const bool choosing = options.epochs == 0;
    Holdout holdout;
    if (choosing) holdout = make_holdout(sequences, options.max_validation_viewers, options.seed);
    result.validation_viewers = holdout.viewers.size();

    WorkerPool pool(options.threads);
    auto model = std::make_unique<WatchModel>(catalogue.size(), options.model);
    Vector best_params;  // without a refit: the best epoch's weights
    if (resume) best_params = resume->best_params;
    WatchFitState state;
    if (resume) {
        state = resume->state;
    } else {
        state.final_pass = !choosing || holdout.viewers.empty();
        state.refit = options.refit == WatchRefit::Auto ? !is_large_training(events.size())
                                                        : options.refit == WatchRefit::Always;
        state.final_epochs = choosing ? options.max_epochs : options.epochs;  // no holdout: every epoch
        state.rng.seed(options.seed ^ 0x5bd1e995ULL);
    }

    // Runs the current pass from state.epoch to its end; false when interrupted.
    auto run_pass = [&](bool restore) {
        const bool final_pass = state.final_pass;
        // Choosing trains without the held-out movies.
        if (!final_pass)
            for (size_t v : holdout.viewers) sequences[v].pop_back();
        model->init(options.seed);
        WatchTrainer trainer(*model, training, sequences, pool);
        if (restore) {
            model->params() = resume->params;
            trainer.first_moment() = resume->first_moment;
            trainer.second_moment() = resume->second_moment;
            trainer.steps() = resume->steps;
        }
        const int epochs = final_pass ? state.final_epochs : options.max_epochs;
        bool interrupted = false;
        const bool done_choosing = !final_pass && state.since_best >= patience;
        for (int epoch = state.epoch + 1; epoch <= epochs && !done_choosing; ++epoch) {
            const auto started = std::chrono::steady_clock::now();
            const double loss = trainer.train_epoch(state.rng, [&](double fraction) {
                if (callbacks.on_progress) callbacks.on_progress(final_pass, epoch, fraction);
                return !(callbacks.should_stop && callbacks.should_stop());
            });
            if (callbacks.should_stop && callbacks.should_stop()) {
                interrupted = true;
                break;
            }
            WatchEpochReport report;
            report.final_pass = final_pass;
            report.epoch = epoch;
            report.epochs = epochs;
            report.loss = loss;
            if (!final_pass) {
                const auto scoring = std::chrono::steady_clock::now();
                report.validation_ndcg = watch_ndcg(*model, holdout.histories, holdout.held_out, 10, &pool);
                report.validation_seconds = seconds_since(scoring);
            }
            report.seconds = seconds_since(started);
            state.epoch = epoch;
            state.reports.push_back(report);
            bool stop = false;
            if (!final_pass) {
                if (report.validation_ndcg > state.best_ndcg + min_improvement(events.size()) * std::fabs(state.best_ndcg)) {
                    state.best_ndcg = report.validation_ndcg;
                    state.best_epoch = epoch;
                    state.since_best = 0;
                    if (!state.refit) best_params = model->params();
                } else {
                    stop = ++state.since_best >= patience;
                }
            }
            if (callbacks.on_epoch) callbacks.on_epoch(report);
            if (callbacks.on_checkpoint)
                callbacks.on_checkpoint({state, model->params(), trainer.first_moment(), trainer.second_moment(),
                                         best_params, trainer.steps()});
            if (stop) break;
        }
        if (!final_pass)
            for (size_t k = 0; k < holdout.viewers.size(); ++k) sequences[holdout.viewers[k]].push_back(holdout.held_out[k]);
        return !interrupted;
    };

    bool restore = resume != nullptr;
    if (!state.final_pass) {
        if (!run_pass(restore)) return result;
        if (!state.refit) {
            model->params() = best_params;
            result.model = std::move(model);
            result.epochs = state.best_epoch;
            result.refit = false;
            result.validation_ndcg = state.best_ndcg;
            result.reports = state.reports;
            return result;
        }
        restore = false;
        state.final_pass = true;
        state.final_epochs = std::max(state.best_epoch, 1);
        state.epoch = 0;
        state.rng.seed(options.seed ^ 0x5bd1e995ULL);
    }
    if (!run_pass(restore)) return result;
    result.model = std::move(model);
    result.epochs = state.final_epochs;
    result.validation_ndcg = state.best_ndcg;
    result.reports = state.reports;
    return result;
}

}  // namespace movienet
