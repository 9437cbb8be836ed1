// Fits the will-watch head on a set of events, choosing the number of epochs
// on a holdout carved from those events: each viewer's latest movie (viewers
// with at least three) is held out, the epoch with the best full-catalogue
// NDCG@10 on it is kept, then the head is trained again from the same seed on
// every event for that many epochs, so the latest movies are learned too.
// On large data (large_data.h) that refit is skipped: the best epoch's
// weights are the result.
// The state between epochs (WatchFitState, the weights and Adam's moments)
// is handed to a callback after every epoch and can be given back to resume
// the fit bit-identically.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/rec/large_data.h"
#include "movienet/rec/watch/watch_trainer.h"

namespace movienet {

// The softmax the head trains with: "full", "sampled", or "auto" (full up to
// kFullSoftmaxMaxMovies movies, sampled above).
constexpr int kFullSoftmaxMaxMovies = 20000;
constexpr int kDefaultSampledNegatives = 1024;

// Whether the head trains again on every event after choosing its epochs.
enum class WatchRefit { Auto, Always, Never };  // Auto: not on large data (large_data.h)

struct WatchFitOptions {
    WatchConfig model{32, 8, true};
    WatchTrainConfig training{1e-3, 0, 128, 100};
    std::string softmax = "auto";  // "auto", "full" or "sampled" (then training.negatives, 0: the default)
    int epochs = 0;         // fixed epoch count; 0: choose on the holdout
    int max_epochs = 30;    // when choosing
    // Epochs without improvement before the choice stops; kAutoPatience: 3,
    // or 1 on large data.
    int patience = kAutoPatience;
    WatchRefit refit = WatchRefit::Auto;
    // The choice scores at most this many holdout viewers (a seeded sample):
    // a full-catalogue ranking per viewer costs movies x dim.
    int max_validation_viewers = 5000;
    int threads = 1;
    uint64_t seed = 1;
};

// The negatives a fit trains with for `movies` movies (0: full softmax);
// Error(BadInput) for an unknown softmax name.
int watch_negatives(const WatchFitOptions& options, int movies);

struct WatchEpochReport {
    bool final_pass = false;   // false: choosing epochs on the holdout; true: the refit on everything
    int epoch = 0, epochs = 0;
    double loss = 0;
    double validation_ndcg = -1;  // full-catalogue NDCG@10 on the holdout (choosing pass only)
    double seconds = 0;
    double validation_seconds = 0;  // of `seconds`, scoring the holdout
};

// Where a fit stands between two epochs.
struct WatchFitState {
    bool final_pass = false;
    bool refit = true;        // false: the choosing pass's best epoch is the result
    int epoch = 0;            // epochs done in the current pass
    int final_epochs = 0;     // final pass: how many it trains
    int best_epoch = 0, since_best = 0;
    double best_ndcg = -1;
    std::vector<WatchEpochReport> reports;  // every epoch so far, both passes
    std::mt19937_64 rng;
};

// A checkpoint's copy of a fit between epochs, to resume from.
struct WatchFitSnapshot {
    WatchFitState state;
    Vector params, first_moment, second_moment;
    Vector best_params;  // without a refit: the best epoch's weights so far (empty before one)
    long steps = 0;
};

// What on_checkpoint is handed: the same, by reference (no copies of the
// head's tables while a checkpoint is written).
struct WatchFitView {
    const WatchFitState& state;
    const Vector &params, &first_moment, &second_moment, &best_params;
    long steps;
};

struct WatchFitCallbacks {
    std::function<void(const WatchEpochReport&)> on_epoch;
    std::function<void(bool final_pass, int epoch, double fraction)> on_progress;
    std::function<bool()> should_stop;
    // After every epoch (when set): the state to save for a resume.
    std::function<void(const WatchFitView&)> on_checkpoint;
};

struct WatchFitResult {
    std::unique_ptr<WatchModel> model;  // null when interrupted
    int epochs = 0;                     // trained in the final pass, or the best epoch without one
    bool refit = true;                  // false: the best epoch of the choosing pass was kept
    int patience = 0;                   // the one used
    double validation_ndcg = -1;        // of the chosen epoch
    size_t validation_viewers = 0;
    int negatives = 0;                  // 0: full softmax
    std::vector<WatchEpochReport> reports;
};

// `resume` (may be null) continues a fit from a snapshot of the same run.
WatchFitResult fit_watch_model(const Catalogue& catalogue, const std::vector<Rating>& events,
                               const WatchFitOptions& options, const WatchFitCallbacks& callbacks = {},
                               const WatchFitSnapshot* resume = nullptr);

// Full-catalogue NDCG@k of each viewer's held-out movie given their history
// (ranked among the movies not in the history; ties count against it).
double watch_ndcg(const WatchModel& model, const std::vector<std::vector<int>>& histories,
                  const std::vector<int>& held_out, int k = 10, WorkerPool* pool = nullptr);

}  // namespace movienet
