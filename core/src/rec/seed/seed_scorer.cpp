#include "movienet/rec/seed/seed_scorer.h"

#include <algorithm>
#include <limits>

namespace movienet {

namespace {
// Movies encoded per forward call: bounds the scratch buffer (256 x 4G+20 floats).
constexpr int chunk_rows = 256;
}  // namespace

SeedScorer::SeedScorer(const SeedModel& model) : model_(model), net_(model.network) {}

void SeedScorer::score(const ResolvedHistory& history, const int* movies, int count, float* out) {
    const SeedFeatureEncoder& encoder = model_.encoder;
    const auto width = static_cast<std::size_t>(encoder.size());
    const auto profile = encoder.profile(history);
    features_.resize(width * static_cast<std::size_t>(std::min(count, chunk_rows)));
    for (int first = 0; first < count; first += chunk_rows) {
        const int rows = std::min(chunk_rows, count - first);
        for (int r = 0; r < rows; ++r)
            encoder.encode(profile, movies[first + r], std::numeric_limits<float>::quiet_NaN(),
                           features_.data() + static_cast<std::size_t>(r) * width);
        net_.forward(features_.data(), rows, out + first);
    }
}

}  // namespace movienet
