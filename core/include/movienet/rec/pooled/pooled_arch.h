// The history-pooled model as an architecture (architecture.h): its model
// file section and its scoring paths.
//   "pooled": {"dim": 32, "hidden": 64, "user_bias_shrinkage": 5,
//              "embeddings": {"dtype", "shape": [n], "data"}, "head": {<network>}}
#pragma once

#include "movienet/rec/architecture.h"
#include "movienet/rec/pooled/pooled_model.h"

namespace movienet {

class PooledArch : public ArchModel {
public:
    // Built in place: a PooledModel is large and the wasm need not carry its move.
    PooledArch(const Catalogue& catalogue, const PooledConfig& config, float global_mean)
        : model(catalogue, config, global_mean) {}

    const char* name() const override { return "pooled"; }
    const char* description() const override { return "default (history-pooled MLP)"; }
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const override;
    std::unique_ptr<ArchScorer> make_scorer() const override;
    float viewer_bias_shrinkage() const override { return model.config().user_bias_shrinkage; }
    Index param_count() const override;
    Vector params() const override;
    void set_params(const Vector& params) override;
    void write_tensors(SafetensorsWriter& out, Dtype dtype) const override;
    std::string summary() const override;
    const Network& network() const override { return model.head(); }

    PooledModel model;
};

extern const ArchFormat pooled_arch_format;

}  // namespace movienet
