// SeedScorer: SeedModel::score, fast. The same features, written row by row
// into a reused buffer and pushed through the packed SIMD InferenceNet
// instead of Eigen's general products (which the wasm module then need not
// carry). Same function as SeedModel::score up to float rounding.
#pragma once

#include <vector>

#include "movienet/nn/inference.h"
#include "movienet/rec/seed/seed_model.h"

namespace movienet {

class SeedScorer {
public:
    // Keeps a reference: the model must outlive the scorer and not change.
    explicit SeedScorer(const SeedModel& model);

    // As SeedModel::score: raw (unclamped) scores of dense movie indices.
    // Uses per-object scratch memory: one call at a time per object.
    void score(const ResolvedHistory& history, const int* movies, int count, float* out);

private:
    const SeedModel& model_;
    InferenceNet net_;
    std::vector<float> features_;  // per-call scratch: one row per movie of a chunk
};

}  // namespace movienet
