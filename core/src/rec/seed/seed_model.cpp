#include "movienet/rec/seed/seed_model.h"

#include <limits>

namespace movienet {

Architecture seed_architecture(Index features) { return parse_architecture_spec(features, "64relu,64relu,1"); }

void SeedModel::score(const ResolvedHistory& history, const int* movies, int count, float* out) const {
    const auto profile = encoder.profile(history);
    Matrix x(encoder.size(), count);
    for (int c = 0; c < count; ++c)
        encoder.encode(profile, movies[c], std::numeric_limits<float>::quiet_NaN(), x.col(c).data());
    const Matrix y = network.predict(x);
    for (int c = 0; c < count; ++c) out[c] = y(0, c);
}

}  // namespace movienet
