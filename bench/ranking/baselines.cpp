#include "baselines.h"

#include <random>

#include "movienet/base/random.h"

namespace movienet::bench {

Ranker random_ranker() {
    return {"random", [](const RankingData& data) {
                const uint64_t seed = data.seed;
                FittedRanker fitted;
                fitted.scorer = [seed](const LeaveOneOutCase& c, std::vector<float>& scores) {
                    std::mt19937_64 rng(mix_seed(seed ^ mix_seed(static_cast<uint64_t>(static_cast<uint32_t>(c.user)))));
                    for (float& s : scores) s = static_cast<float>(portable_uniform(rng));
                };
                return fitted;
            }};
}

Ranker popular_ranker() {
    return {"most popular", [](const RankingData& data) {
                std::vector<float> counts(static_cast<size_t>(data.catalogue.size()), 0.0f);
                for (const auto& r : data.training) {
                    const int m = data.catalogue.find(r.movie);
                    if (m >= 0) counts[static_cast<size_t>(m)] += 1;
                }
                FittedRanker fitted;
                fitted.scorer = [counts = std::move(counts)](const LeaveOneOutCase&, std::vector<float>& scores) {
                    scores = counts;
                };
                return fitted;
            }};
}

}  // namespace movienet::bench
