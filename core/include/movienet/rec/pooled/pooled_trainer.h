// Training of the history-pooled model (pooled_model.h): one step per chunk
// of a viewer's ratings, each target left out of the pooled history, with a
// random part of the history dropped now and then so the model also learns
// viewers who have rated little. Embeddings use a lazy (row-wise) Adam with
// L2, the head plain Adam.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "movienet/nn/optimizer.h"
#include "movienet/rec/pooled/pooled_model.h"

namespace movienet {

// One viewer's ratings as dense movie indices.
struct UserRatings {
    std::vector<int> items;
    std::vector<float> ratings;
};

// Groups ratings by user (in order of first appearance), mapping movie ids
// through the catalogue; ratings of unknown movies are skipped.
std::vector<UserRatings> group_by_user(const std::vector<Rating>& ratings, const Catalogue& catalogue,
                                       std::vector<int32_t>* user_ids = nullptr);

struct PooledTrainConfig {
    double learning_rate = 5e-4;       // embeddings
    double head_learning_rate = 1e-4;
    double l2 = 0.1;                   // on the embedding rows a step touches
    double head_weight_decay = 1e-4;
    double history_dropout = 0.5;      // probability that a step sees only part of the history
    double min_history_keep = 0.3;     // ... and then keeps each rating with p ~ U(this, 1)
    int max_targets = 128;             // targets per step (a viewer's ratings are chunked)
};

class PooledTrainer {
public:
    PooledTrainer(PooledModel& model, const PooledTrainConfig& config);

    // One pass over all viewers in a random order; returns the training MSE.
    // `progress(fraction)` is called after each viewer; returning false abandons the epoch.
    double train_epoch(const std::vector<UserRatings>& users, std::mt19937_64& rng,
                       const std::function<bool(double)>& progress = {});

    // The viewer states the step uses for each target: pooled over the kept
    // history minus the target itself (computed from shared sums, in O(dim)
    // per target). Public so tests can check that no target leaks.
    std::vector<UserState> target_states(const UserRatings& user, const std::vector<int>& targets,
                                         const std::vector<uint8_t>& keep) const;

    // One step's loss, the summed squared error of its targets before any
    // update (L2 is not part of it: the update adds it), and the loss's
    // gradient: added to embedding_gradient() for the rows the step touches,
    // written to model.head().grads() for the head. train_epoch's next update
    // consumes both; public so tests can check the gradient numerically.
    double accumulate_gradient(const UserRatings& user, const std::vector<int>& targets,
                               const std::vector<uint8_t>& keep);
    const Vector& embedding_gradient() const { return grad_; }

    // Optimiser state, for checkpoints.
    Vector& embedding_first_moment() { return m_; }
    Vector& embedding_second_moment() { return v_; }
    long& embedding_steps() { return t_; }
    Adam& head_optimizer() { return head_adam_; }

private:
    double step(const UserRatings& user, const std::vector<int>& targets, const std::vector<uint8_t>& keep);
    void apply_update();  // lazy Adam on the touched rows, Adam on the head; zeroes the gradient it used
    void lazy_adam_row(Index offset, Index size);

    PooledModel& model_;
    PooledTrainConfig config_;
    Adam head_adam_;
    Vector grad_, m_, v_;
    long t_ = 0;
    std::vector<uint8_t> touched_;
    std::vector<int> touched_list_;
    // Scratch reused across steps.
    Matrix z_, head_grad_, dz_;
    std::vector<Matrix> activations_, scratch_;
};

}  // namespace movienet
