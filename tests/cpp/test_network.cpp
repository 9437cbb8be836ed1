// Network: architecture parsing and validation, the flat parameter buffer,
// initialisation, and an end-to-end gradient check through every layer kind.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "error_check.h"
#include "gradcheck.h"
#include "movienet/nn/dense.h"
#include "movienet/nn/loss.h"
#include "movienet/nn/network.h"

using namespace movienet;
using namespace movienet::testing;

TEST_CASE("the seed architecture parses from its compact spec and prints back") {
    const Architecture arch = parse_architecture_spec(100, "64relu,64relu,1");
    CHECK(arch.input == 100);
    REQUIRE(arch.layers.size() == 5);
    CHECK(arch.layers[0].type == "dense");
    CHECK(arch.layers[0].units == 64);
    CHECK(arch.layers[1].type == "relu");
    CHECK(arch.layers[4].type == "dense");
    CHECK(arch.layers[4].units == 1);
    CHECK(arch.output_size() == 1);
    CHECK(arch.spec() == "64relu,64relu,1");
    CHECK(parse_architecture_spec(3, "8tanh,2sigmoid").spec() == "8tanh,2sigmoid");
}

TEST_CASE("bad architecture specs are rejected naming the item") {
    CHECK_MOVIENET_ERROR(parse_architecture_spec(10, "relu"), ErrorCode::BadInput, "item \"relu\"");
    CHECK_MOVIENET_ERROR(parse_architecture_spec(10, "64softmax"), ErrorCode::BadInput, "unknown activation \"softmax\"");
    CHECK_MOVIENET_ERROR(parse_architecture_spec(10, "0"), ErrorCode::BadInput, "architecture.layers[0].units");
    CHECK_MOVIENET_ERROR(parse_architecture_spec(10, "123456789"), ErrorCode::BadInput, "item \"123456789\"");
    CHECK_MOVIENET_ERROR(parse_architecture_spec(10, ""), ErrorCode::BadInput, "no layers");
    CHECK_MOVIENET_ERROR(parse_architecture_spec(0, "1"), ErrorCode::BadInput, "architecture.input");
}

TEST_CASE("validate_architecture reports with the caller's error code") {
    Architecture arch;
    arch.input = 4;
    arch.layers = {{"dense", 3}, {"gelu", 0}};
    CHECK_MOVIENET_ERROR(validate_architecture(arch, ErrorCode::ModelFormat), ErrorCode::ModelFormat,
                         "architecture.layers[1].type: unknown layer type \"gelu\"");
    arch.layers = {{"relu", 0}};
    CHECK_MOVIENET_ERROR(validate_architecture(arch, ErrorCode::BadInput), ErrorCode::BadInput, "no dense layer");
    // 2^20 x 2^20 weights would be 4 TiB: refused before anything is allocated.
    arch.input = 1 << 20;
    arch.layers = {{"dense", 1 << 20}};
    CHECK_MOVIENET_ERROR(validate_architecture(arch, ErrorCode::ModelFormat), ErrorCode::ModelFormat,
                         "network too large");
}

TEST_CASE("the network owns one flat buffer that its layers view in order") {
    Network net(parse_architecture_spec(100, "64relu,64relu,1"));
    // (100*64 + 64) + (64*64 + 64) + (64*1 + 1)
    CHECK(net.param_count() == 10689);
    CHECK(net.grads().size() == 10689);
    REQUIRE(net.layers().size() == 5);
    const auto& first = dynamic_cast<const Dense&>(*net.layers()[0]);
    const auto& second = dynamic_cast<const Dense&>(*net.layers()[2]);
    const auto& last = dynamic_cast<const Dense&>(*net.layers()[4]);
    CHECK(first.weights().data() == net.params().data());
    CHECK(second.weights().data() == net.params().data() + 6464);
    CHECK(last.bias().data() == net.params().data() + 10688);
}

