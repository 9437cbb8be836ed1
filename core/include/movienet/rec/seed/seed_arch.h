// The seed model as an architecture (architecture.h): its model file section
// and its scoring paths.
//   "seed": {"features": {<seed_features_json.h>}, "network": {<network>}}
#pragma once

#include "movienet/rec/architecture.h"
#include "movienet/rec/seed/seed_model.h"

namespace movienet {

class SeedArch : public ArchModel {
public:
    SeedArch(SeedFeatureEncoder encoder, Network network) : model{std::move(encoder), std::move(network)} {}

    const char* name() const override { return "seed"; }
    const char* description() const override { return "seed (hand-crafted features MLP)"; }
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const override {
        model.score(history, movies, count, out);
    }
    std::unique_ptr<ArchScorer> make_scorer() const override;
    float viewer_bias_shrinkage() const override { return static_cast<float>(SeedFeatureEncoder::kViewerShrinkage); }
    Index param_count() const override { return model.network.param_count(); }
    Vector params() const override { return model.network.params(); }
    void set_params(const Vector& params) override { model.network.params() = params; }
    void write_tensors(SafetensorsWriter& out, Dtype dtype) const override;
    std::string summary() const override;
    const Network& network() const override { return model.network; }

    SeedModel model;
};

extern const ArchFormat seed_arch_format;

}  // namespace movienet
