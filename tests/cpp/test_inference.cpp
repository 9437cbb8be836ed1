// InferenceNet against a naive double-precision reference, XNNPACK style:
// every row count from 1 to 2 tiles + 1, odd input/output sizes that hit
// every panel/tail shape, special values, and bad construction arguments.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "movienet/base/error.h"
#include "movienet/nn/inference.h"
#include "movienet/nn/network.h"

using movienet::Activation;
using movienet::InferenceLayer;
using movienet::InferenceNet;

namespace {

double ref_activation(Activation a, double v) {
    switch (a) {
        case Activation::Identity: return v;
        case Activation::Relu: return (v > 0.0 || std::isnan(v)) ? v : 0.0;
        case Activation::Sigmoid: return 1.0 / (1.0 + std::exp(-v));
        case Activation::Tanh: return std::tanh(v);
    }
    return v;
}

// Straight from the definition: W is units x in, column-major, then b.
std::vector<double> reference(int n_in, const std::vector<InferenceLayer>& layers,
                              const std::vector<float>& params, const std::vector<float>& x,
                              int rows) {
    std::vector<double> out;
    for (int r = 0; r < rows; ++r) {
        std::vector<double> a(x.begin() + static_cast<std::ptrdiff_t>(r) * n_in,
                              x.begin() + static_cast<std::ptrdiff_t>(r + 1) * n_in);
        std::size_t off = 0;
        int in = n_in;
        for (const InferenceLayer& l : layers) {
            std::vector<double> y(static_cast<std::size_t>(l.units));
            const std::size_t b = off + static_cast<std::size_t>(l.units) * in;
            for (int u = 0; u < l.units; ++u) {
                double s = params[b + u];
                for (int k = 0; k < in; ++k)
                    s += static_cast<double>(params[off + u + static_cast<std::size_t>(k) * l.units]) *
                         a[static_cast<std::size_t>(k)];
                y[static_cast<std::size_t>(u)] = ref_activation(l.activation, s);
            }
            off = b + static_cast<std::size_t>(l.units);
            in = l.units;
            a = y;
        }
        out.insert(out.end(), a.begin(), a.end());
    }
    return out;
}

std::vector<float> random_params(int n_in, const std::vector<InferenceLayer>& layers,
                                 std::mt19937& rng) {
    std::vector<float> p;
    int in = n_in;
    for (const InferenceLayer& l : layers) {
        // Glorot-like scale keeps activations O(1) whatever the width.
        std::uniform_real_distribution<float> w(-1.5f / std::sqrt(float(in)), 1.5f / std::sqrt(float(in)));
        for (int i = 0; i < l.units * in; ++i) p.push_back(w(rng));
        std::uniform_real_distribution<float> b(-0.5f, 0.5f);
        for (int i = 0; i < l.units; ++i) p.push_back(b(rng));
        in = l.units;
    }
    return p;
}

void check_close(const std::vector<float>& got, const std::vector<double>& want) {
    REQUIRE(got.size() == want.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO("element " << i << ": got " << got[i] << ", want " << want[i]);
        if (std::isnan(want[i])) {
            CHECK(std::isnan(got[i]));
        } else if (std::isinf(want[i])) {
            CHECK(got[i] == static_cast<float>(want[i]));
        } else {
            CHECK(std::fabs(got[i] - want[i]) <= 2e-5 * (1.0 + std::fabs(want[i])));
        }
    }
}

}  // namespace

