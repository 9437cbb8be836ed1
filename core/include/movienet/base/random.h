// Seeded randomness that gives the same numbers with every standard library:
// std::*_distribution differ between implementations, so the core draws from
// mt19937_64 through these helpers only.
#pragma once

#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include "movienet/base/types.h"

namespace movienet {

// A uniform double in [0, 1) from the top 53 bits.
double portable_uniform(std::mt19937_64& rng);
// A standard normal sample (Box-Muller).
double portable_normal(std::mt19937_64& rng);
// A uniform integer in [0, bound), bound > 0, by rejection (unbiased).
uint64_t uniform_below(std::mt19937_64& rng, uint64_t bound);
// SplitMix64's finaliser: decorrelates seeds derived from one seed.
uint64_t mix_seed(uint64_t x);

// Fisher-Yates over the whole vector.
template <typename T>
void shuffle(std::vector<T>& v, std::mt19937_64& rng) {
    for (size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[static_cast<size_t>(uniform_below(rng, i))]);
}

// 0..n-1 in a seeded random order.
std::vector<Index> shuffled_indices(Index n, std::mt19937_64& rng);

}  // namespace movienet
