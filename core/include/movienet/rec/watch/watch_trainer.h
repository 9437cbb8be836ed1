// Training of the will-watch model (watch_model.h) as next-movie prediction:
// for every viewer and every position t of their time-ordered events, the
// movie at t is the target and the movies before it are the history. The loss
// is the cross-entropy of a softmax in which the viewer's other watched movies
// (earlier or later) are masked out: a movie the viewer watched is never
// treated as one they would not watch.
//
// Two softmaxes:
// - full: over the whole catalogue; exact, and its cost per example grows
//   with the catalogue (the right choice for small ones);
// - sampled: over the target and `negatives` movies drawn once per batch
//   from the training popularity Q ~ count^power, each logit corrected by
//   -log E[times drawn] (log-Q, as in Jean et al. 2015 and Yi et al. 2019's
//   sampling-bias-corrected retrieval), so the cost per example is fixed.
// The optimiser is Adam applied lazily: a step updates only the movies whose
// rows have a gradient (all of them under the full softmax, where it equals
// dense Adam), with the global step count for bias correction.
//
// A batch is split into `threads` parts of consecutive examples; each part
// sums its gradient into its own buffer and the buffers are added in part
// order, so results depend on the seed and the thread count only.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <utility>
#include <vector>

#include "movienet/base/worker_pool.h"
#include "movienet/data/catalogue.h"
#include "movienet/rec/watch/watch_model.h"

namespace movienet {

// Each viewer's movies as dense indices, oldest first (by timestamp; ties
// keep input order), viewers in order of first appearance. Events of movies
// the catalogue lacks are skipped; a repeated movie keeps its latest position.
std::vector<std::vector<int>> watch_sequences(const std::vector<Rating>& ratings, const Catalogue& catalogue);

struct WatchTrainConfig {
    double learning_rate = 1e-3;
    double weight_decay = 0;  // decoupled (AdamW), on the rows a step updates
    int batch = 128;          // (viewer, position) examples per step
    // Positions drawn per viewer and epoch (0: all). Heavy raters would
    // otherwise dominate training, while every viewer counts the same.
    int positions_per_viewer = 0;
    int negatives = 0;         // 0: full softmax; N > 0: N draws of sampled negatives per batch
    double sampling_power = 0.75;  // Q ~ (training count + 1)^power
    // Sampled softmax: a history longer than this is pooled from this many of
    // its movies (drawn with replacement, scaled to an unbiased sum); 0: all.
    int history_sample = 16;
};

// One training example: the movie at `position` of viewer `viewer`'s sequence.
struct WatchExample {
    int viewer;
    int position;  // >= 1: the history is never empty
};

// The sampled softmax's candidates for one batch: distinct movies and
// log E[times drawn] of each, the correction subtracted from its logit.
struct WatchCandidates {
    std::vector<int> movies;
    std::vector<float> log_expected;
};

class WatchTrainer {
public:
    // `sequences` are the training data (kept by reference), used for the
    // sampling distribution and every epoch.
    WatchTrainer(WatchModel& model, const WatchTrainConfig& config, const std::vector<std::vector<int>>& sequences,
                 WorkerPool& pool);
    ~WatchTrainer();

    // One pass over (viewer, position >= 1) examples in a random order (at
    // most positions_per_viewer per viewer); returns the mean cross-entropy
    // (of the sampled softmax when sampling). `progress(fraction)` returning
    // false stops early.
    double train_epoch(std::mt19937_64& rng, const std::function<bool(double)>& progress = {});

    // Mean loss of the examples and its gradient with respect to
    // model.params() (grad is resized); with `candidates`, of the sampled
    // softmax over them. Public for the gradient check.
    double loss_and_gradient(const std::vector<WatchExample>& examples, Vector& grad,
                             const WatchCandidates* candidates = nullptr);

    // Draws one batch's candidates (public for tests).
    WatchCandidates draw_candidates(std::mt19937_64& rng) const;
    // log E[times drawn] of movie i in one batch's draws.
    float log_expected(int movie) const;

    // Optimiser state, for checkpoints: Adam's moments over model.params()
    // and the step count.
    Vector& first_moment() { return m_; }
    Vector& second_moment() { return v_; }
    long& steps() { return t_; }

private:
    struct Part;
    double accumulate(Part& part, const WatchExample* examples, int count, const WatchCandidates* candidates,
                      float scale);
    void apply_update();

    WatchModel& model_;
    WatchTrainConfig config_;
    const std::vector<std::vector<int>>& sequences_;
    WorkerPool& pool_;
    std::vector<std::unique_ptr<Part>> parts_;
    std::vector<double> cumulative_q_;  // sampling CDF (sampled softmax only)
    std::vector<float> log_expected_;   // log E[times drawn] per movie (sampled softmax only)
    // The batch's candidates as the parts read them: movie -> column (-1:
    // not a candidate), their output vectors and corrected biases.
    std::vector<int> column_of_, current_candidates_;
    Matrix candidate_o_;
    Vector candidate_bias_;
    void set_candidates(const WatchCandidates* candidates);
    std::vector<int> touched_;          // rows updated by the next apply_update
    std::vector<uint8_t> is_touched_;
    Vector m_, v_;
    long t_ = 0;
    uint64_t history_seed_ = 0;  // the batch's seed for history samples
};

}  // namespace movienet