TEST_CASE("InferenceNet matches the reference for every row count and layer shape") {
    std::mt19937 rng(1234);
    const Activation acts[] = {Activation::Relu, Activation::Identity,
                                        Activation::Tanh, Activation::Sigmoid};
    // Units chosen to hit: dot path (1..3), a lone 4-panel, 8-panels with
    // 4- and 8-wide tails, and wide layers.
    const int unit_sizes[] = {1, 2, 3, 4, 5, 7, 8, 9, 12, 13, 17, 64};
    const int input_sizes[] = {1, 3, 4, 7, 8, 9, 100};
    const int max_rows = 2 * InferenceNet::kRowTile + 1;
    int case_no = 0;
    for (int n_in : input_sizes) {
        for (int units : unit_sizes) {
            const Activation act = acts[case_no++ % 4];
            const int out_units = 1 + case_no % 5;  // 1..5: dot and panel outputs
            const std::vector<InferenceLayer> layers = {
                {units, act}, {units + 2, Activation::Relu}, {out_units, act}};
            const std::vector<float> params = random_params(n_in, layers, rng);
            InferenceNet net(n_in, layers, params.data(), params.size());
            CHECK(net.input_size() == n_in);
            CHECK(net.output_size() == out_units);
            std::uniform_real_distribution<float> xd(-2.0f, 2.0f);
            std::vector<float> x(static_cast<std::size_t>(max_rows) * n_in);
            for (float& v : x) v = xd(rng);
            const std::vector<double> want_all = reference(n_in, layers, params, x, max_rows);
            for (int rows = 1; rows <= max_rows; ++rows) {
                CAPTURE(n_in);
                CAPTURE(units);
                CAPTURE(rows);
                // Guard values after the output catch writes past its end.
                std::vector<float> out(static_cast<std::size_t>(rows) * out_units + 4, 1234.5f);
                net.forward(x.data(), rows, out.data());
                for (int g = 0; g < 4; ++g) CHECK(out[out.size() - 1 - g] == 1234.5f);
                out.resize(out.size() - 4);
                const std::vector<double> want(want_all.begin(),
                                               want_all.begin() + static_cast<std::ptrdiff_t>(rows) * out_units);
                check_close(out, want);
            }
        }
    }
}

TEST_CASE("InferenceNet gives the same bits for a row alone and inside a batch") {
    std::mt19937 rng(7);
    const std::vector<InferenceLayer> layers = {{64, Activation::Relu},
                                                {64, Activation::Relu},
                                                {1, Activation::Identity}};
    const std::vector<float> params = random_params(100, layers, rng);
    InferenceNet net(100, layers, params.data(), params.size());
    const int rows = 1682;
    std::vector<float> x(static_cast<std::size_t>(rows) * 100);
    std::normal_distribution<float> xd(0.0f, 1.0f);
    for (float& v : x) v = xd(rng);
    std::vector<float> batch(rows), single(rows);
    net.forward(x.data(), rows, batch.data());
    for (int r = 0; r < rows; ++r) net.forward(x.data() + static_cast<std::ptrdiff_t>(r) * 100, 1, &single[r]);
    CHECK(std::memcmp(batch.data(), single.data(), sizeof(float) * rows) == 0);
    check_close(batch, reference(100, layers, params, x, rows));
}

TEST_CASE("InferenceNet propagates special values like the definition") {
    std::mt19937 rng(99);
    const float inf = std::numeric_limits<float>::infinity();
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const float denorm = std::numeric_limits<float>::denorm_min();
    for (Activation act : {Activation::Identity, Activation::Relu,
                                    Activation::Tanh, Activation::Sigmoid}) {
        const std::vector<InferenceLayer> layers = {{9, act}, {2, Activation::Identity}};
        const std::vector<float> params = random_params(5, layers, rng);
        InferenceNet net(5, layers, params.data(), params.size());
        const std::vector<float> x = {
            nan,  1.0f,   2.0f,  -1.0f, 0.5f,   // NaN
            inf,  0.0f,   0.0f,  0.0f,  0.0f,   // +inf
            -inf, 0.0f,   0.0f,  0.0f,  0.0f,   // -inf
            -0.0f, -0.0f, 0.0f,  -0.0f, 0.0f,   // signed zeros: the bias alone
            denorm, -denorm, denorm, 1e-30f, -1e-30f,
            1e30f, -1e30f, 0.0f, 0.0f, 0.0f,    // large but finite
        };
        const int rows = 6;
        std::vector<float> out(static_cast<std::size_t>(rows) * 2);
        net.forward(x.data(), rows, out.data());
        const std::vector<double> want = reference(5, layers, params, x, rows);
        // Rows 0..4: exact special-value semantics; row 5: float overflow is
        // order-dependent, so only require "not a finite wrong number".
        check_close(std::vector<float>(out.begin(), out.begin() + 10),
                    std::vector<double>(want.begin(), want.begin() + 10));
        CHECK(std::isnan(out[0]));
        CHECK(std::isnan(out[1]));
    }
}

