#include "movienet/rec/pooled/pooled_arch.h"

#include "movienet/base/error.h"
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

private:
    const PooledModel& model_;
    PooledScorer scorer_;
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
