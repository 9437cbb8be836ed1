#include "movienet/rec/watch/watch_fit.h"

#include <chrono>
#include <cmath>

#include "movienet/base/error.h"
#include "movienet/rec/ranking_metrics.h"

namespace movienet {

double watch_ndcg(const WatchModel& model, const std::vector<std::vector<int>>& histories,
                  const std::vector<int>& held_out, int k) {
    if (histories.empty()) return 0;
    std::vector<int> ranks;
    ranks.reserve(histories.size());
    for (size_t v = 0; v < histories.size(); ++v) {
        const std::vector<float> log_p = model.log_probabilities(histories[v]);
        const float target = log_p[static_cast<size_t>(held_out[v])];
        int rank = 0;  // movies in the history are -inf and never outrank it; stop counting at k
        for (size_t i = 0; i < log_p.size() && rank < k; ++i)
            if (int(i) != held_out[v] && log_p[i] >= target) ++rank;
        ranks.push_back(rank);
    }
    return ranking_from_ranks(ranks, k).ndcg;
}

namespace {

// Trains `epochs` epochs (or, with a holdout, until `patience` epochs bring no
// gain, up to `epochs`); returns the best epoch (the last without a holdout).
int run_epochs(WatchModel& model, const std::vector<std::vector<int>>& sequences,
               const std::vector<std::vector<int>>* histories, const std::vector<int>* held_out,
               const WatchFitOptions& options, int epochs, bool final_pass, const WatchFitCallbacks& callbacks,
               double& best_ndcg, bool& interrupted) {
    model.init(options.seed);
    WatchTrainer trainer(model, options.training);
    std::mt19937_64 rng(options.seed ^ 0x5bd1e995ULL);
    int best_epoch = 0, since_best = 0;
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        const auto started = std::chrono::steady_clock::now();
        const double loss = trainer.train_epoch(sequences, rng, [&](double fraction) {
            if (callbacks.on_progress) callbacks.on_progress(final_pass, epoch, fraction);
            return !(callbacks.should_stop && callbacks.should_stop());
        });
        if (callbacks.should_stop && callbacks.should_stop()) {
            interrupted = true;
            return best_epoch;
        }
        WatchEpochReport report;
        report.final_pass = final_pass;
        report.epoch = epoch;
        report.epochs = epochs;
        report.loss = loss;
        if (histories) report.validation_ndcg = watch_ndcg(model, *histories, *held_out);
        report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        if (callbacks.on_epoch) callbacks.on_epoch(report);
        if (!histories) {
            best_epoch = epoch;
        } else if (report.validation_ndcg > best_ndcg) {
            best_ndcg = report.validation_ndcg;
            best_epoch = epoch;
            since_best = 0;
        } else if (++since_best >= options.patience) {
            break;
        }
    }
    return best_epoch;
}

}  // namespace

WatchFitResult fit_watch_model(const Catalogue& catalogue, const std::vector<Rating>& ratings,
                               const WatchFitOptions& options, const WatchFitCallbacks& callbacks) {
    if (options.epochs < 0 || options.max_epochs < 1 || options.patience < 1)
        throw Error(ErrorCode::BadInput, "watch head: epochs >= 0, max_epochs >= 1 and patience >= 1 are needed");
    const std::vector<std::vector<int>> sequences = watch_sequences(ratings, catalogue);
    WatchFitResult result;
    auto model = std::make_unique<WatchModel>(catalogue.size(), options.model);
    bool interrupted = false;
    int epochs = options.epochs;
    if (epochs == 0) {
        std::vector<std::vector<int>> fit_part, histories;
        std::vector<int> held_out;
        for (const auto& seq : sequences) {
            if (seq.size() < 3) {
                fit_part.push_back(seq);
                continue;
            }
            fit_part.emplace_back(seq.begin(), seq.end() - 1);
            histories.push_back(fit_part.back());
            held_out.push_back(seq.back());
        }
        result.validation_viewers = held_out.size();
        if (held_out.empty()) {
            epochs = options.max_epochs;  // nothing to choose on: every epoch
        } else {
            epochs = run_epochs(*model, fit_part, &histories, &held_out, options, options.max_epochs, false, callbacks,
                                result.validation_ndcg, interrupted);
            if (interrupted) return result;
            epochs = std::max(epochs, 1);
        }
    }
    double unused = -1;
    run_epochs(*model, sequences, nullptr, nullptr, options, epochs, true, callbacks, unused, interrupted);
    if (interrupted) return result;
    result.model = std::move(model);
    result.epochs = epochs;
    return result;
}

}  // namespace movienet
