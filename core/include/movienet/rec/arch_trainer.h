// What the rating trainer needs of one architecture (training side of
// architecture.h; lives in movienet_train so the wasm never links it): build
// and initialise the model, run epochs, and save and restore the optimiser.
#pragma once

#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "movienet/io/json_writer.h"
#include "movienet/io/safetensors.h"
#include "movienet/rec/rating_trainer.h"

namespace movienet {

class ArchTrainer {
public:
    virtual ~ArchTrainer() = default;

    // One pass over the fitting ratings; returns the training MSE. Sets
    // `interrupted` (the epoch is then incomplete) when should_stop says so.
    virtual double train_epoch(std::mt19937_64& rng, const std::function<void(double fraction)>& on_progress,
                               const std::function<bool()>& should_stop, bool& interrupted) = 0;

    // Optimiser state for checkpoints, as tensors "optimizer.*"
    // (checkpoint.h); restoring checks every dtype, shape and value first.
    virtual void write_optimizer_state(SafetensorsWriter& out) = 0;
    virtual void restore_optimizer_state(const Safetensors& file) = 0;

    // No epoch follows: frees what only epochs use (the grouped ratings,
    // per-thread gradients); the optimiser state stays for checkpoints.
    virtual void end_epochs() {}

    // Written to the model's metadata when not null.
    virtual Json hyperparameters() const { return nullptr; }
};

struct ArchTraining {
    const char* name;
    int default_epochs;
    // Sets model.arch to a freshly initialised model fitted to `fit_part`
    // (model's catalogue, scale and global mean are set) and returns its trainer.
    std::unique_ptr<ArchTrainer> (*start)(RatingModel& model, const std::vector<Rating>& fit_part,
                                          const RatingTrainOptions& options);
};

// The trainable architectures (listed in arch_trainers.cpp); Error(BadInput) when unknown.
const ArchTraining& arch_training(const std::string& name);

extern const ArchTraining pooled_arch_training;
extern const ArchTraining seed_arch_training;

}  // namespace movienet
