// Central-difference check of the pooled trainer's whole gradient: movie
// biases b, target vectors Q, history vectors X and Y, and the head's weights.
//
// The reference is an independent double-precision re-implementation of one
// step's loss, L = sum over targets of (prediction - rating)^2, with each
// target's viewer pooled from scratch over its history (the trainer instead
// subtracts the target from shared sums). Its numeric gradient is exact to
// ~1e-9 (step 1e-6 in double: rounding ~1e-16 |L| / 1e-6, truncation ~1e-12),
// so what the comparison measures is the float32 arithmetic of the trainer.
//
// Stopped gradients, modelled as in the trainer: a_j = r_j - mu - b_j reads
// the biases as constants (the reference takes them from a frozen copy), so b
// gets gradient only as each target's own bias, and b_u = sum a_j / (n + s) is
// a constant of the step. log1p(n)/5 and the side features are data.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gradcheck.h"
#include "movienet/nn/dense.h"
#include "movienet/rec/pooled/pooled_trainer.h"
#include "synthetic_ratings.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

// The float32 trainer against an exact reference. Each gradient entry sums
// O(targets x dim) products formed in float (unit roundoff 6e-8), and the
// leave-one-out subtraction cancels a target's share against the full sums,
// costing a few more bits: measured errors are 1e-7 typically and at most
// 3e-6 (the head's output bias, one sum of all the targets' errors). Removing
// any single term of the trainer's gradient gives 1e-2 to 1, so 1e-4 leaves a
// 30x margin on one side and 100x on the other.
constexpr double pooled_gradient_tolerance = 1e-4;

// Where the head's dense layers keep their weights and biases in params().
struct HeadLayout {
    Index w1, c1, w2, c2;  // offsets
    Index hidden, input;
};

HeadLayout head_layout(const Network& head) {
    const auto& first = dynamic_cast<const Dense&>(*head.layers().at(0));
    const auto& last = dynamic_cast<const Dense&>(*head.layers().at(2));
    const Scalar* base = head.params().data();
    return {first.weights().data() - base, first.bias().data() - base, last.weights().data() - base,
            last.bias().data() - base,     first.output_size(),        first.input_size()};
}

struct Parameters {
    std::vector<double> embeddings, head;
};

// One step's loss in double, pooling every target's history from scratch.
// `frozen_bias` are the biases inside a_j (constants, as in the trainer).
// Also reports the ReLU pre-activation nearest to zero, so the test can
// insist that no central difference straddles a kink.
class ReferenceStep {
public:
    ReferenceStep(const PooledModel& model, const UserRatings& user, std::vector<int> targets,
                  std::vector<uint8_t> keep)
        : model_(model), user_(user), targets_(std::move(targets)), keep_(std::move(keep)),
          layout_(head_layout(model.head())), frozen_bias_(model.embeddings().data(), model.embeddings().data() + model.movies()) {
        // The side features, read off the head's input for an empty viewer.
        const Index d = model.config().dim;
        UserState nobody;
        nobody.p = Vector::Zero(d);
        Matrix z;
        for (const int k : targets_) {
            const int i = user.items[static_cast<size_t>(k)];
            model.head_inputs(nobody, &i, 1, z);
            side_.push_back(z.col(0).segment(3 * d, model.side_size() - 2).cast<double>());
        }
    }

