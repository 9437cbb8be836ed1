#include "movienet/rec/seed/seed_arch.h"

#include "movienet/base/error.h"
#include "movienet/nn/network_file.h"
#include "movienet/rec/seed/seed_features_tensors.h"
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

std::unique_ptr<ArchModel> read_seed(const Safetensors& file, const Catalogue&, float) {
    auto encoder = seed_features_from_tensors(file, "seed.features.");
    Network network = network_from_tensors(file, "seed.network.");
    if (network.input_size() != encoder.size() || network.output_size() != 1)
        file.fail("seed.network: expects " + std::to_string(network.input_size()) + " inputs and 1 output but the features have " +
                  std::to_string(encoder.size()));
    return std::make_unique<SeedArch>(std::move(encoder), std::move(network));
}

}  // namespace

const ArchFormat seed_arch_format = {"seed", read_seed};

std::unique_ptr<ArchScorer> SeedArch::make_scorer() const { return std::make_unique<SeedArchScorer>(model); }

void SeedArch::write_tensors(SafetensorsWriter& out, Dtype dtype) const {
    seed_features_to_tensors(model.encoder, "seed.features.", out);
    network_to_tensors(model.network, "seed.network.", dtype, out);
}

std::string SeedArch::summary() const { return "features: " + std::to_string(model.encoder.size()); }

}  // namespace movienet
