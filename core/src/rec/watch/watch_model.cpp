#include "movienet/rec/watch/watch_model.h"

#include <cmath>
#include <limits>

#include "movienet/base/error.h"
#include "movienet/base/random.h"
#include "nn/simd_kernels.h"

namespace movienet {

Index WatchModel::param_count(int movies, const WatchConfig& config) {
    return Index(movies) * (1 + (config.tied ? 1 : 3) * Index(config.dim)) + config.recent;
}

WatchModel::WatchModel(int movies, const WatchConfig& config)
    : config_(config), n_movies_(movies) {
    if (config.dim <= 0 || config.recent < 0 || movies <= 0)
        throw Error(ErrorCode::BadInput, "watch model: dim > 0, recent >= 0 and a non-empty catalogue are needed");
    params_ = Vector::Zero(param_count(movies, config));
}

void WatchModel::init(uint64_t seed) {
    std::mt19937_64 rng(seed);
    const double scale = 0.1 / std::sqrt(double(config_.dim));
    params_.head(n_movies_).setZero();
    for (Index k = n_movies_; k < alpha_offset(); ++k) params_[k] = static_cast<Scalar>(scale * portable_normal(rng));
    // Start with the most recent movie weighing most.
    for (int k = 0; k < config_.recent; ++k) params_[alpha_offset() + k] = static_cast<Scalar>(1.0 / (k + 1));
}

Vector WatchModel::encode(const int* items, int count) const {
    const Index d = config_.dim;
    Vector u = Vector::Zero(d);
    if (count <= 0) return u;  // cold start: popularity (c) alone
    for (int j = 0; j < count; ++j) u += ConstVectorMap(params_.data() + e_offset(items[j]), d);
    u /= std::sqrt(static_cast<Scalar>(count));
    const int recent = std::min(count, config_.recent);
    for (int k = 0; k < recent; ++k)
        u += params_[alpha_offset() + k] * ConstVectorMap(params_.data() + r_offset(items[count - 1 - k]), d);
    return u;
}

void WatchModel::logits(const Vector& u, const int* movies, int count, float* out) const {
    const int d = config_.dim;
    for (int c = 0; c < count; ++c) {
        const int i = movies[c];
        out[c] = params_[i] + simd::dot(u.data(), params_.data() + o_offset(i), d);
    }
}

std::vector<float> WatchModel::log_probabilities(const std::vector<int>& history) const {
    const Vector u = encode(history.data(), static_cast<int>(history.size()));
    std::vector<float> out(static_cast<size_t>(n_movies_));
    const int d = config_.dim;
    for (int i = 0; i < n_movies_; ++i) out[size_t(i)] = params_[i] + simd::dot(u.data(), params_.data() + o_offset(i), d);
    constexpr float minus_inf = -std::numeric_limits<float>::infinity();
    for (int i : history) out[static_cast<size_t>(i)] = minus_inf;
    float top = minus_inf;
    for (float v : out) top = std::max(top, v);
    if (top == minus_inf) return out;  // the history holds the whole catalogue
    // Float exp/log: the double versions would add ~10 KB of libm to the wasm.
    double sum = 0;
    for (float v : out) sum += std::exp(v - top);
    const float log_z = top + std::log(static_cast<float>(sum));
    for (float& v : out) v -= log_z;
    return out;
}

}  // namespace movienet
