// Training of the will-watch model (watch_model.h) as next-movie prediction:
// for every viewer and every position t of their time-ordered ratings, the
// movie at t is the target and the movies before it are the history. The loss
// is the cross-entropy of a softmax over the whole catalogue, in which the
// viewer's other watched movies (earlier or later) are masked out: a movie the
// viewer watched is never treated as one they would not watch.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <utility>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/nn/optimizer.h"
#include "movienet/rec/watch/watch_model.h"

namespace movienet {

// Each viewer's movies as dense indices, oldest first (by timestamp; ties
// keep input order), viewers in order of first appearance. Ratings of movies
// the catalogue lacks are skipped; a repeated movie keeps its latest position.
std::vector<std::vector<int>> watch_sequences(const std::vector<Rating>& ratings, const Catalogue& catalogue);

struct WatchTrainConfig {
    double learning_rate = 1e-3;
    double weight_decay = 0;  // decoupled (AdamW)
    int batch = 128;          // (viewer, position) examples per step
    // Positions drawn per viewer and epoch (0: all). Heavy raters would
    // otherwise dominate training, while every viewer counts the same.
    int positions_per_viewer = 0;
};

// One training example: the movie at `position` of viewer `viewer`'s sequence.
struct WatchExample {
    int viewer;
    int position;  // >= 1: the history is never empty
};

class WatchTrainer {
public:
    WatchTrainer(WatchModel& model, const WatchTrainConfig& config);

    // One pass over (viewer, position >= 1) examples in a random order (at
    // most positions_per_viewer per viewer); returns the mean cross-entropy. `progress(fraction)` returning false stops early.
    double train_epoch(const std::vector<std::vector<int>>& sequences, std::mt19937_64& rng,
                       const std::function<bool(double)>& progress = {});

    // Mean loss of the examples and its gradient with respect to
    // model.params() (grad is resized). Public for the gradient check.
    double loss_and_gradient(const std::vector<std::vector<int>>& sequences,
                             const std::vector<WatchExample>& examples, Vector& grad);

    Adam& optimizer() { return adam_; }

private:
    WatchModel& model_;
    WatchTrainConfig config_;
    Adam adam_;
    Vector grad_;
    Matrix u_, logits_, du_;
};

}  // namespace movienet
