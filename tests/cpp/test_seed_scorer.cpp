// SeedScorer against SeedModel::score (the definition): the same features
// through the packed SIMD network instead of Eigen, for cold and warm viewers
// and counts on both sides of the 256-row chunk.
#include <doctest/doctest.h>

#include <random>
#include <vector>

#include "movienet/data/catalogue.h"
#include "movienet/rec/seed/seed_model.h"
#include "movienet/rec/seed/seed_scorer.h"
#include "synthetic_ratings.h"

using namespace movienet;

TEST_CASE("SeedScorer computes SeedModel::score") {
    const Dataset data = testing::make_synthetic_dataset(60, 300, 0.2, 4);
    const Catalogue catalogue = make_catalogue(data, data.ratings);
    SeedFeatureEncoder encoder;
    encoder.fit(catalogue, data.ratings);
    SeedModel model{encoder, Network(seed_architecture(encoder.size()))};
    model.network.init(11);
    // init() leaves small output weights; make every weight matter.
    std::mt19937 rng(5);
    std::normal_distribution<float> w(0.0f, 0.3f);
    for (Index k = 0; k < model.network.param_count(); ++k) model.network.params()[k] = w(rng);
    SeedScorer fast(model);

    const int n = catalogue.size();
    const std::vector<std::vector<HistoryEntry>> histories = {{}, {{1, 4.5f}, {7, 2.0f}, {42, 5.0f}, {299, 0.5f}}};
    for (const auto& entries : histories) {
        const ResolvedHistory history = resolve_history(catalogue, entries);
        std::vector<int> all(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = (i * 7) % n;  // a permutation
        for (int count : {1, 3, 4, 255, 256, 257, n}) {
            CAPTURE(count);
            std::vector<float> want(static_cast<size_t>(count)), got(static_cast<size_t>(count) + 1, 99.0f);
            model.score(history, all.data(), count, want.data());
            fast.score(history, all.data(), count, got.data());
            CHECK(got.back() == 99.0f);  // nothing written past the end
            for (int c = 0; c < count; ++c) {
                CAPTURE(c);
                CHECK(got[static_cast<size_t>(c)] == doctest::Approx(want[static_cast<size_t>(c)]).epsilon(1e-5).scale(1.0));
            }
        }
    }
}
