// Losses: values against the definitions, gradients against central differences,
// and binary cross-entropy's stability at extreme logits.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "error_check.h"
#include "gradcheck.h"
#include "movienet/nn/loss.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("mse is the mean of squared errors over all entries") {
    MseLoss loss;
    Matrix prediction(2, 2), target(2, 2);
    prediction << 1, 2, 3, 4;
    target << 1, 0, 0, 8;
    // (0 + 4 + 9 + 16) / 4
    CHECK(loss.value(prediction, target) == doctest::Approx(29.0 / 4).epsilon(1e-12));
    Matrix grad;
    loss.gradient(prediction, target, grad);
    REQUIRE(grad.rows() == 2);
    REQUIRE(grad.cols() == 2);
    // d/dp mean((p - t)^2) = 2 (p - t) / 4
    CHECK(grad(0, 0) == 0);
    CHECK(grad(0, 1) == doctest::Approx(1.0));
    CHECK(grad(1, 0) == doctest::Approx(1.5));
    CHECK(grad(1, 1) == doctest::Approx(-2.0));
}

TEST_CASE("binary cross-entropy on logits matches -t log s(z) - (1-t) log(1-s(z))") {
    BceWithLogitsLoss loss;
    Matrix logits(1, 4), target(1, 4);
    logits << -2, 0, 0.5f, 3;
    target << 0, 1, 0.25f, 1;
    double expected = 0;
    for (Index i = 0; i < 4; ++i) {
        const double s = 1 / (1 + std::exp(-double(logits(i)))), t = target(i);
        expected += -t * std::log(s) - (1 - t) * std::log(1 - s);
    }
    CHECK(loss.value(logits, target) == doctest::Approx(expected / 4).epsilon(1e-6));
    Matrix grad;
    loss.gradient(logits, target, grad);
    for (Index i = 0; i < 4; ++i) {
        const double s = 1 / (1 + std::exp(-double(logits(i))));
        CHECK(grad(i) == doctest::Approx((s - target(i)) / 4).epsilon(1e-5));
    }
}

TEST_CASE("loss gradients match central differences") {
    std::mt19937_64 rng(21);
    Matrix prediction(3, 7), target(3, 7);
    fill_uniform(prediction, rng, 4.0);
    const auto check_gradient = [&](const Loss& loss) {
        Matrix grad;
        loss.gradient(prediction, target, grad);
        const auto numeric = numeric_gradient(prediction.data(), prediction.size(),
                                              [&] { return loss.value(prediction, target); });
        CHECK(relative_error(to_vector(grad.data(), grad.size()), numeric) < float_gradient_tolerance);
        CHECK(max_entry_error(to_vector(grad.data(), grad.size()), numeric) < float_gradient_tolerance);
    };
    SUBCASE("mse") {
        fill_uniform(target, rng, 4.0);
        check_gradient(MseLoss());
    }
    SUBCASE("binary cross-entropy with soft and hard targets") {
        std::uniform_real_distribution<double> unit(0, 1);
        for (Index i = 0; i < target.size(); ++i) target.data()[i] = i % 3 == 0 ? Scalar(i % 2) : Scalar(unit(rng));
        check_gradient(BceWithLogitsLoss());
    }
}

TEST_CASE("binary cross-entropy is finite and exact for logits of +-100") {
    BceWithLogitsLoss loss;
    Matrix logits(1, 4), target(1, 4), grad;
    logits << 100, -100, 100, -100;
    SUBCASE("confident and right: loss ~ exp(-100), gradient ~ 0") {
        target << 1, 0, 1, 0;
        const double value = loss.value(logits, target);
        CHECK(std::isfinite(value));
        // scale(0): a purely relative comparison (doctest's default adds an absolute 1e-6).
        CHECK(value == doctest::Approx(std::log1p(std::exp(-100.0))).epsilon(1e-6).scale(0));
        loss.gradient(logits, target, grad);
        CHECK(grad.allFinite());
        CHECK(grad.cwiseAbs().maxCoeff() < 1e-40);
    }
    SUBCASE("confident and wrong: loss = |z|, gradient = sign(z) / n") {
        target << 0, 1, 0, 1;  // naive log(1 - sigmoid(100)) would be log(0) = -inf
        CHECK(loss.value(logits, target) == doctest::Approx(100.0).epsilon(1e-9));
        loss.gradient(logits, target, grad);
        CHECK(grad(0) == doctest::Approx(0.25));
        CHECK(grad(1) == doctest::Approx(-0.25));
    }
}

TEST_CASE("make_loss knows mse and bce and names the alternatives otherwise") {
    CHECK(make_loss("mse")->name() == "mse");
    CHECK(make_loss("bce")->name() == "bce");
    CHECK_MOVIENET_ERROR(make_loss("hinge"), ErrorCode::BadInput, "unknown loss \"hinge\" (expected mse or bce)");
}
