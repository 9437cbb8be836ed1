// The default architecture: a history-pooled MLP (README.md, "The model").
//
// A viewer is only their history H = {(j, r_j)}. With a_j = r_j - mu - b_j:
//   b_u = sum_H a_j / (|H| + shrinkage)                           viewer offset
//   p_u = |H|^-1/2 * sum_H ((a_j - b_u) x_j + y_j)                viewer vector
//   r(u,i) = mu + b_i + b_u + p_u . q_i + head([p_u, q_i, p_u*q_i, side_i, side_u])
// x_j (rating-weighted) and y_j (implicit "has rated") are history vectors,
// q_i the target vector, head a small MLP. No parameter belongs to a user, so
// the same weights serve any new visitor. While training, the target is left
// out of its own history (exactly, by subtracting its terms from the sums).
#pragma once

#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/nn/network.h"

namespace movienet {

struct PooledConfig {
    int dim = 32;                  // size of q, x, y
    int hidden = 64;               // head: one hidden ReLU layer of this width
    float user_bias_shrinkage = 5;
};

// The viewer's representation, computed once per history.
struct UserState {
    Vector p;
    float bias = 0;
    int count = 0;
};

// The head's history-size input, log1p(count) / 5: about 1 for a viewer with
// 150 ratings, so it sits on the scale of the other inputs.
Scalar history_size_feature(int count);

class PooledModel {
public:
    PooledModel(const Catalogue& catalogue, const PooledConfig& config, float global_mean);

    const PooledConfig& config() const { return config_; }
    int movies() const { return n_movies_; }
    float global_mean() const { return global_mean_; }
    Index side_size() const { return movie_side_.rows() + 2; }
    // Per movie (a column): genre flags, standardised year and log-popularity.
    const Matrix& movie_side() const { return movie_side_; }
    Index head_input_size() const { return 3 * config_.dim + side_size(); }

    void init(uint64_t seed);

    // Embedding parameters: [b (M) | Q (d x M) | X (d x M) | Y (d x M)].
    Vector& embeddings() { return embeddings_; }
    const Vector& embeddings() const { return embeddings_; }
    Network& head() { return head_; }
    const Network& head() const { return head_; }

    float movie_bias(int i) const { return embeddings_[i]; }
    ConstVectorMap target_vector(int i) const { return {embeddings_.data() + q_offset(i), config_.dim}; }

    UserState encode_user(const std::vector<int>& items, const std::vector<float>& ratings) const;
    // Raw (unclamped) predictions for `count` dense movie indices.
    void score(const UserState& user, const int* movies, int count, float* out) const;

    // Offsets into embeddings().
    Index q_offset(int i) const { return n_movies_ + Index(i) * config_.dim; }
    Index x_offset(int i) const { return n_movies_ + (Index(n_movies_) + i) * config_.dim; }
    Index y_offset(int i) const { return n_movies_ + (2 * Index(n_movies_) + i) * config_.dim; }

    // Fills the head's input columns for the given movies and user.
    void head_inputs(const UserState& user, const int* movies, int count, Matrix& z) const;

private:
    PooledConfig config_;
    int n_movies_;
    float global_mean_;
    Matrix movie_side_;  // per movie: genre flags, standardised year and log-popularity
    Vector embeddings_;
    Network head_;
};

}  // namespace movienet
