#include "movienet/rec/pooled/pooled_trainer.h"

#include <cmath>
#include <unordered_map>

#include "movienet/nn/trainer.h"

namespace movienet {

std::vector<UserRatings> group_by_user(const std::vector<Rating>& ratings, const Catalogue& catalogue,
                                       std::vector<int32_t>* user_ids) {
    std::unordered_map<int32_t, size_t> slot;
    std::vector<UserRatings> users;
    for (const auto& rating : ratings) {
        const int item = catalogue.find(rating.movie);
        if (item < 0) continue;
        const auto [it, inserted] = slot.emplace(rating.user, users.size());
        if (inserted) {
            users.emplace_back();
            if (user_ids) user_ids->push_back(rating.user);
        }
        users[it->second].items.push_back(item);
        users[it->second].ratings.push_back(rating.rating);
    }
    return users;
}

// One step's gradient, computed beside the others of its round.
// The embedding gradient is kept for the touched movies only, a row each
// ([b, q, x, y]): a dense copy of the table per thread would cost as much
// memory as the model at catalogue scale.
struct PooledTrainer::Part {
    explicit Part(const PooledModel& model)
        : head(model.head()), dim(model.config().dim), slot(static_cast<size_t>(model.movies()), -1) {}
    Network head;  // a copy of the model's head: its weights are refreshed every round, its grads are this step's
    Index dim;
    std::vector<int> slot;  // movie -> its row in `rows`, -1 when untouched
    std::vector<int> touched_list;
    std::vector<Scalar> rows;
    Matrix z, head_grad, dz;
    std::vector<Matrix> activations, scratch;
    double squared_error = 0;

