// The reference architecture (--arch seed): hand-crafted features of the
// viewer's history and the movie -> Dense 64 ReLU -> Dense 64 ReLU -> Dense 1.
#pragma once

#include "movienet/nn/network.h"
#include "movienet/rec/seed/seed_features.h"

namespace movienet {

struct SeedModel {
    SeedFeatureEncoder encoder;
    Network network;

    void score(const ResolvedHistory& history, const int* movies, int count, float* out) const;
};

Architecture seed_architecture(Index features);

}  // namespace movienet
