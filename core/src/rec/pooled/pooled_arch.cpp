#include "movienet/rec/pooled/pooled_arch.h"

#include <cmath>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"
#include "movienet/io/network_file.h"
#include "movienet/rec/pooled/pooled_scorer.h"

namespace movienet {

namespace {

// PooledScorer takes the pooled viewer state; this pools the history first.
class PooledArchScorer : public ArchScorer {
public:
    explicit PooledArchScorer(const PooledModel& model) : model_(model), scorer_(model) {}
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) override {
        scorer_.score(model_.encode_user(history.items, history.ratings), movies, count, out);
    }

    // The viewer is sums over the history (pooled_model.h): with a_j = r_j - mu - b_j,
    //   p = (sum a_j x_j - b_u sum x_j + sum y_j) / sqrt(n),  b_u = sum a_j / (n + shrinkage),
    // so leaving entry j out subtracts its terms from the four sums (kept in
    // double) instead of re-pooling: O(n d) for all n reduced viewers, not O(n^2 d).
    void score_leave_one_out(const ResolvedHistory& history, const int* movies, int count, float* out) override {
        const size_t n = history.items.size();
        if (n == 0) return;
        const int d = model_.config().dim;
        const float* e = model_.embeddings().data();
        const auto at = [d](size_t j) { return j * static_cast<size_t>(d); };
        a_.resize(n);
        sums_.assign(3 * static_cast<size_t>(d), 0.0);  // [sum a x | sum x | sum y]
        double a_sum = 0;
        for (size_t j = 0; j < n; ++j) {
            const int i = history.items[j];
            a_[j] = history.ratings[j] - model_.global_mean() - model_.movie_bias(i);
            a_sum += a_[j];
            const float* x = e + model_.x_offset(i);
            const float* y = e + model_.y_offset(i);
            for (int k = 0; k < d; ++k) {
                sums_[size_t(k)] += double(a_[j]) * x[k];
                sums_[at(1) + size_t(k)] += x[k];
                sums_[at(2) + size_t(k)] += y[k];
            }
        }
        UserState user;
        user.p = Vector::Zero(d);
        user.count = static_cast<int>(n) - 1;
        const double shrinkage = model_.config().user_bias_shrinkage;
        const double scale = n > 1 ? 1.0 / std::sqrt(double(n - 1)) : 0.0;
        for (size_t j = 0; j < n; ++j) {
            if (n > 1) {  // else the empty history: zero viewer, as encode_user gives it
                const int i = history.items[j];
                const float* x = e + model_.x_offset(i);
                const float* y = e + model_.y_offset(i);
                user.bias = static_cast<float>((a_sum - a_[j]) / (double(n - 1) + shrinkage));
                for (int k = 0; k < d; ++k) {
                    const double rated = sums_[size_t(k)] - double(a_[j]) * x[k];
                    const double implicit = sums_[at(2) + size_t(k)] - y[k];
                    user.p[k] = static_cast<Scalar>(
                        (rated - double(user.bias) * (sums_[at(1) + size_t(k)] - x[k]) + implicit) * scale);
                }
            }
            scorer_.score(user, movies, count, out + j * static_cast<size_t>(count));
        }
    }

private:
    const PooledModel& model_;
    PooledScorer scorer_;
    std::vector<float> a_;      // leave-one-out scratch
    std::vector<double> sums_;
};

std::unique_ptr<ArchModel> read_pooled(const JsonNode& p, const Catalogue& catalogue, float global_mean) {
    PooledConfig config;
    config.dim = static_cast<int>(require_integer(p, "dim", "pooled", 1, 4096));
    config.hidden = static_cast<int>(require_integer(p, "hidden", "pooled", 1, 65536));
    config.user_bias_shrinkage = static_cast<float>(require_number(p, "user_bias_shrinkage", "pooled"));
    // <= 0 divides by zero for some history sizes; the trainer writes 5.
    if (!(config.user_bias_shrinkage > 0 && config.user_bias_shrinkage <= 1e6))
        throw Error(ErrorCode::ModelFormat, "pooled.user_bias_shrinkage: must be a number in (0, 1e6]");
    const JsonNode& e = require_object(p, "embeddings", "pooled");
    const Dtype dtype = parse_dtype(require_string(e, "dtype", "pooled.embeddings"), "pooled.embeddings.dtype");
    const JsonNode& shape = require_array(e, "shape", "pooled.embeddings");
    const Index expected = Index(catalogue.size()) * (1 + 3 * Index(config.dim));
    if (shape.size() != 1 || !shape[0].is_integer() || shape[0].integer() != expected)
        throw Error(ErrorCode::ModelFormat, "pooled.embeddings.shape: " + std::string(shape.text()) + " does not match " +
                                                std::to_string(expected) + " = movies x (1 + 3 dim)");
    const auto values = decode_floats(require_string(e, "data", "pooled.embeddings"), static_cast<size_t>(expected),
                                      dtype, "pooled.embeddings.data");
    // Allocated only now that the data is known to hold what the shape declares.
    auto arch = std::make_unique<PooledArch>(catalogue, config, global_mean);
    PooledModel& model = arch->model;
    model.embeddings() = ConstVectorMap(values.data(), expected);
    Network head = network_from_json(require_object(p, "head", "pooled"), "pooled.head");
    if (head.architecture().spec() != model.head().architecture().spec() || head.input_size() != model.head().input_size())
        throw Error(ErrorCode::ModelFormat, "pooled.head: architecture does not match dim, hidden and the genre count");
    model.head() = std::move(head);
    return arch;
}

}  // namespace

const ArchFormat pooled_arch_format = {"pooled", read_pooled};

void PooledArch::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    model.score(model.encode_user(history.items, history.ratings), movies, count, out);
}

std::unique_ptr<ArchScorer> PooledArch::make_scorer() const { return std::make_unique<PooledArchScorer>(model); }

Index PooledArch::param_count() const { return model.embeddings().size() + model.head().param_count(); }

Vector PooledArch::params() const {
    Vector all(param_count());
    all << model.embeddings(), model.head().params();
    return all;
}

void PooledArch::set_params(const Vector& params) {
    const Index n = model.embeddings().size();
    model.embeddings() = params.head(n);
    model.head().params() = params.tail(model.head().param_count());
}

Json PooledArch::to_json(Dtype dtype) const {
    const Vector& e = model.embeddings();
    return {{"dim", model.config().dim},
            {"hidden", model.config().hidden},
            {"user_bias_shrinkage", model.config().user_bias_shrinkage},
            {"embeddings",
             {{"dtype", dtype_name(dtype)},
              {"shape", {e.size()}},
              {"data", encode_floats(e.data(), static_cast<size_t>(e.size()), dtype)}}},
            {"head", network_to_json(model.head(), dtype)}};
}

std::string PooledArch::summary() const {
    return "movie vectors: " + std::to_string(model.movies()) + " x (1 bias + 3 x " + std::to_string(model.config().dim) +
           ")  = " + std::to_string(model.embeddings().size()) + " parameters\nhead:";
}

}  // namespace movienet