    double loss(const Parameters& p, double* nearest_kink = nullptr) const {
        const Index d = model_.config().dim;
        const double mu = model_.global_mean();
        const auto& e = p.embeddings;
        const auto& h = p.head;
        double total = 0;
        for (size_t t = 0; t < targets_.size(); ++t) {
            const size_t target = static_cast<size_t>(targets_[t]);
            const int i = user_.items[target];
            // The viewer: the kept history without the target itself.
            std::vector<double> a;
            std::vector<int> history;
            for (size_t k = 0; k < user_.items.size(); ++k) {
                if (!keep_[k] || k == target) continue;
                history.push_back(user_.items[k]);
                a.push_back(double(user_.ratings[k]) - mu - double(frozen_bias_[static_cast<size_t>(user_.items[k])]));
            }
            const auto n = static_cast<double>(history.size());
            double a_sum = 0;
            for (double v : a) a_sum += v;
            const double b_u = a_sum / (n + model_.config().user_bias_shrinkage);
            Eigen::VectorXd pu = Eigen::VectorXd::Zero(d);
            for (size_t k = 0; k < history.size(); ++k)
                for (Index c = 0; c < d; ++c)
                    pu[c] += (a[k] - b_u) * e[at(model_.x_offset(history[k]) + c)] + e[at(model_.y_offset(history[k]) + c)];
            if (n > 0) pu /= std::sqrt(n);

            Eigen::VectorXd q(d);
            for (Index c = 0; c < d; ++c) q[c] = e[at(model_.q_offset(i) + c)];
            Eigen::VectorXd z(layout_.input);
            z << pu, q, pu.cwiseProduct(q), side_[t], std::log1p(n) / 5.0, b_u;

            double head_out = h[at(layout_.c2)];
            for (Index r = 0; r < layout_.hidden; ++r) {
                double pre = h[at(layout_.c1 + r)];
                for (Index c = 0; c < layout_.input; ++c) pre += h[at(layout_.w1 + c * layout_.hidden + r)] * z[c];
                if (nearest_kink) *nearest_kink = std::min(*nearest_kink, std::abs(pre));
                head_out += h[at(layout_.w2 + r)] * std::max(pre, 0.0);
            }
            const double prediction = mu + e[static_cast<size_t>(i)] + b_u + pu.dot(q) + head_out;
            const double error = prediction - user_.ratings[target];
            total += error * error;
        }
        return total;
    }

private:
    static size_t at(Index index) { return static_cast<size_t>(index); }

    const PooledModel& model_;
    const UserRatings& user_;
    std::vector<int> targets_;
    std::vector<uint8_t> keep_;
    HeadLayout layout_;
    std::vector<float> frozen_bias_;
    std::vector<Eigen::VectorXd> side_;
};

std::vector<double> central_differences(std::vector<double>& values, const std::function<double()>& loss) {
    constexpr double step = 1e-6;
    std::vector<double> gradient(values.size());
    for (size_t k = 0; k < values.size(); ++k) {
        const double original = values[k];
        values[k] = original + step;
        const double plus = loss();
        values[k] = original - step;
        const double minus = loss();
        values[k] = original;
        gradient[k] = (plus - minus) / (2 * step);
    }
    return gradient;
}

std::vector<double> slice(const std::vector<double>& v, Index from, Index count) {
    return {v.begin() + from, v.begin() + from + count};
}

struct Fixture {
    Dataset dataset = make_synthetic_dataset(12, 16, 0.8, 17);
    Catalogue catalogue = make_catalogue(dataset, dataset.ratings);
    PooledModel model;
    UserRatings user;

    Fixture() : model(catalogue, small_config(), 3.4f) {
        model.init(3);
        std::mt19937_64 rng(29);
        // Nonzero biases and a head that is not the initial zero-output one,
        // so that every term of the step carries weight.
        Matrix biases(model.movies(), 1);
        fill_uniform(biases, rng, 0.3);
        model.embeddings().head(model.movies()) = biases.col(0);
        Matrix vectors(model.embeddings().size() - model.movies(), 1);
        fill_uniform(vectors, rng, 0.4);
        model.embeddings().tail(vectors.size()) = vectors.col(0);
        Matrix head(model.head().param_count(), 1);
        fill_uniform(head, rng, 0.4);
        model.head().params() = head.col(0);
        const auto users = group_by_user(dataset.ratings, catalogue);
        user = *std::max_element(users.begin(), users.end(), [](const UserRatings& a, const UserRatings& b) {
            return a.items.size() < b.items.size();
        });
    }

    static PooledConfig small_config() {
        PooledConfig config;
        config.dim = 4;
        config.hidden = 6;
        return config;
    }
};

