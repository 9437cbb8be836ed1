// The training checkpoint (format "movienet-checkpoint", version 3), written
// atomically after every epoch so training resumes bit-identically. One
// safetensors file (safetensors.h), native builds only:
//   tensors    the architecture's weights as the model file names them
//              ("pooled.*", "seed.*"; float32), best_params F32 [n] (the best
//              epoch's weights; [0] until an epoch improved), and the
//              optimiser's state "optimizer.*" (the architecture's trainer
//              names them): moments F32 [n] ([0]: an Adam not yet stepped),
//              step counts I64 [].
//   __metadata__  "format": "movienet-checkpoint", "version": "3", "arch",
//              "fingerprint" (training_fingerprint), "epoch", "best_epoch",
//              "since_best", "best_rmse" (shortest round-trip decimal; "inf"
//              before an improvement), "epochs" (JSON array of {epoch,
//              train_rmse, validation_rmse, seconds}; null for NaN), "rng"
//              (the mt19937_64 state as the standard library writes it).
// After the rating epochs, each epoch of the will-watch head rewrites the
// file with the rating phase as it ended plus the head's state: tensors
// watch.params F32 [n], optimizer.watch_m, optimizer.watch_v F32 [n],
// optimizer.watch_t I64 [], and "watch_state" in __metadata__ (JSON: pass,
// epoch counters, best NDCG, epoch reports, the rng as "rng" is written).
// Loading checks all of it against the run before the first epoch: every
// tensor's dtype and shape against what this run's model and optimiser hold,
// values finite, counters consistent, the rng state complete. A checkpoint of
// another run is Error(BadInput), a damaged one Error(ModelFormat); both name
// the field or tensor, expected vs found. Version 2 (one JSON document with
// base64 tensors) is refused: its run must start again.
#pragma once

#include <limits>
#include <random>
#include <string>
#include <vector>

#include "movienet/io/safetensors.h"
#include "movienet/nn/optimizer.h"
#include "movienet/rec/arch_trainer.h"
#include "movienet/rec/rating_trainer.h"
#include "movienet/rec/watch/watch_fit.h"

namespace movienet {

constexpr const char* checkpoint_format_name = "movienet-checkpoint";
constexpr int checkpoint_format_version = 3;

// Everything about a training run that changes from epoch to epoch.
struct TrainingState {
    int epoch = 0, best_epoch = 0, since_best = 0;
    double best_rmse = std::numeric_limits<double>::infinity();
    Vector best_params;
    std::vector<RatingEpochReport> epochs;
    std::mt19937_64 rng;
};

// Identifies the training data and the options that shape training, as
// "key=value;..." (ratings, ratings_hash, arch, seed, validation, dim, hidden,
// lr, l2, seed_batch), so a mismatch can name what changed.
std::string training_fingerprint(const std::vector<Rating>& training, const RatingTrainOptions& options);

// `watch` (may be null): the will-watch head's fit between two epochs.
void save_checkpoint(const std::string& path, const std::string& fingerprint, const TrainingState& state,
                     ArchTrainer& trainer, const RatingModel& model, const WatchFitView* watch = nullptr);
// Validates `path` against this run (see above), then restores state,
// optimiser and model weights. `model` and `trainer` are the run's, freshly
// started; `epochs` is the run's planned epoch count. Nothing is written.
// When the file holds the watch head's state it is checked against
// `watch_params` (the head's parameter count) and returned in `*watch`
// (then true); a watch state without `watch` to take it is Error(BadInput).
bool load_checkpoint(const std::string& path, const std::string& fingerprint, int epochs, TrainingState& state,
                     ArchTrainer& trainer, RatingModel& model, WatchFitSnapshot* watch = nullptr,
                     Index watch_params = 0);

// For the architectures' trainers: optimiser tensors "optimizer.<name>".
// Writers borrow the vectors (add_f32_borrowed): they must outlive the write.
void write_state_vector(SafetensorsWriter& out, const std::string& name, const Vector& values);
// F32 [size], finite (and >= 0 when `non_negative`); [0] too when `may_be_empty`.
Vector read_state_vector(const Safetensors& file, const std::string& name, Index size, bool may_be_empty,
                         bool non_negative);
void write_step_count(SafetensorsWriter& out, const std::string& name, long steps);
// I64 [], >= 0.
long read_step_count(const Safetensors& file, const std::string& name);

// An Adam optimiser's state under `prefix` ("head_": optimizer.head_m, .head_v, .head_t).
void write_adam_state(SafetensorsWriter& out, const std::string& prefix, Adam& adam);
void restore_adam_state(Adam& adam, const Safetensors& file, const std::string& prefix, Index size);

}  // namespace movienet
