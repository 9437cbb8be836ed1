// Minibatch training of a Network: seeded shuffling, per-epoch validation,
// early stopping. The library reports progress through a callback; printing
// is the caller's business.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "movienet/nn/loss.h"
#include "movienet/nn/network.h"
#include "movienet/nn/optimizer.h"

namespace movienet {

struct EpochReport {
    int epoch = 0;              // 1-based
    int epochs = 0;             // planned total
    double train_loss = 0;      // mean loss over the epoch's batches
    double validation_loss = -1;  // < 0 when there is no validation set
    double seconds = 0;         // wall time of this epoch
    bool improved = false;      // validation loss is the best so far
};

struct BatchReport {
    int epoch = 0;
    Index batch = 0, batches = 0;
};

struct TrainConfig {
    int epochs = 10;
    Index batch_size = 32;
    uint64_t seed = 1;
    int patience = 0;  // stop after this many epochs without validation improvement; 0 = never
    std::function<void(const EpochReport&)> on_epoch;
    std::function<void(const BatchReport&)> on_batch;  // called every batch; keep it cheap
    // Return true to stop after the current epoch (e.g. on Ctrl-C).
    std::function<bool()> should_stop;
};

struct TrainResult {
    std::vector<EpochReport> epochs;
    int best_epoch = 0;  // the epoch whose weights the network holds at the end (with early stopping)
    bool stopped_early = false;
};

// x: features x n, y: outputs x n (one sample per column). With a validation
// set and patience > 0 the network ends with the weights of the best epoch.
TrainResult fit(Network& net, const Loss& loss, Optimizer& optimizer, const Matrix& x, const Matrix& y,
                const TrainConfig& config, const Matrix* x_validation = nullptr,
                const Matrix* y_validation = nullptr);


}  // namespace movienet
