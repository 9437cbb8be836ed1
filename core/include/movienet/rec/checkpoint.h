// The training checkpoint (format "movienet-checkpoint", version 2), written
// atomically after every epoch so training resumes bit-identically:
//   { "format", "version", "fingerprint": <data and options it belongs to>,
//     "epoch", "best_epoch", "since_best", "best_rmse", "best_params": {shape, data},
//     "epochs": [{epoch, train_rmse, validation_rmse, seconds}], "rng": "<mt19937_64 state>",
//     "optimizer": {<the architecture's, see ArchTrainer>}, "model": "<model file (safetensors), base64>" }
#pragma once

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet {

constexpr const char* checkpoint_format_name = "movienet-checkpoint";
constexpr int checkpoint_format_version = 2;

// Everything about a training run that changes from epoch to epoch.
struct TrainingState {
    int epoch = 0, best_epoch = 0, since_best = 0;
    double best_rmse = std::numeric_limits<double>::infinity();
    Vector best_params;
    std::vector<RatingEpochReport> epochs;
    std::mt19937_64 rng;
};

// Identifies the training data and options a checkpoint belongs to.
std::string training_fingerprint(const std::vector<Rating>& training, const RatingTrainOptions& options);

void save_checkpoint(const std::string& path, const std::string& fingerprint, const TrainingState& state,
                     ArchTrainer& trainer, const RatingModel& model);
// Restores state, optimiser and model weights from `path`. Error(ModelFormat)
// for another format or version or a damaged file, Error(BadInput) when the
// fingerprint differs; `epochs` is the run's planned epoch count.
void load_checkpoint(const std::string& path, const std::string& fingerprint, int epochs, TrainingState& state,
                     ArchTrainer& trainer, RatingModel& model);

// Float32 vectors as {"shape": [n], "data": base64}, for optimiser states.
Json vector_to_json(const Vector& values);
// `expected` values, or none (a state not yet allocated); Error(ModelFormat) otherwise.
Vector vector_from_json(const JsonNode& parent, const std::string& key, const std::string& path, Index expected);

// An Adam optimiser's state under `prefix` ("head_": head_m, head_v, head_t).
void adam_state_to_json(Adam& adam, const std::string& prefix, Json& state);
void restore_adam_state(Adam& adam, const JsonNode& state, const std::string& prefix, Index size);

}  // namespace movienet