// Compares the trainer's gradient for (targets, keep) with the reference's,
// parameter group by parameter group.
void check_gradient(Fixture& f, const std::vector<int>& targets, const std::vector<uint8_t>& keep) {
    PooledModel& model = f.model;
    PooledTrainer trainer(model, PooledTrainConfig{});
    const double trainer_loss = trainer.accumulate_gradient(f.user, targets, keep);
    const std::vector<double> embedding_gradient = to_vector(trainer.embedding_gradient().data(), model.embeddings().size());
    const std::vector<double> head_gradient = to_vector(model.head().grads().data(), model.head().param_count());

    const ReferenceStep reference(model, f.user, targets, keep);
    Parameters p{to_vector(model.embeddings().data(), model.embeddings().size()),
                 to_vector(model.head().params().data(), model.head().param_count())};
    double nearest_kink = std::numeric_limits<double>::infinity();
    // The reference computes the trainer's loss (so its gradient is the one to match).
    CHECK(reference.loss(p, &nearest_kink) == doctest::Approx(trainer_loss).epsilon(1e-5));
    REQUIRE(nearest_kink > 1e-3);  // far beyond the 1e-6 step and float's error in the pre-activations

    const auto numeric_embeddings = central_differences(p.embeddings, [&] { return reference.loss(p); });
    const auto numeric_head = central_differences(p.head, [&] { return reference.loss(p); });

    const Index m = model.movies(), block = Index(model.config().dim) * m;
    const HeadLayout layout = head_layout(model.head());
    struct Group {
        const char* name;
        const std::vector<double>& analytic;
        const std::vector<double>& numeric;
        Index from, count;
    };
    const Group groups[] = {
        {"movie biases b", embedding_gradient, numeric_embeddings, 0, m},
        {"target vectors Q", embedding_gradient, numeric_embeddings, model.q_offset(0), block},
        {"rating-weighted history vectors X", embedding_gradient, numeric_embeddings, model.x_offset(0), block},
        {"implicit history vectors Y", embedding_gradient, numeric_embeddings, model.y_offset(0), block},
        {"head hidden weights", head_gradient, numeric_head, layout.w1, layout.hidden * layout.input},
        {"head hidden biases", head_gradient, numeric_head, layout.c1, layout.hidden},
        {"head output weights", head_gradient, numeric_head, layout.w2, layout.hidden},
        {"head output bias", head_gradient, numeric_head, layout.c2, 1},
    };
    for (const Group& group : groups) {
        CAPTURE(std::string(group.name));
        const auto analytic = slice(group.analytic, group.from, group.count);
        const auto numeric = slice(group.numeric, group.from, group.count);
        // Every group must actually be exercised, or the check proves nothing.
        REQUIRE(*std::max_element(numeric.begin(), numeric.end(), [](double a, double b) { return std::abs(a) < std::abs(b); }) != 0);
        CHECK(relative_error(analytic, numeric) < pooled_gradient_tolerance);
        CHECK(max_entry_error(analytic, numeric) < pooled_gradient_tolerance);
    }
}

std::vector<int> all_indices(size_t n) {
    std::vector<int> indices(n);
    for (size_t k = 0; k < n; ++k) indices[k] = static_cast<int>(k);
    return indices;
}

}  // namespace

TEST_CASE("pooled gradient: every target left out of its full history (the exact subtraction)") {
    Fixture f;
    const size_t n = f.user.items.size();
    REQUIRE(n >= 8);
    check_gradient(f, all_indices(n), std::vector<uint8_t>(n, 1));
}

TEST_CASE("pooled gradient: targets outside the pooled history (nothing to subtract)") {
    Fixture f;
    const size_t n = f.user.items.size();
    std::vector<int> targets;
    std::vector<uint8_t> keep(n, 1);
    for (size_t k = 0; k < n; k += 3) {
        targets.push_back(static_cast<int>(k));
        keep[k] = 0;
    }
    check_gradient(f, targets, keep);
}

TEST_CASE("pooled gradient: partial histories (the random sub-history steps)") {
    Fixture f;
    const size_t n = f.user.items.size();
    std::mt19937_64 rng(41);
    for (const double kept : {0.3, 0.7}) {
        CAPTURE(kept);
        std::vector<uint8_t> keep(n);
        for (auto& k : keep) k = std::uniform_real_distribution<double>(0, 1)(rng) < kept ? 1 : 0;
        REQUIRE(std::count(keep.begin(), keep.end(), 1) >= 2);
        REQUIRE(std::count(keep.begin(), keep.end(), 0) >= 2);
        check_gradient(f, all_indices(n), keep);  // targets both in and out of the kept history
    }
}

TEST_CASE("pooled gradient: histories of one rating and of none") {
    Fixture f;
    const size_t n = f.user.items.size();
    std::vector<uint8_t> keep(n, 0);
    keep[0] = keep[1] = 1;
    check_gradient(f, {0, 1, 2}, keep);  // targets 0 and 1 pool each other alone, target 2 pools both
    std::vector<uint8_t> lone(n, 0);
    lone[0] = 1;
    check_gradient(f, {0, 3}, lone);  // target 0: empty history; target 3: item 0 alone
}
