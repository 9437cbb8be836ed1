#include "movienet/base/random.h"

#include <cmath>
#include <numeric>

namespace movienet {

double portable_uniform(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

double portable_normal(std::mt19937_64& rng) {
    // 1 - u keeps the logarithm's argument in (0, 1].
    const double u1 = 1.0 - portable_uniform(rng);
    const double u2 = portable_uniform(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

uint64_t uniform_below(std::mt19937_64& rng, uint64_t bound) {
    const uint64_t limit = UINT64_MAX - UINT64_MAX % bound;  // a multiple of bound
    uint64_t r;
    do {
        r = rng();
    } while (r >= limit);
    return r % bound;
}

uint64_t mix_seed(uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

std::vector<Index> shuffled_indices(Index n, std::mt19937_64& rng) {
    std::vector<Index> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), Index(0));
    shuffle(order, rng);
    return order;
}

}  // namespace movienet
