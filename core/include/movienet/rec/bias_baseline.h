// The classic bias baseline r = mu + b_u + b_i, fitted by alternating
// regularised averages (Koren 2010, as in Surprise's BaselineOnly with ALS).
// It is the benchmark floor, and it supplies the residuals from which item
// similarities are computed.
#pragma once

#include <unordered_map>
#include <vector>

#include "movienet/data/dataset.h"

namespace movienet {

struct BiasBaseline {
    float global_mean = 0;
    std::unordered_map<int32_t, float> user_bias, movie_bias;

    float predict(int32_t user, int32_t movie) const;
};

BiasBaseline fit_bias_baseline(const std::vector<Rating>& ratings, int iterations = 10, float user_reg = 15,
                               float movie_reg = 10);

}  // namespace movienet