TEST_CASE("InferenceNet: a ReLU clamps negatives to +0 and keeps NaN") {
    // in=1, one unit with weight 1 and bias 0, so the output is relu(x).
    const std::vector<InferenceLayer> layers = {{1, Activation::Relu}};
    const std::vector<float> params = {1.0f, 0.0f};
    InferenceNet net(1, layers, params.data(), params.size());
    const std::vector<float> x = {-3.0f, 2.5f, -0.0f, std::numeric_limits<float>::quiet_NaN()};
    std::vector<float> out(4);
    net.forward(x.data(), 4, out.data());
    CHECK(out[0] == 0.0f);
    CHECK(!std::signbit(out[0]));
    CHECK(out[1] == 2.5f);
    CHECK(out[2] == 0.0f);
    CHECK(std::isnan(out[3]));
}

TEST_CASE("InferenceNet: zero rows is a no-op") {
    const std::vector<InferenceLayer> layers = {{3, Activation::Relu}};
    const std::vector<float> params(InferenceNet::param_count(2, layers), 0.5f);
    InferenceNet net(2, layers, params.data(), params.size());
    float out = 42.0f;
    net.forward(nullptr, 0, &out);
    CHECK(out == 42.0f);
}

TEST_CASE("InferenceNet rejects bad architectures and parameter counts") {
    const std::vector<InferenceLayer> layers = {{4, Activation::Relu},
                                                {1, Activation::Identity}};
    CHECK(InferenceNet::param_count(3, layers) == 4 * 3 + 4 + 1 * 4 + 1);
    const std::vector<float> params(InferenceNet::param_count(3, layers), 0.1f);
    CHECK_THROWS_WITH_AS(InferenceNet(3, layers, params.data(), params.size() - 1),
                         "InferenceNet: expected 21 parameters for this architecture, got 20",
                         movienet::Error);
    CHECK_THROWS_WITH_AS(InferenceNet(0, layers, params.data(), params.size()),
                         "InferenceNet: input size must be positive, got 0", movienet::Error);
    CHECK_THROWS_WITH_AS(InferenceNet(3, {}, params.data(), params.size()), "InferenceNet: no layers",
                         movienet::Error);
    CHECK_THROWS_WITH_AS(InferenceNet(3, {{0, Activation::Relu}}, params.data(), params.size()),
                         "InferenceNet: layer 0 has 0 units, expected > 0", movienet::Error);
    try {
        InferenceNet(3, layers, params.data(), 5);
        FAIL("expected an exception");
    } catch (const movienet::Error& e) {
        CHECK(e.code() == movienet::ErrorCode::BadInput);
    }
    std::vector<float> out(1);
    InferenceNet net(3, layers, params.data(), params.size());
    CHECK_THROWS_AS(net.forward(params.data(), -1, out.data()), movienet::Error);
}

TEST_CASE("InferenceNet built from a Network computes what Network::predict computes") {
    for (const char* spec : {"64relu,64relu,1", "13tanh,5sigmoid,3", "9,2relu"}) {
        CAPTURE(spec);
        movienet::Network net(movienet::parse_architecture_spec(7, spec));
        net.init(42);
        InferenceNet fast(net);
        CHECK(fast.input_size() == 7);
        CHECK(fast.output_size() == net.output_size());
        const int rows = 37;
        movienet::Matrix x(7, rows);  // one sample per column = row-major rows x 7
        std::mt19937 rng(5);
        std::uniform_real_distribution<float> xd(-1.0f, 1.0f);
        for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = xd(rng);
        const movienet::Matrix want = net.predict(x);
        std::vector<float> got(static_cast<std::size_t>(rows) * fast.output_size());
        fast.forward(x.data(), rows, got.data());
        for (std::size_t i = 0; i < got.size(); ++i) {
            CAPTURE(i);
            CHECK(got[i] == doctest::Approx(want.data()[i]).epsilon(1e-5).scale(1.0));
        }
    }
}

TEST_CASE("InferenceNet refuses a network whose activation has no dense layer before it") {
    movienet::Architecture arch;
    arch.input = 4;
    arch.layers = {{"relu", 0}, {"dense", 2}};
    movienet::Network net(arch);
    CHECK_THROWS_WITH_AS(InferenceNet{net},
                         "InferenceNet: layer 0 (relu) does not follow a dense layer, so it cannot be fused",
                         movienet::Error);
}
