// Fits the will-watch head on a set of ratings, choosing the number of epochs
// on a holdout carved from those ratings: each viewer's latest movie (viewers
// with at least three) is held out, the epoch with the best full-catalogue
// NDCG@10 on it is kept, then the head is trained again from the same seed on
// every rating for that many epochs, so the latest movies are learned too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/rec/watch/watch_trainer.h"

namespace movienet {

struct WatchFitOptions {
    WatchConfig model{32, 8, true};
    WatchTrainConfig training{1e-3, 0, 128, 100};
    int epochs = 0;         // fixed epoch count; 0: choose on the holdout
    int max_epochs = 30;    // when choosing
    int patience = 3;       // epochs without improvement before the choice stops
    uint64_t seed = 1;
};

struct WatchEpochReport {
    bool final_pass = false;   // false: choosing epochs on the holdout; true: the refit on everything
    int epoch = 0, epochs = 0;
    double loss = 0;
    double validation_ndcg = -1;  // full-catalogue NDCG@10 on the holdout (choosing pass only)
    double seconds = 0;
};

struct WatchFitCallbacks {
    std::function<void(const WatchEpochReport&)> on_epoch;
    std::function<void(bool final_pass, int epoch, double fraction)> on_progress;
    std::function<bool()> should_stop;
};

struct WatchFitResult {
    std::unique_ptr<WatchModel> model;  // null when interrupted
    int epochs = 0;                     // trained in the final pass
    double validation_ndcg = -1;        // of the chosen epoch
    size_t validation_viewers = 0;
};

WatchFitResult fit_watch_model(const Catalogue& catalogue, const std::vector<Rating>& ratings,
                               const WatchFitOptions& options, const WatchFitCallbacks& callbacks = {});

// Full-catalogue NDCG@k of each viewer's held-out movie given their history
// (ranked among the movies not in the history; ties count against it).
double watch_ndcg(const WatchModel& model, const std::vector<std::vector<int>>& histories,
                  const std::vector<int>& held_out, int k = 10);

}  // namespace movienet
