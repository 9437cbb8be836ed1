#include "movienet/rec/watch/watch_trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "movienet/base/random.h"

namespace movienet {

std::vector<std::vector<int>> watch_sequences(const std::vector<Rating>& ratings, const Catalogue& catalogue) {
    std::unordered_map<int32_t, size_t> slot;
    std::vector<std::vector<std::pair<int64_t, size_t>>> order;  // per viewer: (timestamp, rating index)
    for (size_t k = 0; k < ratings.size(); ++k) {
        if (catalogue.find(ratings[k].movie) < 0) continue;
        const auto [it, fresh] = slot.emplace(ratings[k].user, order.size());
        if (fresh) order.emplace_back();
        order[it->second].emplace_back(ratings[k].timestamp, k);
    }
    std::vector<std::vector<int>> sequences(order.size());
    for (size_t v = 0; v < order.size(); ++v) {
        auto& events = order[v];
        std::stable_sort(events.begin(), events.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        auto& seq = sequences[v];
        std::unordered_map<int, size_t> position;
        for (const auto& event : events) {
            const int movie = catalogue.find(ratings[event.second].movie);
            const auto seen = position.find(movie);
            if (seen != position.end()) seq[seen->second] = -1;  // keep the latest occurrence only
            position[movie] = seq.size();
            seq.push_back(movie);
        }
        seq.erase(std::remove(seq.begin(), seq.end(), -1), seq.end());
    }
    return sequences;
}

WatchTrainer::WatchTrainer(WatchModel& model, const WatchTrainConfig& config)
    : model_(model), config_(config), adam_(AdamConfig{config.learning_rate, 0.9, 0.999, 1e-7, config.weight_decay}) {}

double WatchTrainer::loss_and_gradient(const std::vector<std::vector<int>>& sequences,
                                       const std::vector<WatchExample>& examples, Vector& grad) {
    const Index d = model_.config().dim, n_movies = model_.movies();
    const auto batch = static_cast<Index>(examples.size());
    const Vector& params = model_.params();
    grad.setZero(params.size());
    if (batch == 0) return 0;

    u_.resize(d, batch);
    for (Index b = 0; b < batch; ++b) {
        const auto& seq = sequences[static_cast<size_t>(examples[size_t(b)].viewer)];
        u_.col(b) = model_.encode(seq.data(), examples[size_t(b)].position);
    }
    const ConstMatrixMap o(params.data() + n_movies, d, n_movies);
    logits_.noalias() = o.transpose() * u_;
    logits_.colwise() += params.head(n_movies);

    // Softmax per column over the movies the viewer did not watch, plus the target.
    constexpr float minus_inf = -std::numeric_limits<float>::infinity();
    double loss = 0;
    for (Index b = 0; b < batch; ++b) {
        const auto& example = examples[size_t(b)];
        const auto& seq = sequences[static_cast<size_t>(example.viewer)];
        const int target = seq[static_cast<size_t>(example.position)];
        auto col = logits_.col(b);
        for (int movie : seq)
            if (movie != target) col[movie] = minus_inf;
        const float top = col.maxCoeff();
        const float target_logit = col[target];
        col = (col.array() - top).exp();
        const double sum = col.cast<double>().sum();
        loss -= double(target_logit - top) - std::log(sum);
        col /= static_cast<Scalar>(sum);
        // Eigen's vectorised exp clamps -inf to a denormal, not 0: make the
        // masked probabilities exactly 0 so they get no gradient at all.
        for (int movie : seq)
            if (movie != target) col[movie] = 0;
        col[target] -= 1;
    }
    logits_ /= static_cast<Scalar>(batch);  // now dLoss/dlogit

    grad.head(n_movies) = logits_.rowwise().sum();
    MatrixMap(grad.data() + n_movies, d, n_movies).noalias() = u_ * logits_.transpose();
    du_.noalias() = o * logits_;

    const int recent = model_.config().recent;
    const Index alpha = model_.alpha_offset();
    for (Index b = 0; b < batch; ++b) {
        const auto& example = examples[size_t(b)];
        const int* items = sequences[static_cast<size_t>(example.viewer)].data();
        const int count = example.position;
        const auto du = du_.col(b);
        const Scalar pool = 1 / std::sqrt(static_cast<Scalar>(count));
        for (int j = 0; j < count; ++j) VectorMap(grad.data() + model_.e_offset(items[j]), d) += pool * du;
        for (int k = 0; k < std::min(count, recent); ++k) {
            const int movie = items[count - 1 - k];
            grad[alpha + k] += du.dot(ConstVectorMap(params.data() + model_.r_offset(movie), d));
            VectorMap(grad.data() + model_.r_offset(movie), d) += params[alpha + k] * du;
        }
    }
    return loss / double(batch);
}

double WatchTrainer::train_epoch(const std::vector<std::vector<int>>& sequences, std::mt19937_64& rng,
                                 const std::function<bool(double)>& progress) {
    std::vector<WatchExample> all, positions;
    const auto cap = static_cast<size_t>(config_.positions_per_viewer);
    for (size_t v = 0; v < sequences.size(); ++v) {
        positions.clear();
        for (size_t t = 1; t < sequences[v].size(); ++t) positions.push_back({int(v), int(t)});
        if (cap > 0 && positions.size() > cap) {
            shuffle(positions, rng);
            positions.resize(cap);
        }
        all.insert(all.end(), positions.begin(), positions.end());
    }
    shuffle(all, rng);
    double total = 0;
    size_t seen = 0;
    const auto step_size = static_cast<size_t>(std::max(1, config_.batch));
    std::vector<WatchExample> batch;
    for (size_t start = 0; start < all.size(); start += step_size) {
        batch.assign(all.begin() + long(start), all.begin() + long(std::min(all.size(), start + step_size)));
        total += loss_and_gradient(sequences, batch, grad_) * double(batch.size());
        seen += batch.size();
        adam_.step(model_.params(), grad_);
        if (progress && !progress(double(seen) / double(all.size()))) break;
    }
    return seen ? total / double(seen) : 0;
}

}  // namespace movienet
