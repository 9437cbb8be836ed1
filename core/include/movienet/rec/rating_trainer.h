// Trains a rating model (pooled or seed) on MovieLens-style ratings: a seeded
// validation holdout taken from the training ratings only, per-epoch
// validation RMSE, early stopping on it, and an atomic checkpoint after every
// epoch from which training resumes bit-identically.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "movienet/io/json_writer.h"
#include "movienet/rec/large_data.h"
#include "movienet/rec/pooled/pooled_trainer.h"
#include "movienet/rec/rating_model.h"
#include "movienet/rec/watch/watch_fit.h"

namespace movienet {

struct RatingTrainOptions {
    std::string arch = "pooled";       // see parse_rating_arch
    int epochs = 0;                    // 0: the architecture's default (pooled 40, seed 10)
    uint64_t seed = 1;
    int threads = 1;                   // worker threads for both models (results depend on seed and threads only)
    double validation_fraction = 0.05; // share of training ratings held out to choose the epoch
    // Epochs without validation improvement before stopping (0 = never;
    // kAutoPatience: 4, or 1 on large data, large_data.h).
    int patience = kAutoPatience;
    PooledConfig pooled;
    PooledTrainConfig pooled_training;
    Index seed_batch_size = 32;        // the Keras reference: Adam 1e-3, batch 32
    double seed_learning_rate = 1e-3;
    bool watch_head = true;            // also fit the will-watch head (watch_fit.h) on the training ratings
    WatchFitOptions watch;             // its seed is `seed`
    std::string checkpoint_path;       // written after every epoch when not empty
    Json metadata = Json::object();    // copied into the model file
};

// The architecture a user named: "default" is "pooled"; Error(BadInput) for one not trainable.
std::string parse_rating_arch(const std::string& name);
// Epochs when RatingTrainOptions::epochs is 0: pooled 40, seed 10 (the Keras reference).
int default_epochs(const std::string& arch);

struct RatingEpochReport {
    int epoch = 0, epochs = 0;
    double train_rmse = 0, validation_rmse = -1;
    double seconds = 0;
    bool improved = false;
};

struct RatingTrainCallbacks {
    std::function<void(const RatingEpochReport&)> on_epoch;
    std::function<void(int epoch, double fraction)> on_progress;  // within an epoch
    std::function<bool()> should_stop;                          // polled often; stops without a checkpoint
    // The will-watch head, fitted after the rating epochs (not checkpointed:
    // a resumed run fits it again from the seed, with the same result).
    std::function<void(const WatchEpochReport&)> on_watch_epoch;
    std::function<void(bool final_pass, int epoch, double fraction)> on_watch_progress;
};

struct RatingTrainResult {
    RatingModel model;  // holds the best epoch's weights
    std::vector<RatingEpochReport> epochs;
    int best_epoch = 0;
    int watch_epochs = 0;  // 0: no watch head
    bool interrupted = false;
};

RatingTrainResult train_rating_model(const Dataset& dataset, const std::vector<Rating>& training,
                                     const RatingTrainOptions& options, const RatingTrainCallbacks& callbacks = {},
                                     const std::string& resume_checkpoint = "");

}  // namespace movienet
