#include "movienet/nn/synthetic.h"

#include <random>

#include "movienet/nn/layer.h"

namespace movienet {

SyntheticData make_teacher_data(Index rows, Index features, uint64_t seed, double noise_stddev) {
    std::mt19937_64 rng(seed);
    constexpr Index hidden = 32;
    Matrix w1(hidden, features), w2(1, hidden);
    for (Index i = 0; i < w1.size(); ++i) w1.data()[i] = static_cast<Scalar>(portable_normal(rng) / std::sqrt(double(features)));
    for (Index i = 0; i < w2.size(); ++i) w2.data()[i] = static_cast<Scalar>(portable_normal(rng) / std::sqrt(double(hidden)));
    SyntheticData data;
    data.x.resize(features, rows);
    for (Index i = 0; i < data.x.size(); ++i) data.x.data()[i] = static_cast<Scalar>(portable_normal(rng));
    data.y = w2 * (w1 * data.x).array().tanh().matrix();
    for (Index i = 0; i < rows; ++i) data.y(0, i) += static_cast<Scalar>(noise_stddev * portable_normal(rng));
    return data;
}

}  // namespace movienet