    Index row_size() const { return 1 + 3 * dim; }
    bool touched(int i) const { return slot[static_cast<size_t>(i)] >= 0; }
    void touch(int i) {
        if (touched(i)) return;
        slot[static_cast<size_t>(i)] = static_cast<int>(touched_list.size());
        touched_list.push_back(i);
        rows.resize(rows.size() + static_cast<size_t>(row_size()), Scalar(0));
    }
    // Movie i's gradient row: the bias, then q, x and y (dim each).
    Scalar* row(int i) { return rows.data() + Index(slot[static_cast<size_t>(i)]) * row_size(); }
    void clear() {
        for (int i : touched_list) slot[static_cast<size_t>(i)] = -1;
        touched_list.clear();
        rows.clear();
    }
};

PooledTrainer::PooledTrainer(PooledModel& model, const PooledTrainConfig& config, WorkerPool* pool)
    : model_(model),
      config_(config),
      pool_(pool),
      head_adam_(AdamConfig{config.head_learning_rate, 0.9, 0.999, 1e-7, config.head_weight_decay}),
      m_(Vector::Zero(model.embeddings().size())),
      v_(Vector::Zero(model.embeddings().size())),
      row_seen_(static_cast<size_t>(model.movies()), 0) {
    make_parts();
}

PooledTrainer::~PooledTrainer() = default;

// Between rounds a part's gradient is zero and its head is refreshed from the
// model, so parts made again are the same as the ones released.
void PooledTrainer::make_parts() {
    const int threads = pool_ ? pool_->threads() : 1;
    for (int k = static_cast<int>(parts_.size()); k < threads; ++k) parts_.push_back(std::make_unique<Part>(model_));
}

void PooledTrainer::release_scratch() { parts_.clear(); }

Vector PooledTrainer::embedding_gradient() const {
    Part& part = *parts_[0];
    Vector dense = Vector::Zero(model_.embeddings().size());
    const Index d = part.dim;
    for (int i : part.touched_list) {
        const Scalar* g = part.row(i);
        dense[i] = g[0];
        dense.segment(model_.q_offset(i), d) = ConstVectorMap(g + 1, d);
        dense.segment(model_.x_offset(i), d) = ConstVectorMap(g + 1 + d, d);
        dense.segment(model_.y_offset(i), d) = ConstVectorMap(g + 1 + 2 * d, d);
    }
    return dense;
}

double PooledTrainer::train_epoch(const std::vector<UserRatings>& users, std::mt19937_64& rng,
                                  const std::function<bool(double)>& progress) {
    make_parts();
    const auto order = shuffled_indices(static_cast<Index>(users.size()), rng);
    const size_t round = parts_.size();
    double squared_error = 0;
    size_t count = 0, done = 0;
    std::vector<Step> steps;
    // The random draws happen viewer by viewer in the same order whatever
    // the thread count; only when the drawn steps run differs.
    for (const Index u : order) {
        const UserRatings& user = users[static_cast<size_t>(u)];
        const size_t n = user.items.size();
        auto keep = std::make_shared<std::vector<uint8_t>>(n, 1);
        if (portable_uniform(rng) < config_.history_dropout) {
            const double p = config_.min_history_keep + (1 - config_.min_history_keep) * portable_uniform(rng);
            for (auto& k : *keep) k = portable_uniform(rng) < p ? 1 : 0;
        }
        const auto target_order = shuffled_indices(static_cast<Index>(n), rng);
        for (size_t start = 0; start < n; start += static_cast<size_t>(config_.max_targets)) {
            Step step{&user, {}, keep};
            for (size_t k = start; k < std::min(n, start + static_cast<size_t>(config_.max_targets)); ++k)
                step.targets.push_back(static_cast<int>(target_order[k]));
            count += step.targets.size();
            steps.push_back(std::move(step));
            if (steps.size() == round) {
                squared_error += run_round(steps);
                steps.clear();
            }
        }
        ++done;
        if (steps.empty() && progress && !progress(static_cast<double>(done) / static_cast<double>(users.size())))
            return count ? squared_error / static_cast<double>(count) : 0;
    }
    if (!steps.empty()) squared_error += run_round(steps);
    if (progress) progress(1.0);
    return count ? squared_error / static_cast<double>(count) : 0;
}

double PooledTrainer::run_round(const std::vector<Step>& steps) {
    const int n_steps = static_cast<int>(steps.size());
    auto gradient = [&](int k) {
        if (k >= n_steps) return;
        Part& part = *parts_[size_t(k)];
        part.clear();  // empty after every round; also after a lone accumulate_gradient()
        part.head.params() = model_.head().params();
        part.squared_error = accumulate(part, *steps[size_t(k)].user, steps[size_t(k)].targets, *steps[size_t(k)].keep);
    };
    if (pool_ && n_steps > 1)
        pool_->run(gradient);
    else
        gradient(0);

    // The rows any step touched, each updated by its steps in step order.
    rows_.clear();
    for (int k = 0; k < n_steps; ++k)
        for (int i : parts_[size_t(k)]->touched_list)
            if (!row_seen_[size_t(i)]) {
                row_seen_[size_t(i)] = 1;
                rows_.push_back(i);
            }
    const long t0 = t_;
    auto update = [&](int part, int parts) {
        const auto [begin, end] = WorkerPool::range(rows_.size(), part, parts);
        for (size_t r = begin; r < end; ++r)
            for (int k = 0; k < n_steps; ++k)
                if (parts_[size_t(k)]->touched(rows_[r])) update_row(*parts_[size_t(k)], rows_[r], t0 + k + 1);
    };
    if (pool_ && n_steps > 1)
        pool_->run([&](int part) { update(part, pool_->threads()); });
    else
        update(0, 1);
    t_ = t0 + n_steps;
    double squared_error = 0;
    for (int k = 0; k < n_steps; ++k) {
        Part& part = *parts_[size_t(k)];
        part.clear();
        head_adam_.step(model_.head().params(), part.head.grads());
        squared_error += part.squared_error;
    }
    for (int i : rows_) row_seen_[size_t(i)] = 0;
    return squared_error;
}

std::vector<UserState> PooledTrainer::target_states(const UserRatings& user, const std::vector<int>& targets,
                                                   const std::vector<uint8_t>& keep) const {
    const PooledConfig& mc = model_.config();
    const Index d = mc.dim;
    const float mu = model_.global_mean();
    const Vector& e = model_.embeddings();
    const int n_targets = static_cast<int>(targets.size());
    // Sums over the kept history; each target then subtracts its own terms.
    // a_j = r_j - mu - b_j reads the history movies' biases as constants: the
    // step sends no gradient to b_j through a_j, so none through b_u either
    // (b_u is made of a_j alone). b_j learns only as the target's own bias.
    Vector sum_ax = Vector::Zero(d), sum_x = Vector::Zero(d), sum_y = Vector::Zero(d);
    double sum_a = 0;
    int n_kept = 0;
    for (size_t k = 0; k < user.items.size(); ++k) {
        if (!keep[k]) continue;
        const int j = user.items[k];
        const float a = user.ratings[k] - mu - e[j];
        sum_a += a;
        sum_ax += a * ConstVectorMap(e.data() + model_.x_offset(j), d);
        sum_x += ConstVectorMap(e.data() + model_.x_offset(j), d);
        sum_y += ConstVectorMap(e.data() + model_.y_offset(j), d);
        ++n_kept;
    }

    std::vector<UserState> states(static_cast<size_t>(n_targets));
    for (int t = 0; t < n_targets; ++t) {
        const size_t k = static_cast<size_t>(targets[static_cast<size_t>(t)]);
        const int i = user.items[k];
        const bool in_history = keep[k] != 0;
        const float a_i = user.ratings[k] - mu - e[i];
        const int n = n_kept - (in_history ? 1 : 0);
        UserState& s = states[static_cast<size_t>(t)];
        s.count = n;
        s.bias = static_cast<float>((sum_a - (in_history ? a_i : 0.0)) / (n + mc.user_bias_shrinkage));
        const float alpha = n > 0 ? 1.0f / std::sqrt(static_cast<float>(n)) : 0.0f;
        s.p = sum_ax - s.bias * sum_x + sum_y;
        if (in_history) {
            s.p -= (a_i - s.bias) * ConstVectorMap(e.data() + model_.x_offset(i), d) +
                   ConstVectorMap(e.data() + model_.y_offset(i), d);
        }
        s.p *= alpha;
    }
    return states;
}

double PooledTrainer::accumulate_gradient(const UserRatings& user, const std::vector<int>& targets,
                                          const std::vector<uint8_t>& keep) {
    make_parts();
    Part& part = *parts_[0];
    part.clear();  // this step's gradient only; it stays for embedding_gradient()
    part.head.params() = model_.head().params();
    const double squared_error = accumulate(part, user, targets, keep);
    model_.head().grads() = part.head.grads();
    return squared_error;
}

double PooledTrainer::accumulate(Part& part, const UserRatings& user, const std::vector<int>& targets,
                                 const std::vector<uint8_t>& keep) {
    const PooledConfig& mc = model_.config();
    const Index d = mc.dim;
    const float mu = model_.global_mean();
    const Vector& e = model_.embeddings();
    const int n_targets = static_cast<int>(targets.size());

    const std::vector<UserState> states = target_states(user, targets, keep);
    std::vector<int> movies(static_cast<size_t>(n_targets));
    std::vector<float> alpha(static_cast<size_t>(n_targets));
    for (int t = 0; t < n_targets; ++t) {
        movies[static_cast<size_t>(t)] = user.items[static_cast<size_t>(targets[static_cast<size_t>(t)])];
        const int n = states[static_cast<size_t>(t)].count;
        alpha[static_cast<size_t>(t)] = n > 0 ? 1.0f / std::sqrt(static_cast<float>(n)) : 0.0f;
    }

    // Head forward over all targets at once.
    const Index head_in = model_.head_input_size();
    part.z.resize(head_in, n_targets);
    Matrix column;
    for (int t = 0; t < n_targets; ++t) {
        model_.head_inputs(states[static_cast<size_t>(t)], &movies[static_cast<size_t>(t)], 1, column);
        part.z.col(t) = column.col(0);
    }
    part.head.forward(part.z, part.activations);
    const Matrix& head_out = part.activations.back();

    double squared_error = 0;
    part.head_grad.resize(1, n_targets);
    std::vector<float> g(static_cast<size_t>(n_targets));
    for (int t = 0; t < n_targets; ++t) {
        const size_t k = static_cast<size_t>(targets[static_cast<size_t>(t)]);
        const int i = movies[static_cast<size_t>(t)];
        const UserState& s = states[static_cast<size_t>(t)];
        const float prediction = mu + e[i] + s.bias + s.p.dot(model_.target_vector(i)) + head_out(0, t);
        const float error = prediction - user.ratings[k];
        squared_error += double(error) * error;
        // Summed (not averaged) over targets: with L2 applied per touched row this
        // keeps the familiar per-rating balance of SGD matrix factorisation.
        g[static_cast<size_t>(t)] = 2 * error;
        part.head_grad(0, t) = g[static_cast<size_t>(t)];
    }
    part.head.backward(part.activations, part.head_grad, part.scratch, &part.dz);
    // Of the head's input gradient dz only the p, q and p*q rows are used: the
    // side rows are data, and b_u's row stops here (see target_states).

    // Gradients of the embedding rows this step touches.
    auto touch = [&](int i) { part.touch(i); };
    Vector g1 = Vector::Zero(d), g2 = Vector::Zero(d), dp(d);
    for (int t = 0; t < n_targets; ++t) {
        const int i = movies[static_cast<size_t>(t)];
        const UserState& s = states[static_cast<size_t>(t)];
        const ConstVectorMap q = model_.target_vector(i);
        const auto dz = part.dz.col(t);
        touch(i);
        Scalar* row = part.row(i);
        row[0] += g[static_cast<size_t>(t)];
        VectorMap(row + 1, d) +=
            g[static_cast<size_t>(t)] * s.p + dz.segment(d, d) + dz.segment(2 * d, d).cwiseProduct(s.p);
        dp = g[static_cast<size_t>(t)] * q + dz.segment(0, d) + dz.segment(2 * d, d).cwiseProduct(q);
        const float a = alpha[static_cast<size_t>(t)];
        // dL/dx_j = alpha (a_j - b_u) dp = a_j g1 - g2 (b_u a constant), dL/dy_j = g1.
        g1 += a * dp;
        g2 += (a * s.bias) * dp;
        const size_t k = static_cast<size_t>(targets[static_cast<size_t>(t)]);
        if (keep[k]) {  // the target was left out of its own pooling: remove its share
            const float a_i = user.ratings[k] - mu - e[i];
            VectorMap(row + 1 + d, d) -= (a * (a_i - s.bias)) * dp;
            VectorMap(row + 1 + 2 * d, d) -= a * dp;
        }
    }
    for (size_t k = 0; k < user.items.size(); ++k) {
        if (!keep[k]) continue;
        const int j = user.items[k];
        const float a = user.ratings[k] - mu - e[j];
        touch(j);
        Scalar* row = part.row(j);
        VectorMap(row + 1 + d, d) += a * g1 - g2;
        VectorMap(row + 1 + 2 * d, d) += g1;
    }
    return squared_error;
}

void PooledTrainer::update_row(Part& part, int movie, long t) {
    const Index d = model_.config().dim;
    Vector& params = model_.embeddings();
    const double b1 = 0.9, b2 = 0.999;
    const double step_size = config_.learning_rate * std::sqrt(1 - std::pow(b2, t)) / (1 - std::pow(b1, t));
    const auto l2 = static_cast<Scalar>(config_.l2);
    Scalar* row = part.row(movie);
    auto adam = [&](Scalar* gradient, Index offset, Index size) {
        auto g = VectorMap(gradient, size).array();
        auto p = params.segment(offset, size).array();
        auto m = m_.segment(offset, size).array();
        auto v = v_.segment(offset, size).array();
        g += l2 * p;
        m = Scalar(b1) * m + Scalar(1 - b1) * g;
        v = Scalar(b2) * v + Scalar(1 - b2) * g.square();
        p -= static_cast<Scalar>(step_size) * m / (v.sqrt() + Scalar(1e-8));
    };
    adam(row, movie, 1);
    adam(row + 1, model_.q_offset(movie), d);
    adam(row + 1 + d, model_.x_offset(movie), d);
    adam(row + 1 + 2 * d, model_.y_offset(movie), d);
}

}  // namespace movienet
