// Central-difference gradient checks for float32 code (after mlpack's
// CheckGradient, adapted to single precision).
//
// The layers compute in float, so the numeric side cannot simply be done in
// double. Three things keep it accurate enough to catch real mistakes:
//  * the scalar objective is accumulated in double from the float outputs, so
//    summation adds no error beyond the float forward pass itself;
//  * the step is divided by the difference of the *representable* perturbed
//    values (x+h and x-h rounded to float), not by 2h;
//  * the step is large for float (1e-2 by default): truncation error is
//    O(h^2 f''') ~ 1e-4 relative for the smooth functions tested, while the
//    rounding error of the forward pass, ~eps_f |f| / h ~ 1e-5, stays below it.
// With float's eps = 1.2e-7, a relative tolerance of 1e-3 on the whole gradient
// (||g - g_num|| / ||g + g_num||) sits well above both errors and far below what
// a wrong formula produces (a missing factor or transposition gives O(1)).
#pragma once

#include <cmath>
#include <random>
#include <vector>

#include "movienet/base/types.h"

namespace movienet::testing {

// Fills m with values uniform in [-scale, scale] from a fixed-seed generator.
inline void fill_uniform(Matrix& m, std::mt19937_64& rng, double scale = 1.0) {
    std::uniform_real_distribution<double> dist(-scale, scale);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<Scalar>(dist(rng));
}

// Like fill_uniform but keeps every value at least `gap` away from zero, so
// that a central difference never straddles a kink (ReLU at 0).
inline void fill_away_from_zero(Matrix& m, std::mt19937_64& rng, double scale, double gap) {
    std::uniform_real_distribution<double> dist(gap, scale);
    std::bernoulli_distribution sign(0.5);
    for (Index i = 0; i < m.size(); ++i) m.data()[i] = static_cast<Scalar>(sign(rng) ? dist(rng) : -dist(rng));
}

// sum(weights .* m) in double: a scalar objective whose gradient w.r.t. m is
// `weights`, used to probe a layer's Jacobian in a random direction.
inline double weighted_sum(const Matrix& m, const Matrix& weights) {
    return (m.cast<double>().array() * weights.cast<double>().array()).sum();
}

// Numeric gradient of objective() w.r.t. values[0..n), perturbing each value
// in place (and restoring it).
template <class Objective>
std::vector<double> numeric_gradient(Scalar* values, Index n, Objective objective, double step = 1e-2) {
    std::vector<double> gradient(static_cast<size_t>(n));
    for (Index i = 0; i < n; ++i) {
        const Scalar original = values[i];
        const Scalar plus = static_cast<Scalar>(original + step);
        const Scalar minus = static_cast<Scalar>(original - step);
        values[i] = plus;
        const double f_plus = objective();
        values[i] = minus;
        const double f_minus = objective();
        values[i] = original;
        gradient[static_cast<size_t>(i)] = (f_plus - f_minus) / (double(plus) - double(minus));
    }
    return gradient;
}

inline std::vector<double> to_vector(const Scalar* values, Index n) {
    return std::vector<double>(values, values + n);
}

// ||a - b|| / ||a + b||: scale-free, 0 when equal, ~1 or more when unrelated.
inline double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
    double diff = 0, sum = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        diff += (a[i] - b[i]) * (a[i] - b[i]);
        sum += (a[i] + b[i]) * (a[i] + b[i]);
    }
    return sum == 0 ? std::sqrt(diff) : std::sqrt(diff / sum);
}

// Largest |a_i - b_i| relative to the largest |b_i|: catches a single wrong
// entry that the norm ratio would dilute in a large gradient.
inline double max_entry_error(const std::vector<double>& a, const std::vector<double>& b) {
    double worst = 0, scale = 1e-12;
    for (size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, std::abs(a[i] - b[i]));
        scale = std::max(scale, std::abs(b[i]));
    }
    return worst / scale;
}

constexpr double float_gradient_tolerance = 1e-3;

}  // namespace movienet::testing
