// Dense: forward against the definition, backward against central differences.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "gradcheck.h"
#include "movienet/nn/dense.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

// A Dense layer with its own parameter and gradient buffers (a Network would own them).
struct BoundDense {
    Dense layer;
    Vector params, grads;
    BoundDense(Index n_in, Index n_out, uint64_t seed) : layer(n_in, n_out) {
        params = Vector::Zero(layer.param_count());
        grads = Vector::Zero(layer.param_count());
        layer.bind(params.data(), grads.data());
        std::mt19937_64 rng(seed);
        std::uniform_real_distribution<double> dist(-1, 1);
        for (Index i = 0; i < params.size(); ++i) params[i] = static_cast<Scalar>(dist(rng));
    }
};

}  // namespace

TEST_CASE("dense forward computes W x + b for every column") {
    BoundDense d(5, 3, 1);
    std::mt19937_64 rng(2);
    Matrix x(5, 4);
    fill_uniform(x, rng);
    Matrix y;
    d.layer.forward(x, y);
    REQUIRE(y.rows() == 3);
    REQUIRE(y.cols() == 4);
    for (Index col = 0; col < 4; ++col)
        for (Index unit = 0; unit < 3; ++unit) {
            double expected = d.layer.bias()[unit];
            for (Index k = 0; k < 5; ++k) expected += double(d.layer.weights()(unit, k)) * x(k, col);
            CHECK(y(unit, col) == doctest::Approx(expected).epsilon(1e-5));
        }
}

TEST_CASE("dense parameters are laid out as W (units x inputs, column-major) then b") {
    BoundDense d(3, 2, 1);
    CHECK(d.layer.param_count() == 3 * 2 + 2);
    CHECK(&d.layer.weights()(1, 2) == d.params.data() + 2 * 2 + 1);
    CHECK(&d.layer.bias()[0] == d.params.data() + 6);
}

TEST_CASE("dense backward matches central differences") {
    // Odd sizes so no dimension hides a transposition.
    const Index n_in = 7, n_out = 5, batch = 3;
    BoundDense d(n_in, n_out, 3);
    std::mt19937_64 rng(4);
    Matrix x(n_in, batch), probe(n_out, batch);
    fill_uniform(x, rng);
    fill_uniform(probe, rng);  // dL/dy for L = sum(probe .* y)

    Matrix y, dx;
    d.layer.forward(x, y);
    d.layer.backward(x, y, probe, dx);
    REQUIRE(dx.rows() == n_in);
    REQUIRE(dx.cols() == batch);

    auto objective = [&] {
        Matrix out;
        d.layer.forward(x, out);
        return weighted_sum(out, probe);
    };

    SUBCASE("gradient with respect to the input") {
        const auto numeric = numeric_gradient(x.data(), x.size(), objective);
        const auto analytic = to_vector(dx.data(), dx.size());
        CHECK(relative_error(analytic, numeric) < float_gradient_tolerance);
        CHECK(max_entry_error(analytic, numeric) < float_gradient_tolerance);
    }
    SUBCASE("gradient with respect to weights and bias") {
        const auto numeric = numeric_gradient(d.params.data(), d.params.size(), objective);
        const auto analytic = to_vector(d.grads.data(), d.grads.size());
        CHECK(relative_error(analytic, numeric) < float_gradient_tolerance);
        CHECK(max_entry_error(analytic, numeric) < float_gradient_tolerance);
        // The bias gradient is exactly the row sums of dL/dy.
        for (Index unit = 0; unit < n_out; ++unit)
            CHECK(d.grads[n_out * n_in + unit] == doctest::Approx(probe.row(unit).sum()).epsilon(1e-5));
    }
}

TEST_CASE("dense backward overwrites the parameter gradient instead of accumulating") {
    BoundDense d(4, 2, 5);
    std::mt19937_64 rng(6);
    Matrix x(4, 3), dy(2, 3), y, dx;
    fill_uniform(x, rng);
    fill_uniform(dy, rng);
    d.layer.forward(x, y);
    d.layer.backward(x, y, dy, dx);
    const Vector first = d.grads;
    d.layer.backward(x, y, dy, dx);
    CHECK(d.grads == first);
}

TEST_CASE("dense init uses a fan-in scaled normal and zero bias, reproducibly") {
    const Index n_in = 100, n_out = 64;
    Dense layer(n_in, n_out);
    Vector params = Vector::Constant(layer.param_count(), 7), grads = Vector::Zero(layer.param_count());
    layer.bind(params.data(), grads.data());
    std::mt19937_64 rng(11);
    layer.init_params(rng, 2.0);  // He
    CHECK(layer.bias().cwiseAbs().maxCoeff() == 0);
    const auto w = layer.weights().cast<double>();
    const double mean = w.mean();
    const double stddev = std::sqrt((w.array() - mean).square().mean());
    // 6400 samples: the sample stddev is within ~1% of sqrt(2 / fan_in) (3 sigma ~ 2.7%).
    CHECK(stddev == doctest::Approx(std::sqrt(2.0 / n_in)).epsilon(0.03));
    CHECK(std::abs(mean) < 0.01);

    Vector again = Vector::Zero(layer.param_count());
    layer.bind(again.data(), grads.data());
    std::mt19937_64 same(11);
    layer.init_params(same, 2.0);
    CHECK(again == params);
}
