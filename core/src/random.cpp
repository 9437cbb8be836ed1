#include <cmath>

#include "movienet/layer.h"

namespace movienet {

double portable_uniform(std::mt19937_64& rng) {
    return static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

double portable_normal(std::mt19937_64& rng) {
    // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
    const double u1 = 1.0 - portable_uniform(rng);
    const double u2 = portable_uniform(rng);
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

}  // namespace movienet
