#include "movienet/rec/watch/watch_trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "movienet/base/error.h"
#include "movienet/base/random.h"

namespace movienet {

std::vector<std::vector<int>> watch_sequences(const std::vector<Rating>& ratings, const Catalogue& catalogue) {
    // Every viewer's events as one block of rating indices in a single array
    // (counted first): no per-viewer lists to grow, and one allocation to free.
    if (ratings.size() > std::numeric_limits<uint32_t>::max())
        throw Error(ErrorCode::BadInput, "watch head: more than 2^32 events");
    std::unordered_map<int32_t, size_t> slot;
    std::vector<size_t> start;  // per viewer, then its end
    for (const auto& r : ratings) {
        if (catalogue.find(r.movie) < 0) continue;
        const auto [it, fresh] = slot.emplace(r.user, start.size());
        if (fresh) start.push_back(0);
        ++start[it->second];
    }
    const size_t viewers = start.size();
    size_t total = 0;
    for (size_t& s : start) total += std::exchange(s, total);
    start.push_back(total);
    std::vector<size_t> fill(start.begin(), start.end() - 1);
    std::vector<uint32_t> order(total);  // rating indices, viewer after viewer
    for (size_t k = 0; k < ratings.size(); ++k)
        if (catalogue.find(ratings[k].movie) >= 0) order[fill[slot.at(ratings[k].user)]++] = static_cast<uint32_t>(k);
    std::vector<std::vector<int>> sequences(viewers);
    std::unordered_map<int, size_t> position;
    for (size_t v = 0; v < viewers; ++v) {
        const auto events = order.begin() + std::ptrdiff_t(start[v]), end = order.begin() + std::ptrdiff_t(start[v + 1]);
        std::stable_sort(events, end,
                         [&](uint32_t a, uint32_t b) { return ratings[a].timestamp < ratings[b].timestamp; });
        auto& seq = sequences[v];
        seq.reserve(size_t(end - events));
        position.clear();
        for (auto event = events; event != end; ++event) {
            const int movie = catalogue.find(ratings[*event].movie);
            const auto seen = position.find(movie);
            if (seen != position.end()) seq[seen->second] = -1;  // keep the latest occurrence only
            position[movie] = seq.size();
            seq.push_back(movie);
        }
        seq.erase(std::remove(seq.begin(), seq.end(), -1), seq.end());
        seq.shrink_to_fit();
    }
    return sequences;
}

// One part of a batch: its own gradient buffer and scratch.
struct WatchTrainer::Part {
    Vector grad;                    // model-sized; non-zero only on touched rows and alpha
    std::vector<uint8_t> touched;   // per movie
    std::vector<int> touched_list;  // in first-touch order
    bool touched_all = false;       // full softmax: every movie
    Matrix u, logits, du, o_grad;
    std::vector<float> target_grad;
    std::vector<int> pooled;             // each example's pooled history movies, one after the other
    std::vector<size_t> pooled_start;    // example b's are pooled[pooled_start[b] .. pooled_start[b + 1])
    std::vector<Scalar> pooled_weight;   // and their weight in u
    double loss = 0;

