// How training adapts to large data. From kLargeTrainingEvents training
// events up, every epoch is long and both holdouts are large enough that a
// worse epoch is a real plateau rather than noise, so:
// - each model stops at the first epoch that does not improve its
//   validation score (patience 1; below: 4 for the rating model, 3 for the
//   watch head), and an epoch improves only if it beats the best by at least
//   0.1 % of it (below: by anything);
// - the watch head keeps the weights of its best epoch on the holdout
//   instead of training again on every event (the holdout, one movie of at
//   most 5,000 viewers, is then under 0.25 % of the events).
// MovieLens 100K, ml-latest-small and 1M train as below the threshold.
#pragma once

#include <cstddef>

namespace movienet {

constexpr size_t kLargeTrainingEvents = 2000000;

inline bool is_large_training(size_t events) { return events >= kLargeTrainingEvents; }

constexpr int kAutoPatience = -1;

// The relative margin by which an epoch must beat the best one to count.
inline double min_improvement(size_t events) { return is_large_training(events) ? 1e-3 : 0.0; }

// The patience a run uses: `requested`, or for kAutoPatience the rule above.
inline int resolve_patience(int requested, int small_data_patience, size_t events) {
    if (requested != kAutoPatience) return requested;
    return is_large_training(events) ? 1 : small_data_patience;
}

}  // namespace movienet