TEST_CASE("init is seeded: He before ReLU, LeCun elsewhere, biases zero") {
    Network a(parse_architecture_spec(100, "64relu,64relu,1")), b(a.architecture()), c(a.architecture());
    a.init(7);
    b.init(7);
    c.init(8);
    CHECK(a.params() == b.params());
    CHECK(a.params() != c.params());
    const auto& first = dynamic_cast<const Dense&>(*a.layers()[0]);
    const auto& last = dynamic_cast<const Dense&>(*a.layers()[4]);
    auto stddev = [](const ConstMatrixMap& w) {
        const auto d = w.cast<double>();
        return std::sqrt((d.array() - d.mean()).square().mean());
    };
    CHECK(stddev(first.weights()) == doctest::Approx(std::sqrt(2.0 / 100)).epsilon(0.03));
    // 64 samples only: the standard error of the sample stddev is ~9%, so 30% tolerance.
    CHECK(stddev(last.weights()) == doctest::Approx(std::sqrt(1.0 / 64)).epsilon(0.3));
    CHECK(first.bias().cwiseAbs().maxCoeff() == 0);
}

TEST_CASE("backward through every layer kind matches central differences of the loss") {
    Network net(parse_architecture_spec(5, "6tanh,4relu,3sigmoid,2"));
    net.init(3);
    std::mt19937_64 rng(5);
    // Non-zero biases, so the check also sees them used.
    for (Index i = 0; i < net.param_count(); ++i) net.params()[i] += static_cast<Scalar>(0.1 * std::sin(double(i)));
    Matrix x(5, 4), target(2, 4);
    fill_uniform(x, rng, 2.0);
    fill_uniform(target, rng, 1.0);
    MseLoss loss;

    std::vector<Matrix> activations, scratch;
    net.forward(x, activations);
    REQUIRE(activations.size() == net.layers().size() + 1);
    // ReLU's kink: the check is only meaningful if no pre-activation sits within the step of 0.
    REQUIRE(activations[3].cwiseAbs().minCoeff() > 0.02);
    Matrix output_grad, input_grad;
    loss.gradient(activations.back(), target, output_grad);
    net.backward(activations, output_grad, scratch, &input_grad);

    auto objective = [&] { return loss.value(net.predict(x), target); };
    SUBCASE("parameters") {
        const Vector analytic = net.grads();
        const auto numeric = numeric_gradient(net.params().data(), net.param_count(), objective);
        CHECK(relative_error(to_vector(analytic.data(), analytic.size()), numeric) < float_gradient_tolerance);
        CHECK(max_entry_error(to_vector(analytic.data(), analytic.size()), numeric) < 5 * float_gradient_tolerance);
    }
    SUBCASE("input") {
        const auto numeric = numeric_gradient(x.data(), x.size(), objective);
        CHECK(relative_error(to_vector(input_grad.data(), input_grad.size()), numeric) < float_gradient_tolerance);
    }
}

TEST_CASE("predict equals the forward pass and checks the input size") {
    Network net(parse_architecture_spec(3, "4relu,2"));
    net.init(1);
    Matrix x = Matrix::Random(3, 5);
    std::vector<Matrix> activations;
    net.forward(x, activations);
    CHECK(net.predict(x) == activations.back());
    CHECK_MOVIENET_ERROR(net.predict(Matrix::Zero(4, 2)), ErrorCode::BadInput,
                         "input has 4 features, the network expects 3");
}

TEST_CASE("copies own their buffers, moves keep the layers bound") {
    Network original(parse_architecture_spec(3, "4tanh,1"));
    original.init(2);
    const Matrix x = Matrix::Random(3, 6);
    const Matrix before = original.predict(x);

    Network copy(original);
    CHECK(copy.params() == original.params());
    CHECK(copy.predict(x) == before);
    copy.params().setZero();  // must not reach the original through a shared view
    CHECK(original.predict(x) == before);
    CHECK(copy.predict(x).cwiseAbs().maxCoeff() == 0);

    Network assigned(parse_architecture_spec(7, "1"));
    assigned = original;
    CHECK(assigned.input_size() == 3);
    CHECK(assigned.predict(x) == before);

    Network moved(std::move(original));
    CHECK(moved.predict(x) == before);
}
