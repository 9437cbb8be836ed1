// The network file (v2, safetensors): exact round trips in PyTorch layout;
// malformed files are in test_safetensors.cpp.
#include <doctest/doctest.h>
#include <sys/resource.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>

#include "error_check.h"
#include "movienet/io/file_io.h"
#include "movienet/nn/network_file.h"
#include "temp_dir.h"

using namespace movienet;
using namespace movienet::testing;

namespace {

Network seed_network() {
    Network net(parse_architecture_spec(100, "64relu,64relu,1"));
    net.init(17);
    // Non-zero biases so a bias mix-up cannot pass unnoticed.
    for (Index i = 0; i < net.param_count(); i += 7) net.params()[i] += 0.01f;
    return net;
}

Network small_network() {
    Network net(parse_architecture_spec(3, "4tanh,2"));
    net.init(5);
    return net;
}

Matrix sample_inputs(Index features, Index rows) {
    Matrix x(features, rows);
    for (Index i = 0; i < x.size(); ++i) x.data()[i] = static_cast<Scalar>(std::sin(0.37 * double(i)) * 2);
    return x;
}


}  // namespace

TEST_CASE("save then load gives bit-identical predictions in float32") {
    const Network net = seed_network();
    const Json metadata = {{"dataset", "synthetic"}, {"epochs", 10}, {"rmse", 0.25}};
    const NetworkFile loaded = load_network_string(save_network_string(net, metadata));
    CHECK(loaded.network.architecture().spec() == "64relu,64relu,1");
    CHECK(loaded.network.input_size() == 100);
    CHECK(loaded.network.params() == net.params());
    const Matrix x = sample_inputs(100, 50);
    CHECK(loaded.network.predict(x) == net.predict(x));
    CHECK(Json::parse(loaded.metadata_json) == metadata);
}

TEST_CASE("a network saved without metadata loads back with empty metadata") {
    // Json() is null, the default-constructed value callers naturally pass.
    const Network net = small_network();
    const NetworkFile loaded = load_network_string(save_network_string(net, Json()));
    CHECK(loaded.metadata_json == "{}");
    CHECK(loaded.network.params() == net.params());
}

TEST_CASE("float16 storage keeps every weight within half precision") {
    const Network net = seed_network();
    const std::string text16 = save_network_string(net, Json::object(), Dtype::Float16);
    const std::string text32 = save_network_string(net, Json::object(), Dtype::Float32);
    CHECK(text16.size() < text32.size() * 6 / 10);  // about half the weight bytes
    const NetworkFile loaded = load_network_string(text16);
    const Safetensors file = parse_safetensors(text16, "net");
    CHECK(file.require("0.weight").dtype == TensorDtype::F16);
    CHECK(file.require("0.weight").shape == std::vector<int64_t>{64, 100});  // PyTorch's [out, in]
    for (Index i = 0; i < net.param_count(); ++i) {
        const double w = net.params()[i], w16 = loaded.network.params()[i];
        // Round to nearest with an 11-bit significand: relative error <= 2^-11, and
        // below 2^-14 (subnormal halves) an absolute error <= 2^-25.
        CHECK(std::abs(w16 - w) <= std::max(std::abs(w) * std::ldexp(1.0, -11), std::ldexp(1.0, -25)));
    }
    // The predictions move by about ||dW|| ||x|| through three layers: well under 1%.
    const Matrix x = sample_inputs(100, 50);
    const Matrix exact = net.predict(x), approx = loaded.network.predict(x);
    const double scale = exact.cwiseAbs().maxCoeff();
    CHECK((approx - exact).cwiseAbs().maxCoeff() < 1e-2 * scale);
}

TEST_CASE("save_network_file writes atomically and load_network_file reads it back") {
    TempDir dir;
    const std::string path = dir.file("model.json");
    const Network net = small_network();
    save_network_file(path, net, {{"run", 1}});
    Network other = small_network();
    other.params() *= 2;
    save_network_file(path, other, {{"run", 2}});  // replaces the first
    const NetworkFile loaded = load_network_file(path);
    CHECK(loaded.network.params() == other.params());
    CHECK(Json::parse(loaded.metadata_json)["run"] == 2);
    CHECK(dir.entries() == std::vector<std::string>{"model.json"});  // no temporary left behind

    SUBCASE("a missing file is an Io error naming the path") {
        CHECK_MOVIENET_ERROR(load_network_file(dir.file("absent.json")), ErrorCode::Io, "absent.json");
    }
    SUBCASE("saving into a directory that does not exist fails naming the path") {
        CHECK_MOVIENET_ERROR(save_network_file(dir.file("no/such/dir/model.json"), net, Json::object()), ErrorCode::Io,
                             "no/such/dir/model.json");
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
    SUBCASE("a save that cannot replace the target leaves it intact and cleans up") {
        // rename() over a non-empty directory fails (even for root), after the temporary was written.
        const std::string blocked = dir.file("blocked");
        std::filesystem::create_directory(blocked);
        std::ofstream(blocked + "/keep.txt") << "precious";
        CHECK_MOVIENET_ERROR(save_network_file(blocked, net, Json::object()), ErrorCode::Io, "blocked: cannot replace");
        CHECK(read_file(blocked + "/keep.txt") == "precious");
        CHECK(dir.entries() == std::vector<std::string>{"blocked", "model.json"});
    }
    SUBCASE("a save that fails while serialising leaves the previous file intact") {
        const std::string before = read_file(path);
        const Json bad_metadata = {{"columns", std::string("caf\xe9")}};  // Latin-1, not UTF-8
        bool threw = false;
        try {
            save_network_file(path, net, bad_metadata);
        } catch (const Error&) {
            threw = true;  // acceptable: a named movienet error
        } catch (const std::exception& e) {
            const std::string what = e.what();
            FAIL_CHECK("a non-movienet exception escaped the save: " << what);
            threw = true;
        }
        if (threw) CHECK(read_file(path) == before);
        else CHECK(load_network_file(path).network.params() == net.params());
        CHECK(dir.entries() == std::vector<std::string>{"model.json"});
    }
}

TEST_CASE("dense weights are stored row-major [out, in] as PyTorch lays them out") {
    const Network net = small_network();
    const Safetensors file = parse_safetensors(save_network_string(net, Json::object()), "net");
    const std::vector<float> w = file.floats("0.weight", {4, 3});
    for (Index o = 0; o < 4; ++o)
        for (Index i = 0; i < 3; ++i) CHECK(w[std::size_t(o * 3 + i)] == net.params()[i * 4 + o]);
    CHECK(file.require_metadata("layers") == "dense,tanh,dense");
    CHECK(file.require("2.bias").shape == std::vector<int64_t>{2});
}
