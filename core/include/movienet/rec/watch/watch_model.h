// The will-watch model: P(next movie = i | history), learned from implicit
// feedback (every rated movie was watched). Like the rating model it has no
// parameter that belongs to a viewer: the viewer is their history, oldest
// first.
//
// With history s_1..s_n (most recent last):
//   u = n^-1/2 * sum_j e_{s_j}  +  sum_{k=1..min(n, K)} alpha_k * r_{s_{n+1-k}}
//   logit_i = o_i . u + c_i
//   P(watch i | history) = softmax of the logits over the movies not in the history
// e (taste, order-free), r (the K most recent movies, weighted by recency
// alpha), o (output vectors) and c (popularity) are learned. The recent term
// is what lets it beat order-free models such as EASE on "what next".
#pragma once

#include <vector>

#include "movienet/base/types.h"

namespace movienet {

struct WatchConfig {
    int dim = 64;     // size of e, r, o
    int recent = 8;   // K: how many of the latest movies get their own weight
    bool tied = false; // one movie table for e, r and o (a third of the size)
};

class WatchModel {
public:
    WatchModel(int movies, const WatchConfig& config);

    const WatchConfig& config() const { return config_; }
    int movies() const { return n_movies_; }

    // Parameters: [c (M) | O (d x M) | E (d x M) | R (d x M) | alpha (K)];
    // tied: [c (M) | O (d x M) | alpha (K)] with E = R = O.
    Vector& params() { return params_; }
    const Vector& params() const { return params_; }
    static Index param_count(int movies, const WatchConfig& config);
    void init(uint64_t seed);

    Index o_offset(int i) const { return n_movies_ + Index(i) * config_.dim; }
    Index e_offset(int i) const { return config_.tied ? o_offset(i) : o_offset(n_movies_ + i); }
    Index r_offset(int i) const { return config_.tied ? o_offset(i) : o_offset(2 * n_movies_ + i); }
    Index alpha_offset() const { return o_offset(tables() * n_movies_); }
    int tables() const { return config_.tied ? 1 : 3; }

    // The viewer vector u for a history of dense indices, oldest first.
    Vector encode(const int* items, int count) const;
    // logit_i for the given movies.
    void logits(const Vector& u, const int* movies, int count, float* out) const;
    // log P(watch i | history) for every movie: log-softmax over the movies
    // not in `history` (those get -infinity).
    std::vector<float> log_probabilities(const std::vector<int>& history) const;

private:
    WatchConfig config_;
    int n_movies_;
    Vector params_;
};

}  // namespace movienet