    void touch(int movie) {
        if (touched[size_t(movie)]) return;
        touched[size_t(movie)] = 1;
        touched_list.push_back(movie);
    }
};

WatchTrainer::WatchTrainer(WatchModel& model, const WatchTrainConfig& config,
                           const std::vector<std::vector<int>>& sequences, WorkerPool& pool)
    : model_(model), config_(config), sequences_(sequences), pool_(pool) {
    if (config.negatives < 0 || config.batch < 1)
        throw Error(ErrorCode::BadInput, "watch head: negatives >= 0 and batch >= 1 are needed");
    const auto movies = static_cast<size_t>(model.movies());
    for (int k = 0; k < pool.threads(); ++k) {
        auto part = std::make_unique<Part>();
        part->grad = Vector::Zero(model.params().size());
        part->touched.assign(movies, 0);
        parts_.push_back(std::move(part));
    }
    is_touched_.assign(movies, 0);
    column_of_.assign(movies, -1);
    m_ = Vector::Zero(model.params().size());
    v_ = Vector::Zero(model.params().size());
    if (config.negatives > 0) {
        std::vector<double> counts(movies, 1.0);
        for (const auto& seq : sequences)
            for (int movie : seq) counts[size_t(movie)] += 1;
        cumulative_q_.resize(movies);
        double total = 0;
        for (size_t i = 0; i < movies; ++i) cumulative_q_[i] = total += std::pow(counts[i], config.sampling_power);
        // log P(drawn at least once in `negatives` draws), once per movie: the
        // candidates are distinct, and every example needs its target's.
        log_expected_.resize(movies);
        for (size_t i = 0; i < movies; ++i) {
            const double q = (cumulative_q_[i] - (i > 0 ? cumulative_q_[i - 1] : 0.0)) / total;
            const double p = -std::expm1(double(config.negatives) * std::log1p(-std::min(q, 1 - 1e-12)));
            log_expected_[i] = static_cast<float>(std::log(std::max(p, 1e-30)));
        }
    }
}

WatchTrainer::~WatchTrainer() = default;

float WatchTrainer::log_expected(int movie) const { return log_expected_[size_t(movie)]; }

WatchCandidates WatchTrainer::draw_candidates(std::mt19937_64& rng) const {
    WatchCandidates candidates;
    const double total = cumulative_q_.back();
    for (int k = 0; k < config_.negatives; ++k) {
        const double x = portable_uniform(rng) * total;
        const auto it = std::upper_bound(cumulative_q_.begin(), cumulative_q_.end(), x);
        candidates.movies.push_back(static_cast<int>(std::min<ptrdiff_t>(it - cumulative_q_.begin(), model_.movies() - 1)));
    }
    std::sort(candidates.movies.begin(), candidates.movies.end());
    candidates.movies.erase(std::unique(candidates.movies.begin(), candidates.movies.end()), candidates.movies.end());
    for (int movie : candidates.movies) candidates.log_expected.push_back(log_expected(movie));
    return candidates;
}

void WatchTrainer::set_candidates(const WatchCandidates* candidates) {
    for (int movie : current_candidates_) column_of_[size_t(movie)] = -1;
    current_candidates_.clear();
    if (!candidates) return;
    current_candidates_ = candidates->movies;
    const Index d = model_.config().dim, n = static_cast<Index>(candidates->movies.size());
    const Vector& params = model_.params();
    candidate_o_.resize(d, n);
    candidate_bias_.resize(n);
    for (Index c = 0; c < n; ++c) {
        const int movie = candidates->movies[size_t(c)];
        column_of_[size_t(movie)] = static_cast<int>(c);
        candidate_o_.col(c) = ConstVectorMap(params.data() + model_.o_offset(movie), d);
        candidate_bias_[c] = params[movie] - candidates->log_expected[size_t(c)];
    }
}

double WatchTrainer::accumulate(Part& part, const WatchExample* examples, int count, const WatchCandidates* candidates,
                                float scale) {
    if (count <= 0) return 0;
    const Index d = model_.config().dim, n_movies = model_.movies();
    const Vector& params = model_.params();
    Vector& grad = part.grad;
    constexpr float minus_inf = -std::numeric_limits<float>::infinity();

    // The taste term pools every history movie, or (sampled softmax, long
    // histories) an unbiased estimate from `history_sample` of them drawn
    // with replacement, so a step's cost does not grow with the history.
    part.pooled.clear();
    part.pooled_weight.clear();
    part.pooled_start.assign(1, 0);
    part.u.resize(d, count);
    for (int b = 0; b < count; ++b) {
        const auto& seq = sequences_[static_cast<size_t>(examples[b].viewer)];
        const int n = examples[b].position;
        const int h = config_.history_sample;
        if (candidates && h > 0 && n > h) {
            // A counter hashed by SplitMix64 per draw: an mt19937_64 per example would cost more than its draws.
            const uint64_t stream = history_seed_ + uint64_t(examples[b].viewer) * 0x100000001ULL + uint64_t(n) * 977;
            for (int k = 0; k < h; ++k) {
                const uint64_t x = mix_seed(stream + uint64_t(k) * 0x9e3779b97f4a7c15ULL);
                part.pooled.push_back(seq[size_t(x % uint64_t(n))]);  // bias below 2^-40 for n < 2^24
            }
            part.pooled_weight.push_back(static_cast<Scalar>(std::sqrt(double(n)) / h));  // (n / h) n^-1/2
        } else {
            part.pooled.insert(part.pooled.end(), seq.begin(), seq.begin() + n);
            part.pooled_weight.push_back(1 / std::sqrt(static_cast<Scalar>(n)));
        }
        part.pooled_start.push_back(part.pooled.size());
        auto u = part.u.col(b);
        u.setZero();
        for (size_t k = part.pooled_start[size_t(b)]; k < part.pooled.size(); ++k)
            u += ConstVectorMap(params.data() + model_.e_offset(part.pooled[k]), d);
        u *= part.pooled_weight[size_t(b)];
        const int recent = std::min(n, model_.config().recent);
        for (int k = 0; k < recent; ++k)
            u += params[model_.alpha_offset() + k] * ConstVectorMap(params.data() + model_.r_offset(seq[size_t(n - 1 - k)]), d);
    }
    double loss = 0;
    if (!candidates) {
        // Full softmax over the catalogue.
        const ConstMatrixMap o(params.data() + n_movies, d, n_movies);
        part.logits.noalias() = o.transpose() * part.u;
        part.logits.colwise() += params.head(n_movies);
        for (int b = 0; b < count; ++b) {
            const auto& seq = sequences_[static_cast<size_t>(examples[b].viewer)];
            const int target = seq[static_cast<size_t>(examples[b].position)];
            auto col = part.logits.col(b);
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
        part.logits *= scale;  // now dLoss/dlogit
        grad.head(n_movies) += part.logits.rowwise().sum();
        MatrixMap(grad.data() + n_movies, d, n_movies).noalias() += part.u * part.logits.transpose();
        part.du.noalias() = o * part.logits;
        part.touched_all = true;
    } else {
        // Sampled softmax: column 0 of each example is its target, the others
        // the batch's candidates; every logit carries its -log E correction.
        const Index n = candidate_o_.cols();
        part.logits.noalias() = candidate_o_.transpose() * part.u;
        part.logits.colwise() += candidate_bias_;
        part.target_grad.resize(size_t(count));
        for (int b = 0; b < count; ++b) {
            const auto& seq = sequences_[static_cast<size_t>(examples[b].viewer)];
            const int target = seq[static_cast<size_t>(examples[b].position)];
            auto col = part.logits.col(b);
            for (int movie : seq) {  // watched movies, the target included, are no negatives
                const int c = column_of_[size_t(movie)];
                if (c >= 0) col[c] = minus_inf;
            }
            const ConstVectorMap o_t(params.data() + model_.o_offset(target), d);
            const float target_logit = params[target] + o_t.dot(part.u.col(b)) - log_expected(target);
            const float top = std::max(target_logit, n > 0 ? col.maxCoeff() : minus_inf);
            col = (col.array() - top).exp();
            const double target_exp = std::exp(double(target_logit - top));
            const double sum = col.cast<double>().sum() + target_exp;
            loss -= double(target_logit - top) - std::log(sum);
            col /= static_cast<Scalar>(sum);
            for (int movie : seq) {
                const int c = column_of_[size_t(movie)];
                if (c >= 0) col[c] = 0;
            }
            part.target_grad[size_t(b)] = static_cast<float>(target_exp / sum - 1) * scale;
        }
        part.logits *= scale;
        part.o_grad.noalias() = part.u * part.logits.transpose();
        part.du.noalias() = candidate_o_ * part.logits;
        const WatchCandidates& cand = *candidates;
        for (Index c = 0; c < n; ++c) {
            const int movie = cand.movies[size_t(c)];
            part.touch(movie);
            grad[movie] += part.logits.row(c).sum();
            VectorMap(grad.data() + model_.o_offset(movie), d) += part.o_grad.col(c);
        }
        for (int b = 0; b < count; ++b) {
            const int target = sequences_[static_cast<size_t>(examples[b].viewer)][static_cast<size_t>(examples[b].position)];
            const float g = part.target_grad[size_t(b)];
            part.touch(target);
            grad[target] += g;
            VectorMap(grad.data() + model_.o_offset(target), d) += g * part.u.col(b);
            part.du.col(b) += g * ConstVectorMap(params.data() + model_.o_offset(target), d);
        }
    }

    const int recent = model_.config().recent;
    const Index alpha = model_.alpha_offset();
    for (int b = 0; b < count; ++b) {
        const int* items = sequences_[static_cast<size_t>(examples[b].viewer)].data();
        const int n = examples[b].position;
        const auto du = part.du.col(b);
        const Scalar pool = part.pooled_weight[size_t(b)];
        for (size_t k = part.pooled_start[size_t(b)]; k < part.pooled_start[size_t(b) + 1]; ++k) {
            const int movie = part.pooled[k];
            if (!part.touched_all) part.touch(movie);
            VectorMap(grad.data() + model_.e_offset(movie), d) += pool * du;
        }
        for (int k = 0; k < std::min(n, recent); ++k) {
            const int movie = items[n - 1 - k];
            if (!part.touched_all) part.touch(movie);
            grad[alpha + k] += du.dot(ConstVectorMap(params.data() + model_.r_offset(movie), d));
            VectorMap(grad.data() + model_.r_offset(movie), d) += params[alpha + k] * du;
        }
    }
    return loss;
}

double WatchTrainer::loss_and_gradient(const std::vector<WatchExample>& examples, Vector& grad,
                                       const WatchCandidates* candidates) {
    set_candidates(candidates);
    Part& part = *parts_[0];
    part.grad.setZero();
    const double loss = accumulate(part, examples.data(), static_cast<int>(examples.size()), candidates,
                                   1.0f / static_cast<float>(std::max<size_t>(1, examples.size())));
    grad = part.grad;
    part.grad.setZero();
    for (int movie : part.touched_list) part.touched[size_t(movie)] = 0;
    part.touched_list.clear();
    part.touched_all = false;
    set_candidates(nullptr);
    return examples.empty() ? 0 : loss / double(examples.size());
}

void WatchTrainer::apply_update() {
    const Index d = model_.config().dim;
    const int tables = model_.tables();
    bool all = false;
    for (const auto& part : parts_) all = all || part->touched_all;
    touched_.clear();
    if (!all) {
        for (const auto& part : parts_) {
            for (int movie : part->touched_list) {
                part->touched[size_t(movie)] = 0;
                if (!is_touched_[size_t(movie)]) {
                    is_touched_[size_t(movie)] = 1;
                    touched_.push_back(movie);
                }
            }
            part->touched_list.clear();
        }
        for (int movie : touched_) is_touched_[size_t(movie)] = 0;
    }
    ++t_;
    const double b1 = 0.9, b2 = 0.999;
    const double correction = std::sqrt(1 - std::pow(b2, t_)) / (1 - std::pow(b1, t_));
    const auto step_size = static_cast<Scalar>(config_.learning_rate * correction);
    const auto eps = static_cast<Scalar>(1e-7 * std::sqrt(1 - std::pow(b2, t_)));  // Keras' epsilon, as Adam
    const auto decay = static_cast<Scalar>(1 - config_.learning_rate * config_.weight_decay);
    const int n_parts = static_cast<int>(parts_.size());
    // Adds the parts' gradients of [offset, offset + size) in part order (into
    // part 0's buffer), takes one Adam step there and zeroes the gradients.
    auto update = [&](Index offset, Index size) {
        auto g = parts_[0]->grad.segment(offset, size);
        for (int q = 1; q < n_parts; ++q) {
            auto other = parts_[size_t(q)]->grad.segment(offset, size);
            g += other;
            other.setZero();
        }
        auto m = m_.segment(offset, size).array();
        auto v = v_.segment(offset, size).array();
        auto p = model_.params().segment(offset, size).array();
        m = Scalar(b1) * m + Scalar(1 - b1) * g.array();
        v = Scalar(b2) * v + Scalar(1 - b2) * g.array().square();
        if (config_.weight_decay != 0) p *= decay;
        p -= step_size * m / (v.sqrt() + eps);
        g.setZero();
    };
    pool_.run([&](int part) {
        if (all) {  // every movie: the whole buffer but alpha, in contiguous ranges
            const auto [begin, end] = WorkerPool::range(size_t(model_.alpha_offset()), part, n_parts);
            update(Index(begin), Index(end - begin));
            return;
        }
        const auto [begin, end] = WorkerPool::range(touched_.size(), part, n_parts);
        for (size_t r = begin; r < end; ++r) {
            const int movie = touched_[r];
            update(movie, 1);
            for (int table = 0; table < tables; ++table) update(model_.o_offset(movie + table * model_.movies()), d);
        }
    });
    update(model_.alpha_offset(), model_.params().size() - model_.alpha_offset());
    for (const auto& part : parts_) part->touched_all = false;
}

double WatchTrainer::train_epoch(std::mt19937_64& rng, const std::function<bool(double)>& progress) {
    std::vector<WatchExample> all, positions;
    const auto cap = static_cast<size_t>(config_.positions_per_viewer);
    for (size_t v = 0; v < sequences_.size(); ++v) {
        positions.clear();
        for (size_t t = 1; t < sequences_[v].size(); ++t) positions.push_back({int(v), int(t)});
        if (cap > 0 && positions.size() > cap) {
            shuffle(positions, rng);
            positions.resize(cap);
        }
        all.insert(all.end(), positions.begin(), positions.end());
    }
    shuffle(all, rng);
    double total = 0;
    size_t seen = 0;
    const auto step_size = static_cast<size_t>(config_.batch);
    const int n_parts = static_cast<int>(parts_.size());
    WatchCandidates candidates;
    for (size_t start = 0; start < all.size(); start += step_size) {
        const size_t count = std::min(all.size(), start + step_size) - start;
        if (config_.negatives > 0) {
            candidates = draw_candidates(rng);
            history_seed_ = rng();
        }
        const WatchCandidates* batch_candidates = config_.negatives > 0 ? &candidates : nullptr;
        set_candidates(batch_candidates);
        const float scale = 1.0f / static_cast<float>(count);
        pool_.run([&](int k) {
            const auto [begin, end] = WorkerPool::range(count, k, n_parts);
            parts_[size_t(k)]->loss = accumulate(*parts_[size_t(k)], all.data() + start + begin,
                                                 static_cast<int>(end - begin), batch_candidates, scale);
        });
        for (const auto& part : parts_) total += part->loss;
        seen += count;
        apply_update();
        if (progress && !progress(double(seen) / double(all.size()))) break;
    }
    set_candidates(nullptr);
    return seen ? total / double(seen) : 0;
}

}  // namespace movienet
