// Activation layers: values against <cmath>, backward against central differences.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <random>

#include "error_check.h"
#include "gradcheck.h"
#include "movienet/nn/activations.h"
#include "movienet/base/error.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

double reference(Activation a, double x) {
    switch (a) {
        case Activation::Identity: return x;
        case Activation::Relu: return x > 0 ? x : 0;
        case Activation::Sigmoid: return 1 / (1 + std::exp(-x));
        case Activation::Tanh: return std::tanh(x);
    }
    return x;
}

}  // namespace

TEST_CASE("activation forward matches the definitions") {
    for (Activation a : {Activation::Identity, Activation::Relu, Activation::Sigmoid, Activation::Tanh}) {
        CAPTURE(activation_name(a));
        ActivationLayer layer(a, 3);
        Matrix x(3, 4);
        x << -5, -1, -0.25f, 0, 0.25f, 1, 5, 30, -30, 2, -2, 0.5f;
        Matrix y;
        layer.forward(x, y);
        REQUIRE(y.rows() == 3);
        REQUIRE(y.cols() == 4);
        for (Index i = 0; i < x.size(); ++i)
            CHECK(y.data()[i] == doctest::Approx(reference(a, x.data()[i])).epsilon(1e-6));
    }
}

TEST_CASE("sigmoid is stable and exact at the extremes") {
    CHECK(stable_sigmoid(0) == 0.5f);
    CHECK(stable_sigmoid(100) == 1.0f);
    CHECK(stable_sigmoid(-100) > 0.0f);  // exp(-100) ~ 3.7e-44 is a float subnormal, not 0
    CHECK(stable_sigmoid(-100) == doctest::Approx(std::exp(-100.0)).epsilon(1e-2));
    CHECK(stable_sigmoid(-1000) == 0.0f);
    CHECK(std::isfinite(stable_sigmoid(std::numeric_limits<float>::max())));
    CHECK(std::isfinite(stable_sigmoid(-std::numeric_limits<float>::max())));
}

TEST_CASE("activation backward matches central differences") {
    for (Activation a : {Activation::Identity, Activation::Relu, Activation::Sigmoid, Activation::Tanh}) {
        CAPTURE(activation_name(a));
        ActivationLayer layer(a, 6);
        std::mt19937_64 rng(static_cast<uint64_t>(a) + 1);
        Matrix x(6, 5), probe(6, 5);
        // Inputs at least 0.05 from 0 so the 1e-2 step never crosses ReLU's kink;
        // up to +-3 so sigmoid and tanh are probed in their curved regions too.
        fill_away_from_zero(x, rng, 3.0, 0.05);
        fill_uniform(probe, rng);
        Matrix y, dx;
        layer.forward(x, y);
        layer.backward(x, y, probe, dx);
        REQUIRE(dx.rows() == 6);
        REQUIRE(dx.cols() == 5);
        const auto numeric = numeric_gradient(x.data(), x.size(), [&] {
            Matrix out;
            layer.forward(x, out);
            return weighted_sum(out, probe);
        });
        const auto analytic = to_vector(dx.data(), dx.size());
        CHECK(relative_error(analytic, numeric) < float_gradient_tolerance);
        CHECK(max_entry_error(analytic, numeric) < float_gradient_tolerance);
    }
}

TEST_CASE("relu passes the gradient only where the input is positive") {
    ActivationLayer relu(Activation::Relu, 4);
    Matrix x(4, 1), y, dx, dy = Matrix::Constant(4, 1, 3);
    x << -2, 0, 1e-30f, 5;
    relu.forward(x, y);
    relu.backward(x, y, dy, dx);
    CHECK(dx(0) == 0);
    CHECK(dx(1) == 0);  // the subgradient at 0 is 0, as in PyTorch
    CHECK(dx(2) == 3);
    CHECK(dx(3) == 3);
}

TEST_CASE("activation names parse, round-trip and reject unknown names") {
    for (Activation a : {Activation::Identity, Activation::Relu, Activation::Sigmoid, Activation::Tanh})
        CHECK(parse_activation(activation_name(a)) == a);
    CHECK(parse_activation("linear") == Activation::Identity);
    CHECK_THROWS_WITH_AS(parse_activation("softmax"),
                         doctest::Contains("unknown activation \"softmax\""), Error);
    CHECK_MOVIENET_ERROR(parse_activation("gelu"), ErrorCode::BadInput, "expected identity, relu, sigmoid or tanh");
}
