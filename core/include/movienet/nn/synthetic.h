// Generated regression data from a fixed random "teacher" network, for
// examples, tests and benchmarks that must not depend on external data.
#pragma once

#include <cstdint>

#include "movienet/base/types.h"

namespace movienet {

struct SyntheticData {
    Matrix x;  // features x rows, standard normal
    Matrix y;  // 1 x rows: teacher(x) + noise
};

// teacher: features -> 32 tanh -> 1, weights from `seed`; noise_stddev added to y.
SyntheticData make_teacher_data(Index rows, Index features, uint64_t seed, double noise_stddev = 0.05);

}  // namespace movienet
