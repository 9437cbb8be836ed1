// Training of the history-pooled model (pooled_model.h): one step per chunk
// of a viewer's ratings, each target left out of the pooled history, with a
// random part of the history dropped now and then so the model also learns
// viewers who have rated little. Embeddings use a lazy (row-wise) Adam with
// L2, the head plain Adam.
//
// With a pool of T threads, T consecutive steps compute their gradients at
// once from the same weights (steps 2..T see weights one to T-1 updates
// old), then their updates are applied in step order: each embedding row
// takes the steps that touched it one after the other, rows in parallel, so
// the result equals applying them one by one and depends on the seed and T
// only. T = 1 is plain sequential training.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <vector>

#include "movienet/base/worker_pool.h"
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
    // `pool` may be null: one thread.
    PooledTrainer(PooledModel& model, const PooledTrainConfig& config, WorkerPool* pool = nullptr);
    ~PooledTrainer();

    // One pass over all viewers in a random order; returns the training MSE.
    // `progress(fraction)` is called after each round of steps; returning false abandons the epoch.
    double train_epoch(const std::vector<UserRatings>& users, std::mt19937_64& rng,
                       const std::function<bool(double)>& progress = {});

    // The viewer states the step uses for each target: pooled over the kept
    // history minus the target itself (computed from shared sums, in O(dim)
    // per target). Public so tests can check that no target leaks.
    std::vector<UserState> target_states(const UserRatings& user, const std::vector<int>& targets,
                                         const std::vector<uint8_t>& keep) const;

    // One step's loss, the summed squared error of its targets before any
    // update (L2 is not part of it: the update adds it), and the loss's
    // gradient: embedding_gradient() for the rows the step touches,
    // model.head().grads() for the head. Public so tests can check the
    // gradient numerically; training itself goes through train_epoch.
    double accumulate_gradient(const UserRatings& user, const std::vector<int>& targets,
                               const std::vector<uint8_t>& keep);
    Vector embedding_gradient() const;  // dense: zero outside the touched rows

    // Frees the per-thread buffers (gradient rows, head copies, the movie ->
    // row maps); the next epoch allocates them again.
    void release_scratch();

    // Optimiser state, for checkpoints.
    Vector& embedding_first_moment() { return m_; }
    Vector& embedding_second_moment() { return v_; }
    long& embedding_steps() { return t_; }
    Adam& head_optimizer() { return head_adam_; }

private:
    struct Part;
    struct Step {
        const UserRatings* user;
        std::vector<int> targets;
        std::shared_ptr<const std::vector<uint8_t>> keep;
    };
    void make_parts();  // one per thread, if released
    double accumulate(Part& part, const UserRatings& user, const std::vector<int>& targets,
                      const std::vector<uint8_t>& keep);
    // Gradients of the steps at once, then their updates in order; returns their squared error.
    double run_round(const std::vector<Step>& steps);
    // Lazy Adam on the rows part `p` touched, as update number t; Adam on the head.
    void update_row(Part& part, int movie, long t);

    PooledModel& model_;
    PooledTrainConfig config_;
    WorkerPool* pool_;
    Adam head_adam_;
    Vector m_, v_;
    long t_ = 0;
    std::vector<std::unique_ptr<Part>> parts_;
    std::vector<int> rows_;              // the rows a round updates
    std::vector<uint8_t> row_seen_;
};

}  // namespace movienet
