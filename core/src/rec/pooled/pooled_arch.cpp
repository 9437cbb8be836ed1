#include "movienet/rec/pooled/pooled_arch.h"

#include <cmath>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/nn/network_file.h"
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

// Tensors: pooled.bias [movies], pooled.q/.x/.y [movies, dim] (the movie
// tables, in the file's table dtype), pooled.user_bias_shrinkage [], and the
// head network under "pooled.head.". dim and hidden come from the shapes.
std::unique_ptr<ArchModel> read_pooled(const Safetensors& file, const Catalogue& catalogue, float global_mean) {
    const int64_t movies = catalogue.size();
    const TensorInfo& q = file.require("pooled.q", {TensorDtype::F32, TensorDtype::F16, TensorDtype::I8}, {movies, -1});
    if (q.shape[1] < 1 || q.shape[1] > 4096) file.fail("pooled.q: dim " + std::to_string(q.shape[1]) + " is outside [1, 4096]");
    PooledConfig config;
    config.dim = static_cast<int>(q.shape[1]);
    config.user_bias_shrinkage = file.floats("pooled.user_bias_shrinkage", {})[0];
    // <= 0 divides by zero for some history sizes; the trainer writes 5.
    if (!(config.user_bias_shrinkage > 0 && config.user_bias_shrinkage <= 1e6))
        file.fail("pooled.user_bias_shrinkage: must be a number in (0, 1e6]");
    Network head = network_from_tensors(file, "pooled.head.");
    const Architecture& head_arch = head.architecture();
    if (head_arch.layers.empty() || head_arch.layers[0].type != "dense" || head_arch.layers[0].units > 65536)
        file.fail("pooled.head.0.weight: the head must start with a dense layer");
    config.hidden = static_cast<int>(head_arch.layers[0].units);
    // Allocated only now that the tensors are known to hold what the shapes declare.
    auto arch = std::make_unique<PooledArch>(catalogue, config, global_mean);
    PooledModel& model = arch->model;
    const Architecture& expected = model.head().architecture();
    bool same = head_arch.input == expected.input && head_arch.layers.size() == expected.layers.size();
    for (std::size_t i = 0; same && i < expected.layers.size(); ++i)
        same = head_arch.layers[i].type == expected.layers[i].type && head_arch.layers[i].units == expected.layers[i].units;
    if (!same)
        file.fail("pooled.head: architecture does not match dim " + std::to_string(config.dim) + ", hidden " +
                  std::to_string(config.hidden) + " and the genre count");
    model.head() = std::move(head);
    Vector& e = model.embeddings();
    const std::vector<float> bias = file.floats("pooled.bias", {movies});
    std::copy(bias.begin(), bias.end(), e.data());
    const char* tables[] = {"pooled.q", "pooled.x", "pooled.y"};
    for (int t = 0; t < 3; ++t) {
        const std::vector<float> values = file.table(tables[t], movies, config.dim);
        std::copy(values.begin(), values.end(), e.data() + movies + t * movies * config.dim);
    }
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

void PooledArch::write_tensors(SafetensorsWriter& out, Dtype dtype) const {
    const Vector& e = model.embeddings();
    const int64_t movies = model.movies(), dim = model.config().dim;
    const Dtype small = dtype == Dtype::Float32 ? Dtype::Float32 : Dtype::Float16;
    out.add_floats("pooled.bias", {movies}, e.data(), small);
    const char* tables[] = {"pooled.q", "pooled.x", "pooled.y"};
    for (int t = 0; t < 3; ++t) out.add_floats(tables[t], {movies, dim}, e.data() + movies + t * movies * dim, dtype);
    const float shrinkage = model.config().user_bias_shrinkage;
    out.add_f32("pooled.user_bias_shrinkage", {}, &shrinkage);
    network_to_tensors(model.head(), "pooled.head.", small, out);
}

std::string PooledArch::summary() const {
    return "movie vectors: " + std::to_string(model.movies()) + " x (1 bias + 3 x " + std::to_string(model.config().dim) +
           ")  = " + std::to_string(model.embeddings().size()) + " parameters\nhead:";
}

}  // namespace movienet
