#include "movienet/rec/seed/seed_arch.h"

#include "movienet/base/error.h"
#include "movienet/io/json_fields.h"
#include "movienet/io/network_file.h"
#include "movienet/rec/seed/seed_features_json.h"
#include "movienet/rec/seed/seed_scorer.h"

namespace movienet {

namespace {

class SeedArchScorer : public ArchScorer {
public:
    explicit SeedArchScorer(const SeedModel& model) : scorer_(model) {}
    void score(const ResolvedHistory& history, const int* movies, int count, float* out) override {
        scorer_.score(history, movies, count, out);
    }

private:
    SeedScorer scorer_;
};

std::unique_ptr<ArchModel> read_seed(const JsonNode& s, const Catalogue&, float) {
    auto encoder = seed_features_from_json(require_object(s, "features", "seed"), "seed.features");
    Network network = network_from_json(require_object(s, "network", "seed"), "seed.network");
    if (network.input_size() != encoder.size() || network.output_size() != 1)
        throw Error(ErrorCode::ModelFormat, "seed.network: expects " + std::to_string(network.input_size()) +
                                                " inputs but the features have " + std::to_string(encoder.size()));
    return std::make_unique<SeedArch>(std::move(encoder), std::move(network));
}

}  // namespace

const ArchFormat seed_arch_format = {"seed", read_seed};

std::unique_ptr<ArchScorer> SeedArch::make_scorer() const { return std::make_unique<SeedArchScorer>(model); }

Json SeedArch::to_json(Dtype dtype) const {
    return {{"features", seed_features_to_json(model.encoder)}, {"network", network_to_json(model.network, dtype)}};
}

std::string SeedArch::summary() const { return "features: " + std::to_string(model.encoder.size()); }

}  // namespace movienet
