// PooledScorer: PooledModel::score, fast. The head's first layer sees
// [p, q_i, p*q_i, side_i, user stats]; everything that depends only on the
// movie (W_q q_i + W_side side_i) is computed once, the first time the movie
// is scored (a recommend() over 62,000 movies rates a few hundred), what depends
// only on the viewer (W_p p + W_stats stats + b) once per call, and the one
// bilinear term (W_pq diag(p)) q_i runs through the packed SIMD micro-kernel
// over gathered movie rows. Same function as PooledModel::score up to float
// rounding; ~2k multiply-adds per movie instead of ~7.5k.
#pragma once

#include <cstdint>
#include <vector>

#include "movienet/rec/pooled/pooled_model.h"

namespace movienet {

class PooledScorer {
public:
    // Keeps a reference: the model must outlive the scorer and not change.
    explicit PooledScorer(const PooledModel& model);

    // As PooledModel::score: raw (unclamped) scores of dense movie indices.
    // Uses per-object scratch memory: one call at a time per object.
    void score(const UserState& user, const int* movies, int count, float* out);

private:
    const PooledModel& model_;
    int dim_, hidden_, panel_units_;
    // Per movie: W_q q_i + W_side side_i (panel_units_ floats), computed
    // when the movie is first scored (movie_ready_).
    std::vector<float> movie_part_;
    std::vector<uint8_t> movie_ready_;
    void fill_movie_part(int i);
    std::vector<float> w_p_, w_pq_, w_count_, w_bias_, b1_, w2_;  // head pieces (hidden_-padded)
    float b2_ = 0;
    std::vector<float> packed_, user_part_, hidden_rows_;  // per-call scratch
};

}  // namespace movienet
