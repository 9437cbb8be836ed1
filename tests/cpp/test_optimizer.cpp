// Optimisers against values computed by hand (and checked with a few lines of
// Python, the textbook formulas in double) for the first steps.
#include <doctest/doctest.h>

#include <cmath>

#include "movienet/nn/optimizer.h"

using namespace movienet;

namespace {

Vector vec(std::initializer_list<float> values) {
    Vector v(static_cast<Index>(values.size()));
    Index i = 0;
    for (float value : values) v[i++] = value;
    return v;
}

// Adam exactly as written in Kingma & Ba with PyTorch's epsilon placement
// (outside the square root of the bias-corrected second moment) and
// PyTorch's AdamW decoupled weight decay, in double: the reference that the
// folded float implementation must match.
struct ReferenceAdam {
    double lr, beta1 = 0.9, beta2 = 0.999, eps, weight_decay;
    double m = 0, v = 0;
    int t = 0;
    double step(double p, double g) {
        ++t;
        p *= 1 - lr * weight_decay;
        m = beta1 * m + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g * g;
        const double m_hat = m / (1 - std::pow(beta1, t)), v_hat = v / (1 - std::pow(beta2, t));
        return p - lr * m_hat / (std::sqrt(v_hat) + eps);
    }
};

}  // namespace

TEST_CASE("sgd without momentum: p <- p - lr g") {
    Sgd sgd(0.1);
    Vector p = vec({1, -2}), g = vec({0.5f, -1});
    sgd.step(p, g);
    CHECK(p[0] == doctest::Approx(0.95));
    CHECK(p[1] == doctest::Approx(-1.9));
    sgd.step(p, g);
    CHECK(p[0] == doctest::Approx(0.9));
    CHECK(p[1] == doctest::Approx(-1.8));
    CHECK(sgd.steps() == 2);
}

TEST_CASE("sgd with momentum: v <- mu v + g, p <- p - lr v (PyTorch's convention)") {
    Sgd sgd(0.1, 0.9);
    Vector p = vec({1, 0}), g = vec({1, -1});
    // v = 1, 1.9, 2.71  ->  p = 0.9, 0.71, 0.439 (and the negatives for the second entry)
    const double expected[] = {0.9, 0.71, 0.439};
    for (double e : expected) {
        sgd.step(p, g);
        CHECK(p[0] == doctest::Approx(e).epsilon(1e-6));
        CHECK(p[1] == doctest::Approx(1 - e).epsilon(1e-6));
    }
}

TEST_CASE("adam with bias correction, three steps") {
    AdamConfig config;
    config.learning_rate = 0.1;
    Adam adam(config);
    CHECK(config.epsilon == 1e-7);  // Keras' default, which the benchmark passes to PyTorch too
    Vector p = vec({1, -1}), g(2);
    // By hand, step 1: m_hat = g, v_hat = g^2, so p moves by lr * sign(g) (up to eps).
    // Steps 2 and 3 with g = -1 then 0.5 (second entry mirrored):
    //   m = 0.08, v = 0.004996 -> m_hat = 0.4210526, v_hat = 2.4992496 -> p = 0.8733663
    //   m = 0.122, v = 0.0052410 -> p = 0.8393234
    const float grads[] = {2, -1, 0.5f};
    const double expected[] = {0.900000005, 0.873366303, 0.839323390};
    ReferenceAdam reference{0.1, 0.9, 0.999, 1e-7, 0.0};
    double p_ref = 1;
    for (int t = 0; t < 3; ++t) {
        g << grads[t], -grads[t];
        adam.step(p, g);
        p_ref = reference.step(p_ref, grads[t]);
        CHECK(p[0] == doctest::Approx(expected[t]).epsilon(1e-6));
        CHECK(p[1] == doctest::Approx(-expected[t]).epsilon(1e-6));
        CHECK(p[0] == doctest::Approx(p_ref).epsilon(1e-6));
    }
    CHECK(adam.steps() == 3);
    CHECK(adam.first_moment()[0] == doctest::Approx(0.122).epsilon(1e-5));
    CHECK(adam.second_moment()[0] == doctest::Approx(0.0052410).epsilon(1e-4));
}

TEST_CASE("adam with decoupled weight decay (AdamW)") {
    AdamConfig config;
    config.learning_rate = 0.1;
    config.weight_decay = 0.01;
    Adam adam(config);
    Vector p = vec({1}), g(1);
    // Step 1: p = 1 * (1 - 0.1 * 0.01) - 0.1 = 0.899; then 0.8714673, 0.8365529.
    const float grads[] = {2, -1, 0.5f};
    const double expected[] = {0.899000005, 0.871467303, 0.836552923};
    for (int t = 0; t < 3; ++t) {
        g << grads[t];
        adam.step(p, g);
        CHECK(p[0] == doctest::Approx(expected[t]).epsilon(1e-6));
    }
    SUBCASE("a zero gradient still decays the weights") {
        Adam fresh(config);
        Vector q = vec({2}), zero = vec({0});
        fresh.step(q, zero);
        CHECK(q[0] == doctest::Approx(2 * (1 - 0.1 * 0.01)).epsilon(1e-7));
    }
}

TEST_CASE("adam's epsilon sits outside the bias-corrected square root, as in PyTorch") {
    // With a gradient smaller than eps the placement decides the step:
    // PyTorch: lr * g / (|g| + eps) = 0.1 * 1e-8 / 1.1e-7 = 0.0090909.
    // Keras' placement (eps added to the uncorrected sqrt(v)) would move it by ~3e-4 instead.
    AdamConfig config;
    config.learning_rate = 0.1;
    Adam adam(config);
    Vector p = vec({0}), g = vec({1e-8f});
    adam.step(p, g);
    CHECK(p[0] == doctest::Approx(-0.009090909).epsilon(1e-4));
}

TEST_CASE("optimizers update every entry independently as one vector expression") {
    AdamConfig config;
    config.learning_rate = 0.01;
    Adam adam(config);
    Vector p = vec({1, 2, 3, 4}), g = vec({0, 1, -3, 0.001f});
    adam.step(p, g);
    CHECK(p[0] == 1);  // a zero gradient leaves the entry alone (no weight decay)
    CHECK(p[1] == doctest::Approx(1.99));
    CHECK(p[2] == doctest::Approx(3.01));
    CHECK(p[3] == doctest::Approx(3.99).epsilon(1e-5));
}
